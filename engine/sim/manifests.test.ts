import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STATIC_POD_COMPONENTS } from '../kubelet/static-pods.js';
import { MemoryFileSystem } from '../shell/vfs.js';
import { loadedYaml, loadYaml, YamlNotLoadedError } from '../util/yaml-lib.js';
import { componentsIn, manifestFile, MANIFESTS_DIR } from './manifests.js';

describe('static pod manifests', () => {
  it('a text the lab did not write needs the YAML library, which loads on demand; the ones kubeadm writes are known without it', () => {
    expect(loadedYaml()).toBeUndefined();
    const fs = new MemoryFileSystem();
    fs.mkdir(MANIFESTS_DIR, true);
    const text = manifestFile('kube-scheduler', '172.18.0.2');
    fs.writeFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`, text);
    expect([...componentsIn(fs, new Map([[text, 'kube-scheduler' as const]]))]).toEqual(['kube-scheduler']);
    expect(() => componentsIn(fs, new Map())).toThrow(YamlNotLoadedError);
  });

  it('each file kubeadm writes reads back as its own component (so boot may take that as known without parsing)', () => {
    for (const c of STATIC_POD_COMPONENTS) {
      const doc = parse(manifestFile(c, '172.18.0.2')) as { kind: string; metadata: { name: string } };
      expect([doc.kind, doc.metadata.name]).toEqual(['Pod', c]);
    }
  });

  it('re-reads only changed texts, and forgets texts no longer in the folder', async () => {
    await loadYaml();
    const fs = new MemoryFileSystem();
    fs.mkdir(MANIFESTS_DIR, true);
    const known = new Map();
    fs.writeFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`, manifestFile('kube-scheduler', '172.18.0.2'));
    fs.writeFile(`${MANIFESTS_DIR}/broken.yaml`, 'kind: Pod\nmetadata: [\n');
    expect([...componentsIn(fs, known)]).toEqual(['kube-scheduler']);
    expect(known.size).toBe(2);
    fs.writeFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n');
    expect([...componentsIn(fs, known)]).toEqual(['etcd']);
    expect(known.size).toBe(2);
  });
});
