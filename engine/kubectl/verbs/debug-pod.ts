/**
 * `kubectl debug POD`: the ephemeral container (debugByEphemeralContainer)
 * and the pod copy (debugByCopy, generatePodCopyWithDebugContainer), the
 * profiles' changes to them (profiles.go), then waitForContainer and
 * handleAttachPod — kubectl/pkg/cmd/debug, v1.35.2.
 */
import type { KObject } from '../../api/meta.js';
import { clone } from '../../api/meta.js';
import { notFound, type StatusError } from '../../api/errors.js';
import type { Invocation } from '../framework/command.js';
import { attachError, attachMainProcess, msgAttachFailed, printContainerLog, NO_TERMINAL, PROMPT_HINT, RECORDED_NOTICE, noTTYAllocated } from './attach.js';
import { nameSuffix } from './debug.js';
import { applyCustomProfile } from './debug-custom.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface KeepFlags { labels: boolean; annotations: boolean; liveness: boolean; readiness: boolean; startup: boolean; initContainers: boolean }

export interface DebugPodOptions {
  image: string;
  container: string;
  target: string;
  pullPolicy: string;
  env: { name: string; value: string }[];
  stdin: boolean;
  tty: boolean;
  args: string[];
  argsOnly: boolean;
  profile: string;
  /** --custom's partial container spec, merged in after the profile. */
  custom?: Any;
  quiet: boolean;
  attach: boolean;
  copyTo: string;
  replace: boolean;
  sameNode: boolean;
  setImages: Map<string, string>;
  /** Only when --share-processes was given: otherwise the copy keeps the original's setting. */
  shareProcesses?: boolean;
  keep: KeepFlags;
}

export const NEED_IMAGE_FOR_NEW_CONTAINER = 'you must specify image when creating new container';
export const msgDefaultingName = (name: string) => `Defaulting debug container name to ${name}.\n`;
export const msgEphemeralReattach = (pod: string, container: string) => `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${pod} -c ${container} -i -t' if it is still running\n`;
export const msgResume = (pod: string, container: string) => `Session ended, resume using 'kubectl attach ${pod} -c ${container} -i -t' command when the pod is running\n`;

type Style = 'ephemeral' | 'podCopy';

function allContainers(spec: Any): Any[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

/** computeDebugContainerName: --container, else debugger-xxxxx not yet taken in the pod (printed unless --quiet). */
export function computeDebugContainerName(inv: Invocation, pod: KObject, opts: DebugPodOptions): string {
  if (opts.container) return opts.container;
  const taken = new Set(allContainers(pod.spec as Any).map((c) => c.name));
  let cn = '';
  while (!cn || taken.has(cn)) cn = `debugger-${nameSuffix(inv)}`;
  if (!opts.quiet) inv.out(msgDefaultingName(cn));
  return cn;
}

function securityContextOf(c: Any): Any {
  return (c.securityContext ??= {});
}
function addCapability(c: Any, cap: string): void {
  const caps = (securityContextOf(c).capabilities ??= {});
  (caps.add ??= []).push(cap);
}

/** KeepFlags' removals for a pod copy. */
function removeForCopy(pod: Any, keep: KeepFlags): void {
  if (!keep.labels) delete pod.metadata.labels;
  if (!keep.annotations) delete pod.metadata.annotations;
  for (const c of pod.spec.containers ?? []) {
    if (!keep.liveness) delete c.livenessProbe;
    if (!keep.readiness) delete c.readinessProbe;
    if (!keep.startup) delete c.startupProbe;
  }
  if (!keep.initContainers) delete pod.spec.initContainers;
}

/**
 * The profile's Apply for an ephemeral container or a pod copy (profiles.go):
 * `container` is the debug container's object inside `pod`.
 */
export function applyProfile(profile: string, pod: Any, container: Any, style: Style, keep: KeepFlags): void {
  const copy = style === 'podCopy';
  const shareProcessNamespace = () => { if (pod.spec.shareProcessNamespace === undefined) pod.spec.shareProcessNamespace = true; };
  switch (profile) {
    case 'legacy':
      // The legacy profile drops a copy's labels whatever --keep-labels says, and nothing else.
      if (copy) delete pod.metadata.labels;
      return;
    case 'general':
      if (copy) { removeForCopy(pod, keep); addCapability(container, 'SYS_PTRACE'); shareProcessNamespace(); } else addCapability(container, 'SYS_PTRACE');
      return;
    case 'baseline':
      delete container.securityContext;
      if (copy) { removeForCopy(pod, keep); shareProcessNamespace(); }
      return;
    case 'restricted': {
      delete container.securityContext;
      const sc = securityContextOf(container);
      sc.runAsNonRoot = true;
      sc.capabilities = { drop: ['ALL'] };
      sc.allowPrivilegeEscalation = false;
      sc.seccompProfile = { type: 'RuntimeDefault' };
      if (copy) { removeForCopy(pod, keep); shareProcessNamespace(); }
      return;
    }
    case 'netadmin':
      addCapability(container, 'NET_ADMIN');
      addCapability(container, 'NET_RAW');
      if (copy) { removeForCopy(pod, keep); shareProcessNamespace(); }
      return;
    case 'sysadmin':
      securityContextOf(container).privileged = true;
      if (copy) { removeForCopy(pod, keep); shareProcessNamespace(); }
      return;
  }
}

/** generateDebugContainer: the EphemeralContainer as kubectl marshals it (Go field order, empty fields left out, resources always). */
export function generateEphemeralContainer(name: string, opts: DebugPodOptions, pod: KObject): Any {
  const ec: Any = { name };
  if (opts.image) ec.image = opts.image;
  if (opts.args.length) ec[opts.argsOnly ? 'args' : 'command'] = [...opts.args];
  if (opts.env.length) ec.env = opts.env.map((e) => ({ ...e }));
  ec.resources = {};
  ec.terminationMessagePolicy = 'File';
  if (opts.pullPolicy) ec.imagePullPolicy = opts.pullPolicy;
  if (opts.stdin) ec.stdin = true;
  if (opts.tty) ec.tty = true;
  if (opts.target) ec.targetContainerName = opts.target;
  const scratch: Any = { metadata: { ...pod.metadata }, spec: { ...(pod.spec as object) } };
  applyProfile(opts.profile, scratch, ec, 'ephemeral', opts.keep);
  return opts.custom ? applyCustomProfile(ec, opts.custom) : ec;
}

/**
 * CreateTwoWayMergePatch's element for a list entry whose merge key (name)
 * is already there (`--container` naming an ephemeral container that exists):
 * only what differs, removed fields as null.
 */
export function twoWayElement(old: Any, now: Any): Any {
  const out: Any = { name: now.name };
  for (const k of Object.keys(old)) if (now[k] === undefined) out[k] = null;
  for (const k of Object.keys(now)) if (JSON.stringify(now[k]) !== JSON.stringify(old[k])) out[k] = now[k];
  return out;
}

/** Adds the debug container through PATCH pods/NAME/ephemeralcontainers, then attaches if asked. */
export async function debugByEphemeralContainer(inv: Invocation, pod: KObject, opts: DebugPodOptions): Promise<void> {
  const name = computeDebugContainerName(inv, pod, opts);
  const ec = generateEphemeralContainer(name, opts, pod);
  const ns = pod.metadata.namespace!;
  const current: Any[] = (pod.spec as Any)?.ephemeralContainers ?? [];
  const existing = current.find((c: Any) => c.name === name);
  // CreateTwoWayMergePatch: a change to a list that had items comes with the order of the whole new list.
  const order = current.length ? { '$setElementOrder/ephemeralContainers': [...current.map((c: Any) => ({ name: c.name })), ...(existing ? [] : [{ name }])] } : {};
  const result = inv.client().patch('pods', ns, pod.metadata.name!, 'strategic', { spec: { ...order, ephemeralContainers: [existing ? twoWayElement(existing, ec) : ec] } }, { subresource: 'ephemeralcontainers' });
  if (opts.attach) await handleAttachPod(inv, ns, result.metadata.name!, name, opts);
}

/** generatePodCopyWithDebugContainer: the copy and the name of its debug container ('' for a --set-image-only copy). */
export function generatePodCopy(inv: Invocation, pod: KObject, opts: DebugPodOptions): { copy: Any; container: string } {
  const src = pod as Any;
  const copy: Any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: opts.copyTo, namespace: src.metadata.namespace }, spec: clone(src.spec ?? {}) };
  if (src.metadata.annotations) copy.metadata.annotations = { ...src.metadata.annotations };
  if (src.metadata.labels) copy.metadata.labels = { ...src.metadata.labels };
  // Ephemeral containers cannot be set on create.
  delete copy.spec.ephemeralContainers;
  if (opts.shareProcesses !== undefined) copy.spec.shareProcessNamespace = opts.shareProcesses;
  if (!opts.sameNode) delete copy.spec.nodeName;
  for (const c of copy.spec.containers ?? []) {
    const override = opts.setImages.get(c.name) ?? opts.setImages.get('*');
    if (override) c.image = override;
  }
  let name = opts.container;
  let c = allContainers(copy.spec).find((x) => x.name === name && name);
  if (!c) {
    if (!opts.image) {
      // A --set-image-only copy has no debug container.
      if (opts.setImages.size) return { copy, container: '' };
      throw new Error(NEED_IMAGE_FOR_NEW_CONTAINER);
    }
    if (!name) name = computeDebugContainerName(inv, copy as KObject, opts);
    // As Go marshals the new corev1.Container: resources is a struct, never left out.
    c = { name, resources: {}, terminationMessagePolicy: 'File' };
    (copy.spec.containers ??= []).push(c);
  }
  if (opts.args.length) {
    if (opts.argsOnly) c.args = [...opts.args];
    else { c.command = [...opts.args]; delete c.args; }
  }
  if (opts.env.length) c.env = opts.env.map((e) => ({ ...e }));
  if (opts.image) c.image = opts.image;
  if (opts.pullPolicy) c.imagePullPolicy = opts.pullPolicy;
  if (opts.stdin) c.stdin = true; else delete c.stdin;
  if (opts.tty) c.tty = true; else delete c.tty;
  applyProfile(opts.profile, copy, c, 'podCopy', opts.keep);
  if (opts.custom) {
    // applyCustomProfile looks among the regular containers only (an init container named by --container is not found).
    const i = (copy.spec.containers ?? []).findIndex((x: Any) => x.name === name);
    if (i < 0) throw new Error(`unable to find the ${name} container in the pod ${copy.metadata.name}`);
    copy.spec.containers[i] = applyCustomProfile(copy.spec.containers[i], opts.custom);
  }
  return { copy, container: name };
}

/** Creates the copy (deleting the original with --replace), then attaches if asked. */
export async function debugByCopy(inv: Invocation, pod: KObject, opts: DebugPodOptions): Promise<void> {
  const { copy, container } = generatePodCopy(inv, pod, opts);
  const ns = pod.metadata.namespace!;
  const created = inv.client().create('pods', ns, copy as KObject, {});
  if (opts.replace) inv.client().delete('pods', ns, pod.metadata.name!, { gracePeriodSeconds: 0 });
  if (opts.attach && container) await handleAttachPod(inv, ns, created.metadata.name!, container, opts);
}

function containerStatus(pod: Any, name: string): Any | undefined {
  for (const list of [pod?.status?.initContainerStatuses, pod?.status?.containerStatuses, pod?.status?.ephemeralContainerStatuses]) {
    for (const s of list ?? []) if (s.name === name) return s;
  }
  return undefined;
}

/**
 * waitForContainer: watches the pod until the container runs or has
 * terminated, printing the waiting message of every status it sees as a
 * warning; no timeout (kubectl passes 0), so only Ctrl-C ends the wait early.
 */
export async function waitForContainer(inv: Invocation, ns: string, podName: string, container: string, quiet: boolean): Promise<Any | undefined> {
  let result: Any | undefined;
  let failure: StatusError | undefined;
  // UntilWithSync: the current pod first, then every change the watch brings (no status is missed).
  const check = (type: string, p: Any) => {
    if (result || failure) return;
    // errors.NewNotFound(schema.GroupResource{Resource: "pods"}, ""): a StatusError without a name.
    if (type === 'DELETED') { failure = notFound('pods', '', ''); return; }
    const s = containerStatus(p, container);
    if (s?.state?.running || s?.state?.terminated) { result = p; return; }
    const msg = s?.state?.waiting?.message;
    if (!quiet && msg) inv.warn(`container ${container}: ${msg}`);
  };
  const w = inv.client().watch('pods', ns, { fieldSelector: `metadata.name=${podName}`, resourceVersion: '0' }, (e) => check(e.type, e.object as Any));
  try {
    while (!result && !failure && !inv.ctx.signal.aborted) await inv.ctx.sleep(250);
  } finally {
    w.stop();
  }
  if (failure) throw failure;
  return result;
}

/** handleAttachPod: wait, then attach (or show the logs of a container that already ended). */
export async function handleAttachPod(inv: Invocation, ns: string, podName: string, container: string, opts: DebugPodOptions): Promise<void> {
  const pod = await waitForContainer(inv, ns, podName, container, opts.quiet);
  if (!pod) return;
  const kubelet = pod.spec?.nodeName ? inv.ctx.cluster.kubelets.get(pod.spec.nodeName) : undefined;
  const status = containerStatus(pod, container);
  if (status?.state?.terminated) {
    printContainerLog(inv, kubelet, ns, podName, container);
    return;
  }
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).some((c: Any) => c.name === container);
  const spec = allContainers(pod.spec).find((c) => c.name === container) ?? {};
  let tty = opts.tty;
  if (tty && !spec.tty) {
    tty = false;
    if (!opts.quiet) inv.err(noTTYAllocated(container));
  } else if (!tty && spec.tty) tty = true;
  // SetupTTY: a TTY needs stdin and a terminal behind it.
  const raw = tty && opts.stdin && inv.ctx.terminal.isTTY;
  if (tty && opts.stdin && !inv.ctx.terminal.isTTY && !opts.quiet) inv.err(NO_TERMINAL);
  if (!opts.quiet) inv.err(RECORDED_NOTICE + PROMPT_HINT);
  const main = kubelet?.container(ns, podName, container)?.current;
  const failure = attachError(inv, pod as KObject, container, () => main);
  if (failure) {
    inv.err(msgAttachFailed(podName, failure));
    printContainerLog(inv, kubelet, ns, podName, container);
    return;
  }
  await attachMainProcess(inv, pod as KObject, container, main!, kubelet!, { shell: !!raw && !!spec.stdin && !!inv.ctx.terminal.interactive, tty });
  // reattachMessage: only with stdin on a raw terminal, and only for a pod that restarts its containers.
  if (opts.quiet || !opts.stdin || !raw || (pod.spec?.restartPolicy ?? 'Always') !== 'Always') return;
  inv.out(ephemeral ? msgEphemeralReattach(podName, container) : msgResume(podName, container));
}
