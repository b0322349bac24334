/**
 * ConfigMaps and Secrets (pkg/registry/core/configmap, pkg/registry/core/secret,
 * SetDefaults_Secret, ValidateConfigMap, ValidateSecret, release-1.35). The v1
 * Secret's stringData is folded into data by conversion, so it is never stored.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import type { Strategy } from '../strategy.js';
import { FIELD_IMMUTABLE, isConfigMapKey, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { base64DecodedLength, base64Encode } from '../../util/base64.js';
import { utf8Length } from '../../util/utf8.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** 1 MiB: core.MaxSecretSize, also the ConfigMap limit. */
export const MAX_SIZE = 1 << 20;
export const IMMUTABLE_DATA = 'field is immutable when `immutable` is set';

function validateKeys(data: Record<string, unknown> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(data ?? {}).sort()) for (const m of isConfigMapKey(k)) errs.push(field.invalid(path, k, m));
  return errs;
}

function validateConfigMap(cm: KObject): FieldError[] {
  const data = cm.data as Record<string, string> | undefined;
  const bin = cm.binaryData as Record<string, string> | undefined;
  const errs = [...validateKeys(data, 'data'), ...validateKeys(bin, 'binaryData')];
  for (const k of Object.keys(bin ?? {}).sort()) {
    if (data && Object.prototype.hasOwnProperty.call(data, k)) errs.push(field.invalid('data', k, 'duplicate of key present in binaryData'));
  }
  let size = 0;
  for (const [k, v] of Object.entries(data ?? {})) size += utf8Length(k) + utf8Length(String(v));
  for (const [k, v] of Object.entries(bin ?? {})) size += utf8Length(k) + base64DecodedLength(String(v));
  if (size > MAX_SIZE) errs.push(field.tooLong('', MAX_SIZE));
  return errs;
}

function validateImmutable(obj: KObject, old: KObject, keys: string[]): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
    for (const k of keys) if (!deepEqual(obj[k] ?? {}, old[k] ?? {})) errs.push(field.forbidden(k, IMMUTABLE_DATA));
  }
  return errs;
}

export const configMapStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateConfigMap(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj, old), ...validateImmutable(obj, old, ['data', 'binaryData']), ...validateConfigMap(obj)];
  },
};

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function validateSecret(s: KObject): FieldError[] {
  const data = (s.data ?? {}) as Record<string, string>;
  const errs = validateKeys(data, 'data');
  let size = 0;
  for (const [k, v] of Object.entries(data)) size += utf8Length(k) + base64DecodedLength(String(v));
  if (size > MAX_SIZE) errs.push(field.tooLong('data', MAX_SIZE));
  for (const key of SECRET_REQUIRED_KEYS[String(s.type)] ?? []) if (!(key in data)) errs.push(field.required(`data[${key}]`, ''));
  if (s.type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(field.required('data[username]', ''), field.required('data[password]', ''));
  }
  if (s.type === 'kubernetes.io/ssh-auth' && !('ssh-privatekey' in data)) errs.push(field.required('data[ssh-privatekey]', ''));
  return errs;
}

export const secretStrategy: Strategy = {
  defaults(obj) {
    obj.type ||= 'Opaque';
    const sd = obj.stringData as Record<string, unknown> | undefined;
    if (sd && typeof sd === 'object') {
      const data = (obj.data ??= {}) as Record<string, string>;
      for (const [k, v] of Object.entries(sd)) data[k] = base64Encode(String(v ?? ''));
    }
    delete obj.stringData;
  },
  validate(obj) {
    return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateSecret(obj)];
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj, old), ...validateSecret(obj)];
    if (obj.type !== old.type) errs.push(field.invalid('type', obj.type, FIELD_IMMUTABLE));
    errs.push(...validateImmutable(obj, old, ['data']));
    return errs;
  },
  selectableFields(obj) {
    return { type: String((obj as Any).type ?? '') };
  },
};
