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
