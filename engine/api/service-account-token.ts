/**
 * Service-account tokens' shape: a JWT signed RS256 by kubeadm's service-account key (pkg/serviceaccount,
 * go-jose). The signature and key id are not RSA: they are bytes of the right length from a generator seeded by
 * the cluster and the token's claims, so the engine stays deterministic and a token has a real one's shape (a
 * 2048-bit key signs 256 bytes: 342 base64url characters). Shared by TokenRequest (the RBAC chunk) and the
 * kubelet's projected service-account volumes.
 */
import { fnv32a, Random } from '../util/random.js';
import { utf8Bytes, utf8Text } from '../util/utf8.js';
// go-jose marshals the merged claims as maps: keys sorted at every level.
import { stableStringify } from './meta.js';

/** kubeadm's --service-account-issuer, which is also the API server's default audience. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function base64url(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64URL[(n >> 18) & 63] + B64URL[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += B64URL[n & 63];
  }
  return out;
}

function randomBytes(r: Random, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.int(256));
  return out;
}

/** The key id: base64url of a SHA-256 of the public key (32 bytes), the same for every token of a cluster. */
function keyID(): string {
  return base64url(randomBytes(new Random(fnv32a('sa.pub')), 32));
}

/**
 * The signature over a token's first two parts: drawn from a generator seeded by them and the key, so the API
 * server can check a token as RS256 verification would (a changed header or claims no longer match).
 */
function signature(signingInput: string): string {
  return base64url(randomBytes(new Random(fnv32a(`sa.key|${signingInput}`)), 256));
}

function signedToken(claims: Record<string, unknown>): string {
  const header = `{"alg":"RS256","kid":"${keyID()}"}`;
  const signingInput = `${base64url(utf8Bytes(header))}.${base64url(utf8Bytes(stableStringify(claims)))}`;
  return `${signingInput}.${signature(signingInput)}`;
}

/** The claims of a token this cluster's key signed, or undefined for anything else (not a JWT, another key, altered). */
export function verifiedClaims(token: string): ServiceAccountClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[2] !== signature(`${parts[0]}.${parts[1]}`)) return undefined;
  try {
    const header = JSON.parse(utf8Text(base64urlDecode(parts[0]))) as { alg?: string; kid?: string };
    if (header.alg !== 'RS256' || header.kid !== keyID()) return undefined;
    const claims = JSON.parse(utf8Text(base64urlDecode(parts[1]))) as ServiceAccountClaims;
    return claims && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}

type ClaimRef = { name?: string; uid?: string };

/** What pkg/serviceaccount/claims.go reads back from a token. */
export interface ServiceAccountClaims {
  aud?: string[]; exp?: number; iat?: number; nbf?: number; iss?: string; sub?: string; jti?: string;
  'kubernetes.io'?: { namespace?: string; serviceaccount?: ClaimRef; pod?: ClaimRef; node?: ClaimRef; secret?: ClaimRef };
}

function base64urlDecode(s: string): number[] {
  const out: number[] = [];
  let bits = 0, n = 0;
  for (const ch of s) {
    const v = B64URL.indexOf(ch);
    if (v < 0) throw new Error('base64url');
    n = (n << 6) | v;
    bits += 6;
    if (bits >= 8) { bits -= 8; out.push((n >> bits) & 0xff); }
  }
  return out;
}

/** The lifetime the kubelet asks for a projected token: kube-apiserver extends it (token.WarnOnlyBoundTokenExpirationSeconds). */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 3607;
/** serviceaccount.ExpirationExtensionSeconds: a year. */
const EXPIRATION_EXTENSION_SECONDS = 365 * 24 * 3600;

type Ref = { name?: string; uid?: string };

export interface TokenRequestInput {
  namespace: string;
  serviceAccount: Ref;
  audiences: string[];
  expirationSeconds: number;
  /** The object the token is bound to (a pod's token names its node too). */
  bound?: { pod?: Ref; node?: Ref; secret?: Ref };
  nowMs: number;
  /** What the request's randomness (jti, signature) is seeded by. */
  seed: string;
}

/**
 * The token TokenRequest issues (pkg/registry/core/serviceaccount/storage/token.go, pkg/serviceaccount/claims.go):
 * with --service-account-extend-token-expiration (on), a pod-bound request for 3607 s with the API server's own
 * audience lasts a year, and `warnafter` says when the requested time is up.
 */
export function issueServiceAccountToken(t: TokenRequestInput): string {
  const now = Math.floor(t.nowMs / 1000);
  const extended = !!t.bound?.pod && t.expirationSeconds === WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS && t.audiences.every((a) => a === SERVICE_ACCOUNT_ISSUER);
  const seed = new Random(fnv32a(t.seed));
  const claims = {
    aud: t.audiences, exp: now + (extended ? EXPIRATION_EXTENSION_SECONDS : t.expirationSeconds), iat: now, iss: SERVICE_ACCOUNT_ISSUER, jti: seed.uuid(),
    'kubernetes.io': { namespace: t.namespace, ...t.bound, serviceaccount: t.serviceAccount, ...(extended ? { warnafter: now + t.expirationSeconds } : {}) },
    nbf: now, sub: `system:serviceaccount:${t.namespace}:${t.serviceAccount.name}`,
  };
  return signedToken(claims);
}
