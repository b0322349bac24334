/**
 * apiregistration.k8s.io/v1 APIService as kube-aggregator stores it, once a client writes one (until then
 * bootstrap/system-views-impl.ts computes the autoregistered ones): the strategy (pkg/registry/apiservice/strategy.go:
 * status reset on create, kept on update, no update without a resourceVersion), the v1 default service port
 * (defaults.go) and validation (pkg/apis/apiregistration/validation), and the availability controller's condition
 * for what it can tell without dialling: a local APIService is always available, one whose Service is missing is not.
 */
import { field, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import type { APIServer } from '../apiserver.js';
import { registerStrategy } from '../strategy.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName, isValidPortNum, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const APISERVICES = 'apiservices.apiregistration.k8s.io';

export function validateAPIService(obj: KObject): FieldError[] {
  const spec = ((obj as Any).spec ?? {}) as Any;
  const group = String(spec.group ?? '');
  const version = String(spec.version ?? '');
  const required = `${version}.${group}`;
  const errs = validateObjectMeta(obj, false, (name) => {
    const failures = isValidPathSegmentName(name);
    if (failures.length) return failures;
    return name === required ? [] : [`must be \`spec.version+"."+spec.group\`: ${JSON.stringify(required)}`];
  });
  if (!group && version !== 'v1') errs.push(field.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  if (group) for (const m of isDNS1123Subdomain(group)) errs.push(field.invalid('spec.group', group, m));
  for (const m of isDNS1035Label(version)) errs.push(field.invalid('spec.version', version, m));
  const gpm = Number(spec.groupPriorityMinimum ?? 0);
  if (gpm <= 0 || gpm > 20000) errs.push(field.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = Number(spec.versionPriority ?? 0);
  if (vp <= 0 || vp > 1000) errs.push(field.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  // caBundle is base64 on the wire, bytes in Go: its length is the decoded one.
  const caBytes = typeof spec.caBundle === 'string' ? Math.floor((spec.caBundle.replace(/=+$/, '').length * 3) / 4) : 0;
  if (!spec.service) {
    if (caBytes) errs.push(field.invalid('spec.caBundle', `${caBytes} bytes`, 'local APIServices may not have a caBundle'));
    if (spec.insecureSkipTLSVerify) errs.push(field.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    return errs;
  }
  if (!spec.service.namespace) errs.push(field.required('spec.service.namespace'));
  if (!spec.service.name) errs.push(field.required('spec.service.name'));
  const port = Number(spec.service.port ?? 0);
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(field.invalid('spec.service.port', port, `port is not valid: ${portErrs.join(', ')}`));
  if (spec.insecureSkipTLSVerify && caBytes) errs.push(field.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  return errs;
}

function validateStatus(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  ((((obj as Any).status?.conditions) ?? []) as Any[]).forEach((c, i) => {
    if (!['True', 'False', 'Unknown'].includes(c?.status)) errs.push(field.notSupported(`status.conditions[${i}].status`, c?.status ?? '', ['True', 'False', 'Unknown']));
  });
  return errs;
}

export function registerAPIServices(): void {
  registerStrategy(APISERVICES, {
    defaults: (o) => { const svc = (o as Any).spec?.service; if (svc) svc.port ??= 443; },
    validate: validateAPIService,
    validateUpdate: (o, old) => [...validateObjectMetaUpdate(o, old), ...validateAPIService(o)],
    validateStatusUpdate: (o, old) => [...validateObjectMetaUpdate(o, old), ...validateStatus(o)],
    allowUnconditionalUpdate: false,
  });
}

/**
 * The availability controller's Available condition, where it needs no connection: Local, or ServiceNotFound. An
 * APIService whose Service exists keeps the condition it has (the discovery check against its backend is not made).
 */
export function syncAvailability(api: APIServer, now: string): void {
  for (const svc of api.list(APISERVICES, undefined).items) {
    const ref = (svc as Any).spec?.service;
    let want: { status: string; reason: string; message: string } | undefined;
    if (!ref) want = { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
    else if (!api.tryGet('services', ref.namespace, ref.name)) want = { status: 'False', reason: 'ServiceNotFound', message: `service/${ref.name} in ${JSON.stringify(ref.namespace)} is not present` };
    if (!want) continue;
    const conditions = (((svc as Any).status?.conditions) ?? []) as Any[];
    const have = conditions.find((c) => c.type === 'Available');
    if (have && have.status === want.status && have.reason === want.reason && have.message === want.message) continue;
    // The transition time moves only when the status does (apiregistration helper SetAPIServiceCondition).
    const lastTransitionTime = have && have.status === want.status ? have.lastTransitionTime : now;
    const next = structuredClone(svc) as Any;
    next.status = { ...(next.status ?? {}), conditions: [...conditions.filter((c) => c.type !== 'Available'), { lastTransitionTime, message: want.message, reason: want.reason, status: want.status, type: 'Available' }] };
    try { api.update(APISERVICES, next as KObject, { subresource: 'status', fieldManager: 'kube-apiserver', typed: true }); } catch { /* the next change retries */ }
  }
}
