/**
 * `kubectl create job|cronjob|ingress|role|clusterrole|rolebinding|
 * clusterrolebinding|priorityclass|poddisruptionbudget|quota|token` and
 * `create secret docker-registry|tls`. The generators build the object in the
 * Go struct's field order (so a client-side dry run's `-o json` matches
 * kubectl v1.35.2 byte for byte). A kind the engine serves (Secrets, Jobs, CronJobs,
 * Ingresses, PriorityClasses, ResourceQuotas, PodDisruptionBudgets) is created; for the others the typed
 * client's POST reaches a server that does not serve the group/resource and gets its
 * 404. Each command reports errors as kubectl does (some wrap them in "failed to create X: ...").
 */
import { ConnectionRefusedError, StatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { lookupResource, resolveResource, resourceKey, type ResourceInfo } from '../../api/resources.js';
import { canonicalQuantity, parseQuantityExact } from '../../api/validation/quantity.js';
import { PlainError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { base64Encode as base64 } from '../../util/base64.js';
import { buildInfos } from '../framework/builder.js';
import { goQuote } from '../printers/gofmt.js';
import { dryRunStrategy, fieldValidation, outputSpec, printResult, setLastApplied } from './mutate.js';
import { toLabelSelector } from './set-selector.js';
import { verbE } from './verb-e.js';
import { appendHash } from './append-hash.js';
import { goJSON } from '../printers/output.js';
import { loadRBAC } from '../../api/rbac/loader.js';
import type { TokenRequestSpec } from '../../api/rbac/token.js';

/**
 * What the v1.35 API server answers for a path it does not serve: its
 * not-found handler (or go-restful's, for an unknown resource under /api/v1)
 * writes a Status with this message and no name in its details; client-go
 * prefers that Status over its own "(post jobs.batch)" text.
 */
export const NOT_SERVED_MESSAGE = 'the server could not find the requested resource';

export function notServedError(): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: NOT_SERVED_MESSAGE, reason: 'NotFound', details: {}, code: 404 });
}

/** Discovery facts of the kinds the engine does not serve, for printing `kind.group/name`. */
function unserved(resource: string, kind: string, group: string, version: string, namespaced: boolean): ResourceInfo {
  return { resource, singular: kind.toLowerCase(), group, version, kind, namespaced, shortNames: [], verbs: [], categories: [] };
}

const KINDS = {
  ingress: unserved('ingresses', 'Ingress', 'networking.k8s.io', 'v1', true),
  role: unserved('roles', 'Role', 'rbac.authorization.k8s.io', 'v1', true),
  clusterrole: unserved('clusterroles', 'ClusterRole', 'rbac.authorization.k8s.io', 'v1', false),
  rolebinding: unserved('rolebindings', 'RoleBinding', 'rbac.authorization.k8s.io', 'v1', true),
  clusterrolebinding: unserved('clusterrolebindings', 'ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', false),
  priorityclass: unserved('priorityclasses', 'PriorityClass', 'scheduling.k8s.io', 'v1', false),
  quota: unserved('resourcequotas', 'ResourceQuota', '', 'v1', true),
};

/**
 * Prints a client-side dry run, or sends the POST the server cannot serve.
 * `wrap` is the command's own prefix ("failed to create job") when it has one.
 */
function createUnserved(inv: Invocation, info: ResourceInfo, obj: KObject, wrap?: string): number {
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  fieldValidation(inv);
  if (inv.flags.has('save-config') && inv.flags.bool('save-config')) setLastApplied(obj, true);
  if (dryRun === 'client') {
    printResult(inv, spec, info, obj, 'created', dryRun, true);
    return 0;
  }
  const client = inv.client(); // an unreachable server fails first, as the real POST would
  if (lookupResource(resourceKey(info))) {
    // A kind the engine serves: the typed client's POST, its error wrapped as the command wraps it.
    let created: KObject;
    try {
      created = client.create(resourceKey(info), inv.namespace, obj, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-create', fieldValidation: fieldValidation(inv) });
    } catch (e) {
      if (wrap && !(e instanceof ConnectionRefusedError)) throw new Error(`${wrap}: ${(e as Error).message}`);
      throw e;
    }
    printResult(inv, spec, lookupResource(resourceKey(info))!, created, 'created', dryRun);
    return 0;
  }
  const err = notServedError();
  if (wrap) throw new Error(`${wrap}: ${err.message}`);
  throw err;
}

/** cmdutil.NameFromCommandArgs (create.ts has the same; kept apart so the two modules do not import each other). */
function nameFromArgs(inv: Invocation): string {
  const argsLen = inv.argsLenAtDash >= 0 ? inv.argsLenAtDash : inv.args.length;
  if (argsLen !== 1) throw new UsageError(`exactly one NAME is required, got ${argsLen}`);
  return inv.args[0];
}

/** Creates a generated Secret (the one kind here the engine serves), or prints it for --dry-run=client. */
function createGenerated(inv: Invocation, info: ResourceInfo, obj: KObject): number {
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const validation = fieldValidation(inv);
  if (inv.flags.bool('save-config')) setLastApplied(obj, true);
  if (dryRun === 'client') {
    printResult(inv, spec, info, obj, 'created', dryRun, true);
    return 0;
  }
  const created = inv.client().create(resourceKey(info), inv.namespace, obj, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-create', fieldValidation: validation });
  printResult(inv, spec, info, created, 'created', dryRun);
  return 0;
}

function metaOf(inv: Invocation, name: string, namespaced: boolean): KObject['metadata'] {
  const m: KObject['metadata'] = { name };
  if (namespaced && inv.explicitNamespace) m.namespace = inv.namespace;
  return m;
}

function commandAfterDash(inv: Invocation): string[] {
  return inv.argsLenAtDash >= 0 ? inv.args.slice(inv.argsLenAtDash) : inv.args.slice(1);
}

// ---------- job / cronjob ----------

function container(name: string, image: string, command: string[]): Record<string, unknown> {
  const c: Record<string, unknown> = { name, image };
  if (command.length) c.command = command;
  c.resources = {};
  return c;
}

export function generateJob(name: string, namespace: string | undefined, image: string, command: string[]): KObject {
  const metadata: KObject['metadata'] = { name };
  if (namespace) metadata.namespace = namespace;
  return {
    kind: 'Job', apiVersion: 'batch/v1', metadata,
    spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
    status: {},
  };
}

/** JobSpec's fields in the Go struct's order, for `-o json` of a Job made from a CronJob's template. */
const JOB_SPEC_ORDER = ['parallelism', 'completions', 'activeDeadlineSeconds', 'podFailurePolicy', 'successPolicy', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'selector', 'manualSelector', 'template', 'ttlSecondsAfterFinished', 'completionMode', 'suspend', 'podReplacementPolicy', 'managedBy'];

/** core/v1 Container's and PodSpec's fields in the Go structs' order (the template is re-encoded from the typed CronJob). */
const CONTAINER_ORDER = ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'restartPolicyRules', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'];
const POD_SPEC_ORDER = ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources', 'hostnameOverride', 'workloadRef'];

function ordered(o: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

function orderedTemplate(t: Record<string, any>): Record<string, unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!t?.spec) return t;
  const spec = ordered(t.spec, POD_SPEC_ORDER) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const k of ['initContainers', 'containers']) if (Array.isArray(spec[k])) spec[k] = spec[k].map((c: Record<string, unknown>) => ordered(c, CONTAINER_ORDER));
  return { ...t, spec };
}

/** createJobFromCronJob: the template's spec, labels and annotations, owned (not blocking deletion) by the CronJob. */
export function jobFromCronJob(name: string, namespace: string | undefined, cronJob: KObject): KObject {
  const jt = ((cronJob.spec as Record<string, unknown> | undefined)?.jobTemplate ?? {}) as { metadata?: KObject['metadata']; spec?: Record<string, unknown> };
  const metadata: KObject['metadata'] = { name };
  if (namespace) metadata.namespace = namespace;
  if (jt.metadata?.labels) metadata.labels = { ...jt.metadata.labels };
  metadata.annotations = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(jt.metadata?.annotations ?? {}) };
  metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name ?? '', uid: cronJob.metadata.uid ?? '', controller: true }];
  const spec: Record<string, unknown> = {};
  const from = JSON.parse(JSON.stringify(jt.spec ?? {})) as Record<string, unknown>;
  for (const k of JOB_SPEC_ORDER) if (from[k] !== undefined) spec[k] = k === 'template' ? orderedTemplate(from[k] as Record<string, unknown>) : from[k];
  spec.template ??= { metadata: {}, spec: { containers: null } };
  return { kind: 'Job', apiVersion: 'batch/v1', metadata, spec, status: {} };
}

const JOBS = lookupResource('jobs.batch')!;
const CRONJOBS = lookupResource('cronjobs.batch')!;

/** Creates a Job or CronJob through the typed client, whose errors create job/cronjob wrap in their own words. */
function createWrapped(inv: Invocation, info: ResourceInfo, obj: KObject, wrap: string): number {
  try {
    return createGenerated(inv, info, obj);
  } catch (e) {
    if (e instanceof StatusError) throw new Error(`${wrap}${e.message}`);
    throw e;
  }
}

const createJob = verbE('create job', {
  async run(inv) {
    const name = nameFromArgs(inv);
    const command = commandAfterDash(inv);
    const image = inv.flags.string('image');
    const from = inv.flags.string('from');
    if ((!image && !from) || (image && from)) throw new Error('either --image or --from must be specified');
    if (command.length && from) throw new Error('cannot specify --from and command');
    const namespace = inv.explicitNamespace ? inv.namespace : undefined;
    if (from) {
      const { infos } = await buildInfos(inv, { args: [from] });
      if (infos.length !== 1) throw new Error('from must be an existing cronjob');
      const got = infos[0].object;
      if (got.kind !== 'CronJob') throw new Error(`unknown object type *${got.apiVersion?.includes('/') ? got.apiVersion.split('/')[1] : 'v1'}.${got.kind}`);
      return createWrapped(inv, JOBS, jobFromCronJob(name, namespace, got), 'failed to create job: ');
    }
    return createWrapped(inv, JOBS, generateJob(name, namespace, image, command), 'failed to create job: ');
  },
});

export function generateCronJob(name: string, namespace: string | undefined, image: string, schedule: string, restart: string, command: string[]): KObject {
  const metadata: KObject['metadata'] = { name };
  if (namespace) metadata.namespace = namespace;
  return {
    kind: 'CronJob', apiVersion: 'batch/v1', metadata,
    spec: {
      schedule,
      jobTemplate: { metadata: { name }, spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: restart } } } },
    },
    status: {},
  };
}

const createCronJob = verbE('create cronjob', {
  run(inv) {
    // cobra checks required flags before the command runs, in flag-name order.
    const missing = ['image', 'schedule'].filter((f) => !inv.flags.changed(f));
    if (missing.length) throw new PlainError(`error: required flag(s) ${missing.map((f) => `"${f}"`).join(', ')} not set`);
    const name = nameFromArgs(inv);
    const obj = generateCronJob(name, inv.explicitNamespace ? inv.namespace : undefined, inv.flags.string('image'), inv.flags.string('schedule'), inv.flags.string('restart') || 'OnFailure', commandAfterDash(inv));
    return createWrapped(inv, CRONJOBS, obj, 'failed to create cronjob: ');
  },
});

// ---------- ingress ----------

const INGRESS_RULE = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

function ingressBackend(service: string): Record<string, unknown> {
  const [svcName, svcPort] = service.split(':');
  const port = /^[+-]?\d+$/.test(svcPort) ? { number: Number(svcPort) } : { name: svcPort };
  return { service: { name: svcName, port } };
}

export function generateIngress(opts: { name: string; namespace?: string; rules: string[]; annotations: string[]; className: string; defaultBackend: string }): KObject {
  const metadata: KObject['metadata'] = { name: opts.name };
  if (opts.namespace) metadata.namespace = opts.namespace;
  if (opts.annotations.length) {
    const a: Record<string, string> = {};
    for (const an of opts.annotations) {
      const eq = an.indexOf('=');
      a[an.slice(0, eq)] = an.slice(eq + 1);
    }
    metadata.annotations = Object.fromEntries(Object.keys(a).sort().map((k) => [k, a[k]]));
  }
  const spec: Record<string, unknown> = {};
  if (opts.className) spec.ingressClassName = opts.className;
  if (opts.defaultBackend) spec.defaultBackend = ingressBackend(opts.defaultBackend);
  // TLS entries: one per secret, hosts gathered under the first rule that named it (buildTLSRules).
  const tls: { hosts?: string[]; secretName?: string }[] = [];
  const tlsHosts = new Set<string>();
  for (const rule of opts.rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0];
    const secretParts = parts[1].split('=');
    const secret = secretParts.length > 1 ? secretParts[1] : '';
    if (tlsHosts.has(host)) continue;
    const existing = tls.find((t) => (t.secretName ?? '') === secret);
    tlsHosts.add(host);
    if (existing) {
      (existing.hosts ??= []).push(host);
      continue;
    }
    const entry: { hosts?: string[]; secretName?: string } = {};
    if (host) entry.hosts = [host];
    if (secret) entry.secretName = secret;
    if (entry.hosts || entry.secretName) tls.push(entry);
  }
  if (tls.length) spec.tls = tls;
  const rules: { host?: string; http: { paths: unknown[] } }[] = [];
  for (const rule of opts.rules) {
    const withoutTLS = rule.split(',')[0];
    const slash = withoutTLS.indexOf('/');
    const host = withoutTLS.slice(0, slash);
    const [pathPart, service] = withoutTLS.slice(slash + 1).split('=');
    let path = `/${pathPart}`;
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    const p = { path, pathType, backend: ingressBackend(service) };
    const existing = rules.find((r) => (r.host ?? '') === host);
    if (existing) {
      existing.http.paths.push(p);
      continue;
    }
    rules.push(host ? { host, http: { paths: [p] } } : { http: { paths: [p] } });
  }
  if (rules.length) spec.rules = rules;
  return { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata, spec, status: { loadBalancer: {} } };
}

const createIngress = verbE('create ingress', {
  run(inv) {
    const name = nameFromArgs(inv);
    const rules = inv.flags.strings('rule');
    const annotations = inv.flags.strings('annotation');
    const defaultBackend = inv.flags.string('default-backend');
    if (!defaultBackend && rules.length === 0) throw new Error('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
    for (const rule of rules) if (!INGRESS_RULE.test(rule)) throw new Error(`rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    for (const a of annotations) if (!a.includes('=')) throw new Error(`annotation ${a} is invalid and should be in format key=[value]`);
    if (defaultBackend && defaultBackend.split(':').length !== 2) throw new Error('default-backend should be in format servicename:serviceport');
    const obj = generateIngress({ name, namespace: inv.explicitNamespace ? inv.namespace : undefined, rules, annotations, className: inv.flags.string('class'), defaultBackend });
    return createUnserved(inv, KINDS.ingress, obj, 'failed to create ingress');
  },
});

// ---------- role / clusterrole ----------

const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
const RBAC = 'rbac.authorization.k8s.io';
/** Verbs that only make sense on certain group/resources (create_role.go's specialVerbs). */
const SPECIAL_VERBS: Record<string, [string, string][]> = {
  use: [['policy', 'podsecuritypolicies'], ['extensions', 'podsecuritypolicies']],
  bind: [[RBAC, 'roles'], [RBAC, 'clusterroles']],
  escalate: [[RBAC, 'roles'], [RBAC, 'clusterroles']],
  impersonate: [['', 'users'], ['', 'serviceaccounts'], ['', 'groups'], ['authentication.k8s.io', 'userextras']],
};

interface ResourceOption { group: string; resource: string; subresource: string }

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

function parseResources(specs: string[]): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of specs) {
    const slash = r.indexOf('/');
    const section = slash >= 0 ? r.slice(0, slash) : r;
    const dot = section.indexOf('.');
    const opt = { group: dot >= 0 ? section.slice(dot + 1) : '', resource: dot >= 0 ? section.slice(0, dot) : section, subresource: slash >= 0 ? r.slice(slash + 1) : '' };
    if (opt.resource === '*' && dot < 0 && slash < 0) return [opt];
    out.push(opt);
  }
  return out;
}

/** The RESTMapper's ResourceFor over this server's discovery: undefined when it knows no such resource. */
function mapResource(r: ResourceOption): { group: string; resource: string } | undefined {
  const info = resolveResource(r.group ? `${r.resource}.${r.group}` : r.resource);
  return info && !info.virtual ? { group: info.group, resource: info.resource } : undefined;
}

function validateResources(resources: ResourceOption[], verbs: string[]): void {
  for (const r of resources) {
    if (!r.resource) throw new Error('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const mapped = mapResource(r);
    const resolved = mapped ?? { group: r.group, resource: r.resource };
    let failed = !mapped;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some(([g, res]) => g === resolved.group && res === resolved.resource)) throw new Error(`can not perform '${v}' on '${resolved.resource}' in group '${resolved.group}'`);
      failed = false;
    }
    // meta.NoResourceMatchError, which CheckErr prints without "error: ", naming the resource only.
    if (failed) throw new PlainError(`the server doesn't have a resource type "${r.resource}"`);
  }
}

function policyRules(verbs: string[], resources: ResourceOption[], resourceNames: string[], nonResourceURLs: string[]): Record<string, unknown>[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const mapped = mapResource(r) ?? { group: r.group, resource: r.resource };
    const name = r.subresource ? `${mapped.resource}/${r.subresource}` : mapped.resource;
    const list = byGroup.get(mapped.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(mapped.group, list);
  }
  const rules: Record<string, unknown>[] = [...byGroup.keys()].sort().map((g) => {
    const rule: Record<string, unknown> = { verbs, apiGroups: [g], resources: byGroup.get(g) };
    if (resourceNames.length) rule.resourceNames = resourceNames;
    return rule;
  });
  if (nonResourceURLs.length) rules.push({ verbs, nonResourceURLs });
  return rules;
}

function roleInputs(inv: Invocation): { verbs: string[]; resources: ResourceOption[]; resourceNames: string[] } {
  const rawVerbs = inv.flags.strings('verb');
  const verbs = rawVerbs.includes('*') ? ['*'] : uniq(rawVerbs);
  return { verbs, resources: parseResources(inv.flags.strings('resource')), resourceNames: uniq(inv.flags.strings('resource-name')) };
}

function warnNonStandardVerbs(inv: Invocation, verbs: string[]): void {
  for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) inv.err(`Warning: '${v}' is not a standard resource verb\n`);
}

const createRole = verbE('create role', {
  run(inv) {
    const name = nameFromArgs(inv);
    const { verbs, resources, resourceNames } = roleInputs(inv);
    dryRunStrategy(inv);
    if (verbs.length === 0) throw new Error('at least one verb must be specified');
    warnNonStandardVerbs(inv, verbs);
    if (resources.length === 0) throw new Error('at least one resource must be specified');
    validateResources(resources, verbs);
    const obj: KObject = { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: metaOf(inv, name, true), rules: policyRules(verbs, resources, resourceNames, []) } as KObject;
    return createUnserved(inv, KINDS.role, obj);
  },
});

/** cliflag.MapStringString: `k=v,k2=v2`. */
function parseMapStringString(flag: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) throw new PlainError(`invalid argument ${goQuote(text)} for "--${flag}" flag: malformed pair, expect string=string`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

const createClusterRole = verbE('create clusterrole', {
  run(inv) {
    const name = nameFromArgs(inv);
    const { verbs, resources, resourceNames } = roleInputs(inv);
    const nonResourceURLs = uniq(inv.flags.strings('non-resource-url'));
    const aggregation = parseMapStringString('aggregation-rule', inv.flags.string('aggregation-rule'));
    dryRunStrategy(inv);
    const obj: KObject = { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name } } as KObject;
    if (Object.keys(aggregation).length) {
      if (nonResourceURLs.length || verbs.length || resources.length || resourceNames.length) throw new Error('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
      // Rules has no omitempty in rbac/v1: a ClusterRole without rules prints `"rules": null`.
      (obj as Record<string, unknown>).rules = null;
      (obj as Record<string, unknown>).aggregationRule = { clusterRoleSelectors: [{ matchLabels: aggregation }] };
      return createUnserved(inv, KINDS.clusterrole, obj);
    }
    if (verbs.length === 0) throw new Error('at least one verb must be specified');
    if (resources.length === 0 && nonResourceURLs.length === 0) throw new Error('one of resource or nonResourceURL must be specified');
    if (resources.length) {
      warnNonStandardVerbs(inv, verbs);
      validateResources(resources, verbs);
    }
    if (nonResourceURLs.length) {
      for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw new Error(`invalid verb: '${v}' for nonResourceURL`);
      for (const u of nonResourceURLs) {
        if (u === '*') continue;
        if (!u.startsWith('/')) throw new Error('nonResourceURL should start with /');
        if (u.slice(0, -1).includes('*')) throw new Error("nonResourceURL only supports wildcard matches when '*' is at the end");
      }
    }
    (obj as Record<string, unknown>).rules = policyRules(verbs, resources, resourceNames, nonResourceURLs);
    return createUnserved(inv, KINDS.clusterrole, obj);
  },
});

// ---------- rolebinding / clusterrolebinding ----------

function subjects(inv: Invocation): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const u of inv.flags.strings('user')) out.push({ kind: 'User', apiGroup: RBAC, name: u });
  for (const g of inv.flags.strings('group')) out.push({ kind: 'Group', apiGroup: RBAC, name: g });
  for (const sa of inv.flags.strings('serviceaccount')) {
    const parts = sa.split(':');
    if (parts.length !== 2) throw new Error('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return out;
}

const createRoleBinding = verbE('create rolebinding', {
  run(inv) {
    const name = nameFromArgs(inv);
    dryRunStrategy(inv);
    const clusterRole = inv.flags.string('clusterrole');
    const role = inv.flags.string('role');
    if (!clusterRole === !role) throw new Error('exactly one of clusterrole or role must be specified');
    const obj = { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: metaOf(inv, name, true) } as Record<string, unknown>;
    const subs = subjects(inv);
    if (subs.length) obj.subjects = subs;
    obj.roleRef = { apiGroup: RBAC, kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole };
    return createUnserved(inv, KINDS.rolebinding, obj as KObject, 'failed to create rolebinding');
  },
});

const createClusterRoleBinding = verbE('create clusterrolebinding', {
  run(inv) {
    // cobra's MarkFlagRequired("clusterrole") is checked before the command runs.
    if (!inv.flags.changed('clusterrole')) throw new PlainError('error: required flag(s) "clusterrole" not set');
    const name = nameFromArgs(inv);
    dryRunStrategy(inv);
    const obj = { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name } } as Record<string, unknown>;
    const subs = subjects(inv);
    if (subs.length) obj.subjects = subs;
    obj.roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: inv.flags.string('clusterrole') };
    return createUnserved(inv, KINDS.clusterrolebinding, obj as KObject, 'failed to create clusterrolebinding');
  },
});

// ---------- priorityclass / poddisruptionbudget / quota ----------

const createPriorityClass = verbE('create priorityclass', {
  run(inv) {
    const name = nameFromArgs(inv);
    const obj = { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', metadata: { name }, value: inv.flags.int('value') } as Record<string, unknown>;
    if (inv.flags.bool('global-default')) obj.globalDefault = true;
    if (inv.flags.string('description')) obj.description = inv.flags.string('description');
    obj.preemptionPolicy = inv.flags.string('preemption-policy');
    return createUnserved(inv, KINDS.priorityclass, obj as KObject, 'failed to create priorityclass');
  },
});

const PDB_VALUE = /^[0-9]+%?$/;

const createPodDisruptionBudget = verbE('create poddisruptionbudget', {
  run(inv) {
    const name = nameFromArgs(inv);
    const selector = inv.flags.string('selector');
    const minAvailable = inv.flags.string('min-available');
    const maxUnavailable = inv.flags.string('max-unavailable');
    if (!selector) throw new Error('a selector must be specified');
    if (!minAvailable && !maxUnavailable) throw new Error('one of min-available or max-unavailable must be specified');
    if (minAvailable && maxUnavailable) throw new Error('min-available and max-unavailable cannot be both specified');
    if (minAvailable && !PDB_VALUE.test(minAvailable)) throw new Error('invalid format specified for min-available');
    if (maxUnavailable && !PDB_VALUE.test(maxUnavailable)) throw new Error('invalid format specified for max-unavailable');
    const intOrPercent = (v: string) => (v.endsWith('%') ? v : Number(v));
    // metav1.ParseToLabelSelector knows no "!=" (labels.Parse does; toLabelSelector follows the latter).
    if (/!=/.test(selector)) throw new Error('"!=" is not a valid label selector operator');
    const sel = toLabelSelector(selector);
    const labelSelector: Record<string, unknown> = {};
    if (Object.keys(sel.matchLabels).length) labelSelector.matchLabels = sel.matchLabels;
    // values is omitempty: Exists/DoesNotExist requirements carry none.
    if (sel.matchExpressions.length) labelSelector.matchExpressions = sel.matchExpressions.map((e) => (e.values.length ? e : { key: e.key, operator: e.operator }));
    const spec: Record<string, unknown> = {};
    if (minAvailable) spec.minAvailable = intOrPercent(minAvailable);
    spec.selector = labelSelector;
    if (maxUnavailable) spec.maxUnavailable = intOrPercent(maxUnavailable);
    const obj = { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', metadata: metaOf(inv, name, true), spec, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } };
    return createWrapped(inv, lookupResource('poddisruptionbudgets.policy')!, obj as KObject, 'failed to create poddisruptionbudgets: ');
  },
});

const QUANTITY_REGEXP_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const createQuota = verbE('create quota', {
  run(inv) {
    const name = nameFromArgs(inv);
    const spec: Record<string, unknown> = {};
    const hardText = inv.flags.string('hard');
    if (hardText) {
      const hard: Record<string, string> = {};
      for (const statement of hardText.split(',')) {
        const parts = statement.split('=');
        if (parts.length !== 2) throw new Error(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
        if (!parseQuantityExact(parts[1])) throw new Error(QUANTITY_REGEXP_ERROR);
        hard[parts[0]] = String(canonicalQuantity(parts[1]));
      }
      spec.hard = Object.fromEntries(Object.keys(hard).sort().map((k) => [k, hard[k]]));
    }
    const scopesText = inv.flags.string('scopes');
    if (scopesText) {
      const scopes = scopesText.split(',');
      if (scopes.includes('')) throw new Error('invalid resource quota scope ""');
      spec.scopes = scopes;
    }
    const obj = { kind: 'ResourceQuota', apiVersion: 'v1', metadata: metaOf(inv, name, true), spec, status: {} };
    return createUnserved(inv, KINDS.quota, obj as KObject, 'failed to create quota');
  },
});

// ---------- token ----------

const BOUND_OBJECT_KINDS = ['Node', 'Pod', 'Secret'];

const createToken = verbE('create token', {
  async run(inv) {
    const name = nameFromArgs(inv);
    const duration = inv.flags.int('duration');
    if (duration < 0) throw new Error('--duration must be greater than or equal to 0');
    if (duration % 1000 !== 0) throw new Error('--duration cannot be expressed in units less than seconds');
    if (inv.flags.strings('audience').some((a) => a === '')) throw new Error('--audience must not be an empty string');
    const kind = inv.flags.string('bound-object-kind');
    if (!kind) {
      if (inv.flags.string('bound-object-name')) throw new Error('--bound-object-name can only be set if --bound-object-kind is provided');
      if (inv.flags.string('bound-object-uid')) throw new Error('--bound-object-uid can only be set if --bound-object-kind is provided');
    } else {
      if (!BOUND_OBJECT_KINDS.includes(kind)) throw new Error(`supported --bound-object-kind values are ${BOUND_OBJECT_KINDS.join(', ')}`);
      if (!inv.flags.string('bound-object-name')) throw new Error('--bound-object-name is required if --bound-object-kind is provided');
    }
    const spec = outputSpec(inv);
    const client = inv.client();
    const request: TokenRequestSpec = {};
    const audiences = inv.flags.strings('audience');
    if (audiences.length) request.audiences = audiences;
    if (duration > 0) request.expirationSeconds = Math.floor(duration / 1000);
    if (kind) request.boundObjectRef = { kind, apiVersion: kind === 'Pod' || kind === 'Secret' || kind === 'Node' ? 'v1' : '', name: inv.flags.string('bound-object-name'), uid: inv.flags.string('bound-object-uid') || undefined };
    // POST serviceaccounts/NAME/token, authorized as `create serviceaccounts/token` for an impersonated user.
    const m = await loadRBAC();
    let response: KObject;
    try {
      const as = inv.flags.string('as');
      if (as) m.checkAuthorized(inv.ctx.cluster.apiserver, m.impersonatedUser(as, inv.flags.strings('as-group')), m.resourceAttributes(lookupResource('serviceaccounts')!, 'create', inv.namespace, name, 'token'));
      response = m.createToken(inv.ctx.cluster.apiserver, inv.namespace, name, request);
    } catch (e) {
      throw new Error(`failed to create token: ${(e as Error).message}`);
    }
    void client;
    if (spec) {
      printResult(inv, spec, { resource: 'tokenrequests', singular: 'tokenrequest', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', namespaced: true, shortNames: [], verbs: [], categories: [] }, response, 'created', 'none');
      return 0;
    }
    const token = (response.status as { token: string }).token;
    // kubectl adds the newline only when its output is a terminal.
    inv.out(inv.ctx.terminal.isTTY ? `${token}\n` : token);
    return 0;
  },
});

// ---------- secret docker-registry / tls ----------

/** handleDockerCfgJSONContent: Go's json.Marshal of {"auths":{server:{username,password,email,auth}}}. */
export function dockerConfigJSON(username: string, password: string, email: string, server: string): string {
  const entry: Record<string, string> = { username, password };
  if (email) entry.email = email;
  entry.auth = base64(`${username}:${password}`);
  // The entry is a Go struct, its fields in declaration order (auths, a map, holds a single key).
  return goJSON({ auths: { [server]: entry } }, false);
}

function readLocalFile(inv: Invocation, path: string): string {
  const text = inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, path));
  if (text === undefined) throw new Error(`open ${path}: no such file or directory`);
  return text;
}

const createSecretDockerRegistry = verbE('create secret docker-registry', {
  run(inv) {
    const name = nameFromArgs(inv);
    const files = inv.flags.strings('from-file');
    const username = inv.flags.string('docker-username');
    const password = inv.flags.string('docker-password');
    const server = inv.flags.string('docker-server');
    if (files.length === 0 && (!username || !password || !server)) throw new Error('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
    const data: Record<string, string> = {};
    if (files.length) {
      for (const f of files) {
        const eq = f.indexOf('=');
        const key = eq >= 0 ? f.slice(0, eq) : f.split('/').pop()!;
        const path = eq >= 0 ? f.slice(eq + 1) : f;
        if (eq === 0) throw new Error(`key name for file path ${path} missing`);
        if (key in data) throw new Error(`cannot add key ${key}, another key by that name already exists in Data for Secret "${name}"`);
        // handleSecretFromFileSources stats the path first (as create secret generic does).
        if (!inv.ctx.fs.stat(inv.ctx.fs.resolve(inv.ctx.cwd, path))) throw new Error(`error reading ${path}: no such file or directory`);
        data[key] = base64(readLocalFile(inv, path));
      }
    } else data['.dockerconfigjson'] = base64(dockerConfigJSON(username, password, inv.flags.string('docker-email'), server));
    const obj: KObject = { kind: 'Secret', apiVersion: 'v1', metadata: metaOf(inv, name, true) };
    obj.data = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
    obj.type = 'kubernetes.io/dockerconfigjson';
    if (inv.flags.bool('append-hash')) appendHash(obj);
    return createWrapped(inv, lookupResource('secrets')!, obj, 'failed to create secret ');
  },
});

/** The types of the PEM blocks in text, in order (encoding/pem.Decode's loop). */
function pemBlockTypes(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([^\n-]+)-----\r?\n[\s\S]*?-----END \1-----/g)].map((m) => m[1]);
}

/**
 * tls.X509KeyPair's checks of its inputs' PEM blocks, with crypto/tls's texts.
 * The certificate and key are not parsed or matched against each other (no
 * X.509 in the simulation): any CERTIFICATE and PRIVATE KEY blocks pass.
 */
export function checkKeyPair(cert: string, key: string): void {
  const certTypes = pemBlockTypes(cert);
  if (!certTypes.includes('CERTIFICATE')) {
    if (certTypes.length === 0) throw new Error('tls: failed to find any PEM data in certificate input');
    if (certTypes.length === 1 && certTypes[0].endsWith('PRIVATE KEY')) throw new Error('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    throw new Error(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certTypes.join(' ')}]`);
  }
  const keyTypes = pemBlockTypes(key);
  const found = keyTypes.findIndex((t) => t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY'));
  if (found < 0) {
    if (keyTypes.length === 0) throw new Error('tls: failed to find any PEM data in key input');
    if (keyTypes.length === 1 && keyTypes[0] === 'CERTIFICATE') throw new Error('tls: found a certificate rather than a key in the PEM for the private key');
    throw new Error(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyTypes.join(' ')}]`);
  }
}

const createSecretTLS = verbE('create secret tls', {
  run(inv) {
    const name = nameFromArgs(inv);
    const certPath = inv.flags.string('cert');
    const keyPath = inv.flags.string('key');
    if (!certPath || !keyPath) throw new Error('key and cert must be specified');
    const read = (path: string) => {
      try {
        return readLocalFile(inv, path);
      } catch (e) {
        throw new Error(`Cannot read file ${path}, ${(e as Error).message}`);
      }
    };
    const cert = read(certPath);
    const key = read(keyPath);
    checkKeyPair(cert, key);
    const obj: KObject = { kind: 'Secret', apiVersion: 'v1', metadata: metaOf(inv, name, true) };
    obj.data = { 'tls.crt': base64(cert), 'tls.key': base64(key) };
    obj.type = 'kubernetes.io/tls';
    if (inv.flags.bool('append-hash')) appendHash(obj);
    return createWrapped(inv, lookupResource('secrets')!, obj, 'failed to create secret ');
  },
});

/** `create` subcommands this file adds (create.ts merges them in cobra's name order). */
export const CREATE_UNSERVED: Command[] = [
  createClusterRole, createClusterRoleBinding, createCronJob, createIngress, createJob, createPodDisruptionBudget,
  createPriorityClass, createQuota, createRole, createRoleBinding, createToken,
];

export const SECRET_SUBCOMMANDS: Command[] = [createSecretDockerRegistry, createSecretTLS];
