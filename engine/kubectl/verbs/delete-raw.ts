/**
 * `kubectl delete --raw URI`, loaded on first use: Complete skips the builder (names and types are ignored),
 * Validate adds --raw's rules, and RunDelete sends one DELETE to the URI (rawhttp.RawDelete), printing the
 * server's answer as it comes.
 */
import type { Invocation } from '../framework/command.js';
import { goQuote } from '../printers/gofmt.js';
import { FORCE_WARNING } from './delete.js';
import type { Answer } from './api-get.js';
import { loadApiHost } from './proxy.js';

export async function rawDelete(inv: Invocation, raw: string, filenames: string[], force: boolean, grace: number): Promise<number> {
  const f = inv.flags;
  const output = f.string('output');
  if (output && output !== 'name') throw new Error(`unexpected -o output mode: ${output}. We only support '-o name'`);
  if (f.bool('all') && f.string('selector')) throw new Error('cannot set --all and --selector at the same time');
  if (f.bool('all') && f.string('field-selector')) throw new Error('cannot set --all and --field-selector at the same time');
  if (force && grace === 0) inv.warn(FORCE_WARNING);
  if (force && grace > 0) throw new Error('--force and --grace-period greater than 0 cannot be specified together');
  if (f.bool('interactive')) throw new Error('--interactive can not be used with --raw');
  if (filenames.length > 1) throw new Error('--raw can only use a single local file or stdin');
  if (filenames.length === 1 && /^https?:\/\//.test(filenames[0])) throw new Error('--raw cannot read from a url');
  if (f.bool('recursive')) throw new Error('--raw and --recursive are mutually exclusive');
  if (output) throw new Error('--raw and --output are mutually exclusive');
  // url.ParseRequestURI: an absolute path or an absolute URL.
  if (!raw.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw)) throw new Error(`--raw must be a valid URL path: parse ${goQuote(raw)}: invalid URI for request`);
  let body = '';
  if (filenames.length === 1) {
    const text = filenames[0] === '-' ? await inv.ctx.stdin.readAll() : inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, filenames[0]));
    if (text === undefined) throw new Error(`open ${filenames[0]}: no such file or directory`);
    body = text;
  }
  const host = await loadApiHost(inv.ctx.cluster);
  const api = host.api;
  const path = raw.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/, '');
  // The write handlers answer a resource's path (an object, or a collection's deletecollection); any other path
  // the server serves is read-only (discovery, /version): go-restful has no DELETE route there.
  const answer = api.apiWrite(inv.client(), path, host, { method: 'DELETE', headers: { 'Content-Type': 'application/json', 'User-Agent': api.KUBECTL_USER_AGENT }, body })
    ?? readOnlyAnswer(api.apiGet(inv.client(), raw, host, { method: 'GET', headers: { 'User-Agent': api.KUBECTL_USER_AGENT } }));
  if (answer.status >= 200 && answer.status < 300) {
    // The bytes as sent: kubectl's User-Agent gets the compact encoding, a newline after.
    inv.out(typeof answer.body === 'string' ? answer.body : api.goJSON(answer.body, false));
    return 0;
  }
  throw api.answerError(answer);
}

/** A path the server reads but has no DELETE route for: 405; a path it does not serve at all keeps its own error. */
function readOnlyAnswer(read: Answer): Answer {
  if (read.status < 200 || read.status >= 300) return read;
  return { status: 405, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 } };
}
