/**
 * The kube-api-access-… projected volume that ServiceAccount admission adds to every pod, as the kubelet mounts it
 * at /var/run/secrets/kubernetes.io/serviceaccount: the token its token manager asks TokenRequest for (bound to the
 * pod and its node, for the API server's audience; the 3607-second request extended to a year with `warnafter`, as
 * kube-apiserver's --service-account-extend-token-expiration does: pkg/serviceaccount/claims.go, release-1.35), the
 * cluster CA from kube-root-ca.crt, and the namespace from the downward API.
 */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../engine/api/meta.js';
import { boot, busyboxPod, execIn } from './network-helpers.js';

const DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const running = (p: KObject | undefined) => (p?.status as { phase?: string } | undefined)?.phase === 'Running';

function claimsOf(token: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const [header, payload, signature] = token.split('.');
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
  // A 2048-bit RS256 signature: 256 bytes, 342 base64url characters.
  expect(signature).toMatch(/^[A-Za-z0-9_-]{342}$/);
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

describe('the service-account token volume', () => {
  it('holds ca.crt, namespace and a token bound to the pod and its node, for a year with warnafter at the requested 3607 s', () => {
    const c = boot();
    const client = c.client();
    client.create('pods', 'default', busyboxPod('p'));
    expect(c.clock.runUntil(() => running(client.tryGet('pods', 'default', 'p')), 120_000)).toBe(true);
    expect(execIn(c, 'p', ['ls', DIR]).stdout).toBe('ca.crt\nnamespace\ntoken\n');
    expect(execIn(c, 'p', ['cat', `${DIR}/namespace`]).stdout).toBe('default');
    const ca = (client.get('configmaps', 'default', 'kube-root-ca.crt').data as Record<string, string>)['ca.crt'];
    expect(execIn(c, 'p', ['cat', `${DIR}/ca.crt`]).stdout).toBe(ca);
    const pod = client.get('pods', 'default', 'p');
    const node = client.get('nodes', undefined, (pod.spec as { nodeName: string }).nodeName);
    const sa = client.get('serviceaccounts', 'default', 'default');
    const claims = claimsOf(execIn(c, 'p', ['cat', `${DIR}/token`]).stdout);
    expect(claims.aud).toEqual(['https://kubernetes.default.svc.cluster.local']);
    expect(claims.iss).toBe('https://kubernetes.default.svc.cluster.local');
    expect(claims.sub).toBe('system:serviceaccount:default:default');
    expect(claims['kubernetes.io']).toEqual({
      namespace: 'default', node: { name: node.metadata.name, uid: node.metadata.uid }, pod: { name: 'p', uid: pod.metadata.uid },
      serviceaccount: { name: 'default', uid: sa.metadata.uid }, warnafter: claims.iat + 3607,
    });
    expect(claims.exp - claims.iat).toBe(365 * 24 * 3600);
    expect(claims.nbf).toBe(claims.iat);
    expect(c.clock.errors).toEqual([]);
  });

  it("is laid out as the kubelet's AtomicWriter leaves it: the payload in a timestamped directory, ..data and each name symlinks", async () => {
    const c = boot();
    const client = c.client();
    client.create('pods', 'default', busyboxPod('p'));
    expect(c.clock.runUntil(() => running(client.tryGet('pods', 'default', 'p')), 120_000)).toBe(true);
    const node = (client.get('pods', 'default', 'p').spec as { nodeName: string }).nodeName;
    // `ls -l` loads its code on first use.
    const exec = async (argv: string[]) => (await c.kubelets.get(node)!.exec('default', 'p', undefined, argv)).stdout;
    const listing = await exec(['ls', '-la', DIR]);
    const dir = /\.\.(\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d)\.\d+/.exec(listing)![0];
    // busybox 1.35's `ls -la` of that layout on tmpfs (/dev/shm; the parent here is the container's overlay, 4 blocks),
    // modes, links, sizes and names as recorded; the sim's dates are its fixed "Jan  1 00:00".
    expect(listing).toBe([
      'total 4',
      'drwxrwxrwt    3 root     root           140 Jan  1 00:00 .',
      'drwxr-xr-x    3 root     root          4096 Jan  1 00:00 ..',
      `drwxr-xr-x    2 root     root           100 Jan  1 00:00 ${dir}`,
      `lrwxrwxrwx    1 root     root            ${dir.length} Jan  1 00:00 ..data -> ${dir}`,
      'lrwxrwxrwx    1 root     root            13 Jan  1 00:00 ca.crt -> ..data/ca.crt',
      'lrwxrwxrwx    1 root     root            16 Jan  1 00:00 namespace -> ..data/namespace',
      'lrwxrwxrwx    1 root     root            12 Jan  1 00:00 token -> ..data/token',
      '',
    ].join('\n'));
    // os.MkdirTemp's name: the write's instant in UTC (the pod started two minutes after the lab's boot), then a random number.
    expect(dir).toMatch(/^\.\.2026_01_01_00_0[0-9]_[0-5][0-9]\.[0-9]+$/);
    expect(execIn(c, 'p', ['cat', `${DIR}/..data/namespace`]).stdout).toBe('default');
    expect(execIn(c, 'p', ['ls', `${DIR}/..data/`]).stdout).toBe('ca.crt\nnamespace\ntoken\n');
    expect(await exec(['ls', '-l', `${DIR}/token`])).toBe('lrwxrwxrwx    1 root     root            12 Jan  1 00:00 /var/run/secrets/kubernetes.io/serviceaccount/token -> ..data/token\n');
  });

  it('is not mounted when the pod opts out with automountServiceAccountToken: false', () => {
    const c = boot();
    const client = c.client();
    const p = busyboxPod('q') as KObject & { spec: Record<string, unknown> };
    p.spec.automountServiceAccountToken = false;
    client.create('pods', 'default', p);
    expect(c.clock.runUntil(() => running(client.tryGet('pods', 'default', 'q')), 120_000)).toBe(true);
    const r = execIn(c, 'q', ['ls', DIR]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`ls: ${DIR}: No such file or directory\n`);
    expect(c.clock.errors).toEqual([]);
  });
});
