/**
 * Name, label and metadata rules with the texts of apimachinery release-1.35:
 * pkg/util/validation/validation.go (DNS names, ports, percent, config keys),
 * pkg/api/validate/content/kube.go (label keys and values),
 * pkg/api/validation/objectmeta.go and pkg/apis/meta/v1/validation (metadata, labels, selectors).
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { utf8Length } from '../../util/utf8.js';

/** RegexError of apimachinery: `msg (e.g. 'a',  or 'b', regex used for validation is 're')`. */
export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return `${s}regex used for validation is '${re}')`;
}

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;
/** The content package (label keys and values) counts bytes. */
export const maxLenBytesError = (n: number): string => `must be no more than ${n} bytes`;
export const EMPTY_ERROR = 'must be non-empty';
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;
export const IS_NEGATIVE_ERROR = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE = 'field is immutable';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

const dns1123Label = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123Subdomain = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const dns1035Label = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** Go's len(string): limits count bytes. */
export const byteLength = utf8Length;


export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 63) errs.push(maxLenError(63));
  if (!dns1123Label.test(v)) {
    if (dns1123Subdomain.test(v)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 253) errs.push(maxLenError(253));
  if (!dns1123Subdomain.test(v)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

const DNS1123_LABEL_FMT_US = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT_US = `${DNS1123_LABEL_FMT_US}(\\.${DNS1123_LABEL_FMT_US})*`;
const DNS1123_SUBDOMAIN_MSG_US = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";
const dns1123SubdomainUs = new RegExp(`^${DNS1123_SUBDOMAIN_FMT_US}$`);

/** IsDNS1123SubdomainWithUnderscore: a DNS search domain may hold underscores (_sip._tcp.example.com). */
export function isDNS1123SubdomainWithUnderscore(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainUs.test(v)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG_US, DNS1123_SUBDOMAIN_FMT_US, 'example.com'));
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 63) errs.push(maxLenError(63));
  if (!dns1035Label.test(v)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelKeyRe = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);

/**
 * Keys found valid so far: every write validates its labels, annotations and
 * finalizers, and their keys are mostly the same few dozen. Bounded, so that
 * arbitrary keys cannot grow it without end.
 */
const validQualifiedNames = new Set<string>();
const MAX_REMEMBERED_NAMES = 4096;

/** content.IsLabelKey (also "qualified name"). */
export function isQualifiedName(v: string): string[] {
  if (validQualifiedNames.has(v)) return [];
  const errs = qualifiedNameErrors(v);
  if (errs.length === 0) {
    if (validQualifiedNames.size >= MAX_REMEMBERED_NAMES) validQualifiedNames.clear();
    validQualifiedNames.add(v);
  }
  return errs;
}

function qualifiedNameErrors(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a valid label key ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenBytesError(63)}`);
  if (!labelKeyRe.test(name)) errs.push(`name part ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 63) errs.push(maxLenBytesError(63));
  if (!labelValueRe.test(v)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isValidPortNum(p: number): string[] {
  return p >= 1 && p <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPortName(p: string): string[] {
  const errs: string[] = [];
  if (byteLength(p) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(p)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(p)) errs.push('must contain at least one letter (a-z)');
  if (p.includes('--')) errs.push('must not contain consecutive hyphens');
  if (p.length > 0 && (p[0] === '-' || p[p.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const PERCENT_FMT = '[0-9]+%';
export function isValidPercent(p: string): string[] {
  return /^[0-9]+%$/.test(p) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')];
}

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  return [...errs, ...chDirPrefixErrors(v)];
}

/** hasChDirPrefix: a name that would climb out of its folder. */
export function chDirPrefixErrors(v: string): string[] {
  return v === '.' ? ["must not be '.'"] : v === '..' ? ["must not be '..'"] : v.startsWith('..') ? ["must not start with '..'"] : [];
}

const ENV_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

/** 1.35 runs with RelaxedEnvironmentVariableValidation on (GA in 1.34): printable ASCII except '='. */
export function isEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (v.length === 0) errs.push(`environment variable name ${EMPTY_ERROR}`);
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7e || c < 0x20 || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}
export { ENV_FMT };

/** ValidateNameFunc: a name, or a generateName prefix whose trailing dashes are masked. */
export type NameValidator = (name: string, prefix: boolean) => string[];

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain: NameValidator = (n, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(n) : n);
export const nameIsDNSLabel: NameValidator = (n, prefix) => isDNS1123Label(prefix ? maskTrailingDash(n) : n);
export const nameIsDNS1035Label: NameValidator = (n, prefix) => isDNS1035Label(prefix ? maskTrailingDash(n) : n);

/** path.IsValidPathSegmentName: what every name must satisfy to sit in a URL. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels || typeof labels !== 'object') return errs;
  // Nearly every label map is valid: checked in place first, sorted (for the errors' order) only when one is not.
  if (validLabelMap(labels as Record<string, unknown>)) return errs;
  for (const k of Object.keys(labels).sort()) {
    const v = String((labels as Record<string, unknown>)[k] ?? '');
    for (const m of isQualifiedName(k)) errs.push(field.invalid(path, k, m));
    for (const m of isLabelValue(v)) errs.push(field.invalid(path, v, m));
  }
  return errs;
}

function validLabelMap(labels: Record<string, unknown>): boolean {
  for (const k in labels) {
    if (!Object.hasOwn(labels, k)) continue;
    // labelValueRe admits ASCII only, so a match's length is its byte length.
    const v = String(labels[k] ?? '');
    if (v.length > 63 || !labelValueRe.test(v) || isQualifiedName(k).length > 0) return false;
  }
  return true;
}

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10);

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations || typeof annotations !== 'object') return errs;
  let total = 0;
  let keysValid = true;
  for (const k in annotations) {
    if (!Object.hasOwn(annotations, k)) continue;
    if (keysValid && isQualifiedName(k.toLowerCase()).length > 0) keysValid = false;
    total += byteLength(k) + byteLength(String((annotations as Record<string, unknown>)[k] ?? ''));
  }
  // The keys are sorted (for the errors' order) only when one of them is wrong.
  if (keysValid) {
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(field.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    return errs;
  }
  total = 0;
  for (const k of Object.keys(annotations).sort()) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, m));
    total += byteLength(k) + byteLength(String((annotations as Record<string, unknown>)[k] ?? ''));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(field.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** ValidateObjectMeta (apimachinery pkg/api/validation/objectmeta.go). */
export function validateObjectMeta(obj: KObject, namespaced: boolean, nameFn: NameValidator, path = 'metadata'): FieldError[] {
  const meta = obj.metadata ?? {};
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const m of nameFn(meta.generateName, true)) errs.push(field.invalid(`${path}.generateName`, meta.generateName, m));
  }
  // A missing name is reported by the API server itself (metadata.name: Required value).
  if (meta.name) {
    for (const m of nameFn(meta.name, false)) errs.push(field.invalid(`${path}.name`, meta.name, m));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(field.required(`${path}.namespace`, ''));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(field.invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(field.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  // Absent maps and lists have nothing to report: no path text or error list is made for them (every create comes here).
  if (meta.labels) errs.push(...validateLabels(meta.labels, `${path}.labels`));
  if (meta.annotations) errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  if (meta.finalizers) errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  return errs;
}

function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) return errs;
  for (const f of finalizers) {
    const s = String(f);
    for (const m of isQualifiedName(s)) errs.push(field.invalid(path, s, m));
  }
  return errs;
}

/** ValidateObjectMetaUpdate: name, namespace and uid never change. */
export function validateObjectMetaUpdate(obj: KObject, old: KObject, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.metadata.name !== old.metadata.name) errs.push(field.invalid(`${path}.name`, obj.metadata.name ?? '', FIELD_IMMUTABLE));
  errs.push(...validateLabels(obj.metadata.labels, `${path}.labels`));
  errs.push(...validateAnnotations(obj.metadata.annotations, `${path}.annotations`));
  errs.push(...validateFinalizers(obj.metadata.finalizers, `${path}.finalizers`));
  return errs;
}

interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelectorLike | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) return errs;
  errs.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (!r.values?.length) errs.push(field.required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (r.values?.length) errs.push(field.forbidden(`${p}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
        break;
      default:
        errs.push(field.invalid(`${p}.operator`, r.operator, 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(r.key ?? '')) errs.push(field.invalid(`${p}.key`, r.key ?? '', m));
    (r.values ?? []).forEach((v, j) => {
      for (const m of isLabelValue(v)) errs.push(field.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

export function validateNonnegative(v: number | undefined, path: string): FieldError[] {
  return v !== undefined && v < 0 ? [field.invalid(path, v, IS_NEGATIVE_ERROR)] : [];
}
