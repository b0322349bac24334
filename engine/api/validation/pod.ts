/**
 * Pod and pod template validation with the texts of
 * kubernetes/kubernetes pkg/apis/core/validation/validation.go (release-1.35):
 * ValidatePodSpec, validateContainers, validateContainerCommon,
 * validateContainerPorts, ValidateResourceRequirements, validateProbe, validateLifecycle, validateHandler,
 * validateRestartPolicy, validateDNSPolicy, validateSchedulingGates,
 * ValidatePodUpdate with the rules for gated pods.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import {
  inclusiveRangeError, isDNS1123Label, isLabelValue, isDNS1123Subdomain, isDNS1123SubdomainWithUnderscore, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum, IS_NEGATIVE_ERROR,
  nameIsDNSSubdomain, validateAnnotations, validateLabels, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate,
} from './names.js';
import { compareQuantity, formatQuantity, parseQuantityExact } from './quantity.js';
import { isOvercommitAllowed, validateContainerResourceName, validateResourceQuantityValue } from './resource-names.js';
import { lazyModule } from '../../util/lazy-module.js';

/** The placement rules of a gated pod's update (pod-gated.ts). */
export const gatedPlacementCode = lazyModule(() => import('./pod-gated.js'));
/** The internal pod spec and go-cmp's report of what an update may not change (pod-spec-go.ts). */
export const podSpecDiffCode = lazyModule(() => import('./pod-spec-go.js'));

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
export const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';


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

/**
 * validateResourceRequirements: each limit's and each request's name and value; a request may not exceed its
 * limit, must equal it for what cannot be overcommitted (extended resources, hugepages), and needs one for those.
 */
export function validateResources(res: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!res) return errs;
  const limits: Record<string, unknown> = res.limits ?? {};
  for (const name of Object.keys(limits).sort()) {
    const fp = `${path}.limits[${name}]`;
    errs.push(...validateContainerResourceName(name, fp), ...validateResourceQuantityValue(name, limits[name], fp));
  }
  for (const name of Object.keys(res.requests ?? {}).sort()) {
    const fp = `${path}.requests[${name}]`;
    errs.push(...validateContainerResourceName(name, fp), ...validateResourceQuantityValue(name, res.requests[name], fp));
    const req = parseQuantityExact(res.requests[name]);
    if (!(name in limits)) {
      if (!isOvercommitAllowed(name)) errs.push(field.required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
      continue;
    }
    const lim = parseQuantityExact(limits[name]);
    if (!req || !lim) continue;
    if (compareQuantity(req, lim) !== 0 && !isOvercommitAllowed(name)) {
      errs.push(field.invalid(`${path}.requests`, formatQuantity(req), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
    } else if (compareQuantity(req, lim) > 0) {
      errs.push(field.invalid(`${path}.requests`, formatQuantity(req), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
    }
  }
  return errs;
}

/** A probe's handler types, and a lifecycle hook's (tcpSocket kept there for old objects), in validateHandler's order. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];

function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => field.invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => field.invalid(path, port, m));
  return [];
}

/**
 * validateHandler: exactly one handler type (each further one is forbidden) and that handler's action; a sleep's
 * seconds within the grace period (0 allowed: PodLifecycleSleepActionAllowZero is GA in 1.35). An httpGet's path is
 * never empty here (defaulting made it /), and its header names (IsHTTPHeaderName) are not checked.
 */
function validateHandler(h: Any, path: string, types: string[], gracePeriod: number): FieldError[] {
  const errs: FieldError[] = [];
  const set = types.filter((t) => h[t] != null);
  for (const t of set.slice(1)) errs.push(field.forbidden(`${path}.${t}`, 'may not specify more than 1 handler type'));
  const t = set[0];
  const a = h[t];
  if (t === undefined) errs.push(field.required(path, 'must specify a handler type'));
  else if (t === 'exec' && !a.command?.length) errs.push(field.required(`${path}.exec.command`, ''));
  else if (t === 'httpGet') {
    errs.push(...validatePortNumOrName(a.port, `${path}.httpGet.port`));
    if (!HTTP_SCHEMES.includes(a.scheme)) errs.push(field.notSupported(`${path}.httpGet.scheme`, a.scheme ?? '', HTTP_SCHEMES));
  } else if (t === 'tcpSocket' || t === 'grpc') errs.push(...validatePortNumOrName(a.port, `${path}.${t}.port`));
  else if (t === 'sleep' && (a.seconds < 0 || a.seconds > gracePeriod)) {
    errs.push(field.invalid(`${path}.sleep`, a.seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`));
  }
  return errs;
}

function validateProbe(probe: Any, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const errs: FieldError[] = [];
  if (!probe) return errs;
  errs.push(...validateHandler(probe, path, PROBE_HANDLERS, 0));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(probe[f], `${path}.${f}`));
  }
  if ((kind === 'liveness' || kind === 'startup') && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(field.invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  return errs;
}

/**
 * A container's hooks (validateLifecycle: each hook's handler; stopSignal is dropped before, ContainerStopSignals
 * being off in 1.35) and probes, as validateContainers and, for sidecars, validateInitContainers check them.
 */
function validateHooksAndProbes(c: Any, p: string, gracePeriod: number): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) if (c?.lifecycle?.[hook]) errs.push(...validateHandler(c.lifecycle[hook], `${p}.lifecycle.${hook}`, LIFECYCLE_HANDLERS, gracePeriod));
  for (const kind of ['liveness', 'readiness', 'startup'] as const) errs.push(...validateProbe(c?.[`${kind}Probe`], `${p}.${kind}Probe`, kind));
  return errs;
}

function validateContainerCommon(c: Any, path: string, hostUsers: boolean): FieldError[] {
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
  errs.push(...validateSecurityContext(c?.securityContext, `${path}.securityContext`, hostUsers));
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

const MAX_ID = 2147483647;

/** validation.IsValidUserID / IsValidGroupID: both are int64 fields that must fit in an int32 id. */
function idErrors(v: unknown, path: string): FieldError[] {
  return typeof v === 'number' && (v < 0 || v > MAX_ID) ? [field.invalid(path, v, inclusiveRangeError(0, MAX_ID))] : [];
}

/** validateSeccompProfileField: the value of a misplaced localhostProfile is the whole internal core.SeccompProfile. */
function validateSeccompProfile(sp: Any, path: string): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  const type = sp.type ?? '';
  if (!type) errs.push(field.required(`${path}.type`, 'type is required when seccompProfile is set'));
  else if (!SECCOMP_TYPES.includes(type)) errs.push(field.notSupported(`${path}.type`, type, SECCOMP_TYPES));
  const lp = sp.localhostProfile;
  if (type === 'Localhost') {
    if (lp === undefined) errs.push(field.required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost'));
    else {
      // validateLocalDescendingPath
      if (String(lp).startsWith('/')) errs.push(field.invalid(`${path}.localhostProfile`, lp, 'must be a relative path'));
      if (String(lp).split('/').includes('..')) errs.push(field.invalid(`${path}.localhostProfile`, lp, "must not contain '..'"));
    }
  } else if (lp !== undefined) {
    errs.push({ type: 'FieldValueInvalid', field: `${path}.localhostProfile`, value: JSON.stringify({ Type: type, LocalhostProfile: lp }), detail: 'can only be set when seccomp type is Localhost' });
  }
  return errs;
}

/** ValidateAppArmorProfileField. */
function validateAppArmorProfile(p: Any, path: string): FieldError[] {
  if (!p) return [];
  const lp = p.localhostProfile;
  const type = p.type ?? '';
  if (type === 'Localhost') {
    const path2 = `${path}.localhostProfile`;
    if (lp === undefined) return [field.required(path2, 'must be set when AppArmor type is Localhost')];
    const errs: FieldError[] = [];
    if (String(lp).trim() !== lp) errs.push(field.invalid(path2, lp, 'must not be padded with whitespace'));
    else if (!lp) errs.push(field.required(path2, 'must be set when AppArmor type is Localhost'));
    // PATH_MAX - 1
    if (new TextEncoder().encode(String(lp)).length > 4095) errs.push(field.tooLong(path2, 4095));
    return errs;
  }
  if (type === 'RuntimeDefault' || type === 'Unconfined') {
    return lp !== undefined ? [field.invalid(`${path}.localhostProfile`, lp, 'can only be set when AppArmor type is Localhost')] : [];
  }
  if (!type) return [field.required(`${path}.type`, 'type is required when appArmorProfile is set')];
  return [field.notSupported(`${path}.type`, type, SECCOMP_TYPES)];
}

// Seccomp and AppArmor name the same three profile types, in this order.
const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const PROC_MOUNT_TYPES = ['Default', 'Unmasked'];

/** ValidateSecurityContext (the container's); privileged is allowed: kubeadm runs the API server with --allow-privileged=true. */
function validateSecurityContext(sc: Any, path: string, hostUsers: boolean): FieldError[] {
  if (!sc) return [];
  const errs = [...idErrors(sc.runAsUser, `${path}.runAsUser`), ...idErrors(sc.runAsGroup, `${path}.runAsGroup`)];
  if (sc.procMount !== undefined) {
    if (!PROC_MOUNT_TYPES.includes(sc.procMount)) errs.push(field.notSupported(`${path}.procMount`, sc.procMount, PROC_MOUNT_TYPES));
    if (hostUsers && sc.procMount === 'Unmasked') errs.push(field.invalid(`${path}.procMount`, sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, `${path}.seccompProfile`));
  if (sc.allowPrivilegeEscalation === false) {
    const bad = (detail: string): FieldError => ({ type: 'FieldValueInvalid', field: path, value: internalSecurityContext(sc), detail });
    if (sc.privileged === true) errs.push(bad('cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    // The check compares the name as written: only "CAP_SYS_ADMIN" (the manifest's usual SYS_ADMIN passes).
    for (const cap of sc.capabilities?.add ?? []) if (cap === 'CAP_SYS_ADMIN') errs.push(bad('cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, `${path}.appArmorProfile`));
  return errs;
}

const FS_GROUP_CHANGE_POLICIES = ['Always', 'OnRootMismatch'];
const SUPPLEMENTAL_GROUPS_POLICIES = ['Merge', 'Strict'];
// Written as Go's regexp String() prints it in the message.
const SYSCTL_NAME = new RegExp('^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$');
// The IPC namespace's sysctls (component-helpers' sysctl namespaces); every net.* one is the network namespace's.
const IPC_SYSCTLS = new Set(['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni']);

/**
 * validatePodSpecSecurityContext. The internal PodSecurityContext holds the pod's hostPID, hostIPC and
 * shareProcessNamespace, so their error is under spec.securityContext though the v1 fields are the spec's.
 */
function validatePodSecurityContext(spec: Any, path: string, allowHostSysctls: boolean): FieldError[] {
  const sc = spec.securityContext;
  if (!sc) return [];
  const errs = [...idErrors(sc.fsGroup, `${path}.fsGroup`), ...idErrors(sc.runAsUser, `${path}.runAsUser`), ...idErrors(sc.runAsGroup, `${path}.runAsGroup`)];
  (sc.supplementalGroups ?? []).forEach((g: unknown, i: number) => errs.push(...idErrors(g, `${path}.supplementalGroups[${i}]`)));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(field.invalid(`${path}.shareProcessNamespace`, true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const names = new Set<string>();
  (sc.sysctls ?? []).forEach((s: Any, i: number) => {
    const p = `${path}.sysctls[${i}].name`;
    const name: string = s?.name ?? '';
    if (!name) errs.push(field.required(p, ''));
    else if (name.length > 253 || !SYSCTL_NAME.test(name)) errs.push(field.invalid(p, name, `must have at most 253 characters and match regex ${SYSCTL_NAME.source}`));
    else if (names.has(name)) errs.push(field.duplicate(p, name));
    if (!allowHostSysctls) {
      // GetNamespace reads a name whose first separator is a slash with slashes and dots swapped.
      const dotted = name.match(/[./]/)?.[0] === '/' ? name.replace(/[./]/g, (c) => (c === '/' ? '.' : '/')) : name;
      if (spec.hostNetwork && dotted.startsWith('net.')) errs.push(field.invalid(p, name, "may not be specified when 'hostNetwork' is true"));
      else if (spec.hostIPC && (IPC_SYSCTLS.has(dotted) || dotted.startsWith('fs.mqueue.'))) errs.push(field.invalid(p, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  });
  if (sc.fsGroupChangePolicy !== undefined && !FS_GROUP_CHANGE_POLICIES.includes(sc.fsGroupChangePolicy)) {
    errs.push(field.notSupported(`${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, FS_GROUP_CHANGE_POLICIES));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, `${path}.seccompProfile`));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, `${path}.appArmorProfile`));
  if (sc.supplementalGroupsPolicy !== undefined && !SUPPLEMENTAL_GROUPS_POLICIES.includes(sc.supplementalGroupsPolicy)) {
    errs.push(field.notSupported(`${path}.supplementalGroupsPolicy`, sc.supplementalGroupsPolicy, SUPPLEMENTAL_GROUPS_POLICIES));
  }
  return errs;
}

function validateContainers(list: Any[] | undefined, path: string, init: boolean, taken: Set<string>, hostUsers: boolean, gracePeriod: number): FieldError[] {
  const errs: FieldError[] = [];
  if (!init && !(list ?? []).length) errs.push(field.required(path, ''));
  (list ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, hostUsers));
    if (c?.name) {
      if (taken.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
      else taken.add(c.name);
    }
    if (!init) {
      errs.push(...validateHooksAndProbes(c, p, gracePeriod));
      if (c?.restartPolicy !== undefined) errs.push(field.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
    } else if (c?.restartPolicy === 'Always') {
      errs.push(...validateHooksAndProbes(c, p, gracePeriod));
    } else {
      for (const probe of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
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

export function validateTolerations(ts: Any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (ts ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t?.key) for (const m of validateLabelKeyMsgs(t.key)) errs.push(field.invalid(`${p}.key`, t.key, m));
    if (!t?.key && t?.operator !== 'Exists') errs.push(field.invalid(`${p}.operator`, t?.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t?.tolerationSeconds !== undefined && t?.effect !== 'NoExecute') errs.push(field.invalid(`${p}.effect`, t?.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    // The operator and the value together: an empty operator means Equal, whose value is a label value (the
    // error is filed under operator, as the real validation files it).
    if (!t?.operator || t.operator === 'Equal') {
      const msgs = isLabelValue(String(t?.value ?? ''));
      if (msgs.length) errs.push(field.invalid(`${p}.operator`, t?.value ?? '', msgs.join(';')));
    } else if (t.operator === 'Exists') {
      if (t?.value) errs.push(field.invalid(`${p}.operator`, t.value, 'value must be empty when `operator` is \'Exists\''));
    } else errs.push(field.notSupported(`${p}.operator`, t.operator, TOLERATION_OPERATORS));
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

/** validation.IsValidIP (strict): an address, IPv4 without leading zeros. */
function ipErrors(path: string, v: string): FieldError[] {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v);
  let ok = !!v4 && v4.slice(1).every((o) => Number(o) <= 255);
  if (!v4 && v.includes(':')) {
    try { ok = new URL(`http://[${v}]/`).hostname !== ''; } catch { ok = false; }
  }
  if (!ok) return [field.invalid(path, v, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
  if (v4 && v4.slice(1).some((o) => o.length > 1 && o.startsWith('0'))) return [field.invalid(path, v, 'must not have leading 0s')];
  return [];
}

/**
 * validatePodDNSConfig: dnsPolicy None needs a dnsConfig with a nameserver; at most 3 nameservers, 32 search
 * domains and 2,048 characters of them; each search domain a subdomain that may hold underscores (or "."), as
 * RelaxedDNSSearchValidation (GA) allows; every option named.
 */
function validatePodDNSConfig(dc: Any, policy: string | undefined, path: string): FieldError[] {
  if (policy === 'None') {
    if (!dc) return [field.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!dc.nameservers?.length) return [field.required(`${path}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!dc) return [];
  const errs: FieldError[] = [];
  const servers: string[] = dc.nameservers ?? [];
  if (servers.length > 3) errs.push(field.invalid(`${path}.nameservers`, servers, 'must not have more than 3 nameservers'));
  servers.forEach((ns, i) => errs.push(...ipErrors(`${path}.nameservers[${i}]`, String(ns))));
  const searches: string[] = dc.searches ?? [];
  if (searches.length > 32) errs.push(field.invalid(`${path}.searches`, searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(field.invalid(`${path}.searches`, searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((d, i) => {
    if (d === '.') return;
    const name = String(d).replace(/\.$/, '');
    for (const m of isDNS1123SubdomainWithUnderscore(name)) errs.push(field.invalid(`${path}.searches[${i}]`, name, m));
  });
  ((dc.options ?? []) as Any[]).forEach((o, i) => { if (!o?.name) errs.push(field.required(`${path}.options[${i}]`, 'must not be empty')); });
  return errs;
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: Any, path: string, opts: { allowHostSysctls?: boolean } = {}): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec || typeof spec !== 'object') return [field.required(`${path}.containers`, '')];
  errs.push(...validateVolumes(spec.volumes, `${path}.volumes`));
  const taken = new Set<string>();
  // hostUsers defaults to true: only an explicit false gives the pod a user namespace.
  const hostUsers = spec.hostUsers !== false;
  // A nil grace period is one of the tests' objects only: the API server defaults it.
  const gracePeriod = spec.terminationGracePeriodSeconds ?? 0;
  errs.push(...validateContainers(spec.containers, `${path}.containers`, false, taken, hostUsers, gracePeriod));
  errs.push(...validateContainers(spec.initContainers, `${path}.initContainers`, true, taken, hostUsers, gracePeriod));
  const rp = spec.restartPolicy;
  if (!rp) errs.push(field.required(`${path}.restartPolicy`, ''));
  else if (!RESTART_POLICIES.includes(rp)) errs.push(field.notSupported(`${path}.restartPolicy`, rp, RESTART_POLICIES));
  const dp = spec.dnsPolicy;
  if (!dp) errs.push(field.required(`${path}.dnsPolicy`, ''));
  else if (!DNS_POLICIES.includes(dp)) errs.push(field.notSupported(`${path}.dnsPolicy`, dp, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validatePodSecurityContext(spec, `${path}.securityContext`, opts.allowHostSysctls ?? false));
  errs.push(...validatePodDNSConfig(spec.dnsConfig, dp, `${path}.dnsConfig`));
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

/**
 * ValidatePodUpdate: the new pod's metadata and spec are validated whole, then what may change is checked in
 * the real order; a change in the number of containers, and a bad activeDeadlineSeconds, end the checks there.
 */
export function validatePodUpdate(pod: KObject, old: KObject): FieldError[] {
  const spec = (pod.spec ?? {}) as Any;
  const oldSpec = (old.spec ?? {}) as Any;
  const errs = [
    ...validateObjectMetaUpdate(pod, old),
    ...validateObjectMeta(pod, true, nameIsDNSSubdomain),
    // AllowNamespacedSysctlsForHostNetAndHostIPC: a pod stored with such a sysctl stays updatable.
    ...validatePodSpec(spec, 'spec', { allowHostSysctls: validatePodSecurityContext(oldSpec, '', false).some((e) => e.detail?.startsWith('may not be specified when')) }),
  ];
  for (const key of ['containers', 'initContainers']) {
    const next: Any[] = spec[key] ?? [];
    if (next.length !== (oldSpec[key] ?? []).length) return [...errs, field.forbidden(`spec.${key}`, 'pod updates may not add or remove containers')];
    next.forEach((c, i) => {
      if (!c?.image) errs.push(field.required(`spec.${key}[${i}].image`, ''));
      if (typeof c?.image === 'string' && c.image.trim() !== c.image) errs.push(field.invalid(`spec.${key}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_ID) return [...errs, field.invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_ID))];
    if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds < ads) {
      return [...errs, field.invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates));
  if (deepEqual(spec, oldSpec)) return errs;
  // Munge the updatable fields of the new spec into the old one, then compare what is left.
  const munged = JSON.parse(JSON.stringify(spec)) as Any;
  for (const key of ['containers', 'initContainers']) (munged[key] as Any[] | undefined)?.forEach((c, i) => { c.image = oldSpec[key][i].image; });
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
  // kube-apiserver compares the internal specs and appends go-cmp's report of the difference. The report's
  // code loads with the pod's other update rules (kubectl and the HTTP front await it; see lazy-kinds.ts):
  // until it is there, the refusal comes without the report, and starts the load.
  const report = podSpecDiffCode.loaded();
  if (report) {
    const diff = report.podSpecUpdateDiff(oldSpec, munged);
    if (diff !== undefined) errs.push(field.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${diff}`));
    return errs;
  }
  void podSpecDiffCode.load();
  if (!deepEqual(munged, oldSpec)) errs.push(field.forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}

/** validateOnlyAddedTolerations: each old toleration is still there, its tolerationSeconds aside. */
function validateOnlyAddedTolerations(next: Any[] | undefined, prev: Any[] | undefined): FieldError[] {
  const same = (a: Any, b: Any) => ['key', 'operator', 'value', 'effect'].every((k) => (a?.[k] ?? '') === (b?.[k] ?? ''));
  for (const o of prev ?? []) {
    if (!(next ?? []).some((n) => same(n, o))) return [field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  // ValidatePodSpec has checked them already: the same errors come twice (the message shows each once).
  return validateTolerations(next, 'spec.tolerations');
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
