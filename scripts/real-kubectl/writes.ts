/**
 * Writes for the oracle's front (server.ts): POST, PUT, PATCH and DELETE of
 * the real kubectl go into the simulated cluster's API server, as they would
 * into kube-apiserver (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * create.go, update.go, patch.go, delete.go):
 *
 *   POST   collection                      create (201)
 *   PUT    object | /status | /scale       update (200)
 *   PATCH  object | /status | /scale       Content-Type: application/json-patch+json (json),
 *                                          merge-patch+json (merge), strategic-merge-patch+json,
 *                                          apply-patch+yaml (server-side apply)
 *   DELETE object                          DeleteOptions from the body or the query (200; the
 *                                          object while it terminates, else a Success Status)
 *   POST   pods/NAME/eviction              DisruptionTarget, then a delete of the pod (kubectl drain), 201 Success
 *
 * Query: dryRun=All, fieldManager, fieldValidation (Strict, Warn: the unknown
 * fields come back as `Warning:` headers, Ignore). Errors are the engine's own
 * StatusErrors, sent as metav1.Status with their code: the real kubectl prints
 * them from there. Each write is recorded (verb, resource, object, patch type,
 * field manager) so the driver can compare it with what KubeLab's kubectl sent.
 */
import type http from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Cluster } from '../../engine/cluster.js';
import { evictPod } from '../../engine/api/eviction.js';
import type { KObject } from '../../engine/api/meta.js';
import type { DeleteOptions, WriteOptions } from '../../engine/api/apiserver.js';
import type { PatchType } from '../../engine/api/patch.js';
import { badRequest, StatusError } from '../../engine/api/errors.js';
import { jsonUnmarshalError } from '../../engine/kubectl/framework/json-syntax.js';
import type { ResourceInfo } from '../../engine/api/resources.js';
import { SCALABLE } from './scale-subresource.js';

/** One write as a client sent it, in a form both sides can print the same way. */
export interface WriteRecord {
  verb: 'create' | 'update' | 'patch' | 'delete';
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  patchType?: PatchType;
  fieldManager?: string;
  dryRun?: boolean;
}

/** `create deployments.apps default/web type=merge manager=kubectl-edit`: what the driver compares. */
export function recordLine(r: WriteRecord): string {
  return [
    r.verb,
    r.resource + (r.subresource ? `/${r.subresource}` : ''),
    `${r.namespace ? r.namespace + '/' : ''}${r.name ?? ''}`,
    r.patchType ? `type=${r.patchType}` : '',
    r.verb !== 'delete' && r.fieldManager ? `manager=${r.fieldManager}` : '',
    r.dryRun ? 'dryRun' : '',
  ].filter(Boolean).join(' ');
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** kube-apiserver's default manager: the User-Agent's first word, up to the first '/' ("kubectl/v1.35.2 (linux/amd64)..." → "kubectl"). */
export function managerFromUserAgent(ua: string | undefined): string {
  return (ua ?? '').split('/')[0].trim() || 'unknown';
}

export interface WriteAnswer { code: number; body: unknown; warnings?: string[] }

/** A subresource the kind does not have (pods/scale): no route, so the API server's 404 for an unknown path. */
const NO_SUCH_PATH = () => new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });

function success(code: number, details: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code };
}

function decodeBody(text: string, yaml = false): unknown {
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    // The decoder's own wording is Go's; what kubectl prints for it is the server's 400 message.
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/**
 * Serves one write. `key` is the engine's resource key, `name`/`subresource` from the path. Throws the engine's
 * StatusErrors; server.ts sends them as metav1.Status.
 */
export function serveWrite(cluster: Cluster, req: http.IncomingMessage, url: URL, body: string, info: ResourceInfo, key: string, ns: string | undefined, name: string | undefined, subresource: string | undefined, record: (r: WriteRecord) => void): WriteAnswer {
  const api = cluster.apiserver;
  const q = url.searchParams;
  const dryRun = q.getAll('dryRun').includes('All');
  const fieldManager = q.get('fieldManager') ?? managerFromUserAgent(req.headers['user-agent']);
  const fv = q.get('fieldValidation');
  // Without the parameter kube-apiserver warns about unknown fields (the default directive is Warn).
  const fieldValidation = (fv === 'Strict' || fv === 'Warn' || fv === 'Ignore' ? fv : 'Warn') as WriteOptions['fieldValidation'];
  // force: a server-side apply takes the fields it conflicts on (PatchOptions.force).
  // Without a fieldManager the server names the writer after the User-Agent (as the engine does for its clients).
  const opts: WriteOptions = { dryRun, fieldManager: q.get('fieldManager') ?? undefined, userAgent: req.headers['user-agent'], fieldValidation, force: q.get('force') === 'true' };
  const namespace = info.namespaced ? ns : undefined;
  const warnings: string[] = [];
  /** fieldValidation=Warn: kube-apiserver answers with one warning per unknown field (a patch's $directives are not fields). */
  const warnUnknown = (obj: unknown) => {
    if (fieldValidation === 'Warn' && api.unknownFields) for (const f of api.unknownFields(info, obj)) if (!f.includes('$')) warnings.push(`unknown field "${f}"`);
  };
  const base = { resource: key, namespace, name, subresource, fieldManager, dryRun };

  if (req.method === 'POST') {
    if (key === 'pods' && name && subresource === 'eviction') {
      const ev = decodeBody(body || '{}') as { deleteOptions?: DeleteOptions };
      record({ ...base, verb: 'create' });
      const d = ev.deleteOptions ?? {};
      // The engine's own eviction (engine/api/eviction.ts): DisruptionTarget through the status store, then the delete.
      evictPod(cluster.client('kube-apiserver'), namespace!, name, { ...d, dryRun: dryRun || (d as { dryRun?: unknown }).dryRun !== undefined }, cluster.clock.now());
      return { code: 201, body: success(201, {}) };
    }
    if (name) throw badRequest(`the server does not allow this method on the requested resource`);
    const obj = decodeBody(body) as KObject;
    warnUnknown(obj);
    record({ ...base, verb: 'create', name: obj?.metadata?.name ?? obj?.metadata?.generateName });
    return { code: 201, body: api.create(key, namespace, obj, opts), warnings };
  }
  if (!name) throw badRequest('the server does not allow this method on the requested resource');

  if (req.method === 'PUT') {
    const obj = decodeBody(body) as KObject;
    record({ ...base, verb: 'update' });
    if (subresource === 'scale' && !SCALABLE.has(key)) throw NO_SUCH_PATH();
    if (subresource === 'scale') return { code: 200, body: api.updateScale(key, namespace, name, obj, opts), warnings };
    warnUnknown(obj);
    if (subresource === 'status') return { code: 200, body: api.update(key, obj, { ...opts, subresource: 'status' }), warnings };
    return { code: 200, body: api.update(key, { ...obj, metadata: { ...(obj.metadata ?? {}), namespace: obj.metadata?.namespace ?? namespace } }, opts), warnings };
  }

  if (req.method === 'PATCH') {
    const type = PATCH_TYPES[String(req.headers['content-type'] ?? '').split(';')[0].trim()];
    if (!type) throw Object.assign(badRequest('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'), {});
    // handlers/patch.go: a strategic merge patch is decoded strictly (the default directive, Warn, or Strict) and the
    // decoder's error is the message; a merge patch's is prefixed "error decoding patch: ".
    const syntax = type === 'strategic' || type === 'merge' ? jsonUnmarshalError(body) : undefined;
    if (syntax) throw badRequest(type === 'merge' ? `error decoding patch: ${syntax}` : syntax);
    const patch = decodeBody(body, type === 'apply');
    record({ ...base, verb: 'patch', patchType: type });
    if (subresource === 'scale') {
      if (!SCALABLE.has(key)) throw NO_SUCH_PATH();
      return { code: 200, body: api.patch(key, namespace, name, type, patch, { ...opts, subresource: 'scale' }), warnings };
    }
    if (type !== 'json') warnUnknown(patch);
    const sub = subresource === 'status' ? { subresource: 'status' as const } : {};
    return { code: 200, body: api.patch(key, namespace, name, type, patch, { ...opts, ...sub }), warnings };
  }

  if (req.method === 'DELETE') {
    const fromBody = (body.trim() ? decodeBody(body) : {}) as DeleteOptions & { dryRun?: unknown; orphanDependents?: boolean };
    const d: DeleteOptions = {};
    const grace = q.get('gracePeriodSeconds') ?? fromBody.gracePeriodSeconds;
    if (grace !== undefined && grace !== null) d.gracePeriodSeconds = Number(grace);
    const policy = q.get('propagationPolicy') ?? fromBody.propagationPolicy;
    if (policy) d.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
    if (fromBody.preconditions) d.preconditions = fromBody.preconditions;
    d.dryRun = dryRun || (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All'));
    record({ ...base, verb: 'delete', dryRun: d.dryRun });
    const before = api.get(key, namespace, name);
    const out = api.delete(key, namespace, name, d);
    // Still there (graceful deletion, finalizers, a dry run): the object; gone: the registry's Success Status
    // (pods return the deleted object: their storage sets ReturnDeletedObject).
    const still = api.tryGet(key, namespace, name);
    if (still || d.dryRun || key === 'pods') return { code: 200, body: still ?? out };
    return { code: 200, body: success(200, { name, ...(info.group ? { group: info.group } : {}), kind: info.resource, uid: before.metadata.uid }) };
  }
  throw badRequest('the server does not allow this method on the requested resource');
}

