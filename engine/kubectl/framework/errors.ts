/**
 * kubectl's cmdutil.CheckErr: how any error becomes the text on stderr.
 *   API status      → `Error from server (NotFound): deployments.apps "web" not found`
 *   422 Invalid     → `The Deployment "web" is invalid: <field>: <message>`, or with
 *                     several causes a header line and one `* ` line per cause
 *   refused         → `The connection to the server <host> was refused - did you specify the right host or port?`
 *   anything else   → `error: <message>`
 */
import { ConnectionRefusedError, StatusError, isStatusError } from '../../api/errors.js';
import { AggregateError, PlainError, UsageError } from './command.js';
import { goQuote } from '../printers/gofmt.js';

/** meta.NoResourceMatchError: a type the discovery data does not know. */
export class NoResourceMatchError extends Error {
  constructor(readonly resource: string, readonly group = '', readonly version = '') {
    super(noMatchText(resource, group, version));
    this.name = 'NoResourceMatchError';
  }
}

function noMatchText(resource: string, group: string, version: string): string {
  if (group && version) return `the server doesn't have a resource type "${resource}" in group "${group}" and version "${version}"`;
  if (group) return `the server doesn't have a resource type "${resource}" in group "${group}"`;
  if (version) return `the server doesn't have a resource type "${resource}" in version "${version}"`;
  return `the server doesn't have a resource type "${resource}"`;
}

/** StandardErrorMessage: the one-line form of API and connection errors (without the CheckErr special cases). */
export function standardErrorMessage(err: unknown, host: string): string | undefined {
  if (isStatusError(err)) {
    const s = err.status;
    if ((s.reason as string) === 'Unauthorized') return `error: You must be logged in to the server (${s.message})`;
    if (s.reason) return `Error from server (${s.reason}): ${s.message}`;
    return `Error from server: ${s.message}`;
  }
  if (err instanceof ConnectionRefusedError) {
    return `The connection to the server ${host} was refused - did you specify the right host or port?`;
  }
  return undefined;
}

function messageForError(err: unknown, host: string): string {
  const std = standardErrorMessage(err, host);
  if (std) return std;
  return String((err as Error)?.message ?? err);
}

/** The full stderr text (ending with a newline) for an error, as CheckErr prints it. */
export function errorText(err: unknown, host: string, commandPath = 'kubectl'): string {
  // checkErr unwraps an aggregate of one error (once).
  if (err instanceof AggregateError && !(err instanceof NestedAggregate) && err.errors.length === 1) err = err.errors[0];
  let msg: string;
  if (err instanceof UsageError) {
    msg = `error: ${err.message}\nSee '${commandPath} -h' for help and examples`;
  } else if (err instanceof PlainError) {
    msg = err.message;
  } else if (isStatusError(err) && err.reason === 'Invalid') {
    msg = invalidText(err);
  } else if (err instanceof AggregateError) {
    // MultipleErrors: each message and a newline, so one that ends in its own newline is followed by a blank line.
    msg = flatten(err.errors).map((e) => messageForError(e, host) + '\n').join('');
  } else {
    const std = standardErrorMessage(err, host);
    if (std) msg = std;
    else {
      msg = String((err as Error)?.message ?? err);
      if (!msg.startsWith('error: ')) msg = `error: ${msg}`;
    }
  }
  if (msg.length === 0) return '';
  return msg.endsWith('\n') ? msg : msg + '\n';
}

/**
 * utilerrors.NewAggregate of several errors kept whole inside another aggregate: CheckErr prints it there as one line,
 * "[a, b]" (Go's aggregate Error(): each text once, an API error's message without "Error from server").
 */
export class NestedAggregate extends AggregateError {
  readonly text: string;
  constructor(errors: unknown[]) {
    super(errors);
    const texts = [...new Set(errors.map((e) => String((e as Error)?.message ?? e)))];
    this.text = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  }
}

function flatten(errs: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const e of errs) {
    if (e instanceof NestedAggregate) out.push(new Error(e.text));
    else if (e instanceof AggregateError) out.push(...flatten(e.errors));
    else out.push(e);
  }
  return out;
}

function invalidText(err: StatusError): string {
  const s = err.status;
  const d = s.details;
  if (!d) return s.message ? `The request is invalid: ${s.message}` : 'The request is invalid';
  let head = 'The request is invalid';
  // fmt's %q: a name with a quote in it prints as "\"" (cmdutil's checkErr).
  if (d.kind || d.name) head = `The ${d.kind ?? ''} ${goQuote(d.name ?? '')} is invalid`;
  // Neither kind, name nor causes (a JSON patch the server could not apply): the server's message is all there is.
  else if (s.message && !d.causes?.length) head = `The request is invalid: ${s.message}`;
  const causes = d.causes ?? [];
  if (!causes.length) return head;
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const c of causes) {
    const m = `${c.field}: ${c.message}`;
    if (seen.has(m)) continue;
    seen.add(m);
    msgs.push(m);
  }
  // MultilineError ends every message with a newline, even one that has its own (a pod update's spec diff, "may not be
  // changed\n"): a blank line follows it, as kubectl v1.35.2 prints it (golden examples).
  if (msgs.length === 1) return `${head}: ${msgs[0]}\n`;
  return `${head}: \n${msgs.map((m) => `* ${m}\n`).join('')}`;
}
