/**
 * Label and field selectors (k8s.io/apimachinery/pkg/labels, pkg/fields):
 * `app=web,tier!=db`, `env in (a,b)`, `!canary`, and LabelSelector objects.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';

export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';
  values: string[];
}

export interface Selector {
  requirements: Requirement[];
  /** matches(labels) with labels possibly undefined */
  matches(labels: Record<string, string> | undefined): boolean;
  empty(): boolean;
  toString(): string;
}

import { checkLabelSyntax, SelectorParseError } from './label-syntax.js';

export { SelectorParseError };

/** A class rather than an object of closures: controllers build a selector on every sync. */
class RequirementsSelector implements Selector {
  constructor(readonly requirements: Requirement[], private readonly nothing: boolean) {}

  empty(): boolean {
    return this.requirements.length === 0 && !this.nothing;
  }

  matches(labels: Record<string, string> | undefined): boolean {
    if (this.nothing) return false;
    const l = labels ?? NO_LABELS;
    for (const r of this.requirements) if (!matchRequirement(r, l)) return false;
    return true;
  }

  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function makeSelector(requirements: Requirement[], nothing = false): Selector {
  return new RequirementsSelector(requirements, nothing);
}

export const EVERYTHING: Selector = makeSelector([]);
export const NOTHING: Selector = makeSelector([], true);

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'In':
    case 'Equals':
      return has && r.values.includes(v!);
    case 'NotIn':
    case 'NotEquals':
      return !has || !r.values.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      if (!Number.isInteger(n) || Number.isNaN(bound)) return false;
      return r.op === 'Gt' ? n > bound : n < bound;
    }
  }
}

function requirementString(r: Requirement): string {
  switch (r.op) {
    case 'Exists': return r.key;
    case 'DoesNotExist': return `!${r.key}`;
    case 'Equals': return `${r.key}=${r.values[0]}`;
    case 'NotEquals': return `${r.key}!=${r.values[0]}`;
    case 'In': return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn': return `${r.key} notin (${r.values.join(',')})`;
    case 'Gt': return `${r.key}>${r.values[0]}`;
    case 'Lt': return `${r.key}<${r.values[0]}`;
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function validateKey(key: string): void {
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length > 2 || !QUALIFIED_NAME.test(name) || name.length > 63) {
    throw new SelectorParseError(`unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  }
}

function validateValue(key: string, value: string): void {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new SelectorParseError(`unable to parse requirement: values[0][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
  }
}

/** Parses the string form used by `-l` and `?labelSelector=`. */
export function parseLabelSelector(input: string): Selector {
  // labels.Parse: the grammar first, in apimachinery's words; then keys and values, which build the requirements.
  checkLabelSyntax(input);
  const s = input.trim();
  if (!s) return EVERYTHING;
  const reqs: Requirement[] = [];
  let i = 0;
  const skipWs = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const readIdent = () => {
    const start = i;
    while (i < s.length && !/[\s,=!()<>]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipWs();
    let negate = false;
    if (s[i] === '!') { negate = true; i++; skipWs(); }
    const key = readIdent();
    if (!key) throw new SelectorParseError(`found '${s[i] ?? 'EOS'}', expected: identifier`);
    validateKey(key);
    skipWs();
    if (negate) {
      reqs.push({ key, op: 'DoesNotExist', values: [] });
    } else if (i >= s.length || s[i] === ',') {
      reqs.push({ key, op: 'Exists', values: [] });
    } else if (s.startsWith('==', i) || s.startsWith('!=', i) || s[i] === '=' || s[i] === '>' || s[i] === '<') {
      let op: Requirement['op'];
      if (s.startsWith('==', i)) { op = 'Equals'; i += 2; }
      else if (s.startsWith('!=', i)) { op = 'NotEquals'; i += 2; }
      else if (s[i] === '=') { op = 'Equals'; i += 1; }
      else if (s[i] === '>') { op = 'Gt'; i += 1; }
      else { op = 'Lt'; i += 1; }
      skipWs();
      const value = readIdent();
      if (op === 'Gt' || op === 'Lt') {
        if (!/^-?\d+$/.test(value)) throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      } else validateValue(key, value);
      reqs.push({ key, op, values: [value] });
    } else {
      const word = readIdent().toLowerCase();
      if (word !== 'in' && word !== 'notin') throw new SelectorParseError(`found '${word || s[i]}', expected: in, notin, =, ==, !=, gt, lt`);
      skipWs();
      if (s[i] !== '(') throw new SelectorParseError(`found '${s[i] ?? ''}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        skipWs();
        const v = readIdent();
        validateValue(key, v);
        values.push(v);
        skipWs();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === ')') { i++; break; }
        throw new SelectorParseError(`found '${s[i] ?? 'EOS'}', expected: ',' or ')'`);
      }
      reqs.push({ key, op: word === 'in' ? 'In' : 'NotIn', values: [...new Set(values)].sort() });
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') throw new SelectorParseError(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
      if (i >= s.length) throw new SelectorParseError(`found 'EOS', expected: identifier`);
    }
  }
  return makeSelector(reqs);
}

/**
 * metav1.LabelSelectorAsSelector. An empty LabelSelector selects everything;
 * a missing one (undefined) selects nothing.
 */
export function labelSelectorAsSelector(sel: LabelSelector | undefined | null): Selector {
  if (!sel) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: 'Equals', values: [String(value)] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' } as const)[e.operator as 'In'];
    if (!op) throw new SelectorParseError(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: [...(e.values ?? [])] });
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return makeSelector(reqs);
}

/** Two label sets with the same keys and values, whatever their order (Go's reflect.DeepEqual on maps). */
export function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (x[k] !== y[k] || !Object.hasOwn(y, k)) return false;
  return true;
}

/** labels.SelectorFromSet: used for Service and ReplicationController selectors. */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  if (!set || Object.keys(set).length === 0) return EVERYTHING;
  return makeSelector(Object.keys(set).sort().map((key) => ({ key, op: 'Equals' as const, values: [set[key]] })));
}

/** The string kubectl shows for a LabelSelector (`app=web,tier in (a,b)`). */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const s = labelSelectorAsSelector(sel).toString();
  return s === '' ? '<none>' : s;
}

// ---- field selectors ----

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  matches(fields: Record<string, string>): boolean;
  toString(): string;
}

export function parseFieldSelector(input: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  const s = input.trim();
  if (s) {
    for (const part of s.split(',')) {
      const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
      if (!m) throw new SelectorParseError(`invalid selector: '${s}'; can't understand '${part}'`);
      reqs.push({ field: m[1].trim(), op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() });
    }
  }
  // A list of its final size (a pushed one-member list reserves 17 slots): every kubelet's pod watch keeps one.
  return new ParsedFieldSelector(reqs.slice());
}

/** Methods on a prototype, not closures per selector (10,000 kubelets' watches keep one each). */
class ParsedFieldSelector implements FieldSelector {
  constructor(readonly requirements: FieldRequirement[]) {}

  matches(fields: Record<string, string>): boolean {
    for (const r of this.requirements) {
      const v = fields[r.field] ?? '';
      if (r.op === '=' ? v !== r.value : v === r.value) return false;
    }
    return true;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.op}${r.value}`).join(',');
  }
}
