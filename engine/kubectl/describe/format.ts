/**
 * The building blocks every describer shares (kubectl/pkg/describe/describe.go):
 * the PrefixWriter (two spaces a level), the multi-line Labels/Annotations/
 * Taints/Tolerations blocks, RFC1123Z times, the Events table, and the
 * generic describer's walk over unstructured content. Output goes through Go's
 * tabwriter (minwidth 0, padding 2) by `tabbed`.
 */
import type { KObject } from '../../api/meta.js';
import { formatTabbed } from '../printers/gotabwriter.js';
import { since } from '../printers/duration.js';
import { eventInterval } from '../printers/events.js';
import { goSort } from './gosort.js';
import { rfc1123 } from '../../util/time.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = Record<string, any>;

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** prefixWriter: each level indents two spaces; text passes through printers.WriteEscaped. */
export class PrefixWriter {
  text = '';
  write(level: number, s: string): void {
    this.text += escapeTerminal('  '.repeat(level) + s);
  }
  /** WriteLine: the words and a newline, no indentation. */
  line(s: string): void {
    this.text += escapeTerminal(s + '\n');
  }
}

/** printers.EscapeTerminal: an ESC or CR in a value cannot move the learner's cursor. */
export function escapeTerminal(s: string): string {
  return s.includes('\x1b') || s.includes('\r') ? s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r') : s;
}

/** tabbedString: the written text through the tabwriter. */
export function tabbed(w: PrefixWriter): string {
  return formatTabbed(w.text, 0, 2);
}

/** time.RFC1123Z in UTC: "Thu, 01 Jan 2026 00:02:00 +0000"; Go prints the zero time for an unset one. */
export function rfc1123z(ts: unknown): string {
  if (typeof ts !== 'string' || !ts) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  return rfc1123(d.getTime(), '+0000');
}

/** printLabelsMultilineWithIndent: "Labels:\ta=b" then one "\tc=d" line per further key, sorted. */
export function labelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) { w.line('<none>'); return; }
  keys.forEach((k, i) => {
    if (i) w.write(0, initialIndent + innerIndent);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

/** printAnnotationsMultiline: long or multi-line values go below their key, cut at 140 characters. */
export function annotationsMultiline(w: PrefixWriter, title: string, ann: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(ann ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort();
  if (!keys.length) { w.line('<none>'); return; }
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    const value = ann![k].replace(/\n$/, '');
    if (utf8Len(value) + utf8Len(k) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

function utf8Len(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function shorten(s: string, max: number): string {
  return utf8Len(s) > max ? s.slice(0, max) + '...' : s;
}

/** Taint.ToString: "key=value:Effect", "key:Effect". */
export function taintString(t: Any): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printTaintsMultilineWithIndent: sorted by "effect,key". */
export function taintsMultiline(w: PrefixWriter, title: string, taints: Any[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints?.length) { w.line('<none>'); return; }
  const key = (t: Any) => `${t.effect ?? ''},${t.key ?? ''}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: sorted by key; `op=Exists` alone tolerates everything. */
export function tolerationsMultiline(w: PrefixWriter, title: string, tols: Any[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tols?.length) { w.line('<none>'); return; }
  const list = [...tols].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  list.forEach((t, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}

/** labels.FormatLabels of a map: "a=b,c=d", or "<none>". */
export function formatLabelMap(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

/** metav1.GetControllerOf as printController prints it: "ReplicaSet/web-abc", or "". */
export function controllerOf(o: Any): string {
  const ref = (o.metadata?.ownerReferences ?? []).find((r: Any) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** sort.Sort(event.SortableEvents): by lastTimestamp only (an unset one is the zero time, so first), with Go's unstable sort. */
export function sortForDescribe(events: KObject[]): KObject[] {
  const t = (e: Any) => {
    const ms = typeof e.lastTimestamp === 'string' ? Date.parse(e.lastTimestamp) : NaN;
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return goSort(events, (a, b) => t(a) < t(b));
}

/** DescribeEvents: `Events:  <none>`, or the table with the involved field path before each message. */
export function describeEvents(w: PrefixWriter, events: KObject[] | undefined, now: number): void {
  if (!events) return;
  if (!events.length) { w.write(0, 'Events:\t<none>\n'); return; }
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sortForDescribe(events) as Any[]) {
    const source = e.source?.component || e.reportingComponent || '';
    let message = String(e.message ?? '').trim();
    if (e.involvedObject?.fieldPath) message = `${e.involvedObject.fieldPath}: ${message}`;
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventInterval(e, now)}\t${source}\t${message}\n`);
  }
}

/** "5m" since a timestamp, "<unknown>" when unset (translateTimestampSince). */
export function age(ts: unknown, now: number): string {
  return since(ts, now);
}

/**
 * smartLabelFor: "creationTimestamp" → "Creation Timestamp", "apiVersion" →
 * "API Version"; names with characters other than letters and '-' stay as they are.
 */
export function smartLabel(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== '-')) return field;
  const acronyms = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (acronyms.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()))
    .join(' ');
}

/** fatih/camelcase.Split: runs of one character class, then "PDFL"+"oader" → "PDF"+"Loader". */
function camelSplit(s: string): string[] {
  const cls = (ch: string) => (/\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const ch of s) {
    const c = cls(ch);
    if (c === last) runs[runs.length - 1].push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i][0]) === 2 && cls(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** Go's %v of a JSON value the dynamic client decoded (integers as int64, nulls as <nil>). */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    const s = String(v);
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(v);
}

/** printUnstructuredContent: every field sorted, maps and lists as indented blocks, skipping the given paths. */
export function unstructuredContent(w: PrefixWriter, level: number, content: Any, skipPrefix: string, skip: Set<string>): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${skipPrefix}.${field}`;
    if (skip.has(path)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      unstructuredContent(w, level + 1, value, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) unstructuredContent(w, level + 1, child, path, skip);
        else w.write(level + 1, `${Array.isArray(child) ? `[${child.map(goValue).join(' ')}]` : goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
    }
  }
}
