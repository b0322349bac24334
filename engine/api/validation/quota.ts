/**
 * core/v1 LimitRange and ResourceQuota (pkg/apis/core/validation,
 * pkg/apis/core/helper, SetDefaults_LimitRangeItem of pkg/apis/core/v1/defaults.go,
 * release-1.35). Loaded on first use.
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { compareQuantity, formatQuantity, parseQuantityExact, type ParsedQuantity } from './quantity.js';
import {
  INTEGER_RESOURCES, isOvercommitAllowed, isQuotaHugePageResourceName, STANDARD_QUOTA_RESOURCES, validateContainerResourceName, validateResourceName,
} from './resource-names.js';
import { isQualifiedName, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate, FIELD_IMMUTABLE, IS_NEGATIVE_ERROR } from './names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);
export const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];

const sortedKeys = (m: unknown): string[] => (m && typeof m === 'object' ? Object.keys(m).sort() : []);

// ---------- LimitRange ----------

/** SetDefaults_LimitRangeItem: a Container item's default limit falls back to max, its default request to the default limit, then to min. */
export function defaultLimitRange(obj: KObject): void {
  for (const item of ((obj.spec as Any)?.limits ?? []) as Any[]) {
    if (item?.type !== 'Container') continue;
    const def = (item.default ??= {});
    const req = (item.defaultRequest ??= {});
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in req)) req[k] = v;
  }
}

const q = (v: unknown): ParsedQuantity => parseQuantityExact(v) ?? { milli: 0n, format: 'DecimalSI' };
const str = (v: unknown): string => formatQuantity(q(v));

export function validateLimitRange(obj: KObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  const seen = new Set<string>();
  ((obj.spec as Any)?.limits ?? [] as Any[]).forEach((limit: Any, i: number) => {
    const p = `spec.limits[${i}]`;
    const type: string = limit?.type ?? '';
    const typeErrs = isQualifiedName(type).map((m) => field.invalid(`${p}.type`, type, m));
    if (!typeErrs.length && !type.includes('/') && !STANDARD_LIMIT_TYPES.has(type)) typeErrs.push(field.invalid(`${p}.type`, type, 'must be a standard limit type or fully qualified'));
    errs.push(...typeErrs);
    if (seen.has(type)) errs.push(field.duplicate(`${p}.type`, type));
    seen.add(type);
    const nameCheck = type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
    const keys = new Set<string>();
    const lists: Record<string, Record<string, unknown>> = { max: limit?.max ?? {}, min: limit?.min ?? {}, default: {}, defaultRequest: {}, maxLimitRequestRatio: limit?.maxLimitRequestRatio ?? {} };
    for (const list of ['max', 'min']) for (const k of sortedKeys(lists[list])) { errs.push(...nameCheck(k, `${p}.${list}[${k}]`)); keys.add(k); }
    if (type === 'Pod') {
      if (Object.keys(limit?.default ?? {}).length) errs.push(field.forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(limit?.defaultRequest ?? {}).length) errs.push(field.forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    } else {
      lists.default = limit?.default ?? {};
      lists.defaultRequest = limit?.defaultRequest ?? {};
      for (const list of ['default', 'defaultRequest']) for (const k of sortedKeys(lists[list])) { errs.push(...nameCheck(k, `${p}.${list}[${k}]`)); keys.add(k); }
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in lists.min) && !('storage' in lists.max)) {
      errs.push(field.required(`${p}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    for (const k of sortedKeys(lists.maxLimitRequestRatio)) { errs.push(...nameCheck(k, `${p}.maxLimitRequestRatio[${k}]`)); keys.add(k); }
    for (const k of [...keys].sort()) {
      const has = (l: string) => k in lists[l];
      const v = (l: string) => q(lists[l][k]);
      const gt = (a: string, b: string) => compareQuantity(v(a), v(b)) > 0;
      if (has('min') && has('max') && gt('min', 'max')) errs.push(field.invalid(`${p}.min[${k}]`, str(lists.min[k]), `min value ${str(lists.min[k])} is greater than max value ${str(lists.max[k])}`));
      if (has('defaultRequest') && has('min') && gt('min', 'defaultRequest')) errs.push(field.invalid(`${p}.defaultRequest[${k}]`, str(lists.defaultRequest[k]), `min value ${str(lists.min[k])} is greater than default request value ${str(lists.defaultRequest[k])}`));
      if (has('defaultRequest') && has('max') && gt('defaultRequest', 'max')) errs.push(field.invalid(`${p}.defaultRequest[${k}]`, str(lists.defaultRequest[k]), `default request value ${str(lists.defaultRequest[k])} is greater than max value ${str(lists.max[k])}`));
      if (has('defaultRequest') && has('default') && gt('defaultRequest', 'default')) errs.push(field.invalid(`${p}.defaultRequest[${k}]`, str(lists.defaultRequest[k]), `default request value ${str(lists.defaultRequest[k])} is greater than default limit value ${str(lists.default[k])}`));
      if (has('default') && has('min') && gt('min', 'default')) errs.push(field.invalid(`${p}.default[${k}]`, str(lists.min[k]), `min value ${str(lists.min[k])} is greater than default value ${str(lists.default[k])}`));
      if (has('default') && has('max') && gt('default', 'max')) errs.push(field.invalid(`${p}.default[${k}]`, str(lists.max[k]), `default value ${str(lists.default[k])} is greater than max value ${str(lists.max[k])}`));
      if (has('maxLimitRequestRatio') && v('maxLimitRequestRatio').milli < 1000n) {
        errs.push(field.invalid(`${p}.maxLimitRequestRatio[${k}]`, str(lists.maxLimitRequestRatio[k]), `ratio ${str(lists.maxLimitRequestRatio[k])} is less than 1`));
      }
      if (has('maxLimitRequestRatio') && has('min') && has('max')) {
        const limit = Number(v('max').milli) / Number(v('min').milli);
        if (Number(v('maxLimitRequestRatio').milli) / 1000 > limit) {
          errs.push(field.invalid(`${p}.maxLimitRequestRatio[${k}]`, str(lists.maxLimitRequestRatio[k]), `ratio ${str(lists.maxLimitRequestRatio[k])} is greater than max/min = ${limit.toFixed(6)}`));
        }
      }
      // Resources that may not be overcommitted (hugepages, extended): the default limit and request must be equal.
      if (!isOvercommitAllowed(k) && has('default') && has('defaultRequest') && compareQuantity(v('default'), v('defaultRequest')) !== 0) {
        errs.push(field.invalid(`${p}.defaultRequest[${k}]`, str(lists.defaultRequest[k]), `default value ${str(lists.default[k])} must equal to defaultRequest value ${str(lists.defaultRequest[k])} in ${k}`));
      }
    }
  });
  return errs;
}

export function validateLimitRangeUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateLimitRange(obj)];
}

// ---------- ResourceQuota ----------

function validateQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/') && !STANDARD_QUOTA_RESOURCES.has(name) && !isQuotaHugePageResourceName(name)) errs.push(field.invalid(path, name, 'must be a standard resource for quota'));
  return errs;
}

function validateQuotaValue(name: string, value: unknown, path: string): FieldError[] {
  const parsed = q(value);
  const errs: FieldError[] = [];
  if (parsed.milli < 0n) errs.push(field.invalid(path, str(value), IS_NEGATIVE_ERROR));
  if ((INTEGER_RESOURCES.has(name) || name.startsWith('count/')) && parsed.milli % 1000n !== 0n) errs.push(field.invalid(path, str(value), 'must be an integer'));
  return errs;
}

function validateResourceList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of sortedKeys(list)) {
    errs.push(...validateQuotaResourceName(k, `${path}[${k}]`));
    errs.push(...validateQuotaValue(k, (list as Any)[k], `${path}[${k}]`));
  }
  return errs;
}

function validateQuotaSpec(spec: Any): FieldError[] {
  const errs = validateResourceList(spec?.hard, 'spec.hard');
  ((spec?.scopes ?? []) as string[]).forEach((s, i) => {
    if (!QUOTA_SCOPES.includes(s)) errs.push(field.invalid(`spec.scopes[${i}]`, s, 'unsupported scope'));
  });
  return errs;
}

export function validateResourceQuota(obj: KObject): FieldError[] {
  return [...validateObjectMeta(obj, true, nameIsDNSSubdomain), ...validateQuotaSpec(obj.spec), ...validateQuotaStatus(obj.status)];
}

export function validateResourceQuotaUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj, old), ...validateQuotaSpec(obj.spec)];
  const scopes = (o: KObject) => [...new Set(((o.spec as Any)?.scopes ?? []) as string[])].sort().join(',');
  if (scopes(obj) !== scopes(old)) errs.push(field.invalid('spec.scopes', (obj.spec as Any)?.scopes ?? null, FIELD_IMMUTABLE));
  return errs;
}

export function validateQuotaStatus(status: Any): FieldError[] {
  return [...validateResourceList(status?.hard, 'status.hard'), ...validateResourceList(status?.used, 'status.used')];
}

export function validateResourceQuotaStatusUpdate(obj: KObject, old: KObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj, old), ...validateQuotaStatus(obj.status)];
}
