/**
 * The service-account authenticator (pkg/serviceaccount/claims.go): a bound
 * token names its ServiceAccount only while what it is bound to still exists
 * with the same uid, before it expires, and as this cluster's key signed it.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../meta.js';
import { issueServiceAccountToken, SERVICE_ACCOUNT_ISSUER } from '../service-account-token.js';
import { ANONYMOUS, authenticate } from './authentication.js';

function setup() {
  const c = new Cluster({ seed: 3 }).boot();
  const client = c.client();
  const pod = client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'p', image: 'busybox:1.36' }] } } as KObject);
  const sa = client.get('serviceaccounts', 'default', 'default');
  const token = (over: Partial<Parameters<typeof issueServiceAccountToken>[0]> = {}) => issueServiceAccountToken({
    namespace: 'default', serviceAccount: { name: 'default', uid: sa.metadata.uid }, audiences: [SERVICE_ACCOUNT_ISSUER], expirationSeconds: 3607,
    bound: { pod: { name: 'p', uid: pod.metadata.uid } }, nowMs: c.clock.now(), seed: 'test', ...over,
  });
  return { c, client, token };
}

describe('authenticate', () => {
  it('a pod-bound token is the ServiceAccount, in its two groups and system:authenticated', () => {
    const { c, token } = setup();
    expect(authenticate(c.apiserver, `Bearer ${token()}`)).toMatchObject({
      name: 'system:serviceaccount:default:default',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
    });
  });

  it('no Authorization header, or one that is no bearer token: system:anonymous', () => {
    const { c } = setup();
    expect(authenticate(c.apiserver, undefined)).toBe(ANONYMOUS);
    expect(authenticate(c.apiserver, 'Basic dXNlcjpwYXNz')).toEqual({ name: 'system:anonymous', groups: ['system:unauthenticated'] });
  });

  it('a token that is not one this cluster signed, or was altered, is refused', () => {
    const { c, token } = setup();
    expect(authenticate(c.apiserver, 'Bearer abc')).toBeUndefined();
    const [h, p, s] = token().split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims['kubernetes.io'].serviceaccount.name = 'admin';
    expect(authenticate(c.apiserver, `Bearer ${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`)).toBeUndefined();
  });

  it('another audience is refused', () => {
    const { c, token } = setup();
    expect(authenticate(c.apiserver, `Bearer ${token({ audiences: ['vault'] })}`)).toBeUndefined();
  });

  it('expired (past exp and the leeway) is refused', () => {
    const { c, token } = setup();
    const t = token({ expirationSeconds: 600, bound: undefined });
    expect(authenticate(c.apiserver, `Bearer ${t}`)).toBeDefined();
    c.clock.advance(660_001);
    expect(authenticate(c.apiserver, `Bearer ${t}`)).toBeUndefined();
  });

  it('the bound pod deleted, or recreated with another uid, invalidates the token', () => {
    const { c, client, token } = setup();
    const t = token();
    client.delete('pods', 'default', 'p', { gracePeriodSeconds: 0 });
    c.clock.advance(1000);
    expect(client.tryGet('pods', 'default', 'p')).toBeUndefined();
    expect(authenticate(c.apiserver, `Bearer ${t}`)).toBeUndefined();
    client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'p', image: 'busybox:1.36' }] } } as KObject);
    expect(authenticate(c.apiserver, `Bearer ${t}`)).toBeUndefined();
  });
});
