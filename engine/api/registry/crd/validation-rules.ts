/**
 * x-kubernetes-validations: the CEL rules of a CRD's schema, compiled when the CRD is written and run on each write
 * of its objects (apiextensions-apiserver pkg/apiserver/schema/cel compilation.go, validation.go; the CEL types of a
 * structural schema: apiserver pkg/cel/common/schemas.go SchemaDeclType; pkg/apis/apiextensions/validation for the
 * CRD's own errors). `self` is typed by the schema node the rule sits on, so a rule that names a field the schema
 * does not have, or compares an int with a bool, is refused when the CRD is written, with cel-go's texts.
 */
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { compile, newEnvironment, toCel, type CelProgram } from '../../cel/cel.js';
import { celEqual } from '../../cel/library-ext.js';
import { field, fieldErrorText, type FieldError } from '../../errors.js';
import { deepEqual } from '../../meta.js';
import type { JSONSchemaProps } from './schema.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** apiextensions/v1 ValidationRule. */
export interface ValidationRule {
  rule?: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

const SUPPORTED_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const rulesOf = (s: JSONSchemaProps): ValidationRule[] => (Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] as ValidationRule[] : []);

// ---------- property names (apiserver pkg/cel/escaping.go) ----------

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** The name a property has in CEL, or undefined when it cannot be named (such a property is not accessible). */
export function escapeProperty(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (m) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' }[m]!));
}

// ---------- the CEL type of a schema node ----------

/** A message type made for an object schema: its class (values are made as instances) and its CEL field names. */
interface MessageType { name: string; ctor: new () => object; fields: Map<string, string> }

/** The types declared in one environment, by schema node. */
interface Declared { env: Environment; messages: Map<JSONSchemaProps, MessageType>; count: number }

const EMBEDDED_META: JSONSchemaProps = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };

/** The schema as CEL sees the root of a resource: apiVersion, kind and metadata's name and generateName besides. */
function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  const cached = rootViews.get(s);
  if (cached) return cached;
  const view: JSONSchemaProps = { ...s, properties: { ...(s.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: EMBEDDED_META } };
  rootViews.set(s, view);
  return view;
}
const rootViews = new WeakMap<JSONSchemaProps, JSONSchemaProps>();

/** Declares the CEL type of `s` (its object types first) and returns its name; undefined for an unknown type. */
function declare(d: Declared, s: JSONSchemaProps, resourceRoot: boolean): string | undefined {
  if (!isObject(s as unknown)) return undefined;
  if (s['x-kubernetes-int-or-string']) return 'dyn';
  const node = resourceRoot || s['x-kubernetes-embedded-resource'] ? withTypeAndObjectMeta(s) : s;
  switch (s.type) {
    case 'integer': return 'int';
    case 'number': return 'double';
    case 'boolean': return 'bool';
    case 'string':
      if (s.format === 'byte') return 'bytes';
      if (s.format === 'date' || s.format === 'date-time') return 'google.protobuf.Timestamp';
      if (s.format === 'duration') return 'google.protobuf.Duration';
      return 'string';
    case 'array': {
      const item = s.items ? declare(d, s.items, !!s.items['x-kubernetes-embedded-resource']) : undefined;
      return item === undefined ? undefined : `list<${item}>`;
    }
    case 'object': {
      if (isObject(s.additionalProperties) && !s.properties) {
        const ap = s.additionalProperties as JSONSchemaProps;
        const value = declare(d, ap, !!ap['x-kubernetes-embedded-resource']);
        return value === undefined ? undefined : `map<string, ${value}>`;
      }
      const existing = d.messages.get(node);
      if (existing) return existing.name;
      const fields: Record<string, string> = {};
      const names = new Map<string, string>();
      for (const [k, p] of Object.entries(node.properties ?? {})) {
        const escaped = escapeProperty(k);
        if (escaped === undefined) continue;
        const t = declare(d, p, !!p['x-kubernetes-embedded-resource']);
        if (t === undefined) continue;
        fields[escaped] = t;
        names.set(k, escaped);
      }
      // A name cel-go's users cannot depend on (compilation.go generateUniqueSelfTypeName).
      const name = `selfType${d.count++}`;
      const ctor = { [name]: class {} }[name];
      d.env.registerType(name, { ctor, fields } as Any);
      // Objects of the same type compare field by field (cel-go's message equality).
      d.env.registerOperator(`${name} == ${name}`, (a: unknown, b: unknown) => celEqual(a, b));
      d.messages.set(node, { name, ctor, fields: names });
      return name;
    }
    default:
      return undefined;
  }
}

// ---------- values ----------

let conversions: { duration: (s: string) => unknown; timestamp: (s: string) => unknown } | undefined;

/** timestamp() and duration() of the evaluator, for string fields of those formats. */
function convert(kind: 'duration' | 'timestamp', s: string): unknown {
  if (!conversions) {
    const env = newEnvironment();
    env.registerVariable('s', 'string');
    const d = env.parse('duration(s)');
    const t = env.parse('timestamp(s)');
    conversions = { duration: (x) => d({ s: x }), timestamp: (x) => t({ s: x }) };
  }
  try { return conversions[kind](s); } catch { return s; }
}

/** The CEL value of `v` under schema `s` (UnstructuredToVal): declared fields only, null fields absent. */
function toValue(d: Declared, v: unknown, s: JSONSchemaProps | undefined, resourceRoot: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (!s || s['x-kubernetes-int-or-string']) return toCel(v);
  switch (s.type) {
    case 'integer': return typeof v === 'number' ? BigInt(Math.trunc(v)) : v;
    case 'number': return v;
    case 'string':
      if (typeof v !== 'string') return v;
      if (s.format === 'byte') return Uint8Array.from(atob(v), (c) => c.charCodeAt(0));
      if (s.format === 'date' || s.format === 'date-time') return convert('timestamp', s.format === 'date' ? `${v}T00:00:00Z` : v);
      if (s.format === 'duration') return convert('duration', v);
      return v;
    case 'array':
      return Array.isArray(v) ? v.map((x) => toValue(d, x, s.items, !!s.items?.['x-kubernetes-embedded-resource'])) : v;
    case 'object': {
      if (!isObject(v)) return v;
      if (isObject(s.additionalProperties) && !s.properties) {
        const ap = s.additionalProperties as JSONSchemaProps;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = toValue(d, x, ap, !!ap['x-kubernetes-embedded-resource']);
        return out;
      }
      const node = resourceRoot || s['x-kubernetes-embedded-resource'] ? withTypeAndObjectMeta(s) : s;
      const m = d.messages.get(node);
      if (!m) return toCel(v);
      const out = new m.ctor() as Record<string, unknown>;
      for (const [k, escaped] of m.fields) {
        if (v[k] === null || v[k] === undefined) continue;
        out[escaped] = toValue(d, v[k], node.properties![k], !!node.properties![k]['x-kubernetes-embedded-resource']);
      }
      return out;
    }
    default: return toCel(v);
  }
}

// ---------- compiling ----------

interface CompiledRule {
  rule: ValidationRule;
  program?: CelProgram;
  message?: CelProgram;
  error?: string;
  messageError?: string;
  usesOldSelf: boolean;
  /** The normalized fieldPath (ValidFieldPath), to append to the node's path. */
  fieldPath?: string;
}

interface NodeRules { declared: Declared; type: string; rules: CompiledRule[] }

const OLD_SELF = /(^|[^\w.'"])oldSelf\b/;

/** Compiles a node's rules as Compile does: `self` (and `oldSelf`, optional for optionalOldSelf rules) of its type. */
function compileNode(s: JSONSchemaProps, resourceRoot: boolean): NodeRules | undefined {
  const rules = rulesOf(s);
  const declared: Declared = { env: newEnvironment(), messages: new Map(), count: 1 };
  const type = declare(declared, s, resourceRoot);
  if (type === undefined) return undefined;
  const plainEnv = declared.env.clone();
  plainEnv.registerVariable('self', type);
  plainEnv.registerVariable('oldSelf', type);
  const optionalEnv = declared.env.clone();
  optionalEnv.registerVariable('self', type);
  optionalEnv.registerVariable('oldSelf', `optional<${type}>`);
  const compiled = rules.map((rule): CompiledRule => {
    const text = String(rule.rule ?? '');
    const usesOldSelf = OLD_SELF.test(text);
    const out: CompiledRule = { rule, usesOldSelf };
    if (!text.trim()) return out;
    const env = rule.optionalOldSelf ? optionalEnv : plainEnv;
    const r = compile(text, { variables: [], environment: env });
    if (r.error) { out.error = r.error; return out; }
    if (r.program!.outputType !== 'bool') { out.error = 'cel expression must evaluate to a bool'; return out; }
    out.program = r.program;
    if (rule.messageExpression) {
      const m = compile(rule.messageExpression, { variables: [], environment: env });
      if (m.error) out.messageError = `messageExpression ${m.error}`;
      else if (m.program!.outputType !== 'string') out.messageError = 'messageExpression must evaluate to a string';
      else out.message = m.program;
    }
    if (rule.fieldPath) {
      const p = validFieldPath(rule.fieldPath, s);
      if (p !== undefined) out.fieldPath = p;
    }
    return out;
  });
  return { declared, type, rules: compiled };
}

const compiledNodes = new WeakMap<JSONSchemaProps, NodeRules | null>();

/** compileNode, with a schema the evaluator cannot declare taken as one without CEL types (nothing throws out). */
function tryCompileNode(s: JSONSchemaProps, resourceRoot: boolean): NodeRules | undefined {
  try {
    return compileNode(s, resourceRoot);
  } catch {
    return undefined;
  }
}

function nodeRules(s: JSONSchemaProps, resourceRoot: boolean): NodeRules | undefined {
  let n = compiledNodes.get(s);
  if (n === undefined) {
    n = tryCompileNode(s, resourceRoot) ?? null;
    compiledNodes.set(s, n);
  }
  return n ?? undefined;
}

/**
 * ValidFieldPath: a path of `.field` and `['key']` steps through the schema's properties and maps, as field.Path
 * prints it; undefined when it names no field of the schema.
 */
export function validFieldPath(path: string, s: JSONSchemaProps): string | undefined {
  let out = '';
  let node: JSONSchemaProps | undefined = s;
  const step = (name: string) => {
    if (!node) return false;
    if (node.properties) {
      node = node.properties[name];
      if (!node) return false;
      out += out ? `.${name}` : name;
      return true;
    }
    if (isObject(node.additionalProperties)) {
      node = node.additionalProperties as JSONSchemaProps;
      out += `[${name}]`;
      return true;
    }
    return false;
  };
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m) return undefined;
    if (!step(m[1] ?? m[2].replace(/\\(.)/g, '$1'))) return undefined;
    at = re.lastIndex;
  }
  return out;
}

/** The JSON of the internal ValidationRule that field.Invalid prints (Go field order and names, HTML-safe). */
function goRule(r: ValidationRule): string {
  const str = (v: string) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return `{"Rule":${str(r.rule ?? '')},"Message":${str(r.message ?? '')},"MessageExpression":${str(r.messageExpression ?? '')},`
    + `"Reason":${r.reason === undefined ? 'null' : str(r.reason)},"FieldPath":${str(r.fieldPath ?? '')},"OptionalOldSelf":${r.optionalOldSelf === undefined ? 'null' : String(r.optionalOldSelf)}}`;
}

/**
 * The CRD's errors about its rules (ValidateCustomResourceDefinitionOpenAPISchema): the fields of each rule, then
 * their compilation, which a node skips when it or a node under it has another error. As there, all the schema's
 * field errors come before all its compile errors. `path` names the node as the schema checks do.
 */
export function validateRulesOfSchema(s: JSONSchemaProps, path: string, resourceRoot: boolean, schemaValid: boolean): FieldError[] {
  const schemaErrs: FieldError[] = [];
  const celErrs: FieldError[] = [];
  // uncorrelatable: the first list above whose items an update cannot pair with old ones (not a map-list).
  const visit = (node: JSONSchemaProps, p: string, root: boolean, uncorrelatable?: string): number => {
    if (!isObject(node as unknown)) return 0;
    let below = 0;
    forEachChild(node, p, (child, cp, croot, isItems) => {
      below += visit(child, cp, croot, uncorrelatable ?? (isItems && node['x-kubernetes-list-type'] !== 'map' ? p : undefined));
    });
    const rules = rulesOf(node);
    const before = schemaErrs.length;
    const at = (i: number, f: string) => `${p}.x-kubernetes-validations[${i}].${f}`;
    rules.forEach((rule, i) => {
      const text = String(rule.rule ?? '');
      const msg = rule.message ?? '';
      if (!text.trim()) schemaErrs.push(field.required(at(i, 'rule'), 'rule is not specified'));
      else if (msg.length > 0 && !msg.trim()) schemaErrs.push(field.invalid(at(i, 'message'), msg, 'must be non-empty if specified'));
      else if (/\n/.test(msg.trim())) schemaErrs.push(field.invalid(at(i, 'message'), msg, 'must not contain line breaks'));
      else if (/\n/.test(text.trim()) && !msg.trim()) schemaErrs.push(field.required(at(i, 'message'), 'message must be specified if rule contains line breaks'));
      if (rule.messageExpression !== undefined && rule.messageExpression.length > 0 && !rule.messageExpression.trim()) {
        schemaErrs.push(field.required(at(i, 'messageExpression'), 'messageExpression must be non-empty if specified'));
      }
      if (rule.reason !== undefined && !SUPPORTED_REASONS.includes(rule.reason)) schemaErrs.push(field.notSupported(at(i, 'reason'), rule.reason, SUPPORTED_REASONS));
      if (rule.fieldPath !== undefined && rule.fieldPath.length > 0) {
        if (!rule.fieldPath.trim()) schemaErrs.push(field.invalid(at(i, 'fieldPath'), rule.fieldPath, 'must be non-empty if specified'));
        if (/\n/.test(rule.fieldPath)) schemaErrs.push(field.invalid(at(i, 'fieldPath'), rule.fieldPath, 'must not contain line breaks'));
        else if (rule.fieldPath.trim() && validFieldPath(rule.fieldPath, node) === undefined) schemaErrs.push(field.invalid(at(i, 'fieldPath'), rule.fieldPath, 'must be a valid path'));
      }
    });
    const here = schemaErrs.length - before + below;
    if (!rules.length || !schemaValid || here > 0) return here;
    const compiled = tryCompileNode(node, root);
    if (!compiled) {
      celErrs.push({ type: 'InternalError', field: `${p}.x-kubernetes-validations`, detail: 'failed to convert to declType for CEL validation rules' });
      return here;
    }
    compiled.rules.forEach((c, i) => {
      if (c.error) celErrs.push({ type: 'FieldValueInvalid', field: at(i, 'rule'), value: goRule(c.rule), detail: c.error });
      if (c.messageError) celErrs.push({ type: 'FieldValueInvalid', field: at(i, 'messageExpression'), value: goRule(c.rule), detail: c.messageError });
      if (!c.error && c.usesOldSelf && uncorrelatable !== undefined) {
        celErrs.push(field.invalid(at(i, 'rule'), c.rule.rule ?? '', `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}`));
      }
      if (!c.error && !c.usesOldSelf && c.rule.optionalOldSelf !== undefined) {
        celErrs.push(field.invalid(at(i, 'optionalOldSelf'), c.rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
      }
    });
    return here;
  };
  visit(s, path, resourceRoot);
  return [...schemaErrs, ...celErrs];
}

/** The nodes right under a schema node, with their paths as the CRD's errors name them (properties in name order). */
function forEachChild(s: JSONSchemaProps, path: string, visit: (s: JSONSchemaProps, path: string, root: boolean, isItems: boolean) => void): void {
  for (const k of Object.keys(s.properties ?? {}).sort()) {
    const p = s.properties![k];
    visit(p, `${path}.properties[${k}]`, !!p?.['x-kubernetes-embedded-resource'], false);
  }
  if (isObject(s.additionalProperties)) {
    const ap = s.additionalProperties as JSONSchemaProps;
    visit(ap, `${path}.additionalProperties`, !!ap['x-kubernetes-embedded-resource'], false);
  }
  if (isObject(s.items)) visit(s.items, `${path}.items`, !!s.items['x-kubernetes-embedded-resource'], true);
}

/** Whether any node of the schema has rules (NewValidator returns nil otherwise). */
export function hasRules(s: JSONSchemaProps | undefined): boolean {
  if (!s || !isObject(s as unknown)) return false;
  let found = rulesOf(s).length > 0 || (s.allOf ?? []).some((x) => isObject(x as unknown) && rulesOf(x).length > 0);
  forEachChild(s, '', (child) => { found ||= hasRules(child); });
  return found;
}

// ---------- running ----------

/**
 * Where ratcheting stands at a node (ratchetingOptions): the correlated old value when the node has one, else
 * whether the nearest correlated ancestor is unchanged.
 */
interface Ratchet { correlated: boolean; old?: unknown; parentUnchanged: boolean }

const NO_RATCHET: Ratchet = { correlated: false, parentUnchanged: false };

function ratchetKey(r: Ratchet, value: unknown, key: string, root: boolean): Ratchet {
  if (!r.correlated) return r;
  if (root && (key === 'apiVersion' || key === 'kind')) return NO_RATCHET;
  const parentUnchanged = deepEqual(r.old, value);
  const oldMap = r.old;
  if (isObject(oldMap) && isObject(value) && key in oldMap && key in value) return { correlated: true, old: oldMap[key], parentUnchanged };
  return { correlated: false, parentUnchanged };
}

const shouldRatchet = (r: Ratchet, value: unknown) => (r.correlated ? deepEqual(r.old, value) : r.parentUnchanged);

/** The old item of a map-type list that has the same keys as `item` (MakeMapList), if any. */
function correlatedItem(s: JSONSchemaProps, old: unknown, item: unknown): unknown {
  if ((s as Any)['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || !isObject(item)) return undefined;
  const keys: string[] = (s as Any)['x-kubernetes-list-map-keys'] ?? [];
  if (!keys.length) return undefined;
  return old.find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
}

export interface RuleContext {
  /** An update: the old object is there for oldSelf and for ratcheting. */
  update: boolean;
  /** Adds a warning to the response (a ratcheted error). */
  warn?: (text: string) => void;
}

/** Validator.Validate over an object: each node's rules, then its items, map values and properties. */
export function validateRules(obj: unknown, old: unknown, schema: JSONSchemaProps, ctx: RuleContext): FieldError[] {
  const errs: FieldError[] = [];
  const ratchet: Ratchet = ctx.update ? { correlated: true, old, parentUnchanged: false } : NO_RATCHET;
  walkValue(obj, ctx.update ? old : undefined, schema, '', true, ratchet, ctx, errs);
  return errs;
}

const join = (path: string, k: string) => (path ? `${path}.${k}` : k);

function walkValue(v: unknown, old: unknown, s: JSONSchemaProps, path: string, root: boolean, r: Ratchet, ctx: RuleContext, errs: FieldError[]): void {
  if (v === null || v === undefined || !isObject(s as unknown)) return;
  if (rulesOf(s).length) runRules(v, old, s, path, root, r, ctx, errs);
  // allOf's rules see the node's own type (validator's nestedToStructural); their errors are not ratcheted.
  for (const sub of s.allOf ?? []) {
    if (isObject(sub as unknown) && rulesOf(sub).length) runRules(v, old, allOfNode(s, sub), path, root, { correlated: false, parentUnchanged: r.parentUnchanged }, ctx, errs);
  }
  if (Array.isArray(v)) {
    if (!s.items) return;
    v.forEach((item, i) => {
      const oldItem = correlatedItem(s, old, item);
      const ri: Ratchet = r.correlated && oldItem !== undefined ? { correlated: true, old: oldItem, parentUnchanged: deepEqual(r.old, v) }
        : r.correlated ? { correlated: false, parentUnchanged: deepEqual(r.old, v) } : r;
      walkValue(item, oldItem, s.items!, `${path}[${i}]`, !!s.items!['x-kubernetes-embedded-resource'], ri, ctx, errs);
    });
    return;
  }
  if (!isObject(v)) return;
  const oldMap = isObject(old) ? old : undefined;
  if (isObject(s.additionalProperties)) {
    const ap = s.additionalProperties as JSONSchemaProps;
    for (const k of Object.keys(v)) walkValue(v[k], oldMap?.[k], ap, `${path}[${k}]`, !!ap['x-kubernetes-embedded-resource'], ratchetKey(r, v, k, root), ctx, errs);
  }
  for (const k of Object.keys(v)) {
    const p = s.properties?.[k];
    if (p) walkValue(v[k], oldMap?.[k], p, join(path, k), !!p['x-kubernetes-embedded-resource'], ratchetKey(r, v, k, root), ctx, errs);
  }
}

const allOfNodes = new WeakMap<JSONSchemaProps, JSONSchemaProps>();

/** An allOf schema's rules on the node's own structure. */
function allOfNode(s: JSONSchemaProps, sub: JSONSchemaProps): JSONSchemaProps {
  let n = allOfNodes.get(sub);
  if (!n) {
    n = { ...sub, type: s.type, format: s.format, properties: s.properties, items: s.items, additionalProperties: s.additionalProperties, 'x-kubernetes-int-or-string': s['x-kubernetes-int-or-string'], 'x-kubernetes-embedded-resource': s['x-kubernetes-embedded-resource'] };
    allOfNodes.set(sub, n);
  }
  return n;
}

function runRules(v: unknown, old: unknown, s: JSONSchemaProps, path: string, root: boolean, r: Ratchet, ctx: RuleContext, errs: FieldError[]): void {
  const compiled = nodeRules(s, root);
  const type = s['x-kubernetes-int-or-string'] ? '' : root ? 'object' : s.type ?? '';
  const at = path || '<nil>';
  if (!compiled) {
    errs.push(field.invalid(at, type, 'rule compiler initialization error: failed to convert to declType for CEL validation rules'));
    return;
  }
  const self = toValue(compiled.declared, v, s, root);
  const hasOld = old !== null && old !== undefined;
  const oldSelf = hasOld ? toValue(compiled.declared, old, s, root) : undefined;
  for (const c of compiled.rules) {
    const rule = c.rule;
    if (c.error) { errs.push(field.invalid(at, type, `rule compile error: ${c.error}`)); continue; }
    if (!c.program) continue;
    // Transition rules run only where there is an old value, unless oldSelf is optional.
    if (c.usesOldSelf && !hasOld && !rule.optionalOldSelf) continue;
    const activation = { self, oldSelf: rule.optionalOldSelf ? (hasOld ? Optional.of(oldSelf) : Optional.none()) : oldSelf };
    const result = c.program.evaluate(activation);
    const ruleText = (rule.message ?? '').trim() || String(rule.rule ?? '').trim();
    if (result.error !== undefined) {
      if (result.error.startsWith('no such overload')) {
        errs.push(field.invalid(at, type, `'${result.error}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText}`));
      } else {
        errs.push(field.invalid(at, type, `${result.error} evaluating rule: ${ruleText}`));
      }
      continue;
    }
    if (result.value === true) continue;
    const errPath = c.fieldPath ? join(path, c.fieldPath) : at;
    let detail: string | undefined;
    if (c.message) {
      const m = c.message.evaluate(activation);
      const text = typeof m.value === 'string' ? m.value.trim() : '';
      if (m.error === undefined && text && !/\n/.test(text) && text.length <= 5 * 1024) detail = text;
    }
    detail ??= (rule.message ?? '').trim() || `failed rule: ${String(rule.rule ?? '').trim()}`;
    const omit = root || s.type === 'object' || s.type === 'array';
    const e = errorForReason(errPath, omit ? undefined : v, detail, rule.reason);
    if (!c.usesOldSelf && shouldRatchet(r, v)) ctx.warn?.(fieldErrorText(e));
    else errs.push(e);
  }
}

/** fieldErrorForReason, with an object's or a list's value left out of the text (field.OmitValueType). */
function errorForReason(path: string, value: unknown, detail: string, reason: string | undefined): FieldError {
  const shown = value === undefined ? undefined : field.invalid(path, value, '').value;
  switch (reason) {
    case 'FieldValueForbidden': return field.forbidden(path, detail);
    case 'FieldValueRequired': return field.required(path, detail);
    case 'FieldValueDuplicate': return { type: 'FieldValueDuplicate', field: path, value: shown };
    default: return { type: 'FieldValueInvalid', field: path, value: shown, detail };
  }
}
