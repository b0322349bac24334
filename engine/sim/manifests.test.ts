import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mirrorPod, STATIC_POD_COMPONENTS, staticPodManifest } from '../kubelet/static-pods.js';
import { MemoryFileSystem } from '../shell/vfs.js';
import { loadedYaml, loadYaml, YamlNotLoadedError } from '../util/yaml-lib.js';
import { componentsIn, manifestFile, MANIFESTS_DIR } from './manifests.js';

/**
 * Manifests `kubeadm init` v1.35.0 wrote on a real control-plane node (kubeadm's files as `cat` printed them in
 * public lab transcripts; node 10.244.34.203 with --service-cidr 172.20.0.0/16, and node `controlplane` at
 * 10.244.166.6).
 */
const REAL = (name: string) => readFileSync(new URL(`./testdata/${name}-v1.35.yaml`, import.meta.url), 'utf8');
/** A node as the tests' kind-style cluster names it. */
const CP = { name: 'control-plane', internalIP: '172.18.0.2' };

describe('static pod manifests', () => {
  it("writes kube-apiserver's and etcd's manifests as kubeadm v1.35 does, to the byte", () => {
    expect(manifestFile('kube-apiserver', { name: 'controlplane', internalIP: '10.244.34.203' }, { serviceSubnet: '172.20.0.0/16' })).toBe(REAL('kube-apiserver'));
    // The lab's etcd member is named after its node, control-plane.
    expect(manifestFile('etcd', { name: 'controlplane', internalIP: '10.244.166.6' })).toBe(REAL('etcd'));
  });

  it('every component declares the probe port its probes name; its file has no API server or kubelet defaults, its mirror pod the toleration', () => {
    const ports = { etcd: 2381, 'kube-apiserver': 6443, 'kube-controller-manager': 10257, 'kube-scheduler': 10259 };
    for (const c of STATIC_POD_COMPONENTS) {
      const doc = parse(manifestFile(c, CP));
      const [container] = doc.spec.containers;
      expect(container.ports, c).toEqual([{ containerPort: ports[c], name: 'probe-port', protocol: 'TCP' }]);
      for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (container[p]) expect(container[p].httpGet.port, `${c} ${p}`).toBe('probe-port');
      expect(Object.keys(doc.spec), c).toEqual(['containers', 'hostNetwork', 'priority', 'priorityClassName', 'securityContext', 'volumes']);
      expect(container.terminationMessagePath, c).toBeUndefined();
      const command: string[] = container.command.slice(1);
      expect(command, c).toEqual([...command].sort());
      const mirror = mirrorPod(staticPodManifest(c, CP), 'control-plane', 'uid', '2026-01-01T00:00:00Z');
      expect((mirror.spec as { tolerations: unknown[] }).tolerations, c).toEqual([{ effect: 'NoExecute', operator: 'Exists' }]);
    }
  });

  it('a text the lab did not write needs the YAML library, which loads on demand; the ones kubeadm writes are known without it', () => {
    expect(loadedYaml()).toBeUndefined();
    const fs = new MemoryFileSystem();
    fs.mkdir(MANIFESTS_DIR, true);
    const text = manifestFile('kube-scheduler', CP);
    fs.writeFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`, text);
    expect([...componentsIn(fs, new Map([[text, 'kube-scheduler' as const]]))]).toEqual(['kube-scheduler']);
    expect(() => componentsIn(fs, new Map())).toThrow(YamlNotLoadedError);
  });

  it('each file kubeadm writes reads back as its own component (so boot may take that as known without parsing)', () => {
    for (const c of STATIC_POD_COMPONENTS) {
      const doc = parse(manifestFile(c, CP)) as { kind: string; metadata: { name: string } };
      expect([doc.kind, doc.metadata.name]).toEqual(['Pod', c]);
    }
  });

  it('re-reads only changed texts, and forgets texts no longer in the folder', async () => {
    await loadYaml();
    const fs = new MemoryFileSystem();
    fs.mkdir(MANIFESTS_DIR, true);
    const known = new Map();
    fs.writeFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`, manifestFile('kube-scheduler', CP));
    fs.writeFile(`${MANIFESTS_DIR}/broken.yaml`, 'kind: Pod\nmetadata: [\n');
    expect([...componentsIn(fs, known)]).toEqual(['kube-scheduler']);
    expect(known.size).toBe(2);
    fs.writeFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n');
    expect([...componentsIn(fs, known)]).toEqual(['etcd']);
    expect(known.size).toBe(2);
  });
});
