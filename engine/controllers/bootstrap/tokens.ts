/**
 * Bootstrap tokens as the API holds them (k8s.io/cluster-bootstrap: token/api,
 * token/util, secrets and token/jws), shared by kubeadm (which writes them),
 * the token cleaner and the bootstrap signer (kube-controller-manager's
 * tokencleaner and bootstrapsigner controllers, which read them). Loaded with
 * those, never with the page.
 */
import type { KObject } from '../../api/meta.js';
import { base64Decode, base64Encode, base64EncodeBytes } from '../../util/base64.js';
import { sha256Bytes } from '../../util/sha256.js';
import { rfc3339 } from '../../util/time.js';
import { utf8Bytes } from '../../util/utf8.js';

export const TOKEN_NAMESPACE = 'kube-system';
export const TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const TOKEN_SECRET_PREFIX = 'bootstrap-token-';
/** bootstrapapi.ConfigMapClusterInfo in kube-public, its kubeconfig key and the signer's key prefix. */
export const CLUSTER_INFO = 'cluster-info';
export const CLUSTER_INFO_NAMESPACE = 'kube-public';
export const KUBECONFIG_KEY = 'kubeconfig';
export const JWS_PREFIX = 'jws-kubeconfig-';

const TOKEN_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** bootstraputil.GenerateBootstrapToken: six and sixteen characters of [a-z0-9], from `int` (a seeded generator's). */
export function generateToken(int: (n: number) => number): string {
  const pick = (n: number) => Array.from({ length: n }, () => TOKEN_CHARS[int(TOKEN_CHARS.length)]).join('');
  return `${pick(6)}.${pick(16)}`;
}

/** A token's fields, as kubeadm's BootstrapToken holds them (TTL in milliseconds; 0: never expires). */
export interface TokenSpec { token: string; ttlMs: number; usages: string[]; groups: string[]; description: string }


/**
 * bootstraptokenv1.BootstrapTokenToSecret (encodeTokenSecretData): token-id, token-secret, the description when
 * there is one, the expiration `now + ttl` when the TTL is positive, one `usage-bootstrap-<usage>: "true"` per
 * usage and the groups joined by commas.
 */
export function tokenSecret(o: TokenSpec, now: number): KObject {
  const [id, secret] = o.token.split('.');
  const data: Record<string, string> = { 'token-id': id, 'token-secret': secret };
  if (o.description) data.description = o.description;
  if (o.ttlMs > 0) data.expiration = rfc3339(now + o.ttlMs);
  for (const u of o.usages) data[`usage-bootstrap-${u}`] = 'true';
  if (o.groups.length) data['auth-extra-groups'] = o.groups.join(',');
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64Encode(v)]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${TOKEN_SECRET_PREFIX}${id}`, namespace: TOKEN_NAMESPACE }, type: TOKEN_SECRET_TYPE, data: encoded } as unknown as KObject;
}

/** bootstrapsecretutil.GetData: a data key's decoded value ('' when absent). */
export function secretData(s: KObject, key: string): string {
  const v = (s as unknown as { data?: Record<string, string> }).data?.[key];
  return v === undefined ? '' : base64Decode(v);
}

/**
 * bootstrapsecretutil.GetExpiration: the time left (ms) and whether the token has expired. No expiration: never;
 * one that does not parse as RFC 3339 counts as expired.
 */
export function expiration(s: KObject, now: number): { ttlMs: number; expired: boolean } {
  const text = secretData(s, 'expiration');
  if (!text) return { ttlMs: 0, expired: false };
  const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at) || at - now <= 0) return { ttlMs: 0, expired: true };
  return { ttlMs: at - now, expired: false };
}

/** A token Secret in kube-system (the controllers' informers watch that namespace, with this type). */
export const isTokenSecret = (s: KObject) => s.metadata.namespace === TOKEN_NAMESPACE && (s as { type?: string }).type === TOKEN_SECRET_TYPE;

/**
 * The bootstrap signer's validateSecretForSigning: a token Secret named for its well-formed token ID, with its
 * secret, `usage-bootstrap-signing: "true"`, not expired. Its [id, secret], or undefined.
 */
export function signingToken(s: KObject, now: number): [string, string] | undefined {
  if (!isTokenSecret(s)) return undefined;
  const id = secretData(s, 'token-id');
  const secret = secretData(s, 'token-secret');
  if (!/^[a-z0-9]{6}$/.test(id) || !/^[a-z0-9]{16}$/.test(secret) || s.metadata.name !== `${TOKEN_SECRET_PREFIX}${id}`) return undefined;
  if (secretData(s, 'usage-bootstrap-signing') !== 'true' || expiration(s, now).expired) return undefined;
  return [id, secret];
}

const hexBytes = (hex: string) => Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
const base64url = (bytes: ArrayLike<number>) => base64EncodeBytes(bytes).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** HMAC-SHA256 (RFC 2104) with a key shorter than SHA-256's 64-byte block. */
function hmacSHA256(key: number[], message: number[]): number[] {
  const block = [...key, ...new Array(64 - key.length).fill(0)];
  const inner = hexBytes(sha256Bytes([...block.map((b) => b ^ 0x36), ...message]));
  return hexBytes(sha256Bytes([...block.map((b) => b ^ 0x5c), ...inner]));
}

/**
 * jws.ComputeDetachedSignature: a compact HS256 JWS of `content`, keyed by the token's secret, whose protected
 * header names the token ID ({"alg":"HS256","kid":"<id>"}, go-jose's sorted keys), with the payload left out
 * (`header..signature`), as the bootstrap signer writes it to cluster-info.
 */
export function detachedSignature(content: string, tokenID: string, tokenSecret: string): string {
  const header = base64url(utf8Bytes(JSON.stringify({ alg: 'HS256', kid: tokenID })));
  const signingInput = `${header}.${base64url(utf8Bytes(content))}`;
  return `${header}..${base64url(hmacSHA256(utf8Bytes(tokenSecret), utf8Bytes(signingInput)))}`;
}

/** cluster-info's data as the signer leaves it: the kubeconfig, and one signature per signing token (no stale ones). */
export function signClusterInfo(data: Record<string, string>, secrets: KObject[], now: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (!k.startsWith(JWS_PREFIX)) out[k] = v;
  for (const s of secrets) {
    const t = signingToken(s, now);
    if (t) out[`${JWS_PREFIX}${t[0]}`] = detachedSignature(data[KUBECONFIG_KEY], t[0], t[1]);
  }
  return out;
}
