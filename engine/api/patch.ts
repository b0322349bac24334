/**
 * Patch types the API server accepts. JSON merge patch (RFC 7386) and JSON
 * patch (RFC 6902) are generic; strategic merge patch needs each list's merge
 * key and lives in strategic.ts.
 */
import { badRequest } from './errors.js';
import { clone, deepEqual } from './meta.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

/**
 * An RFC 6902 patch that could not be applied, with the message of gopkg.in/evanphx/json-patch.v4 (v4.12), which both
 * kubectl (`patch --local`, `--dry-run=client`, `run --overrides`) and kube-apiserver use: kubectl prints it as its
 * error, the API server answers a generic 422 that does not carry it (handlers/patch.go applyJSPatch).
 */
export class JSONPatchApplyError extends Error {}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const TEST_FAILED = 'test failed';
const fail = (msg: string, cause: string) => new JSONPatchApplyError(`${msg}: ${cause}`);

type Container = Record<string, unknown> | unknown[];
const isDoc = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v);

/** strconv.Atoi on a key, with Go's error text. */
function atoi(key: string): number | string {
  return /^[+-]?\d+$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;
}

/** partialArray.get, with negative indices counted from the end (SupportNegativeIndices). */
function arrayIndex(arr: unknown[], key: string, size = arr.length): number | string {
  const n = atoi(key);
  if (typeof n === 'string') return n;
  let idx = n;
  if (idx < 0) {
    if (idx < -size) return `Unable to access invalid index: ${n}: ${INVALID_INDEX}`;
    idx += size;
  }
  if (idx >= size) return `Unable to access invalid index: ${n}: ${INVALID_INDEX}`;
  return idx;
}

/** container.get: a missing key of an object is no error (its value is nil); an array's bad index is. */
function getIn(con: Container, key: string): { value?: unknown; err?: string } {
  if (!Array.isArray(con)) return { value: con[key] };
  const i = arrayIndex(con, key);
  return typeof i === 'string' ? { err: i } : { value: con[i] };
}

/** findObject: the container a path's last key lives in; JSON null, a scalar or a bad index on the way is a miss. */
function findObject(root: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let doc: Container = root;
  for (const part of split.slice(1, -1)) {
    const { value, err } = getIn(doc, decodeKey(part));
    if (err || value === undefined || value === null || typeof value !== 'object') return undefined;
    doc = value as Container;
  }
  return { con: doc, key: decodeKey(split[split.length - 1]) };
}

function addIn(con: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = value;
    return undefined;
  }
  if (key === '-') {
    con.push(value);
    return undefined;
  }
  const n = atoi(key);
  if (typeof n === 'string') return `value was not a proper array index: '${key}': ${n}`;
  let idx = n;
  const size = con.length + 1;
  if (idx >= size) return `Unable to access invalid index: ${n}: ${INVALID_INDEX}`;
  if (idx < 0) {
    if (idx < -size) return `Unable to access invalid index: ${n}: ${INVALID_INDEX}`;
    idx += size;
  }
  con.splice(idx, 0, value);
  return undefined;
}

function removeIn(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!(key in con)) return `Unable to remove nonexistent key: ${key}: ${MISSING}`;
    delete con[key];
    return undefined;
  }
  const n = atoi(key);
  if (typeof n === 'string') return n;
  let idx = n;
  if (idx >= con.length) return `Unable to access invalid index: ${n}: ${INVALID_INDEX}`;
  if (idx < 0) {
    if (idx < -con.length) return `Unable to access invalid index: ${n}: ${INVALID_INDEX}`;
    idx += con.length;
  }
  con.splice(idx, 1);
  return undefined;
}

type Op = Record<string, unknown>;

/** Operation.Path / From: a missing or null field, or one that is not a string. */
function field(op: Op, name: 'path' | 'from'): { value: string; err?: string } {
  const v = op[name];
  if (v === undefined || v === null) return { value: 'unknown', err: name === 'path' ? `operation missing path field: ${MISSING}` : `operation, missing from field: ${MISSING}` };
  if (typeof v !== 'string') return { value: 'unknown', err: `json: cannot unmarshal ${jsonType(v)} into Go value of type string` };
  return { value: v };
}


/**
 * RFC 6902 as gopkg.in/evanphx/json-patch.v4 applies it. A body that is not a list of operations is the decoder's
 * error (a BadRequest from the API server); an operation that does not apply throws JSONPatchApplyError.
 */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal ${jsonType(ops)} into Go value of type jsonpatch.Patch`);
  for (const raw of ops) {
    if (raw !== null && !isDoc(raw)) throw badRequest(`json: cannot unmarshal ${jsonType(raw)} into Go value of type jsonpatch.Operation`);
  }
  let root = clone(doc) as Container;
  for (const raw of ops as (Op | null)[]) {
    const op: Op = raw ?? {};
    const kind = typeof op.op === 'string' ? op.op : 'unknown';
    const value = () => ('value' in op ? clone(op.value) : null);
    switch (kind) {
      case 'add': {
        const path = field(op, 'path');
        if (path.err) throw new JSONPatchApplyError(`add operation failed to decode path: ${MISSING}`);
        const at = findObject(root, path.value);
        if (!at) throw fail(`add operation does not apply: doc is missing path: "${path.value}"`, MISSING);
        const err = addIn(at.con, at.key, value());
        if (err) throw fail(`error in add for path: '${path.value}'`, err);
        break;
      }
      case 'remove': {
        const path = field(op, 'path');
        if (path.err) throw new JSONPatchApplyError(`remove operation failed to decode path: ${MISSING}`);
        const at = findObject(root, path.value);
        if (!at) throw fail(`remove operation does not apply: doc is missing path: "${path.value}"`, MISSING);
        const err = removeIn(at.con, at.key);
        if (err) throw fail(`error in remove for path: '${path.value}'`, err);
        break;
      }
      case 'replace': {
        const path = field(op, 'path');
        if (path.err) throw fail('replace operation failed to decode path', path.err);
        if (path.value === '') {
          // The whole document, if the value is one; otherwise the library's wrapped nil error lets it pass unchanged.
          const v = value();
          if (v && typeof v === 'object') root = v as Container;
          break;
        }
        const at = findObject(root, path.value);
        if (!at) throw fail(`replace operation does not apply: doc is missing path: ${path.value}`, MISSING);
        if (getIn(at.con, at.key).err) throw fail(`replace operation does not apply: doc is missing key: ${path.value}`, MISSING);
        if (Array.isArray(at.con)) at.con[arrayIndex(at.con, at.key) as number] = value();
        else at.con[at.key] = value();
        break;
      }
      case 'move': {
        const from = field(op, 'from');
        if (from.err) throw fail('move operation failed to decode from', from.err);
        const src = findObject(root, from.value);
        if (!src) throw fail(`move operation does not apply: doc is missing from path: ${from.value}`, MISSING);
        const got = getIn(src.con, src.key);
        if (got.err) throw fail(`error in move for path: '${src.key}'`, got.err);
        const removed = removeIn(src.con, src.key);
        if (removed) throw fail(`error in move for path: '${src.key}'`, removed);
        const path = field(op, 'path');
        if (path.err) throw fail('move operation failed to decode path', path.err);
        const dst = findObject(root, path.value);
        if (!dst) throw fail(`move operation does not apply: doc is missing destination path: ${path.value}`, MISSING);
        const err = addIn(dst.con, dst.key, got.value ?? null);
        if (err) throw fail(`error in move for path: '${path.value}'`, err);
        break;
      }
      case 'test': {
        const path = field(op, 'path');
        if (path.err) throw fail('test operation failed to decode path', path.err);
        if (path.value === '') {
          if (!deepEqual(root, op.value)) throw fail(`testing value ${path.value} failed`, TEST_FAILED);
          break;
        }
        const at = findObject(root, path.value);
        if (!at) throw fail(`test operation does not apply: is missing path: ${path.value}`, MISSING);
        const got = getIn(at.con, at.key);
        if (got.err) throw fail(`error in test for path: '${path.value}'`, got.err);
        const cur = got.value ?? null;
        // A missing or null value equals only an explicit null.
        if (cur === null ? !('value' in op && op.value === null) : !deepEqual(cur, op.value)) throw fail(`testing value ${path.value} failed`, TEST_FAILED);
        break;
      }
      case 'copy': {
        const from = field(op, 'from');
        if (from.err) throw fail('copy operation failed to decode from', from.err);
        const src = findObject(root, from.value);
        if (!src) throw fail(`copy operation does not apply: doc is missing from path: ${from.value}`, MISSING);
        const got = getIn(src.con, src.key);
        if (got.err) throw fail(`error in copy for from: '${from.value}'`, got.err);
        const path = field(op, 'path');
        if (path.err) throw new JSONPatchApplyError(`copy operation failed to decode path: ${MISSING}`);
        const dst = findObject(root, path.value);
        if (!dst) throw fail(`copy operation does not apply: doc is missing destination path: ${path.value}`, MISSING);
        const err = addIn(dst.con, dst.key, clone(got.value ?? null));
        if (err) throw fail('error while adding value during copy', err);
        break;
      }
      default:
        throw new JSONPatchApplyError(`Unexpected kind: ${kind}`);
    }
  }
  return root;
}
