/**
 * TokenRequest (POST serviceaccounts/NAME/token, pkg/registry/core/serviceaccount/storage/token.go
 * and pkg/serviceaccount/claims.go, release-1.35): a JWT signed RS256 by the
 * service-account key, issued by kubeadm's --service-account-issuer.
 *
 * The signature and key id are not an RSA signature: they are bytes of the
 * right length from a generator seeded by the cluster and the token's claims,
 * so the same request at the same instant gives the same token (the engine is
 * deterministic) and the text has a real token's shape (a 2048-bit key signs
 * 256 bytes: 342 base64url characters).
 */
import { badRequest, conflict, field, invalid, notFound } from '../errors.js';
import type { APIServer } from '../apiserver.js';
import type { KObject } from '../meta.js';
import { fnv32a, Random } from '../../util/random.js';
import { utf8Bytes } from '../../util/utf8.js';
import { rfc3339 } from '../../util/time.js';

/** kubeadm's --service-account-issuer, which is also the API server's default audience. */
export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** SetDefaults_TokenRequestSpec. */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

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

export interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind: string; apiVersion?: string; name: string; uid?: string };
}

/** JSON with sorted keys at every level, as go-jose marshals merged claims (maps). */
function sortedJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sortedJSON(o[k])}`).join(',')}}`;
}

const ref = (o: KObject) => ({ name: o.metadata.name, uid: o.metadata.uid });

/** Creates the TokenRequest for ServiceAccount namespace/name: the object the API server returns. */
export function createToken(apiserver: APIServer, namespace: string, name: string, spec: TokenRequestSpec): KObject {
  const sa = apiserver.tryGet('serviceaccounts', namespace, name);
  if (!sa) throw notFound('serviceaccounts', '', name);
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) throw invalid('TokenRequest', 'authentication.k8s.io', name, [field.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes')]);
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) throw invalid('TokenRequest', 'authentication.k8s.io', name, [field.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds')]);
  const audiences = spec.audiences?.length ? spec.audiences : [ISSUER];
  const k8s: Record<string, unknown> = { namespace, serviceaccount: ref(sa) };
  const bound = spec.boundObjectRef;
  if (bound) {
    const resource = bound.kind === 'Pod' ? 'pods' : bound.kind === 'Secret' ? 'secrets' : bound.kind === 'Node' ? 'nodes' : '';
    if (!resource) throw badRequest(`cannot bind token for serviceaccount "${name}" to object of kind "${bound.kind}"`);
    const obj = apiserver.tryGet(resource, resource === 'nodes' ? undefined : namespace, bound.name);
    if (!obj) throw notFound(resource, '', bound.name);
    if (bound.uid && bound.uid !== obj.metadata.uid) throw conflict(bound.kind, '', bound.name, `the UID in the bound object reference (${bound.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    if (resource === 'pods') {
      k8s.pod = ref(obj);
      // ServiceAccountTokenPodNodeInfo: a token bound to a scheduled pod names its node too.
      const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
      const node = nodeName ? apiserver.tryGet('nodes', undefined, nodeName) : undefined;
      if (node) k8s.node = ref(node);
    } else if (resource === 'secrets') k8s.secret = ref(obj);
    else k8s.node = ref(obj);
  }
  const nowMs = apiserver.clock.now();
  const now = Math.floor(nowMs / 1000);
  const seed = new Random(fnv32a(`${namespace}/${name}@${nowMs}#${audiences.join(',')}`));
  const jti = seed.uuid();
  const claims = { aud: audiences, exp: now + expirationSeconds, iat: now, iss: ISSUER, jti, 'kubernetes.io': k8s, nbf: now, sub: `system:serviceaccount:${namespace}:${name}` };
  const header = `{"alg":"RS256","kid":"${keyID()}"}`;
  const signingInput = `${base64url(utf8Bytes(header))}.${base64url(utf8Bytes(sortedJSON(claims)))}`;
  const token = `${signingInput}.${base64url(randomBytes(seed, 256))}`;
  const specOut: Record<string, unknown> = { audiences, expirationSeconds, boundObjectRef: bound ? { kind: bound.kind, apiVersion: bound.apiVersion ?? 'v1', name: bound.name, ...(bound.uid ? { uid: bound.uid } : {}) } : null };
  return {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace },
    spec: specOut, status: { token, expirationTimestamp: rfc3339((now + expirationSeconds) * 1000) },
  } as KObject;
}
