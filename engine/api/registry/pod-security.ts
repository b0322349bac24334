/**
 * The PodSecurity admission plugin (plugin/pkg/admission/security/podsecurity over k8s.io/pod-security-admission
 * admission/admission.go, v0.35) as a kubeadm cluster runs it: the default configuration (enforce, audit and warn
 * all `privileged:latest`, no exemptions), so only a namespace's pod-security.kubernetes.io labels change anything.
 * It validates namespaces (their labels; a stricter enforce level is tried on the namespace's pods, as warnings),
 * pods (enforce, then warn) and the workloads with a pod template (warn only). Audit annotations have no reader
 * here and are not kept. Loading this module installs it (registry/lazy-kinds.ts loads it with namespaces and pods).
 */
import { field, forbidden, invalid, type FieldError } from '../errors.js';
import type { KObject } from '../meta.js';
import { podSecurityAdmission, type StrategyContext } from '../strategy.js';
import { evaluatePod, forbiddenDetail, forbiddenReason, levelVersionString, type Level, type LevelVersion, type Version } from './pod-security-policy.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const ENFORCE_LEVEL_LABEL = `${LABEL_PREFIX}enforce`;
export const ENFORCE_VERSION_LABEL = `${LABEL_PREFIX}enforce-version`;
export const AUDIT_LEVEL_LABEL = `${LABEL_PREFIX}audit`;
export const AUDIT_VERSION_LABEL = `${LABEL_PREFIX}audit-version`;
export const WARN_LEVEL_LABEL = `${LABEL_PREFIX}warn`;
export const WARN_VERSION_LABEL = `${LABEL_PREFIX}warn-version`;

/** Admission.namespaceMaxPodsToCheck: a new enforce level is tried on this many of the namespace's pods at most. */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;

export interface Policy { enforce: LevelVersion; audit: LevelVersion; warn: LevelVersion }

const LEVELS: Level[] = ['privileged', 'baseline', 'restricted'];
const PRIVILEGED_LATEST: LevelVersion = { level: 'privileged', version: undefined };
/** kubeadm passes no admission configuration: the plugin's defaults. */
const DEFAULT_POLICY: Policy = { enforce: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST };

/** api.ParseLevel: an unknown level is an error, and reads as restricted (fail closed). */
function parseLevel(s: string): { level: Level; error?: string } {
  return (LEVELS as string[]).includes(s) ? { level: s as Level } : { level: 'restricted', error: `must be one of ${LEVELS.join(', ')}` };
}

/** api.ParseVersion: `latest` or `v1.<minor>`; anything else is an error and reads as latest. */
function parseVersion(s: string): { version: Version; error?: string } {
  if (s === 'latest') return { version: undefined };
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(s);
  // strconv.Atoi fails past int64: such a minor is not a version either.
  if (!m || m[1].length > 18) return { version: undefined, error: 'must be "latest" or "v1.x"' };
  return { version: Number(m[1]) };
}

const levelRank = (l: Level) => LEVELS.indexOf(l);

/** api.PolicyToEvaluate: the namespace's labels over the defaults, with the field errors of the bad ones. */
export function policyToEvaluate(labels: Record<string, string> | undefined): { policy: Policy; errors: FieldError[] } {
  const p: Policy = { enforce: { ...DEFAULT_POLICY.enforce }, audit: { ...DEFAULT_POLICY.audit }, warn: { ...DEFAULT_POLICY.warn } };
  const errors: FieldError[] = [];
  if (!labels) return { policy: p, errors };
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  const fail = (label: string, error: string | undefined) => { if (error) errors.push(field.invalid(`metadata.labels[${label}]`, labels[label], error)); };
  let hasEnforceLevel = false;
  if (has(ENFORCE_LEVEL_LABEL)) {
    const r = parseLevel(labels[ENFORCE_LEVEL_LABEL]);
    p.enforce.level = r.level;
    hasEnforceLevel = !r.error; // a bad enforce level does not become the warn level
    fail(ENFORCE_LEVEL_LABEL, r.error);
  }
  if (has(ENFORCE_VERSION_LABEL)) {
    const r = parseVersion(labels[ENFORCE_VERSION_LABEL]);
    p.enforce.version = r.version;
    fail(ENFORCE_VERSION_LABEL, r.error);
  }
  if (has(AUDIT_LEVEL_LABEL)) {
    const r = parseLevel(labels[AUDIT_LEVEL_LABEL]);
    p.audit.level = r.error ? 'privileged' : r.level; // audit and warn fail open
    fail(AUDIT_LEVEL_LABEL, r.error);
  }
  if (has(AUDIT_VERSION_LABEL)) {
    const r = parseVersion(labels[AUDIT_VERSION_LABEL]);
    p.audit.version = r.version;
    fail(AUDIT_VERSION_LABEL, r.error);
  }
  const hasWarnLevel = has(WARN_LEVEL_LABEL);
  if (hasWarnLevel) {
    const r = parseLevel(labels[WARN_LEVEL_LABEL]);
    p.warn.level = r.error ? 'privileged' : r.level;
    fail(WARN_LEVEL_LABEL, r.error);
  }
  const hasWarnVersion = has(WARN_VERSION_LABEL);
  if (hasWarnVersion) {
    const r = parseVersion(labels[WARN_VERSION_LABEL]);
    p.warn.version = r.version;
    fail(WARN_VERSION_LABEL, r.error);
  }
  // Without a warn label, warn at the enforce level (and version): a refusal is announced before it is enforced.
  if (!hasWarnLevel && hasEnforceLevel && levelRank(p.enforce.level) > levelRank(p.warn.level)) {
    p.warn.level = p.enforce.level;
    if (!hasWarnVersion) p.warn.version = p.enforce.version;
  }
  return { policy: p, errors };
}

const sameLevelVersion = (a: LevelVersion, b: LevelVersion) => a.level === b.level && a.version === b.version;
const sameErrors = (a: FieldError[], b: FieldError[]) => a.length === b.length && a.every((e, i) => e.field === b[i].field && e.value === b[i].value && e.detail === b[i].detail);

/** The pod template of the workloads the plugin also checks (DefaultPodSpecExtractor), by resource key. */
const POD_TEMPLATE: Record<string, (o: Any) => Any> = {
  replicationcontrollers: (o) => o.spec?.template,
  podtemplates: (o) => o.template,
  'replicasets.apps': (o) => o.spec?.template,
  'deployments.apps': (o) => o.spec?.template,
  'statefulsets.apps': (o) => o.spec?.template,
  'daemonsets.apps': (o) => o.spec?.template,
  'jobs.batch': (o) => o.spec?.template,
  'cronjobs.batch': (o) => o.spec?.jobTemplate?.spec?.template,
};

/** Subresources of pods the plugin lets through unchecked (ephemeralcontainers and resize are checked). */
const IGNORED_POD_SUBRESOURCES = new Set(['exec', 'attach', 'binding', 'eviction', 'log', 'portforward', 'proxy', 'status']);

/** The resources the plugin looks at, by name (the group is checked after: every write of the cluster comes here). */
const PLUGIN_RESOURCES = new Set(['namespaces', 'pods', ...Object.keys(POD_TEMPLATE).map((k) => k.split('.')[0])]);

/** The plugin's Validate: a create (`old` undefined) or update of a namespace, a pod, or a workload with a pod template. */
export function validatePodSecurity(obj: KObject, old: KObject | undefined, subresource: string | undefined, ctx: StrategyContext): void {
  if (!PLUGIN_RESOURCES.has(ctx.info.resource)) return;
  const key = ctx.info.group ? `${ctx.info.resource}.${ctx.info.group}` : ctx.info.resource;
  if (key === 'namespaces') validateNamespace(obj, old, subresource, ctx);
  else if (key === 'pods') validatePod(obj, old, subresource, ctx);
  else if (POD_TEMPLATE[key] && !subresource) validatePodController(obj, POD_TEMPLATE[key](obj), ctx);
}

const hasPodSecurityLabel = (labels: Record<string, string> | undefined) => !!labels && Object.keys(labels).some((k) => k.startsWith(LABEL_PREFIX));

/** The policy of the object's namespace; undefined for a namespace without pod-security labels (fully privileged, nothing to check). */
function namespacePolicy(obj: KObject, ctx: StrategyContext) {
  const labels = ctx.lookup('namespaces', undefined, obj.metadata.namespace ?? 'default')?.metadata.labels;
  return hasPodSecurityLabel(labels) ? policyToEvaluate(labels) : undefined;
}

function validateNamespace(ns: KObject, old: KObject | undefined, subresource: string | undefined, ctx: StrategyContext): void {
  if (subresource) return;
  const name = ns.metadata.name ?? '';
  const { policy, errors } = policyToEvaluate(ns.metadata.labels);
  if (!old) {
    if (errors.length) throw invalid('Namespace', '', name, errors);
    return;
  }
  const was = policyToEvaluate(old.metadata.labels);
  // A namespace whose labels were already bad in the same way may still be updated.
  if (errors.length && (!was.errors.length || !sameErrors(errors, was.errors))) throw invalid('Namespace', '', name, errors);
  if (sameLevelVersion(policy.enforce, was.policy.enforce) || policy.enforce.level === 'privileged') return;
  if (policy.enforce.version === was.policy.enforce.version && levelRank(policy.enforce.level) <= levelRank(was.policy.enforce.level)) return;
  for (const w of evaluatePodsInNamespace(name, policy.enforce, ctx)) ctx.warn?.(w);
}

/**
 * EvaluatePodsInNamespace: the warnings of a stricter enforce level, pods grouped by what they violate (each group
 * named by its first pod by name). Pods of one controller after one pod of each, so the first 3000 cover the most
 * controllers. The real plugin also stops after a second; evaluating here takes no simulated time.
 */
export function evaluatePodsInNamespace(namespace: string, enforce: LevelVersion, ctx: StrategyContext): string[] {
  const pods: KObject[] = [];
  for (const p of ctx.listAll('pods')) if (p.metadata.namespace === namespace) pods.push(p);
  pods.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const first: KObject[] = [];
  const duplicates: KObject[] = [];
  const seenControllers = new Set<string>();
  for (const p of pods) {
    const owner = p.metadata.ownerReferences?.find((r) => r.controller);
    if (!owner) first.push(p);
    else if (seenControllers.has(owner.uid)) duplicates.push(p);
    else {
      first.push(p);
      seenControllers.add(owner.uid);
    }
  }
  const prioritized = [...first, ...duplicates];
  const total = prioritized.length;
  const checked = prioritized.slice(0, NAMESPACE_MAX_PODS_TO_CHECK);
  const groups = new Map<string, { pod: string; count: number }>();
  for (const p of checked) {
    const r = evaluatePod(enforce, p.metadata, p.spec);
    if (r.allowed) continue;
    const reason = forbiddenReason(r);
    const g = groups.get(reason);
    if (!g) groups.set(reason, { pod: p.metadata.name!, count: 1 });
    else {
      g.count++;
      if (p.metadata.name! < g.pod) g.pod = p.metadata.name!;
    }
  }
  const warnings: string[] = [];
  if (checked.length < total) warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${total} existing pods`);
  if (groups.size) warnings.push(`existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(enforce))}`);
  const podWarnings = [...groups].map(([reason, g]) =>
    g.count === 1 ? `${g.pod}: ${reason}` : g.count === 2 ? `${g.pod} (and 1 other pod): ${reason}` : `${g.pod} (and ${g.count - 1} other pods): ${reason}`);
  return warnings.concat(podWarnings.sort());
}

/** Only a changed image (or a new ephemeral container) makes a pod update worth checking (isSignificantPodUpdate). */
function significantPodUpdate(pod: Any, old: Any): boolean {
  const cs = pod.spec?.containers ?? [];
  const oldCs = old.spec?.containers ?? [];
  const ics = pod.spec?.initContainers ?? [];
  const oldIcs = old.spec?.initContainers ?? [];
  if (cs.length !== oldCs.length || ics.length !== oldIcs.length) return true;
  if (cs.some((c: Any, i: number) => c.image !== oldCs[i].image)) return true;
  if (ics.some((c: Any, i: number) => c.image !== oldIcs[i].image)) return true;
  const oldEphemeral = (old.spec?.ephemeralContainers ?? []) as Any[];
  return ((pod.spec?.ephemeralContainers ?? []) as Any[]).some((c) => {
    const was = oldEphemeral.find((o) => o.name === c.name);
    return !was || was.image !== c.image;
  });
}

function validatePod(pod: KObject, old: KObject | undefined, subresource: string | undefined, ctx: StrategyContext): void {
  if (subresource && IGNORED_POD_SUBRESOURCES.has(subresource)) return;
  const ns = namespacePolicy(pod, ctx);
  if (!ns) return;
  const { policy, errors } = ns;
  if (!errors.length && fullyPrivileged(policy)) return;
  if (old && !significantPodUpdate(pod, old)) return;
  evaluate(policy, pod.metadata, pod.spec, ctx, pod.metadata.name ?? '');
}

function validatePodController(obj: KObject, template: Any, ctx: StrategyContext): void {
  const ns = namespacePolicy(obj, ctx);
  if (!ns) return;
  const { policy, errors } = ns;
  if (!errors.length && policy.warn.level === 'privileged' && policy.audit.level === 'privileged') return;
  if (!template) return;
  evaluate(policy, template.metadata, template.spec, ctx);
}

const fullyPrivileged = (p: Policy) => p.enforce.level === 'privileged' && p.audit.level === 'privileged' && p.warn.level === 'privileged';

/** EvaluatePod: a pod (`podName` given) is refused at the enforce level; otherwise the warn level's violations are a warning. */
function evaluate(policy: Policy, meta: Any, spec: Any, ctx: StrategyContext, podName?: string): void {
  let enforced: ReturnType<typeof evaluatePod> | undefined;
  if (podName !== undefined) {
    enforced = evaluatePod(policy.enforce, meta, spec);
    if (!enforced.allowed) {
      throw forbidden('pods', '', podName, `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${forbiddenDetail(enforced)}`);
    }
  }
  const warned = enforced && sameLevelVersion(policy.warn, policy.enforce) ? enforced : evaluatePod(policy.warn, meta, spec);
  if (!warned.allowed) ctx.warn?.(`would violate PodSecurity ${JSON.stringify(levelVersionString(policy.warn))}: ${forbiddenDetail(warned)}`);
}

podSecurityAdmission.validate = validatePodSecurity;
