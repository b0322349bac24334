/**
 * What the mutating verbs share: --dry-run, -o for a changed object, the
 * `kind.group/name verb` line, the last-applied annotation, and the Command
 * shape built from the generated help data (help-data-b.ts).
 */
import { StatusError, isStatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { resourceKey, type ResourceInfo } from '../../api/resources.js';
import { MISSING_RESOURCE, infoOf, manifestNamespace, splitResourceArgs } from '../framework/builder.js';
import type { Command, Invocation } from '../framework/command.js';
import { goJSONString, parseOutput, printGeneric, nameOf, templateFlagsOf, type OutputSpec } from '../printers/output.js';
import { toJSON } from '../printers/yaml.js';
import { HELP_B } from './help-data-b.js';
import { RECORD_FLAG, RECORDING_VERBS } from './record-flag.js';
import { derived } from './flag-tables.js';

export type DryRun = 'none' | 'client' | 'server';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The -o formats of the verbs that print a changed object (PrintFlags without tables). */
export const MUTATE_OUTPUT_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'kyaml', 'name', 'template', 'templatefile', 'yaml'];

/** A Command from the help data of `path` ("rollout status"), plus what the verb adds. */
export function verb(path: string, rest: Partial<Command> & Pick<Command, 'run'> | Partial<Command>): Command {
  const h = HELP_B[path];
  if (!h) throw new Error(`no help data for ${path}`);
  const name = path.split(' ').pop()!;
  // The help data lists no hidden flag: --record, deprecated, is added where it still records.
  const flags = RECORDING_VERBS.has(path) ? derived(h.flags, (f) => [...f, RECORD_FLAG]) : h.flags;
  return { name, short: h.short, long: h.long, example: h.example, use: h.use, aliases: h.aliases?.length ? h.aliases : undefined, flags, ...rest };
}

/** cmdutil.GetDryRunStrategy. */
export function dryRunStrategy(inv: Invocation): DryRun {
  if (!inv.flags.has('dry-run')) return 'none';
  const v = inv.flags.string('dry-run');
  switch (v) {
    case '':
    case 'none': return 'none';
    case 'client': return 'client';
    case 'server': return 'server';
    case 'unchanged':
      inv.err(klogLine(inv, 'W', 'helpers.go:719', '--dry-run is deprecated and can be replaced with --dry-run=client.'));
      return 'client';
  }
  throw new Error(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** A klog line (`W1126 17:57:18.836877   26246 helpers.go:719] text`) stamped with virtual time. */
export function klogLine(inv: Invocation, level: 'W' | 'E' | 'I', where: string, text: string): string {
  const d = new Date(inv.now());
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}    4242 ${where}] ${text}\n`;
}

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

/** Parses -o for a mutating verb; undefined when -o is not given. */
export function outputSpec(inv: Invocation): OutputSpec | undefined {
  if (!inv.flags.has('output')) return undefined;
  const o = inv.flags.string('output');
  const tf = templateFlagsOf(inv.flags);
  if (!o && !tf.template) return undefined;
  return parseOutput(o, MUTATE_OUTPUT_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), tf);
}

/** `deployment.apps/web`. */
export function kindName(info: Pick<ResourceInfo, 'kind' | 'group'>, name: string): string {
  // The name printer's placeholder for an object without a name.
  return `${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''}/${name || '<unknown>'}`;
}

/**
 * Prints what a mutating verb did: the object in the -o format, or the
 * `deployment.apps/web <operation>` line with the dry-run suffix.
 * `ordered` keeps the object's own field order for JSON (client-side typed objects).
 */
/** Awaits real I/O (a lazily loaded module) with simulated time held meanwhile, as a lazy verb's load does. */
export async function holding<T>(inv: Invocation, loading: Promise<T>): Promise<T> {
  const release = inv.ctx.cluster.clock.hold();
  try {
    return await loading;
  } finally {
    release();
  }
}

export function printResult(inv: Invocation, spec: OutputSpec | undefined, info: ResourceInfo | undefined, obj: KObject, operation: string, dryRun: DryRun, ordered = false): void {
  // One YAMLPrinter prints every object of a command, with `---` before each one after the first.
  if (spec?.kind === 'yaml') {
    const n = yamlPrinted.get(inv) ?? 0;
    yamlPrinted.set(inv, n + 1);
    if (n > 0) inv.out('---\n');
  }
  if (!spec) {
    inv.out(`${info ? kindName(info, obj.metadata.name ?? '') : nameOf(obj)} ${operation}${dryRunSuffix(dryRun)}\n`);
    return;
  }
  if (spec.kind === 'name') inv.out(`${info ? kindName(info, obj.metadata.name ?? '') : nameOf(obj)}\n`);
  else if (spec.kind === 'json') inv.out(toJSON(stripManaged(obj), !ordered) + '\n');
  else inv.out(printGeneric(spec, stripManaged(obj), ordered));
}

const yamlPrinted = new WeakMap<Invocation, number>();

/** The builder's namespace visitor: a namespaced object read from -f names the namespace it goes to. */
export function withNamespace(info: ResourceInfo, obj: KObject, ns: string | undefined): KObject {
  if (!info.namespaced || !ns || obj.metadata?.namespace === ns) return obj;
  return { ...obj, metadata: { ...(obj.metadata ?? {}), namespace: ns } };
}

export function stripManaged(o: KObject): KObject {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _m, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

/** The last-applied annotation value: compact JSON of the manifest without the annotation itself, plus a newline. */
export function lastAppliedOf(obj: KObject, ordered = false): string {
  const copy = JSON.parse(JSON.stringify(obj)) as KObject;
  const ann = copy.metadata?.annotations;
  if (ann) {
    delete ann[LAST_APPLIED];
    if (Object.keys(ann).length === 0 && ordered) delete copy.metadata.annotations;
  }
  // GetModifiedConfiguration sets the annotations (empty when there were none) before encoding: an unstructured
  // object from -f keeps `"annotations":{}`, a typed one drops the empty map (omitempty).
  if (!ordered) (copy.metadata ??= {}).annotations ??= {};
  return compact(copy, !ordered) + '\n';
}

// encoding/json's escapes (`<` as \u003c ...), as the annotation kubectl stores shows them.
function compact(v: unknown, sort: boolean): string {
  if (typeof v === 'string') return goJSONString(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => compact(x, sort)).join(',')}]`;
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
  if (sort) keys.sort();
  return `{${keys.map((k) => `${goJSONString(k)}:${compact((v as Record<string, unknown>)[k], sort)}`).join(',')}}`;
}

/** Sets the last-applied annotation on `obj` (in place), as --save-config and apply do. */
export function setLastApplied(obj: KObject, ordered = false): void {
  const value = lastAppliedOf(obj, ordered);
  const meta = (obj.metadata ??= {});
  // Keep the annotation first when building typed objects so JSON output follows kubectl's.
  meta.annotations = { [LAST_APPLIED]: value, ...(meta.annotations ?? {}) };
}

export { resourceKey };

/** cmdutil.AddSourceToErr: `error when creating "web.yaml": <server message>` (Invalid errors keep their causes). */
export function withSource(err: unknown, verbing: string, source: string): unknown {
  if (!source) return err;
  if (!isStatusError(err)) return new Error(`error when ${verbing} "${source}": ${String((err as Error)?.message ?? err)}`);
  // An Invalid error alone prints from its details ("The Pod "x" is invalid"); among several, its message shows the file.
  return new StatusError({ ...err.status, message: `error when ${verbing} "${source}": ${err.status.message}` });
}

/** --validate: strict (the default, also `true`), warn, ignore (also `false`). */
export function fieldValidation(inv: Invocation): 'Strict' | 'Warn' | 'Ignore' {
  if (!inv.flags.has('validate')) return 'Strict';
  const v = inv.flags.string('validate').toLowerCase();
  if (v === 'true' || v === 'strict') return 'Strict';
  if (v === 'warn') return 'Warn';
  if (v === 'false' || v === 'ignore') return 'Ignore';
  throw new Error(`invalid - validate option "${inv.flags.string('validate')}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/** Waits on the virtual clock; resolves early on Ctrl-C. */
export function sleep(inv: Invocation, ms: number): Promise<void> {
  return inv.ctx.sleep(ms);
}

/**
 * text/tabwriter with minwidth 0, tabwidth 8, padding `padding`, padchar ' ':
 * cells of a column padded to the widest cell plus padding; the last cell of a
 * line is not padded. Columns are blocks of consecutive lines with that cell.
 */
export function tabbed(text: string, padding: number): string {
  const lines = text.split('\n');
  const cells = lines.map((l) => l.split('\t'));
  const out = cells.map((c) => [...c]);
  const maxCols = Math.max(...cells.map((c) => c.length));
  for (let col = 0; col < maxCols - 1; col++) {
    let i = 0;
    while (i < cells.length) {
      if (cells[i].length - 1 <= col) { i++; continue; }
      let j = i;
      let width = 0;
      while (j < cells.length && cells[j].length - 1 > col) { width = Math.max(width, cells[j][col].length); j++; }
      for (let k = i; k < j; k++) out[k][col] = cells[k][col].padEnd(width + padding);
      i = j;
    }
  }
  return out.map((c) => c.join('')).join('\n');
}

export { MISSING_RESOURCE, infoOf, manifestNamespace };

/** What the resource builder is given, for the checks it makes before asking the server. */
export interface BuilderArgs {
  args: string[];
  /** -f or -k given. */
  paths?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  /** --all (SelectAllParam), called after the selector params as most verbs do. */
  selectAll?: boolean;
  /** ResourceTypeOrNameArgs(allowEmptySelector): a lone type selects every object of it. */
  allowEmptySelector?: boolean;
}

/**
 * The errors resource.Builder's Do() returns before any request (builder.go
 * visitorResult, visitByPaths, visitBySelector), in its order; `mapping`
 * resolves a type the way the builder does and throws its error.
 */
export function checkBuilderArgs(b: BuilderArgs, mapping: (type: string) => void): void {
  const label = (b.labelSelector ?? '').trim();
  const field = (b.fieldSelector ?? '').trim();
  if (b.selectAll && (label || field)) throw new Error("setting 'all' parameter but found a non empty selector. ");
  const { types, names, tuples } = splitResourceArgs(b.args);
  if (b.paths) {
    if (types.length) throw new Error('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    if (names.length) throw new Error('name cannot be provided when a path is specified');
    if (tuples.length) throw new Error('resource/name arguments cannot be provided when a path is specified');
    return;
  }
  const selecting = !!label || !!field || !!b.selectAll || (!!b.allowEmptySelector && b.args.length === 1 && types.length > 0);
  if (selecting) {
    if (names.length) throw new Error('name cannot be provided when a selector is specified');
    if (tuples.length) throw new Error('selectors and the all flag cannot be used when passing resource/name arguments');
    if (!types.length) throw new Error('at least one resource must be specified to use a selector');
    return;
  }
  if (tuples.length || names.length) return;
  if (types.length) {
    for (const t of types) mapping(t);
    throw new Error('resource(s) were provided, but no name was specified');
  }
  throw new Error(MISSING_RESOURCE);
}

/** cmdutil.GetResourcesAndPairs: resource words, then KEY=VALUE / KEY- words; a resource word after a pair is an error. */
export function resourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const pair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (pair) pairs.push(s);
    else if (pairs.length) throw new Error(`all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return { resources, pairs };
}
