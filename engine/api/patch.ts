/**
 * Patch types the API server accepts. JSON merge patch (RFC 7386) and JSON
 * patch (RFC 6902) are generic; strategic merge patch needs each list's merge
 * key and lives in strategic.ts.
 */
import { badRequest } from './errors.js';
import { clone } from './meta.js';

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

function decodePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`the server rejected our request due to an error in our request`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Op { op: string; path: string; value?: unknown; from?: string }

/** RFC 6902. Errors use the texts of evanphx/json-patch, which the API server wraps. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal object into Go value of type jsonpatch.Patch`);
  let root = clone(doc);
  for (const raw of ops as Op[]) {
    if (!raw || typeof raw !== 'object' || typeof raw.op !== 'string') throw badRequest(`Unexpected kind: ${String((raw as Op)?.op)}`);
    const op = raw;
    const path = decodePointer(String(op.path ?? ''));
    switch (op.op) {
      case 'add': root = setAt(root, path, clone(op.value), 'add'); break;
      case 'replace': getAt(root, path, op.path); root = setAt(root, path, clone(op.value), 'replace'); break;
      case 'remove': root = removeAt(root, path, op.path); break;
      case 'test': {
        const cur = getAt(root, path, op.path);
        if (JSON.stringify(cur) !== JSON.stringify(op.value)) throw badRequest(`testing value ${op.path} failed: test failed`);
        break;
      }
      case 'move': {
        const from = decodePointer(String(op.from ?? ''));
        const v = getAt(root, from, op.from ?? '');
        root = removeAt(root, from, op.from ?? '');
        root = setAt(root, path, v, 'add');
        break;
      }
      case 'copy': {
        const from = decodePointer(String(op.from ?? ''));
        root = setAt(root, path, clone(getAt(root, from, op.from ?? '')), 'add');
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}

function getAt(root: unknown, path: string[], text: string): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (Array.isArray(cur)) {
      const i = Number(p);
      if (!Number.isInteger(i) || i < 0 || i >= cur.length) throw badRequest(`doc is missing path: "${text}": missing value`);
      cur = cur[i];
    } else if (cur && typeof cur === 'object' && p in (cur as object)) {
      cur = (cur as Record<string, unknown>)[p];
    } else {
      throw badRequest(`doc is missing path: "${text}": missing value`);
    }
  }
  return cur;
}

function setAt(root: unknown, path: string[], value: unknown, mode: 'add' | 'replace'): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1), '/' + path.slice(0, -1).join('/'));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (mode === 'replace' && i === parent.length)) {
      throw badRequest(`add operation does not apply: doc is missing path: "/${path.join('/')}": missing value`);
    }
    if (mode === 'add') parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (parent && typeof parent === 'object') {
    (parent as Record<string, unknown>)[last] = value;
  } else {
    throw badRequest(`add operation does not apply: doc is missing path: "/${path.join('/')}": missing value`);
  }
  return root;
}

function removeAt(root: unknown, path: string[], text: string): unknown {
  getAt(root, path, text);
  const parent = getAt(root, path.slice(0, -1), text);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[last];
  return root;
}
