/**
 * metav1.Status errors with the API server's own texts. Handlers throw
 * StatusError; clients (kubectl, controllers) catch it and print or react.
 */
export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Forbidden'
  | 'MethodNotAllowed' | 'UnsupportedMediaType' | 'Gone' | 'Expired' | 'InternalError' | 'ServiceUnavailable' | 'Timeout' | 'TooManyRequests' | '';

export interface StatusCause {
  type: string;
  message: string;
  field: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }
  get reason(): StatusReason { return this.status.reason; }
  get code(): number { return this.status.code; }
}

/** A client could not reach the API server at all (it is stopped). */
export class ConnectionRefusedError extends Error {
  constructor(readonly host = '10.0.0.10:6443') {
    super(`The connection to the server ${host} was refused - did you specify the right host or port?`);
    this.name = 'ConnectionRefusedError';
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}
export function isNotFound(e: unknown): boolean { return isStatusError(e) && e.reason === 'NotFound'; }
export function isAlreadyExists(e: unknown): boolean { return isStatusError(e) && e.reason === 'AlreadyExists'; }
export function isConflict(e: unknown): boolean { return isStatusError(e) && e.reason === 'Conflict'; }
export function isInvalid(e: unknown): boolean { return isStatusError(e) && e.reason === 'Invalid'; }

/** "deployments.apps" or "pods": how the server names a resource in messages. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

function make(code: number, reason: StatusReason, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

export function notFound(resource: string, group: string, name: string): StatusError {
  return make(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource });
}

export function alreadyExists(resource: string, group: string, name: string): StatusError {
  return make(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource });
}

export function conflict(resource: string, group: string, name: string, why: string): StatusError {
  return make(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`, { name, group: group || undefined, kind: resource });
}

export const OPTIMISTIC_LOCK_ERROR = 'the object has been modified; please apply your changes to the latest version and try again';

export function badRequest(message: string): StatusError {
  return make(400, 'BadRequest', message);
}

/** A path the server does not serve (an unknown resource or version): 404 with the generic text and empty details. */
export function pathNotFound(): StatusError {
  return make(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** NewGenericServerResponse(422, …): reason Invalid, empty details, and the generic message instead of the server's. */
export function unprocessableEntity(): StatusError {
  return make(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

export function forbidden(resource: string, group: string, name: string, why: string): StatusError {
  return make(403, 'Forbidden', `${qualifiedResource(resource, group)} "${name}" is forbidden: ${why}`, { name, group: group || undefined, kind: resource });
}

export function methodNotAllowed(message: string): StatusError {
  return make(405, 'MethodNotAllowed', message);
}

/** NewMethodNotSupported: a verb the resource's storage does not implement (a watch of componentstatuses). */
export function methodNotSupported(resource: string, group: string, action: string): StatusError {
  return make(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedResource(resource, group)}"`, { group: group || undefined, kind: resource });
}

export function gone(message: string): StatusError {
  return make(410, 'Expired', message);
}

export function internalError(message: string): StatusError {
  return make(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** ErrorToAPIStatus of an error that is not an API status (a failed dial to a kubelet): a 500 with no reason. */
export function unknownError(message: string): StatusError {
  return make(500, '', message);
}

export function serviceUnavailable(message: string): StatusError {
  return make(503, 'ServiceUnavailable', message);
}

export function timeout(message: string): StatusError {
  return make(504, 'Timeout', message);
}

// ---- field errors (k8s.io/apimachinery/pkg/util/validation/field) ----

export type FieldErrorType =
  | 'FieldValueNotFound' | 'FieldValueRequired' | 'FieldValueDuplicate' | 'FieldValueInvalid'
  | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTooMany' | 'InternalError'
  | 'FieldValueTypeInvalid';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Already formatted as the Go server prints it (see goValue). */
  value?: string;
  detail?: string;
}

/** The text after "field: ", e.g. `Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'InternalError':
      break;
    default:
      if (e.value !== undefined) s += `: ${e.value}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export const field = {
  required: (path: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: path, detail }),
  invalid: (path: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field: path, value: goValue(value), detail }),
  notSupported: (path: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported', field: path, value: goValue(value),
    detail: supported.length ? `supported values: ${supported.map((s) => `"${s}"`).join(', ')}` : '',
  }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: path, value: goValue(value) }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: path, detail }),
  notFound: (path: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: path, value: goValue(value) }),
  tooLong: (path: string, maxLength: number): FieldError => ({ type: 'FieldValueTooLong', field: path, detail: `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` }),
  // TooMany: the actual count is its bad value (an int, printed bare), left out when negative.
  tooMany: (path: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany', field: path, ...(actual >= 0 ? { value: String(actual) } : {}), detail: max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items',
  }),
};

/**
 * Formats a value as field.Error's ErrorBody does (apimachinery release-1.35,
 * util/validation/field/errors.go): numbers and bools bare, strings %q, and
 * anything else as JSON (maps with sorted keys, e.g. `{"app":"web"}`).
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return sortedJSON(v);
}

function sortedJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(sortedJSON).join(',')}]`;
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJSON((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * 422 Invalid, named by kind: `Deployment.apps "web" is invalid: [a: ..., b: ...]`.
 * kubectl rewrites it as `The Deployment "web" is invalid: ...` from the details.
 */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): StatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  // ErrorList.ToAggregate: the message shows each text once; the causes keep every error.
  const texts = [...new Set(errs.map(fieldErrorText))];
  const agg = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return make(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${agg}`, {
    name, group: group || undefined, kind,
    causes: errs.map((e) => ({ type: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}
