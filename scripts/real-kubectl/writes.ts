/**
 * Writes for the oracle's front (server.ts): the real kubectl's POST, PUT, PATCH and DELETE go through the
 * simulated API server's own write handlers (engine/api/server/writes.ts), each recorded (verb, resource, object,
 * patch type, field manager) so the driver can compare it with what KubeLab's kubectl sent.
 */
import type http from 'node:http';
import type { Cluster } from '../../engine/cluster.js';
import type { ResourceInfo } from '../../engine/api/resources.js';
import { serveWrite as serveEngineWrite, type WriteAnswer, type WriteRecord } from '../../engine/api/server/writes.js';

export type { WriteAnswer, WriteRecord };
export { managerFromUserAgent } from '../../engine/api/server/writes.js';

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

/** Serves one write of the real kubectl's; throws the engine's StatusErrors for server.ts to send as metav1.Status. */
export function serveWrite(cluster: Cluster, req: http.IncomingMessage, url: URL, body: string, info: ResourceInfo, key: string, ns: string | undefined, name: string | undefined, subresource: string | undefined, record: (r: WriteRecord) => void): WriteAnswer {
  // server.ts has already decoded a typed client's protobuf body into JSON.
  const sent = req.headers['content-type'];
  const contentType = sent?.startsWith('application/vnd.kubernetes.protobuf') ? 'application/json' : sent;
  return serveEngineWrite(cluster, { method: req.method ?? 'GET', contentType, userAgent: req.headers['user-agent'], query: url.searchParams, body }, info, key, ns, name, subresource, { record });
}
