/**
 * kubeadm's way of running the control plane: static pod manifests in
 * /etc/kubernetes/manifests on the control-plane node, watched by the
 * kubelet. Moving a manifest out of the folder stops that component (and its
 * mirror pod goes); putting it back starts it again. The learner's shell runs
 * on that node, so its filesystem carries the manifests and the kubelet
 * watches it.
 */
import { loadedYaml, loadYamlHolding, YamlNotLoadedError } from '../util/yaml-lib.js';
import type { Cluster } from '../cluster.js';
import { toYAML } from '../kubectl/printers/yaml.js';
import { staticPodManifest, STATIC_POD_COMPONENTS, type StaticPodComponent, type StaticPodHost } from '../kubelet/static-pods.js';
import type { MemoryFileSystem } from '../shell/vfs.js';
import type { PodNetworkOptions } from '../network/pod-cidr.js';
import type { KObject } from '../api/meta.js';

export const MANIFESTS_DIR = '/etc/kubernetes/manifests';
/** The kubelet sees the change at once (inotify); stopping or starting the pod takes a moment. */
export const STATIC_POD_REACTION_MS = 1_000;
/** A changed manifest: the old container killed, the new pod's sandbox and container started, its process up. */
export const STATIC_POD_RESTART_MS = 3_000;

/** A manifest file as kubeadm writes it (sigs.k8s.io/yaml: sorted keys, empty fields left out, `status: {}`; v1.35 no longer writes creationTimestamp: null). */
export function manifestFile(component: StaticPodComponent, node: StaticPodHost, network?: PodNetworkOptions): string {
  const m = staticPodManifest(component, node, network) as unknown as { metadata: Record<string, unknown> } & Record<string, unknown>;
  const metadata = { ...m.metadata };
  if (metadata.annotations && Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  return toYAML({ ...m, metadata, status: {} });
}

/** The component a manifest text describes (by metadata.name, as the kubelet reads it), if any. */
function componentOf(text: string): StaticPodComponent | undefined {
  const yaml = loadedYaml();
  if (!yaml) throw new YamlNotLoadedError();
  let doc: unknown;
  try { doc = yaml.parse(text); } catch { return undefined; }
  const name = (doc as { kind?: string; metadata?: { name?: string } } | null)?.metadata?.name;
  return (doc as { kind?: string } | null)?.kind === 'Pod' && STATIC_POD_COMPONENTS.includes(name as StaticPodComponent) ? name as StaticPodComponent : undefined;
}

/**
 * Which static pod components the folder's files describe. `known` remembers
 * the component of texts already read, so a change re-parses only the file
 * whose text changed (the kubelet, too, acts per changed file).
 */
export function componentsIn(fs: MemoryFileSystem, known = new Map<string, StaticPodComponent | undefined>(), texts?: Map<StaticPodComponent, string>): Set<StaticPodComponent> {
  const found = new Set<StaticPodComponent>();
  const seen = new Set<string>();
  for (const f of fs.readDir(MANIFESTS_DIR) ?? []) {
    if (f.startsWith('.')) continue;
    const text = fs.readFile(`${MANIFESTS_DIR}/${f}`) ?? '';
    seen.add(text);
    if (!known.has(text)) known.set(text, componentOf(text));
    const c = known.get(text);
    if (c && !found.has(c)) { found.add(c); texts?.set(c, text); }
  }
  for (const t of known.keys()) if (!seen.has(t)) known.delete(t);
  return found;
}

/** Puts the manifests into `fs` and has the control-plane kubelet follow the folder. */
export function attachStaticPodManifests(cluster: Cluster, fs: MemoryFileSystem): void {
  const cp = cluster.nodeConfigs.find((n) => n.role === 'control-plane');
  if (!cp) return;
  fs.mkdir(MANIFESTS_DIR, true);
  // The files kubeadm writes describe their own components: known without parsing them back at boot.
  const known = new Map<string, StaticPodComponent | undefined>();
  const kubeadmTexts = new Map<string, StaticPodComponent>();
  for (const c of STATIC_POD_COMPONENTS) {
    const text = manifestFile(c, cp, cluster.options.podNetwork);
    fs.writeFile(`${MANIFESTS_DIR}/${c}.yaml`, text);
    kubeadmTexts.set(text, c);
  }
  // kubeadm's own texts stay known (a file moved out and back in needs no parsing), whatever componentsIn forgot.
  const texts = new Map<StaticPodComponent, string>();
  const componentsNow = () => {
    for (const [text, c] of kubeadmTexts) known.set(text, c);
    texts.clear();
    return componentsIn(fs, known, texts);
  };
  let present = componentsNow();
  // The text each component's pod was last made from: another one is another pod (its UID is the config hash).
  const running = new Map(texts);
  const manifestOf = (c: StaticPodComponent, text: string): KObject =>
    (kubeadmTexts.get(text) === c ? staticPodManifest(c, cp, cluster.options.podNetwork) : loadedYaml()!.parse(text) as KObject);
  /** The kubelet runs the pod from `text` (a new pod if the text changed); etcd opens the data dir it names first (engine/etcd/data-dir.ts). */
  const start = (c: StaticPodComponent, text: string, reopen = running.get(c) !== text): void => {
    const m = manifestOf(c, text);
    const changed = running.get(c) !== text;
    running.set(c, text);
    const go = (ok = true) => {
      if (ok) cluster.component(c)?.start();
      for (const k of cluster.kubelets.values()) { if (changed) k.replaceStaticPod(c, m); k.restoreStaticPod(c); }
    };
    if (c !== 'etcd' || !reopen) { go(); return; }
    const release = cluster.clock.hold();
    // (Code that fails to load, offline before the page's prefetch: etcd starts on the data it had.)
    void import('../etcd/data-dir.js').then((d) => go(d.openDataDir(cluster, fs, m).ok), () => go()).finally(release);
  };
  const onChange = (path: string): void => {
    if (!path.startsWith(`${MANIFESTS_DIR}/`) && path !== MANIFESTS_DIR) return;
    let now: Set<StaticPodComponent>;
    try {
      now = componentsNow();
    } catch (e) {
      if (!(e instanceof YamlNotLoadedError)) throw e;
      // A text the lab did not write: read once the YAML library has loaded (the kubelet, too, reads the folder on its own time).
      void loadYamlHolding(cluster.clock).then(() => onChange(path));
      return;
    }
    for (const c of STATIC_POD_COMPONENTS) {
      const text = texts.get(c);
      if (present.has(c) === now.has(c) && (!text || text === running.get(c))) continue;
      cluster.clock.schedule(STATIC_POD_REACTION_MS, () => {
        if (texts.get(c) !== text) return;
        const comp = cluster.component(c);
        if (!text) {
          comp?.stop();
          for (const k of cluster.kubelets.values()) k.removeStaticPod(c);
        } else if (comp?.running() && running.get(c) !== text) {
          // An edited manifest: the kubelet kills the old pod and starts the new one, the process down meanwhile.
          comp.stop();
          const m = manifestOf(c, text);
          running.set(c, text);
          for (const k of cluster.kubelets.values()) k.replaceStaticPod(c, m);
          cluster.clock.schedule(STATIC_POD_RESTART_MS, () => { if (texts.get(c) === text) start(c, text, true); });
        } else {
          start(c, text);
        }
      });
    }
    present = now;
  };
  fs.onChange(onChange);
}
