/**
 * Pod and pod template validation with the texts of
 * kubernetes/kubernetes pkg/apis/core/validation/validation.go (release-1.35):
 * ValidatePodSpec, validateContainers, validateContainerCommon,
 * validateContainerPorts, ValidateResourceRequirements, validateProbe,
 * validateRestartPolicy, validateDNSPolicy, validateSchedulingGates,
 * ValidatePodUpdate with the rules for gated pods.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import {
  inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum, IS_NEGATIVE_ERROR,
  validateAnnotations, validateLabels, validateNonnegative,
} from './names.js';
import { compareQuantity, formatQuantity, parseQuantityExact } from './quantity.js';
import { lazyModule } from '../../util/lazy-module.js';

/** The placement rules of a gated pod's update (pod-gated.ts). */
export const gatedPlacementCode = lazyModule(() => import('./pod-gated.js'));

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function dnsLabel(v: string, path: string): FieldError[] {
  return isDNS1123Label(v).map((m) => field.invalid(path, v, m));
}

function validatePorts(ports: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    if (p?.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) for (const m of msgs) errs.push(field.invalid(`${ip}.name`, p.name, m));
      else if (names.has(p.name)) errs.push(field.duplicate(`${ip}.name`, p.name));
      else names.add(p.name);
    }
    if (!p?.containerPort) errs.push(field.required(`${ip}.containerPort`, ''));
    else for (const m of isValidPortNum(p.containerPort)) errs.push(field.invalid(`${ip}.containerPort`, p.containerPort, m));
    if (p?.hostPort) for (const m of isValidPortNum(p.hostPort)) errs.push(field.invalid(`${ip}.hostPort`, p.hostPort, m));
    if (!p?.protocol) errs.push(field.required(`${ip}.protocol`, ''));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(field.notSupported(`${ip}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(env: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!e?.name) errs.push(field.required(`${p}.name`, ''));
    else for (const m of isEnvVarName(e.name)) errs.push(field.invalid(`${p}.name`, e.name, m));
    if (e?.valueFrom && e.value) errs.push(field.invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
  });
  return errs;
}

function validateResources(res: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!res) return errs;
  const check = (list: Record<string, unknown> | undefined, p: string) => {
    for (const name of Object.keys(list ?? {}).sort()) {
      const fp = `${p}[${name}]`;
      if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
        errs.push(field.invalid(fp, name, 'must be a standard resource for containers'));
        continue;
      }
      const q = parseQuantityExact(list![name]);
      if (q && q.milli < 0n) errs.push(field.invalid(fp, formatQuantity(q), IS_NEGATIVE_ERROR));
    }
  };
  check(res.limits, `${path}.limits`);
  check(res.requests, `${path}.requests`);
  for (const name of Object.keys(res.requests ?? {}).sort()) {
    const req = parseQuantityExact(res.requests[name]);
    const lim = res.limits && name in res.limits ? parseQuantityExact(res.limits[name]) : undefined;
    if (!req || !lim) continue;
    const overcommit = STANDARD_CONTAINER_RESOURCES.has(name);
    if (!overcommit && compareQuantity(req, lim) !== 0) {
      errs.push(field.invalid(`${path}.requests`, formatQuantity(req), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
    } else if (compareQuantity(req, lim) > 0) {
      errs.push(field.invalid(`${path}.requests`, formatQuantity(req), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
    }
  }
  return errs;
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

function validateProbe(probe: Any, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const errs: FieldError[] = [];
  if (!probe) return errs;
  const set = HANDLERS.filter((h) => probe[h] != null);
  if (set.length === 0) errs.push(field.required(path, 'must specify a handler type'));
  else if (set.length > 1) errs.push(field.forbidden(`${path}.${set[1]}`, 'may not specify more than 1 handler type'));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(probe[f], `${path}.${f}`));
  }
  if ((kind === 'liveness' || kind === 'startup') && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(field.invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  if (probe.httpGet) {
    const port = probe.httpGet.port;
    if (typeof port === 'number') for (const m of isValidPortNum(port)) errs.push(field.invalid(`${path}.httpGet.port`, port, m));
    else if (typeof port === 'string') for (const m of isValidPortName(port)) errs.push(field.invalid(`${path}.httpGet.port`, port, m));
    if (probe.httpGet.scheme && !['HTTP', 'HTTPS'].includes(probe.httpGet.scheme)) {
      errs.push(field.notSupported(`${path}.httpGet.scheme`, probe.httpGet.scheme, ['HTTP', 'HTTPS']));
    }
  }
  if (probe.tcpSocket) {
    const port = probe.tcpSocket.port;
    if (typeof port === 'number') for (const m of isValidPortNum(port)) errs.push(field.invalid(`${path}.tcpSocket.port`, port, m));
    else if (typeof port === 'string') for (const m of isValidPortName(port)) errs.push(field.invalid(`${path}.tcpSocket.port`, port, m));
  }
  return errs;
}

function validateContainerCommon(c: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c?.name) errs.push(field.required(`${path}.name`, ''));
  else errs.push(...dnsLabel(c.name, `${path}.name`));
  if (!c?.image) errs.push(field.required(`${path}.image`, ''));
  const tmp = c?.terminationMessagePolicy;
  if (!tmp) errs.push(field.required(`${path}.terminationMessagePolicy`, ''));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(field.notSupported(`${path}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validatePorts(c?.ports, `${path}.ports`));
  errs.push(...validateEnv(c?.env, `${path}.env`));
  const pp = c?.imagePullPolicy;
  if (!pp) errs.push(field.required(`${path}.imagePullPolicy`, ''));
  else if (!PULL_POLICIES.includes(pp)) errs.push(field.notSupported(`${path}.imagePullPolicy`, pp, PULL_POLICIES));
  errs.push(...validateResources(c?.resources, `${path}.resources`));
  errs.push(...validateSecurityContext(c?.securityContext, `${path}.securityContext`));
  return errs;
}

/**
 * The internal core.SecurityContext as field.Invalid renders it: json.Marshal of a struct without json tags,
 * every field in declaration order under its Go name, nil pointers as null.
 */
function internalSecurityContext(sc: Any): string {
  const opt = (v: unknown) => (v === undefined ? null : v);
  const profile = (p: Any) => (p ? { Type: p.type ?? '', LocalhostProfile: opt(p.localhostProfile) } : null);
  return JSON.stringify({
    Capabilities: sc.capabilities ? { Add: sc.capabilities.add ?? null, Drop: sc.capabilities.drop ?? null } : null,
    Privileged: opt(sc.privileged),
    SELinuxOptions: sc.seLinuxOptions ? { User: sc.seLinuxOptions.user ?? '', Role: sc.seLinuxOptions.role ?? '', Type: sc.seLinuxOptions.type ?? '', Level: sc.seLinuxOptions.level ?? '' } : null,
    WindowsOptions: sc.windowsOptions ? { GMSACredentialSpecName: opt(sc.windowsOptions.gmsaCredentialSpecName), GMSACredentialSpec: opt(sc.windowsOptions.gmsaCredentialSpec), RunAsUserName: opt(sc.windowsOptions.runAsUserName), HostProcess: opt(sc.windowsOptions.hostProcess) } : null,
    RunAsUser: opt(sc.runAsUser),
    RunAsGroup: opt(sc.runAsGroup),
    RunAsNonRoot: opt(sc.runAsNonRoot),
    ReadOnlyRootFilesystem: opt(sc.readOnlyRootFilesystem),
    AllowPrivilegeEscalation: opt(sc.allowPrivilegeEscalation),
    ProcMount: opt(sc.procMount),
    SeccompProfile: profile(sc.seccompProfile),
    AppArmorProfile: profile(sc.appArmorProfile),
  });
}

/** ValidateSecurityContext: uid and gid ranges, and what no_new_privs cannot be combined with. */
function validateSecurityContext(sc: Any, path: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of [['runAsUser', sc.runAsUser], ['runAsGroup', sc.runAsGroup]] as const) {
    if (typeof v === 'number' && (v < 0 || v > 2147483647)) errs.push(field.invalid(`${path}.${k}`, v, inclusiveRangeError(0, 2147483647)));
  }
  if (sc.allowPrivilegeEscalation === false) {
    const bad = (detail: string): FieldError => ({ type: 'FieldValueInvalid', field: path, value: internalSecurityContext(sc), detail });
    if (sc.privileged === true) errs.push(bad('cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    // The check compares the name as written: only "CAP_SYS_ADMIN" (the manifest's usual SYS_ADMIN passes).
    for (const cap of sc.capabilities?.add ?? []) if (cap === 'CAP_SYS_ADMIN') errs.push(bad('cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
  }
  return errs;
}

function validateContainers(list: Any[] | undefined, path: string, init: boolean, taken: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!init && !(list ?? []).length) errs.push(field.required(path, ''));
  (list ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p));
    if (c?.name) {
      if (taken.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
      else taken.add(c.name);
    }
    if (!init) {
      errs.push(...validateProbe(c?.livenessProbe, `${p}.livenessProbe`, 'liveness'));
      errs.push(...validateProbe(c?.readinessProbe, `${p}.readinessProbe`, 'readiness'));
      errs.push(...validateProbe(c?.startupProbe, `${p}.startupProbe`, 'startup'));
      if (c?.restartPolicy !== undefined) errs.push(field.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
    } else if (c?.restartPolicy === 'Always') {
      errs.push(...validateProbe(c?.livenessProbe, `${p}.livenessProbe`, 'liveness'));
      errs.push(...validateProbe(c?.readinessProbe, `${p}.readinessProbe`, 'readiness'));
      errs.push(...validateProbe(c?.startupProbe, `${p}.startupProbe`, 'startup'));
    } else {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c?.[probe]) errs.push(field.forbidden(`${p}.${probe}`, `may not be set for init containers without restartPolicy=Always`));
      }
    }
  });
  return errs;
}

function validateVolumes(vols: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (vols ?? []).forEach((v, i) => {
    const p = `${path}[${i}]`;
    if (!v?.name) errs.push(field.required(`${p}.name`, ''));
    else {
      errs.push(...dnsLabel(v.name, `${p}.name`));
      if (names.has(v.name)) errs.push(field.duplicate(`${p}.name`, v.name));
      names.add(v.name);
    }
  });
  return errs;
}

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTolerations(ts: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (ts ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t?.key) for (const m of validateLabelKeyMsgs(t.key)) errs.push(field.invalid(`${p}.key`, t.key, m));
    if (!t?.key && t?.operator !== 'Exists') errs.push(field.invalid(`${p}.operator`, t?.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t?.tolerationSeconds !== undefined && t?.effect !== 'NoExecute') errs.push(field.invalid(`${p}.effect`, t?.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    if (t?.operator && !TOLERATION_OPERATORS.includes(t.operator)) errs.push(field.notSupported(`${p}.operator`, t.operator, TOLERATION_OPERATORS));
    if (t?.operator === 'Exists' && t?.value) errs.push(field.invalid(`${p}.operator`, t.value, 'value must be empty when `operator` is \'Exists\''));
    if (t?.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(field.notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
  });
  return errs;
}

function validateLabelKeyMsgs(k: string): string[] {
  return validateLabels({ [k]: '' }, '').map((e) => e.detail ?? '');
}

/** validateSchedulingGates: qualified names, none twice; the path is the item's, not its name's. */
function validateSchedulingGates(gates: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (gates ?? []).forEach((g, i) => {
    const name: string = g?.name ?? '';
    for (const m of isQualifiedName(name)) errs.push(field.invalid(`${path}[${i}]`, name, m));
    if (seen.has(name)) errs.push(field.duplicate(`${path}[${i}]`, name));
    seen.add(name);
  });
  return errs;
}

/** ValidatePodCreate's own rule: the scheduler, not the author, binds a gated pod. */
export function validateGatesOnCreate(spec: Any): FieldError[] {
  return spec?.nodeName && spec.schedulingGates?.length ? [field.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared')] : [];
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec || typeof spec !== 'object') return [field.required(`${path}.containers`, '')];
  errs.push(...validateVolumes(spec.volumes, `${path}.volumes`));
  const taken = new Set<string>();
  errs.push(...validateContainers(spec.containers, `${path}.containers`, false, taken));
  errs.push(...validateContainers(spec.initContainers, `${path}.initContainers`, true, taken));
  const rp = spec.restartPolicy;
  if (!rp) errs.push(field.required(`${path}.restartPolicy`, ''));
  else if (!RESTART_POLICIES.includes(rp)) errs.push(field.notSupported(`${path}.restartPolicy`, rp, RESTART_POLICIES));
  const dp = spec.dnsPolicy;
  if (!dp) errs.push(field.required(`${path}.dnsPolicy`, ''));
  else if (!DNS_POLICIES.includes(dp)) errs.push(field.notSupported(`${path}.dnsPolicy`, dp, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateSchedulingGates(spec.schedulingGates, `${path}.schedulingGates`));
  if (spec.serviceAccountName) {
    for (const m of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(field.invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  }
  if (spec.nodeName) {
    for (const m of isDNS1123Subdomain(spec.nodeName)) errs.push(field.invalid(`${path}.nodeName`, spec.nodeName, m));
  }
  if (spec.activeDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)) {
    errs.push(field.invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, inclusiveRangeError(1, 2147483647)));
  }
  if (spec.hostname) errs.push(...dnsLabel(spec.hostname, `${path}.hostname`));
  if (spec.subdomain) errs.push(...dnsLabel(spec.subdomain, `${path}.subdomain`));
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    // Negative values are accepted for compatibility and treated as 1 by the kubelet; the API allows them.
  }
  return errs;
}

/** ValidatePodTemplateSpec: the template's labels and annotations, then its pod spec. */
export function validatePodTemplateSpec(template: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabels(template?.metadata?.labels, `${path}.metadata.labels`));
  errs.push(...validateAnnotations(template?.metadata?.annotations, `${path}.metadata.annotations`));
  errs.push(...validatePodSpec(template?.spec, `${path}.spec`));
  return errs;
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations, removed scheduling gates and a few more may change. */
export function validatePodUpdate(pod: KObject, old: KObject): FieldError[] {
  const spec = (pod.spec ?? {}) as Any;
  const oldSpec = (old.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  if (oldSpec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds === undefined) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  if (oldSpec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds > oldSpec.activeDeadlineSeconds) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', spec.activeDeadlineSeconds, 'must be less than or equal to previous value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates));
  // Munge the updatable fields of the new spec into the old one, then compare what is left.
  const munged = JSON.parse(JSON.stringify(spec)) as Any;
  const copyImages = (key: string) => {
    const a = munged[key] as Any[] | undefined;
    const b = oldSpec[key] as Any[] | undefined;
    if (!a || !b || a.length !== b.length) return;
    a.forEach((c, i) => { if (c && b[i]) c.image = b[i].image; });
  };
  copyImages('containers');
  copyImages('initContainers');
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  if (munged.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  // Both were checked above on their own.
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  // While a pod is gated, whoever holds the gate (a queue such as Kueue) may still narrow where it will run.
  // Those rules load on first use (kubectl loads them before a patch, edit, replace or manifest; the lab at
  // idle): until then a change of placement meets the general refusal below, and starts the load.
  if (oldSpec.schedulingGates?.length) {
    const rules = gatedPlacementCode.loaded();
    if (rules) errs.push(...rules.mungeGatedPlacement(munged, oldSpec));
    else void gatedPlacementCode.load();
  }
  if (!deepEqual(munged, oldSpec)) errs.push(field.forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}

/** validateOnlyAddedTolerations: each old toleration is still there, its tolerationSeconds aside. */
function validateOnlyAddedTolerations(next: Any[] | undefined, prev: Any[] | undefined): FieldError[] {
  const same = (a: Any, b: Any) => ['key', 'operator', 'value', 'effect'].every((k) => (a?.[k] ?? '') === (b?.[k] ?? ''));
  for (const o of prev ?? []) {
    if (!(next ?? []).some((n) => same(n, o))) return [field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

/** validateOnlyDeletedSchedulingGates: a gate not in the old list is new. */
function validateOnlyDeletedSchedulingGates(next: Any[] | undefined, prev: Any[] | undefined): FieldError[] {
  const had = new Set((prev ?? []).map((g) => g?.name ?? ''));
  // Go ranges over a map of name → last index here, so each new name is reported once, at its last index.
  const added = new Map<string, number>();
  (next ?? []).forEach((g, i) => { if (!had.has(g?.name ?? '')) added.set(g?.name ?? '', i); });
  return [...added].map(([name, i]) => field.forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${name}'`));
}

export { IS_NEGATIVE_ERROR };
