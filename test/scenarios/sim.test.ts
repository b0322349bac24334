import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { Session } from '../../engine/shell/session.js';
import { MANIFESTS_DIR } from '../../engine/sim/manifests.js';
import { parseSimDuration, SIM_HELP, simulationOf } from '../../engine/sim/command.js';
import { boot } from './network-helpers.js';
import { loadYaml } from '../../engine/util/yaml-lib.js';

async function run(s: Session, line: string): Promise<{ out: string; status: number }> {
  let out = '';
  const r = await s.run(line, { write: (t) => { out += t; } });
  return { out, status: r.status };
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image: 'nginx:1.27' }] } }) as KObject;
const nodeOf = (c: ReturnType<typeof boot>, name: string) => (c.client().get('pods', 'default', name).spec as { nodeName?: string }).nodeName;

describe('kubeadm static pods in /etc/kubernetes/manifests', () => {
  it('the manifests are on the node in kubeadm\'s shape', async () => {
    const c = boot();
    const s = new Session({ cluster: c });
    expect(s.fs.readDir(MANIFESTS_DIR)).toEqual(['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml']);
    const text = s.fs.readFile(`${MANIFESTS_DIR}/kube-scheduler.yaml`)!;
    // kubectl v1.35.2 --dry-run=client -o yaml no longer prints creationTimestamp: null; structs still print as {}.
    expect(text.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: kube-scheduler\n    tier: control-plane\n  name: kube-scheduler\n  namespace: kube-system\nspec:\n')).toBe(true);
    expect(text).toContain('    - --kubeconfig=/etc/kubernetes/scheduler.conf\n');
    expect(text.endsWith('status: {}\n')).toBe(true);
  });

  it('moving the scheduler manifest out stops scheduling; moving it back resumes it', async () => {
    const c = boot();
    const s = new Session({ cluster: c });
    expect((await run(s, `sudo mv ${MANIFESTS_DIR}/kube-scheduler.yaml /tmp/`)).status).toBe(0);
    c.advance(5_000);
    expect(c.component('kube-scheduler')!.running()).toBe(false);
    expect(c.client().tryGet('pods', 'kube-system', 'kube-scheduler-control-plane')).toBeUndefined();
    c.client().create('pods', 'default', pod('waiting'));
    c.advance(60_000);
    expect(nodeOf(c, 'waiting')).toBeUndefined();
    expect((await run(s, `sudo mv /tmp/kube-scheduler.yaml ${MANIFESTS_DIR}/`)).status).toBe(0);
    c.advance(30_000);
    expect(c.component('kube-scheduler')!.running()).toBe(true);
    expect(nodeOf(c, 'waiting')).toMatch(/^worker-/);
    expect(c.client().tryGet('pods', 'kube-system', 'kube-scheduler-control-plane')).toBeDefined();
    expect(c.clock.errors).toEqual([]);
  });
});

describe('static pod manifests the learner writes', () => {
  it('a manifest text the lab did not write is read with the YAML library, loaded then: renaming the scheduler\'s pod stops it', async () => {
    const c = boot();
    const s = new Session({ cluster: c });
    expect((await run(s, `sudo sed -i 's/^  name: kube-scheduler$/  name: my-scheduler/' ${MANIFESTS_DIR}/kube-scheduler.yaml`)).status).toBe(0);
    // The library loads as real I/O; the watcher reacts once it is there.
    await loadYaml();
    await new Promise((r) => setTimeout(r, 0));
    c.advance(5_000);
    expect(c.component('kube-scheduler')!.running()).toBe(false);
    expect(c.clock.errors).toEqual([]);
  });
});

describe('the sim command', () => {
  it('prints its help and rejects unknown input', async () => {
    const s = new Session({ cluster: boot() });
    expect((await run(s, 'sim help')).out).toBe(SIM_HELP);
    const bad = await run(s, 'sim frobnicate');
    expect(bad.status).toBe(2);
    expect(bad.out).toBe('sim: unknown command "frobnicate"; see "sim help"\n');
    expect((await run(s, 'sim node stop nowhere')).out).toBe('sim: node "nowhere" not found\n');
    expect(parseSimDuration('1h30m')).toBe(5_400_000);
    expect(parseSimDuration('5x')).toBeUndefined();
  });

  it('stops a node, fast-forwards time, and records every injection', async () => {
    const c = boot();
    const s = new Session({ cluster: c });
    expect((await run(s, 'sim node stop worker-1')).out).toBe('node/worker-1 kubelet stopped\n');
    expect((await run(s, 'sim ff 2m')).out).toBe('fast-forwarded 2m\n');
    const ready = ((c.client().get('nodes', undefined, 'worker-1').status as { conditions: { type: string; status: string }[] }).conditions).find((x) => x.type === 'Ready')!;
    expect(ready.status).toBe('Unknown');
    const actions = c.history.filter((h) => h.kind === 'injection').map((h) => (h as { action: string }).action);
    expect(actions).toEqual(['node-stop', 'fast-forward']);
    simulationOf(c).startNode('worker-1');
    c.advance(30_000);
    const again = ((c.client().get('nodes', undefined, 'worker-1').status as { conditions: { type: string; status: string }[] }).conditions).find((x) => x.type === 'Ready')!;
    expect(again.status).toBe('True');
  });
});
