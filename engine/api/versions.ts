/**
 * The versions kube-apiserver serves besides a resource's storage version (resources.ts ALTERNATE_VERSIONS): a
 * request at such a version is decoded at it, converted to the stored version, and answered converted back, as the
 * scheme's conversion functions do. Each conversion is registered by its lazily loaded module (registry/lazy-kinds.ts).
 */
import type { KObject } from './meta.js';

export interface Conversion {
  /** The storage version's resource key ("horizontalpodautoscalers.autoscaling"). */
  storage: string;
  /** The request's object (decoded at the alternate version) as the stored version holds it. */
  toStorage(obj: KObject): KObject;
  /** A stored object at the alternate version. */
  fromStorage(obj: KObject): KObject;
}

const conversions = new Map<string, Conversion>();

export function registerConversion(key: string, c: Conversion): void {
  conversions.set(key, c);
}

export function conversionFor(key: string): Conversion | undefined {
  return conversions.size ? conversions.get(key) : undefined;
}
