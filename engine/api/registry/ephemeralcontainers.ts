/**
 * The pods/ephemeralcontainers subresource (pkg/registry/core/pod/strategy.go
 * podEphemeralContainersStrategy, pkg/apis/core/validation
 * ValidatePodEphemeralContainersUpdate and validateEphemeralContainers,
 * release-1.35): a write through it changes nothing but
 * spec.ephemeralContainers, and existing ephemeral containers may be neither
 * removed nor changed.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import type { SubresourceStrategy } from '../strategy.js';
import { validateObjectMetaUpdate } from '../validation/names.js';
import { validatePodSpec } from '../validation/pod.js';
import { defaultPodSpec } from './podspec.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const STATIC_PODS_UNSUPPORTED = 'static pods do not support ephemeral containers';
export const EPHEMERAL_FIELD_FORBIDDEN = 'cannot be set for an Ephemeral Container';
export const EPHEMERAL_ON_CREATE_FORBIDDEN = 'cannot be set on create';

export function msgMayNotBeRemoved(name: string): string {
  return `existing ephemeral containers ${JSON.stringify(name)} may not be removed\n`;
}
export function msgMayNotBeChanged(name: string): string {
  return `existing ephemeral containers ${JSON.stringify(name)} may not be changed\n`;
}

/**
 * EphemeralContainerCommon's fields in their Go declaration order, with
 * allowedEphemeralContainerFields' verdict: the ones set to false (or absent
 * from the allow list) are forbidden when they hold anything but their zero value.
 */
const EPHEMERAL_FIELDS: [string, boolean][] = [
  ['name', true], ['image', true], ['command', true], ['args', true], ['workingDir', true],
  ['ports', false], ['envFrom', true], ['env', true], ['resources', false], ['resizePolicy', false],
  ['restartPolicy', false], ['restartPolicyRules', false], ['volumeMounts', true], ['volumeDevices', true],
  ['livenessProbe', false], ['readinessProbe', false], ['startupProbe', false], ['lifecycle', false],
  ['terminationMessagePath', true], ['terminationMessagePolicy', true], ['imagePullPolicy', true],
  ['securityContext', true], ['stdin', true], ['stdinOnce', true], ['tty', true],
];

/** Go's zero value as JSON decodes it: absent, null, empty text, false, 0, an empty list or an empty struct. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as object).every(isZero);
  return false;
}

/** validateEphemeralContainers: the checks beyond validateContainerCommon (which validatePodSpec's helpers apply). */
export function validateEphemeralContainers(spec: Any, path = 'spec.ephemeralContainers'): FieldError[] {
  const list: Any[] = Array.isArray(spec?.ephemeralContainers) ? spec.ephemeralContainers : [];
  const errs: FieldError[] = [];
  if (!list.length) return errs;
  const others = new Set<string>();
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) if (c?.name) others.add(c.name);
  const all = new Set(others);
  list.forEach((ec, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommonOf(ec, p));
    if (typeof ec?.image === 'string' && ec.image !== ec.image.trim()) errs.push(field.invalid(`${p}.image`, ec.image, 'must not have leading or trailing whitespace'));
    if (all.has(ec?.name)) errs.push(field.duplicate(`${p}.name`, ec.name));
    else all.add(ec?.name);
    if (ec?.targetContainerName && !others.has(ec.targetContainerName)) errs.push(field.notFound(`${p}.targetContainerName`, ec.targetContainerName));
    for (const [name, allowed] of EPHEMERAL_FIELDS) if (!allowed && !isZero(ec?.[name])) errs.push(field.forbidden(`${p}.${name}`, EPHEMERAL_FIELD_FORBIDDEN));
    (Array.isArray(ec?.volumeMounts) ? ec.volumeMounts : []).forEach((vm: Any, j: number) => {
      if (vm?.subPath) errs.push(field.forbidden(`${p}.volumeMounts[${j}].subPath`, EPHEMERAL_FIELD_FORBIDDEN));
      if (vm?.subPathExpr) errs.push(field.forbidden(`${p}.volumeMounts[${j}].subPathExpr`, EPHEMERAL_FIELD_FORBIDDEN));
    });
  });
  return errs;
}

/**
 * validateContainerCommon for one ephemeral container, by validating it as the
 * only init container of a throwaway spec (the same common checks, same paths
 * once renamed) — the probe and restart rules of init containers do not apply
 * there, and the allow list above covers them.
 */
function validateContainerCommonOf(ec: Any, p: string): FieldError[] {
  const probe = { containers: [{ name: '\u0000', image: 'x', terminationMessagePolicy: 'File', imagePullPolicy: 'Never' }], initContainers: [stripForCommon(ec)], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' };
  const prefix = 'x.initContainers[0]';
  return validatePodSpec(probe, 'x')
    .filter((e) => (e.field === prefix || e.field.startsWith(`${prefix}.`)) && e.type !== 'FieldValueDuplicate')
    .map((e) => ({ ...e, field: p + e.field.slice(prefix.length) }));
}

/** The fields validateContainerCommon reads; the rest is the allow list's business. */
function stripForCommon(ec: Any): Any {
  if (!ec || typeof ec !== 'object') return ec;
  const { livenessProbe: _l, readinessProbe: _r, startupProbe: _s, lifecycle: _h, restartPolicy: _p, resources: _res, ...rest } = ec;
  return rest;
}

/** ValidatePodCreate: ephemeral containers come only through the subresource. */
export function validateNoEphemeralOnCreate(spec: Any): FieldError[] {
  return Array.isArray(spec?.ephemeralContainers) && spec.ephemeralContainers.length ? [field.forbidden('spec.ephemeralContainers', EPHEMERAL_ON_CREATE_FORBIDDEN)] : [];
}

/** ValidatePodEphemeralContainersUpdate, part 2: existing ephemeral containers stay as they were. */
export function validateEphemeralContainersChange(spec: Any, oldSpec: Any): FieldError[] {
  const errs: FieldError[] = [];
  const byName = new Map<string, Any>();
  for (const ec of Array.isArray(spec?.ephemeralContainers) ? spec.ephemeralContainers : []) byName.set(ec?.name, ec);
  for (const old of Array.isArray(oldSpec?.ephemeralContainers) ? oldSpec.ephemeralContainers : []) {
    const now = byName.get(old.name);
    if (!now) errs.push(field.forbidden('spec.ephemeralContainers', msgMayNotBeRemoved(old.name)));
    else if (!deepEqual(old, now)) errs.push(field.forbidden('spec.ephemeralContainers', msgMayNotBeChanged(old.name)));
  }
  return errs;
}

/**
 * podEphemeralContainersStrategy: PrepareForUpdate keeps the stored pod and
 * takes only spec.ephemeralContainers from the request
 * (dropNonEphemeralContainerUpdates); ValidateUpdate checks the whole result.
 */
export const podEphemeralContainersStrategy: SubresourceStrategy = {
  prepareForUpdate(obj: KObject, old: KObject): KObject {
    const requested = (obj.spec as Any)?.ephemeralContainers;
    const spec: Any = { ...(old.spec as object) };
    if (Array.isArray(requested) && requested.length) {
      // Defaulting runs on the decoded request (terminationMessagePolicy, imagePullPolicy…).
      const probe = { ephemeralContainers: JSON.parse(JSON.stringify(requested)) };
      defaultPodSpec(probe);
      spec.ephemeralContainers = probe.ephemeralContainers;
    } else delete spec.ephemeralContainers;
    const out: KObject = { ...old, metadata: { ...old.metadata }, spec };
    return out;
  },
  validateUpdate(obj: KObject, old: KObject): FieldError[] {
    const errs = [...validateObjectMetaUpdate(obj, old), ...validatePodSpec(obj.spec, 'spec'), ...validateEphemeralContainers(obj.spec)];
    if (old.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return [field.forbidden('[]', STATIC_PODS_UNSUPPORTED)];
    return [...errs, ...validateEphemeralContainersChange(obj.spec, old.spec)];
  },
};
