/**
 * Namespaces (pkg/registry/core/namespace/strategy.go, SetDefaults_Namespace, release-1.35).
 */
import type { Strategy } from '../strategy.js';
import { clone } from '../meta.js';
import { nameIsDNSLabel, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';
export const FINALIZER_KUBERNETES = 'kubernetes';

export const namespaceStrategy: Strategy = {
  defaults(obj) {
    // Nameless (generateName) namespaces get the label once named, in prepareForCreate.
    if (obj.metadata.name) (obj.metadata.labels ??= {})[LABEL_METADATA_NAME] = obj.metadata.name;
  },
  prepareForCreate(obj) {
    (obj.metadata.labels ??= {})[LABEL_METADATA_NAME] = obj.metadata.name ?? '';
    obj.status = { phase: 'Active' };
    const spec = (obj.spec ??= {}) as Any;
    const fins = (spec.finalizers ??= []) as string[];
    if (!fins.includes(FINALIZER_KUBERNETES)) fins.push(FINALIZER_KUBERNETES);
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers change only through the finalize subresource.
    obj.spec = old.spec === undefined ? undefined : clone(old.spec);
    obj.status = old.status === undefined ? undefined : clone(old.status);
  },
  validate(obj) {
    return validateObjectMeta(obj, false, nameIsDNSLabel);
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old);
  },
  selectableFields(obj) {
    return { 'status.phase': String((obj.status as Any)?.phase ?? '') };
  },
};
