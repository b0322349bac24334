/**
 * TokenRequest's lifetime rule (pkg/registry/core/serviceaccount/storage/token.go, release-1.35, with
 * --service-account-extend-token-expiration on): only a pod-bound request for 3607 s whose audiences are the API
 * server's own is extended to a year, with `warnafter` at the requested time.
 */
import { describe, expect, it } from 'vitest';
import { issueServiceAccountToken, SERVICE_ACCOUNT_ISSUER } from './service-account-token.js';

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
const base = { namespace: 'default', serviceAccount: { name: 'default', uid: 'sa' }, audiences: [SERVICE_ACCOUNT_ISSUER], nowMs: 1_000_000_000, seed: 's' };
const pod = { pod: { name: 'p', uid: 'u' }, node: { name: 'n', uid: 'v' } };

describe('issueServiceAccountToken', () => {
  it('extends the kubelet\'s pod-bound 3607-second request to a year, with warnafter', () => {
    const c = claims(issueServiceAccountToken({ ...base, expirationSeconds: 3607, bound: pod }));
    expect(c.exp - c.iat).toBe(31_536_000);
    expect(c['kubernetes.io']).toEqual({ namespace: 'default', serviceaccount: { name: 'default', uid: 'sa' }, ...pod, warnafter: c.iat + 3607 });
    expect(c.sub).toBe('system:serviceaccount:default:default');
  });

  it('keeps the requested lifetime for another audience, another duration, or a token bound to no pod', () => {
    for (const t of [
      { ...base, audiences: ['vault'], expirationSeconds: 3607, bound: pod },
      { ...base, expirationSeconds: 3600, bound: pod },
      { ...base, expirationSeconds: 3607 },
    ]) {
      const c = claims(issueServiceAccountToken(t));
      expect(c.exp - c.iat).toBe(t.expirationSeconds);
      expect(c['kubernetes.io'].warnafter).toBeUndefined();
    }
  });
});
