/**
 * ControllerRevisions (pkg/registry/apps/controllerrevision/strategy.go and
 * ValidateControllerRevision(Update) in pkg/apis/apps/validation, release-1.35):
 * an immutable snapshot of a controller's state. Only the revision number may
 * change, which the DaemonSet controller does when an old template returns.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import type { Strategy } from '../strategy.js';
import { FIELD_IMMUTABLE, IS_NEGATIVE_ERROR, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';

type Revision = KObject & { data?: unknown; revision?: number };

export const DATA_IS_MANDATORY = 'data is mandatory';

function validateControllerRevision(obj: Revision): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  if (obj.data === undefined || obj.data === null) errs.push(field.required('data', DATA_IS_MANDATORY));
  if ((obj.revision ?? 0) < 0) errs.push(field.invalid('revision', obj.revision, IS_NEGATIVE_ERROR));
  return errs;
}

export const controllerRevisionStrategy: Strategy = {
  defaults(obj) {
    // `revision` has no omitempty: a revision created without one is stored, and shown, as 0.
    (obj as Revision).revision ??= 0;
  },
  validate: (obj) => validateControllerRevision(obj),
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj, old), ...validateControllerRevision(obj)];
    const data = (obj as Revision).data;
    if (!deepEqual(data ?? null, (old as Revision).data ?? null)) errs.push(field.invalid('data', data ?? null, FIELD_IMMUTABLE));
    return errs;
  },
};
