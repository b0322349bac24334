/**
 * `kubectl delete --raw URI`, loaded on first use: Complete skips the builder (names and types are ignored),
 * Validate adds --raw's rules, and RunDelete sends one DELETE to the URI (rawhttp.RawDelete), printing the
 * server's answer as it comes.
 */
import type { DeleteOptions } from '../../api/apiserver.js';
import { StatusError } from '../../api/errors.js';
import { RESOURCES } from '../../api/resources.js';
import type { Invocation } from '../framework/command.js';
import { goQuote } from '../printers/gofmt.js';
import { FORCE_WARNING } from './delete.js';
import { answerError, apiGet } from './api-get.js';

export async function rawDelete(inv: Invocation, raw: string, filenames: string[], force: boolean, grace: number): Promise<number> {
  const f = inv.flags;
  const output = f.string('output');
  if (output && output !== 'name') throw new Error(`unexpected -o output mode: ${output}. We only support '-o name'`);
  if (f.bool('all') && f.string('selector')) throw new Error('cannot set --all and --selector at the same time');
  if (f.bool('all') && f.string('field-selector')) throw new Error('cannot set --all and --field-selector at the same time');
  if (force && grace === 0) inv.err(FORCE_WARNING);
  if (force && grace > 0) throw new Error('--force and --grace-period greater than 0 cannot be specified together');
  if (f.bool('interactive')) throw new Error('--interactive can not be used with --raw');
  if (filenames.length > 1) throw new Error('--raw can only use a single local file or stdin');
  if (filenames.length === 1 && /^https?:\/\//.test(filenames[0])) throw new Error('--raw cannot read from a url');
  if (f.bool('recursive')) throw new Error('--raw and --recursive are mutually exclusive');
  if (output) throw new Error('--raw and --output are mutually exclusive');
  // url.ParseRequestURI: an absolute path or an absolute URL.
  if (!raw.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw)) throw new Error(`--raw must be a valid URL path: parse ${goQuote(raw)}: invalid URI for request`);
  let body: DeleteOptions & { dryRun?: string[] } = {};
  if (filenames.length === 1) {
    const text = filenames[0] === '-' ? await inv.ctx.stdin.readAll() : inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, filenames[0]));
    if (text === undefined) throw new Error(`open ${filenames[0]}: no such file or directory`);
    if (text.trim()) body = JSON.parse(text) as typeof body;
  }
  inv.out(JSON.stringify(rawDeleteAnswer(inv, raw, body)) + '\n');
  return 0;
}

/** What kube-apiserver answers a DELETE of `uri`: an object's delete; discovery and other read-only paths refuse the method. */
function rawDeleteAnswer(inv: Invocation, uri: string, body: DeleteOptions & { dryRun?: string[] }): unknown {
  const [path, query = ''] = uri.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/, '').split('?');
  const q = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  const [group, version, rest] = parts[0] === 'api' ? ['', parts[1], parts.slice(2)] : parts[0] === 'apis' ? [parts[1], parts[2], parts.slice(3)] : ['', '', []];
  const namespace = rest[0] === 'namespaces' && rest.length >= 4 ? rest[1] : undefined;
  const [resource, name, ...more] = namespace !== undefined ? rest.slice(2) : rest;
  const info = RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
  if (!info || !name || more.length || info.namespaced !== (namespace !== undefined)) {
    const read = apiGet(inv.client(), uri);
    if (read.status >= 200 && read.status < 300) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 });
    throw answerError(read);
  }
  const key = info.group ? `${info.resource}.${info.group}` : info.resource;
  const opts: DeleteOptions = { dryRun: q.get('dryRun') === 'All' || !!body.dryRun?.includes('All') };
  const grace = q.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = q.get('propagationPolicy') ?? body.propagationPolicy;
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (body.preconditions) opts.preconditions = body.preconditions;
  const client = inv.client();
  const before = client.get(key, namespace, name);
  const out = client.delete(key, namespace, name, opts);
  // Still there (graceful deletion, finalizers, a dry run): the object; gone: the registry's Success Status
  // (pods return the deleted object: their storage sets ReturnDeletedObject).
  const still = client.tryGet(key, namespace, name);
  if (still || opts.dryRun || key === 'pods') return still ?? out;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, ...(info.group ? { group: info.group } : {}), kind: info.resource, uid: before.metadata.uid }, code: 200 };
}

