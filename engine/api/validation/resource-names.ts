/**
 * Resource names as pkg/apis/core/helper and validation sort them (release-1.35): native names are unqualified or
 * under kubernetes.io/, extended ones are any other domain's that still make a qualified quota name
 * ("requests.<name>"); those are counted in whole units and, like hugepages, never overcommitted.
 */
import { field, type FieldError } from '../errors.js';
import { IS_NEGATIVE_ERROR, isQualifiedName } from './names.js';
import { formatQuantity, parseQuantityExact } from './quantity.js';

const HUGEPAGES = 'hugepages-';
const REQUESTS_HUGEPAGES = 'requests.hugepages-';
export const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);
const STANDARD_RESOURCES = new Set([...STANDARD_QUOTA_RESOURCES, 'storage']);
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** helper.integerResources: the object counts of quota. */
export const INTEGER_RESOURCES = new Set(['pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
export const IS_NOT_INTEGER_ERROR = 'must be an integer';

export const isHugePageResourceName = (name: string): boolean => name.startsWith(HUGEPAGES);
export const isQuotaHugePageResourceName = (name: string): boolean => isHugePageResourceName(name) || name.startsWith(REQUESTS_HUGEPAGES);
export const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

export const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePageResourceName(name);
export const isIntegerResourceName = (name: string): boolean => INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);

/** ValidateResourceQuantityValue: never negative, and whole for the integer resources; the value as the Quantity prints. */
export function validateResourceQuantityValue(name: string, value: unknown, path: string | (() => string)): FieldError[] {
  const q = parseQuantityExact(value);
  if (!q) return NO_ERRORS;
  const negative = q.milli < 0n;
  const fractional = q.milli % 1000n !== 0n && isIntegerResourceName(name);
  if (!negative && !fractional) return NO_ERRORS;
  // The path is built only for an error: every kubelet status write checks each of its node's resources.
  const at = typeof path === 'string' ? path : path();
  return [
    ...(negative ? [field.invalid(at, formatQuantity(q), IS_NEGATIVE_ERROR)] : []),
    ...(fractional ? [field.invalid(at, formatQuantity(q), IS_NOT_INTEGER_ERROR)] : []),
  ];
}

const NO_ERRORS: FieldError[] = Object.freeze([]) as unknown as FieldError[];

/** validateResourceName: a qualified name, and an unqualified one must be a standard resource. */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !isQuotaHugePageResourceName(name)) errs.push(field.invalid(path, name, 'must be a standard resource type or fully qualified'));
  return errs;
}

/** validateContainerResourceName: validateResourceName's errors and then its own, so a bad name can get both. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) errs.push(field.invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(field.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}
