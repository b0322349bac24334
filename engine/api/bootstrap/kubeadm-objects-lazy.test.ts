/**
 * kube-system's and kube-public's boot objects, and the bootstrap token controllers, load on first use: a fresh
 * lab boots without their code, and the first command that may read them loads it with the clock held. Output and
 * timing are those of a lab that had it loaded (the idle project's, where the page's prefetch has run).
 */
import { describe, expect, it } from 'vitest';
import { freshLab as freshModules } from '../../shell/fresh-lab-test-helpers.js';

async function freshLab(prefetch: boolean) {
  const lab = await freshModules(7, async () => {
    const gate = await import('./kubeadm-objects-gate.js');
    if (prefetch) await gate.kubeadmObjects.load();
    return gate;
  });
  return { ...lab, gate: lab.prepared };
}

const LINES = [
  'kubectl get pods -A -o name | wc -l',
  'kubectl get secrets -A -o custom-columns=NAME:.metadata.name,RV:.metadata.resourceVersion,CREATED:.metadata.creationTimestamp',
  "kubectl -n kube-public get cm cluster-info -o jsonpath='{.data}' | grep -o 'jws-kubeconfig-[a-z0-9]*'",
  'kubectl get sa -n kube-system --no-headers | wc -l',
  'sudo kubeadm token create abcdef.0123456789abcdef --ttl 1m; sleep 1',
  "kubectl -n kube-public get cm cluster-info -o jsonpath='{.data}' | grep -o 'jws-kubeconfig-[a-z0-9]*'",
  'sim ff 2m',
  'kubectl get secrets -A --no-headers | wc -l',
  "kubectl -n kube-public get cm cluster-info -o jsonpath='{.metadata.resourceVersion} {.data}' | cut -c1-30",
];

describe('the boot objects of kube-system and kube-public load on first use', () => {
  it('boots without them, and writes them at the first command that may read them, as a prefetched lab does', async () => {
    const lazy = await freshLab(false);
    expect(lazy.gate.kubeadmObjects.loaded()).toBeUndefined();
    const outs: string[] = [];
    for (const line of LINES) outs.push(await lazy.run(line));
    expect(lazy.gate.kubeadmObjects.loaded()).toBeDefined();
    expect(outs[1]).toMatch(/^NAME {21}RV {4}CREATED\nbootstrap-token-[a-z0-9]{6} {3}\d+ {3}2026-01-01T00:00:00Z\n$/);
    expect(outs[3]).toBe('40\n');
    // The signer signed for the new token; the token cleaner deleted it once expired, and the signer its signature.
    expect(outs[5]).toMatch(/^jws-kubeconfig-[a-z0-9]{6}\njws-kubeconfig-abcdef\n$|^jws-kubeconfig-abcdef\njws-kubeconfig-[a-z0-9]{6}\n$/);
    expect(outs[7]).toBe('1\n');
    expect(outs[8]).not.toContain('abcdef');

    const warm = await freshLab(true);
    const warmOuts: string[] = [];
    for (const line of LINES) warmOuts.push(await warm.run(line));
    expect(outs).toEqual(warmOuts);
    expect(lazy.cluster.clock.now()).toBe(warm.cluster.clock.now());
  });
});

describe('a first touch through a server loads them through their lazy handle', () => {
  // The token cleaner starts at the first bootstrap token Secret, at that instant when its code is there. A server
  // that imported the boot objects' module without the handle wrote the Secret with the handle still empty: the
  // cleaner's load then held the clock, and a jump at once (`sim ff` runs every timer in one go) passed the token's
  // expiry before it started. Each server here is loaded by its own loader, then asked for the Secrets directly, with
  // no instant of the clock between the write and the jump.
  const tokens = (lab: Awaited<ReturnType<typeof freshLab>>) =>
    lab.cluster.client().list('secrets', 'kube-system').items.filter((s) => (s as { type?: string }).type === 'bootstrap.kubernetes.io/token').length;
  const PATH = '/api/v1/namespaces/kube-system/secrets';

  it('through the secure port (the HTTP front curl and pods reach)', async () => {
    const lab = await freshLab(false);
    // curl's loader brings the secure port's handler; /version touches no boot object.
    expect(await lab.run('curl -sk https://172.18.0.2:6443/version | grep -c gitVersion')).toBe('1\n');
    expect(tokens(lab)).toBe(0);
    const { serveSecure } = await import('../server/handler.js');
    const r = serveSecure(lab.cluster, { method: 'GET', path: PATH, headers: {}, http2: true });
    expect(r !== 'hang' && r.status).toBe(403);
    expect(tokens(lab)).toBe(1);
    await lab.run('sim ff 24h');
    expect(tokens(lab)).toBe(0);
  });

  it('through `kubectl get --raw` and `kubectl proxy` (the API host they load)', async () => {
    const lab = await freshLab(false);
    const { loadApiHost } = await import('../../kubectl/verbs/proxy.js');
    const host = await loadApiHost(lab.cluster);
    expect(tokens(lab)).toBe(0);
    expect(host.api.apiGet(lab.cluster.client(), PATH, host).status).toBe(200);
    expect(tokens(lab)).toBe(1);
    await lab.run('sim ff 24h');
    expect(tokens(lab)).toBe(0);
  });
});
