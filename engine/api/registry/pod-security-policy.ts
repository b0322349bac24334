/**
 * The Pod Security Standards' checks, as k8s.io/pod-security-admission v0.35 evaluates them (policy/check_*.go,
 * registry.go): each check has versions from the Kubernetes minor that introduced it; a level and version select
 * the checks in force then, baseline's first and restricted's after (each group by check ID), and a restricted
 * check may replace a baseline one (capabilities, seccomp, volumes, procMount). Loaded with the PodSecurity plugin.
 */
import { goQuote } from '../../kubectl/printers/gofmt.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export type Level = 'privileged' | 'baseline' | 'restricted';
/** A minor version of v1; undefined is `latest`. */
export type Version = number | undefined;
export interface LevelVersion { level: Level; version: Version }

export interface CheckResult { allowed: boolean; reason?: string; detail?: string }
type CheckPod = (meta: Any, spec: Any) => CheckResult;
interface Check { id: string; level: 'baseline' | 'restricted'; versions: { min: number; check: CheckPod; overrides?: string[] }[] }

const ALLOWED: CheckResult = { allowed: true };

/** `v1.35`, `latest`. */
export const versionString = (v: Version) => (v === undefined ? 'latest' : `v1.${v}`);
export const levelVersionString = (lv: LevelVersion) => `${lv.level}:${versionString(lv.version)}`;

const joinQuote = (items: string[]) => (items.length ? `"${items.join('", "')}"` : '');
const pluralize = (singular: string, plural: string, n: number) => (n === 1 ? singular : plural);
/** sets.String's List(): distinct and sorted. */
const sortedSet = (s: Set<string>) => [...s].sort();
const containers = (n: number, names: string[]) => `${pluralize('container', 'containers', n)} ${joinQuote(names)}`;
const isWindows = (spec: Any) => spec.os?.name === 'windows';
/** A pod in a user namespace (hostUsers: false): relaxed from v1.35. */
const userNamespaced = (spec: Any) => spec.hostUsers === false;

/** Init containers, containers, then ephemeral containers (visitor.go). */
function visitContainers(spec: Any, visit: (c: Any) => void): void {
  for (const c of spec.initContainers ?? []) visit(c);
  for (const c of spec.containers ?? []) visit(c);
  for (const c of spec.ephemeralContainers ?? []) visit(c);
}

function allowPrivilegeEscalation(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  visitContainers(spec, (c) => { if (c.securityContext?.allowPrivilegeEscalation !== false) bad.push(c.name); });
  if (!bad.length) return ALLOWED;
  return { allowed: false, reason: 'allowPrivilegeEscalation != false', detail: `${containers(bad.length, bad)} must set securityContext.allowPrivilegeEscalation=false` };
}

const appArmorTypeAllowed = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function appArmorProfile(meta: Any, spec: Any): CheckResult {
  const setters: string[] = [];
  const values = new Set<string>();
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile && !appArmorTypeAllowed(podProfile.type)) {
    setters.push('pod');
    values.add(String(podProfile.type ?? ''));
  }
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.appArmorProfile;
    if (p && !appArmorTypeAllowed(p.type)) {
      bad.push(c.name);
      values.add(String(p.type ?? ''));
    }
  });
  if (bad.length) setters.push(containers(bad.length, bad));
  const annotations: string[] = [];
  for (const [k, v] of Object.entries((meta?.annotations ?? {}) as Record<string, string>)) {
    if (k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(v === '' || v === 'runtime/default' || v.startsWith('localhost/'))) annotations.push(`${k}=${goQuote(v)}`);
  }
  const valueList = sortedSet(values);
  if (annotations.length) {
    valueList.push(...annotations.sort());
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (!setters.length) return ALLOWED;
  return {
    allowed: false,
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
  };
}

const DEFAULT_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

function capabilitiesBaseline(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  const caps = new Set<string>();
  visitContainers(spec, (c) => {
    let valid = true;
    for (const cap of c.securityContext?.capabilities?.add ?? []) {
      if (!DEFAULT_CAPABILITIES.has(cap)) {
        valid = false;
        caps.add(cap);
      }
    }
    if (!valid) bad.push(c.name);
  });
  if (!bad.length) return ALLOWED;
  return { allowed: false, reason: 'non-default capabilities', detail: `${containers(bad.length, bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add` };
}

function capabilitiesRestricted(_meta: Any, spec: Any): CheckResult {
  const missingDropAll: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  visitContainers(spec, (c) => {
    const capabilities = c.securityContext?.capabilities;
    if (!capabilities) {
      missingDropAll.push(c.name);
      return;
    }
    if (!(capabilities.drop ?? []).includes('ALL')) missingDropAll.push(c.name);
    let forbidden = false;
    for (const cap of capabilities.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') {
        forbidden = true;
        caps.add(cap);
      }
    }
    if (forbidden) adding.push(c.name);
  });
  const details: string[] = [];
  if (missingDropAll.length) details.push(`${containers(missingDropAll.length, missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containers(adding.length, adding)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`);
  if (!details.length) return ALLOWED;
  return { allowed: false, reason: 'unrestricted capabilities', detail: details.join('; ') };
}

function hostNamespaces(_meta: Any, spec: Any): CheckResult {
  const found: string[] = [];
  if (spec.hostNetwork) found.push('hostNetwork=true');
  if (spec.hostPID) found.push('hostPID=true');
  if (spec.hostIPC) found.push('hostIPC=true');
  return found.length ? { allowed: false, reason: 'host namespaces', detail: found.join(', ') } : ALLOWED;
}

function hostPathVolumes(_meta: Any, spec: Any): CheckResult {
  const names = ((spec.volumes ?? []) as Any[]).filter((v) => v.hostPath).map((v) => v.name as string);
  return names.length ? { allowed: false, reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}` } : ALLOWED;
}

function hostPorts(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  const ports = new Set<string>();
  visitContainers(spec, (c) => {
    let valid = true;
    for (const p of c.ports ?? []) {
      if (p.hostPort) {
        valid = false;
        ports.add(String(p.hostPort));
      }
    }
    if (!valid) bad.push(c.name);
  });
  if (!bad.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'hostPort',
    detail: `${containers(bad.length, bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', ports.size)} ${sortedSet(ports).join(', ')}`,
  };
}

function hostProbesAndHostLifecycle(_meta: Any, spec: Any): CheckResult {
  const bad = new Set<string>();
  const hosts = new Set<string>();
  const handlerHosts = (h: Any) => [h?.httpGet?.host, h?.tcpSocket?.host].filter((x): x is string => !!x);
  visitContainers(spec, (c) => {
    for (const h of [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]) {
      const found = handlerHosts(h);
      if (found.length) {
        bad.add(c.name);
        for (const x of found) hosts.add(x);
      }
    }
  });
  if (!bad.size) return ALLOWED;
  return {
    allowed: false,
    reason: 'probe or lifecycle host',
    detail: `${containers(bad.size, sortedSet(bad))} ${pluralize('uses', 'use', bad.size)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${joinQuote(sortedSet(hosts))}`,
  };
}

function privileged(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  visitContainers(spec, (c) => { if (c.securityContext?.privileged === true) bad.push(c.name); });
  return bad.length ? { allowed: false, reason: 'privileged', detail: `${containers(bad.length, bad)} must not set securityContext.privileged=true` } : ALLOWED;
}

function procMount(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  const types = new Set<string>();
  visitContainers(spec, (c) => {
    const pm = c.securityContext?.procMount;
    if (pm !== undefined && pm !== null && pm !== 'Default') {
      bad.push(c.name);
      types.add(pm);
    }
  });
  return bad.length ? { allowed: false, reason: 'procMount', detail: `${containers(bad.length, bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}` } : ALLOWED;
}

const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
/** The restricted volume sources, in the order the check names the first one a volume has. */
const RESTRICTED_VOLUME_SOURCES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];

function restrictedVolumes(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of (spec.volumes ?? []) as Any[]) {
    if (ALLOWED_VOLUME_SOURCES.some((s) => v[s])) continue;
    bad.push(v.name);
    types.add(RESTRICTED_VOLUME_SOURCES.find((s) => v[s]) ?? 'unknown');
  }
  if (!bad.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', types.size)} ${joinQuote(sortedSet(types))}`,
  };
}

function runAsNonRoot(_meta: Any, spec: Any): CheckResult {
  const setters: string[] = [];
  let podNonRoot = false;
  const podValue = spec.securityContext?.runAsNonRoot;
  if (podValue === false) setters.push('pod');
  else if (podValue === true) podNonRoot = true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  visitContainers(spec, (c) => {
    const v = c.securityContext?.runAsNonRoot;
    if (v === false) explicit.push(c.name);
    else if (v !== true && !podNonRoot) implicit.push(c.name);
  });
  if (explicit.length) setters.push(containers(explicit.length, explicit));
  if (setters.length) return { allowed: false, reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false` };
  if (implicit.length) return { allowed: false, reason: 'runAsNonRoot != true', detail: `pod or ${containers(implicit.length, implicit)} must set securityContext.runAsNonRoot=true` };
  return ALLOWED;
}

function runAsUser(_meta: Any, spec: Any): CheckResult {
  const setters: string[] = [];
  if (spec.securityContext?.runAsUser === 0) setters.push('pod');
  const bad: string[] = [];
  visitContainers(spec, (c) => { if (c.securityContext?.runAsUser === 0) bad.push(c.name); });
  if (bad.length) setters.push(containers(bad.length, bad));
  return setters.length ? { allowed: false, reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` } : ALLOWED;
}

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxOptions(allowedTypes: string[]): CheckPod {
  return (_meta, spec) => {
    const setters: string[] = [];
    const types = new Set<string>();
    let setUser = false;
    let setRole = false;
    const valid = (o: Any) => {
      let ok = true;
      const type = o.type ?? '';
      if (!allowedTypes.includes(type)) {
        ok = false;
        types.add(type);
      }
      if (o.user) { ok = false; setUser = true; }
      if (o.role) { ok = false; setRole = true; }
      return ok;
    };
    if (spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions)) setters.push('pod');
    const bad: string[] = [];
    visitContainers(spec, (c) => { if (c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions)) bad.push(c.name); });
    if (bad.length) setters.push(containers(bad.length, bad));
    if (!setters.length) return ALLOWED;
    const data: string[] = [];
    if (types.size) data.push(`${pluralize('type', 'types', types.size)} ${joinQuote(sortedSet(types))}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return { allowed: false, reason: 'seLinuxOptions', detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}` };
  };
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const seccompTypeAllowed = (t: unknown) => t === 'Localhost' || t === 'RuntimeDefault';
const seccompAnnotationAllowed = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');

/** Before v1.19 seccomp was set by annotations. */
function seccompBaseline10(meta: Any, spec: Any): CheckResult {
  const annotations = (meta?.annotations ?? {}) as Record<string, string>;
  const forbidden = new Set<string>();
  const check = (key: string) => {
    if (Object.prototype.hasOwnProperty.call(annotations, key) && !seccompAnnotationAllowed(annotations[key])) forbidden.add(`${key}=${goQuote(annotations[key])}`);
  };
  check(SECCOMP_POD_ANNOTATION);
  visitContainers(spec, (c) => check(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name));
  if (!forbidden.size) return ALLOWED;
  return { allowed: false, reason: 'seccompProfile', detail: `forbidden ${pluralize('annotation', 'annotations', forbidden.size)} ${sortedSet(forbidden).join(', ')}` };
}

/** The pod's and containers' explicitly forbidden seccomp types, and the containers that set none (restricted requires one). */
function seccompSetters(spec: Any): { setters: string[]; values: Set<string>; implicit: string[] } {
  const setters: string[] = [];
  const values = new Set<string>();
  let podSet = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile) {
    if (!seccompTypeAllowed(podProfile.type)) {
      setters.push('pod');
      values.add(String(podProfile.type ?? ''));
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.seccompProfile;
    if (p) {
      if (!seccompTypeAllowed(p.type)) {
        explicit.push(c.name);
        values.add(String(p.type ?? ''));
      }
    } else if (!podSet) implicit.push(c.name);
  });
  if (explicit.length) setters.push(containers(explicit.length, explicit));
  return { setters, values, implicit };
}

const seccompForbidden = (setters: string[], values: Set<string>): CheckResult =>
  ({ allowed: false, reason: 'seccompProfile', detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}` });

function seccompBaseline119(_meta: Any, spec: Any): CheckResult {
  const { setters, values } = seccompSetters(spec);
  return setters.length ? seccompForbidden(setters, values) : ALLOWED;
}

function seccompRestricted(_meta: Any, spec: Any): CheckResult {
  const { setters, values, implicit } = seccompSetters(spec);
  if (setters.length) return seccompForbidden(setters, values);
  if (implicit.length) {
    return { allowed: false, reason: 'seccompProfile', detail: `pod or ${containers(implicit.length, implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
  }
  return ALLOWED;
}

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctls(allowed: string[]): CheckPod {
  return (_meta, spec) => {
    const forbidden = ((spec.securityContext?.sysctls ?? []) as Any[]).map((s) => s.name as string).filter((n) => !allowed.includes(n));
    return forbidden.length ? { allowed: false, reason: 'forbidden sysctls', detail: forbidden.join(', ') } : ALLOWED;
  };
}

function windowsHostProcess(_meta: Any, spec: Any): CheckResult {
  const bad: string[] = [];
  visitContainers(spec, (c) => { if (c.securityContext?.windowsOptions?.hostProcess === true) bad.push(c.name); });
  const setters: string[] = [];
  if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  if (bad.length) setters.push(containers(bad.length, bad));
  return setters.length ? { allowed: false, reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true` } : ALLOWED;
}

/** From v1.25 a pod with spec.os.name=windows passes the Linux-only restricted checks. */
const exceptWindows = (check: CheckPod): CheckPod => (meta, spec) => (isWindows(spec) ? ALLOWED : check(meta, spec));
/** From v1.35 a pod in a user namespace passes the checks about root and /proc. */
const exceptUserNamespaced = (check: CheckPod): CheckPod => (meta, spec) => (userNamespaced(spec) ? ALLOWED : check(meta, spec));

/** policy.DefaultChecks() of v0.35. */
export const CHECKS: Check[] = [
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ min: 8, check: allowPrivilegeEscalation }, { min: 25, check: exceptWindows(allowPrivilegeEscalation) }] },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ min: 0, check: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ min: 0, check: capabilitiesBaseline }] },
  {
    id: 'capabilities_restricted', level: 'restricted', versions: [
      { min: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { min: 25, check: exceptWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ min: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ min: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ min: 0, check: hostPorts }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', versions: [{ min: 34, check: hostProbesAndHostLifecycle }] },
  { id: 'privileged', level: 'baseline', versions: [{ min: 0, check: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ min: 0, check: procMount }, { min: 35, check: exceptUserNamespaced(procMount) }] },
  { id: 'procMount_restricted', level: 'restricted', versions: [{ min: 35, check: procMount, overrides: ['procMount'] }] },
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ min: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ min: 0, check: runAsNonRoot }, { min: 35, check: exceptUserNamespaced(runAsNonRoot) }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ min: 23, check: runAsUser }, { min: 35, check: exceptUserNamespaced(runAsUser) }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ min: 0, check: seLinuxOptions(SELINUX_TYPES_1_0) }, { min: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ min: 0, check: seccompBaseline10 }, { min: 19, check: seccompBaseline119 }] },
  {
    id: 'seccompProfile_restricted', level: 'restricted', versions: [
      { min: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { min: 25, check: exceptWindows(seccompRestricted), overrides: ['seccompProfile_baseline'] },
    ],
  },
  { id: 'sysctls', level: 'baseline', versions: [{ min: 0, check: sysctls(SYSCTLS_1_0) }, { min: 27, check: sysctls(SYSCTLS_1_27) }, { min: 29, check: sysctls(SYSCTLS_1_29) }, { min: 32, check: sysctls(SYSCTLS_1_32) }] },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ min: 0, check: windowsHostProcess }] },
];

/** The newest version any check has: `latest`, and any later pinned version, evaluate as it. */
export const MAX_VERSION = Math.max(...CHECKS.map((c) => c.versions[c.versions.length - 1].min));

/** Go's string order (bytes), as sort.Slice orders the check IDs. */
const byID = (a: Check, b: Check) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ORDERED = [...CHECKS.filter((c) => c.level === 'baseline').sort(byID), ...CHECKS.filter((c) => c.level === 'restricted').sort(byID)];

const inForce = (c: Check, v: number) => [...c.versions].reverse().find((x) => x.min <= v);

const registry = new Map<string, CheckPod[]>();

/** The checks of a level at a version (checkRegistry.EvaluatePod's list), in the order their results are reported. */
function checksFor(level: 'baseline' | 'restricted', version: number): CheckPod[] {
  const key = `${level}:${version}`;
  const cached = registry.get(key);
  if (cached) return cached;
  const overridden = new Set<string>();
  if (level === 'restricted') for (const c of CHECKS) if (c.level === 'restricted') for (const id of inForce(c, version)?.overrides ?? []) overridden.add(id);
  const fns: CheckPod[] = [];
  for (const c of ORDERED) {
    if (level === 'baseline' && c.level !== 'baseline') continue;
    if (overridden.has(c.id)) continue;
    const v = inForce(c, version);
    if (v) fns.push(v.check);
  }
  registry.set(key, fns);
  return fns;
}

export interface AggregateResult { allowed: boolean; reasons: string[]; details: string[] }

/** Evaluator.EvaluatePod then AggregateCheckResults. */
export function evaluatePod(lv: LevelVersion, meta: Any, spec: Any): AggregateResult {
  const reasons: string[] = [];
  const details: string[] = [];
  if (lv.level !== 'privileged') {
    const version = lv.version === undefined || lv.version > MAX_VERSION ? MAX_VERSION : lv.version;
    for (const check of checksFor(lv.level, version)) {
      const r = check(meta ?? {}, spec ?? {});
      if (r.allowed) continue;
      reasons.push(r.reason || 'unknown forbidden reason');
      details.push(r.detail ?? '');
    }
  }
  return { allowed: reasons.length === 0, reasons, details };
}

/** AggregateCheckResult.ForbiddenReason: the reasons alone (the namespace's report on existing pods). */
export const forbiddenReason = (r: AggregateResult) => r.reasons.join(', ');

/** AggregateCheckResult.ForbiddenDetail: each reason with its detail in parentheses. */
export const forbiddenDetail = (r: AggregateResult) => r.reasons.map((reason, i) => (r.details[i] ? `${reason} (${r.details[i]})` : reason)).join(', ');
