/**
 * The dynamic admission plugins of kube-apiserver (k8s.io/apiserver/pkg/admission/plugin, release-1.35), run on
 * every create and update after the object is validated (strategy.ts policyAdmission, called by the validating
 * admission chain between PodSecurity and ResourceQuota) and on every delete before the object goes:
 *  - MutatingAdmissionWebhook and ValidatingAdmissionWebhook: a webhook whose rules, selectors and matchConditions
 *    match is called; the call itself is simulated only as far as it fails (no Service, a Service without a ready
 *    endpoint, a URL whose host does not resolve or refuses): failurePolicy Fail refuses the request with the
 *    webhook client's text, Ignore lets it through. A webhook that would be reached admits (no webhook server runs
 *    in this cluster's pods: AdmissionReview is not spoken).
 *  - ValidatingAdmissionPolicy: each policy whose matchConstraints match, with each of its bindings that matches,
 *    once per param object (paramKind/paramRef), evaluates matchConditions, variables and validations in CEL
 *    (policy/validating/dispatcher.go, validator.go) and denies, warns or audits as the binding says.
 * The admissionregistration.k8s.io kinds themselves are exempt (rules.IsExemptAdmissionConfigurationResource).
 */
import { internalError, StatusError, type StatusReason } from '../errors.js';
import type { KObject } from '../meta.js';
import { lookupKind, type ResourceInfo } from '../resources.js';
import { labelSelectorAsSelector } from '../selectors.js';
import { policyAdmission, type StrategyContext } from '../strategy.js';
import { compile, type CelProgram, type CelTypeName } from '../cel/cel.js';
import { NODE_NAMESERVER } from '../../network/internet/hosts.js';
import {
  celVariables, MUTATING_WEBHOOK_CONFIGURATIONS, VALIDATING_ADMISSION_POLICIES, VALIDATING_ADMISSION_POLICY_BINDINGS,
  VALIDATING_WEBHOOK_CONFIGURATIONS,
} from './admissionregistration.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

interface Attributes {
  /** The object written; undefined on a DELETE, whose object is `old`. */
  obj?: KObject;
  old?: KObject;
  operation: Operation;
  subresource: string;
  info: ResourceInfo;
  namespace: string;
  name: string;
  ctx: StrategyContext;
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []); // eslint-disable-line @typescript-eslint/no-explicit-any
const byName = (a: KObject, b: KObject) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1);

// ---------- matching (policy/matching, webhook/predicates) ----------

/** rules.Matcher: operation, group, version, resource/subresource and scope of one rule; Equivalent matches any version. */
function ruleMatches(rule: Any, a: Attributes, matchPolicy: string | undefined): boolean {
  const ops = list(rule.operations);
  if (!ops.includes('*') && !ops.includes(a.operation)) return false;
  const groups = list(rule.apiGroups);
  if (!groups.includes('*') && !groups.includes(a.info.group)) return false;
  const versions = list(rule.apiVersions);
  if (matchPolicy !== 'Equivalent' && !versions.includes('*') && !versions.includes(a.info.version)) return false;
  const resourceMatches = list(rule.resources).some((r: string) => {
    const slash = r.indexOf('/');
    const res = slash < 0 ? r : r.slice(0, slash);
    const sub = slash < 0 ? '' : r.slice(slash + 1);
    return (res === '*' || res === a.info.resource) && (sub === '*' || sub === a.subresource);
  });
  if (!resourceMatches) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && a.info.namespaced) return false;
  if (scope === 'Namespaced' && !a.info.namespaced) return false;
  const names = list(rule.resourceNames);
  return names.length === 0 || names.includes(a.name);
}

function selects(selector: Any | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return labelSelectorAsSelector(selector).matches(labels ?? {});
}

/** namespace.Matcher: cluster-scoped objects other than Namespaces always match; a Namespace is matched by its own labels. */
function namespaceMatches(selector: Any | undefined, a: Attributes): boolean {
  const isNamespace = a.info.resource === 'namespaces' && !a.info.group;
  if (!a.info.namespaced && !isNamespace) return true;
  if (!selector || (!selector.matchLabels && !list(selector.matchExpressions).length)) return true;
  const labels = isNamespace ? (a.obj ?? a.old)?.metadata.labels : (a.ctx.lookup('namespaces', undefined, a.namespace)?.metadata.labels);
  return selects(selector, labels);
}

/** object.Matcher: the object or the old object carries matching labels. */
function objectMatches(selector: Any | undefined, a: Attributes): boolean {
  if (!selector || (!selector.matchLabels && !list(selector.matchExpressions).length)) return true;
  return (!!a.obj && selects(selector, a.obj.metadata.labels)) || (!!a.old && selects(selector, a.old.metadata.labels));
}

/** matching.Matcher.Matches of a MatchResources: selectors, then the excluded rules, then the rules (none: every resource). */
function matchResourcesMatch(m: Any | undefined, a: Attributes): boolean {
  if (!m) return true;
  if (!namespaceMatches(m.namespaceSelector, a) || !objectMatches(m.objectSelector, a)) return false;
  if (list(m.excludeResourceRules).some((r) => ruleMatches(r, a, m.matchPolicy))) return false;
  const rules = list(m.resourceRules);
  return rules.length === 0 || rules.some((r) => ruleMatches(r, a, m.matchPolicy));
}

// ---------- CEL ----------

const programs = new Map<string, CelProgram | string>();

/** A compiled expression, or the compile error (a stored policy's expressions compiled once, as the plugin caches them). */
function program(expression: string, variables: string[], returnTypes?: CelTypeName[]): CelProgram | string {
  const key = `${variables.join(',')}|${returnTypes?.join(',') ?? ''}|${expression}`;
  let p = programs.get(key);
  if (p === undefined) {
    const r = compile(expression, { variables, returnTypes });
    p = r.program ?? r.error ?? 'compilation failed';
    programs.set(key, p);
  }
  return p;
}

/** cel.CreateAdmissionRequest for the user kubectl is (kubeadm's admin.conf). */
function admissionRequest(a: Attributes): Any {
  const gvk = { group: a.info.group, version: a.info.version, kind: a.info.kind };
  const gvr = { group: a.info.group, version: a.info.version, resource: a.info.resource };
  return {
    kind: gvk, resource: gvr, ...(a.subresource ? { subResource: a.subresource } : {}), requestKind: gvk, requestResource: gvr,
    ...(a.subresource ? { requestSubResource: a.subresource } : {}),
    name: a.name, ...(a.namespace ? { namespace: a.namespace } : {}), operation: a.operation,
    userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] },
    dryRun: a.ctx.dryRun,
  };
}

/** cel.CreateNamespaceObject: the namespace's metadata (without managedFields), spec and status. */
function namespaceObject(a: Attributes): Any | null {
  if (!a.namespace || (a.info.resource === 'namespaces' && !a.info.group)) return null;
  const ns = a.ctx.lookup('namespaces', undefined, a.namespace) as Any | undefined;
  if (!ns) return null;
  const { managedFields: _m, ...metadata } = ns.metadata ?? {};
  return { metadata, spec: ns.spec ?? {}, status: ns.status ?? {} };
}

interface Activation { object: unknown; oldObject: unknown; request: Any; namespaceObject: unknown; params?: unknown; variables?: Any }

function baseActivation(a: Attributes): Activation {
  return { object: a.obj ?? null, oldObject: a.old ?? null, request: admissionRequest(a), namespaceObject: namespaceObject(a) };
}

/** A condition's verdict: true, false, or the error text ("expression '...' resulted in error: no such key: x"). */
function evaluate(expression: string, variables: string[], act: Activation, returnTypes?: CelTypeName[]): { value?: unknown; error?: string } {
  const p = program(expression, variables, returnTypes);
  if (typeof p === 'string') return { error: p };
  const r = p.evaluate(act as unknown as Record<string, unknown>);
  if (r.error !== undefined) return { error: `expression '${expression}' resulted in error: ${r.error}` };
  return { value: r.value };
}

/** matchconditions.Matcher: any false condition skips; otherwise errors fail or skip by the failure policy. */
function conditionsMatch(conditions: unknown, variables: string[], act: Activation): { matches: boolean; error?: string } {
  const errors: string[] = [];
  for (const c of list(conditions)) {
    const r = evaluate(String(c.expression ?? ''), variables, act, ['bool']);
    if (r.error !== undefined) errors.push(r.error);
    else if (r.value === false) return { matches: false };
  }
  if (errors.length) return { matches: true, error: errors.length === 1 ? errors[0] : `[${errors.join(', ')}]` };
  return { matches: true };
}

// ---------- ValidatingAdmissionPolicy ----------

const REASON_CODES: Record<string, number> = { Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 };

interface Denial { policy: string; binding?: string; message: string; reason?: string }

/** generic.CollectParams: the binding's param objects ([null] when the policy or binding has none), or a configuration error. */
function collectParams(policy: Any, binding: Any, a: Attributes): (Any | null)[] | string {
  const pk = policy.spec?.paramKind;
  const ref = binding.spec?.paramRef;
  if (!pk || !ref) return [null];
  const info = lookupKind(String(pk.apiVersion ?? ''), String(pk.kind ?? ''))!;
  let ns: string | undefined;
  if (info.namespaced) {
    ns = ref.namespace || a.namespace;
    if (!ns) return 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources';
  } else if (ref.namespace) return 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`';
  const key = info.group ? `${info.resource}.${info.group}` : info.resource;
  const typed = (o: KObject) => ({ ...o, apiVersion: pk.apiVersion, kind: pk.kind });
  let params: Any[];
  if (ref.name) {
    const p = a.ctx.lookup(key, ns, ref.name);
    params = p ? [typed(p)] : [];
  } else {
    const sel = labelSelectorAsSelector(ref.selector ?? {});
    params = [...a.ctx.listAll(key)].filter((o) => (!ns || o.metadata.namespace === ns) && sel.matches(o.metadata.labels ?? {})).sort(byName).map(typed);
  }
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny') return 'no params found for policy binding with `Deny` parameterNotFoundAction';
  return params;
}

/** validator.Validate for one param: the decisions of the validations ('admit' or a denial message with its reason). */
function validate(policy: Any, act: Activation, a: Attributes): { deny: boolean; message: string; reason?: string; index: number }[] {
  const spec = policy.spec ?? {};
  const failOnError = (spec.failurePolicy ?? 'Fail') !== 'Ignore';
  const hasParams = spec.paramKind != null;
  const composited = list(spec.variables).length > 0;
  const withAuthz = celVariables(hasParams, true, composited);
  const decisions: { deny: boolean; message: string; reason?: string; index: number }[] = [];
  if (composited) {
    // Variables are evaluated in order, each seeing the ones before it; a failing one is absent.
    const vars: Any = {};
    act.variables = vars;
    for (const v of list(spec.variables)) {
      const r = evaluate(String(v.expression ?? ''), withAuthz, act);
      if (r.error === undefined) vars[v.name] = r.value;
    }
  }
  const m = conditionsMatch(spec.matchConditions, withAuthz, act);
  if (m.error !== undefined) return failOnError ? [{ deny: true, message: m.error, index: 0 }] : [];
  if (!m.matches) return [];
  list(spec.validations).forEach((v, index) => {
    const expression = String(v.expression ?? '');
    const r = evaluate(expression, withAuthz, act, ['bool']);
    if (r.error !== undefined) {
      if (failOnError) decisions.push({ deny: true, message: r.error, index });
      return;
    }
    if (r.value === true) return;
    let message = '';
    if (v.messageExpression) {
      const mr = evaluate(String(v.messageExpression), celVariables(hasParams, false, composited), act, ['string']);
      if (typeof mr.value === 'string') {
        message = mr.value.trim();
        if (message.length > 5 * 1024 || message.includes('\n')) message = '';
      }
    }
    if (!message && v.message) message = String(v.message).trim();
    if (!message) message = `failed expression: ${expression.trim()}`;
    decisions.push({ deny: true, message, reason: v.reason ?? 'Invalid', index });
  });
  return decisions;
}

function runPolicies(a: Attributes): void {
  const policies = [...a.ctx.listAll(VALIDATING_ADMISSION_POLICIES)].sort(byName) as Any[];
  if (policies.length === 0) return;
  const bindings = [...a.ctx.listAll(VALIDATING_ADMISSION_POLICY_BINDINGS)].sort(byName) as Any[];
  const denials: Denial[] = [];
  for (const policy of policies) {
    const name = policy.metadata.name as string;
    const own = bindings.filter((b) => b.spec?.policyName === name);
    // A policy takes effect through its bindings; one that has none is not loaded (policy_source.go).
    if (own.length === 0 || !matchResourcesMatch(policy.spec?.matchConstraints, a)) continue;
    const pk = policy.spec?.paramKind;
    if (pk && !lookupKind(String(pk.apiVersion ?? ''), String(pk.kind ?? ''))) {
      // ensureParamsForPolicyLocked: a paramKind no served resource has is the policy's configuration error.
      const [group, version] = String(pk.apiVersion ?? '').includes('/') ? String(pk.apiVersion).split('/') : ['', String(pk.apiVersion ?? '')];
      if ((policy.spec?.failurePolicy ?? 'Fail') === 'Fail') denials.push({ policy: name, message: `failed to configure policy: failed to find resource referenced by paramKind: '${group}/${version}, Kind=${pk.kind ?? ''}'` });
      continue;
    }
    const act = baseActivation(a);
    for (const binding of own) {
      if (!matchResourcesMatch(binding.spec?.matchResources, a)) continue;
      const params = collectParams(policy, binding, a);
      if (typeof params === 'string') {
        if ((policy.spec?.failurePolicy ?? 'Fail') === 'Fail') denials.push({ policy: name, binding: binding.metadata.name, message: `failed to configure binding: ${params}` });
        continue;
      }
      const actions = list(binding.spec?.validationActions);
      for (const param of params) {
        for (const d of validate(policy, { ...act, params: param }, a)) {
          if (!d.deny) continue;
          if (actions.includes('Deny')) denials.push({ policy: name, binding: binding.metadata.name, message: d.message, reason: d.reason });
          if (actions.includes('Warn')) a.ctx.warn?.(`Validation failed for ValidatingAdmissionPolicy '${name}' with binding '${binding.metadata.name}': ${d.message}`);
          // Audit: the validation_failure audit annotation goes to the audit log, which this cluster does not keep.
        }
      }
    }
  }
  if (denials.length === 0) return;
  const d = denials[0];
  const message = d.binding !== undefined
    ? `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`
    : `ValidatingAdmissionPolicy '${d.policy}' denied request: ${d.message}`;
  // admission.NewForbidden, with the validation's reason (Invalid by default) and its code, and the message as a cause.
  const reason = (d.reason || 'Invalid') as StatusReason;
  const resource = a.info.group ? `${a.info.resource}.${a.info.group}` : a.info.resource;
  throw new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, code: REASON_CODES[reason] ?? 500,
    message: `${resource} "${a.name}" is forbidden: ${message}`,
    details: { name: a.name, group: a.info.group || undefined, kind: a.info.resource, causes: [{ type: '', message, field: '' }] },
  });
}

// ---------- webhooks ----------

/** Why calling the webhook fails in this cluster, as the webhook client reports it, or undefined when it would be reached. */
function callFailure(hook: Any, a: Attributes): string | undefined {
  const cc = hook.clientConfig ?? {};
  const timeout = `?timeout=${hook.timeoutSeconds ?? 10}s`;
  if (cc.service) {
    const s = cc.service;
    const port = Number(s.port ?? 443);
    const url = `https://${s.name}.${s.namespace}.svc:${port}${s.path || '/'}${timeout}`;
    const post = (why: string) => `failed to call webhook: Post "${url}": ${why}`;
    const svc = a.ctx.lookup('services', s.namespace, s.name) as Any | undefined;
    if (!svc) return post(`service "${s.name}" not found`);
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') return post(`dial tcp: lookup ${spec.externalName} on ${NODE_NAMESERVER}:53: no such host`);
    if (spec.clusterIP === 'None') return post('cannot route to service with ClusterIP "None"');
    if (!list(spec.ports).some((p) => p.port === port)) return post(`no service port ${port} found for service "${s.name}"`);
    if (!hasReadyEndpoint(s.namespace, s.name, a)) return post(`dial tcp ${spec.clusterIP}:${port}: connect: connection refused`);
    return undefined;
  }
  const raw = String(cc.url ?? '');
  const m = /^https:\/\/([^/?#:]+|\[[^\]]*\])(?::(\d+))?/.exec(raw);
  const host = m?.[1] ?? '';
  const port = m?.[2] ?? '443';
  const sep = raw.includes('?') ? '&' : '?';
  const post = (why: string) => `failed to call webhook: Post "${raw}${sep}${timeout.slice(1)}": ${why}`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) return post(`dial tcp ${host}:${port}: connect: connection refused`);
  return post(`dial tcp: lookup ${host} on ${NODE_NAMESERVER}:53: no such host`);
}

function hasReadyEndpoint(namespace: string, service: string, a: Attributes): boolean {
  for (const slice of a.ctx.listAll('endpointslices.discovery.k8s.io') as Iterable<Any>) {
    if (slice.metadata?.namespace !== namespace || slice.metadata?.labels?.['kubernetes.io/service-name'] !== service) continue;
    if (list(slice.endpoints).some((e) => e.conditions?.ready !== false)) return true;
  }
  return false;
}

function runWebhooks(resource: string, a: Attributes): void {
  const configs = [...a.ctx.listAll(resource)].sort(byName) as Any[];
  for (const config of configs) {
    for (const hook of list(config.webhooks)) {
      if (!list(hook.rules).some((r) => ruleMatches(r, a, hook.matchPolicy))) continue;
      if (!namespaceMatches(hook.namespaceSelector, a) || !objectMatches(hook.objectSelector, a)) continue;
      const ignore = hook.failurePolicy === 'Ignore';
      const cond = conditionsMatch(hook.matchConditions, celVariables(false, true, false), baseActivation(a));
      if (cond.error !== undefined) {
        if (ignore) continue;
        throw internalError(`failed calling webhook "${hook.name}": ${cond.error}`);
      }
      if (!cond.matches) continue;
      const failure = callFailure(hook, a);
      if (failure !== undefined && !ignore) throw internalError(`failed calling webhook "${hook.name}": ${failure}`);
    }
  }
}

/** Whether any object of `resource` is stored, without copying the bucket (this runs on every write the cluster makes). */
function anyStored(ctx: StrategyContext, resource: string): boolean {
  for (const _ of ctx.listAll(resource)) return true;
  return false;
}

policyAdmission.validate = (obj, old, subresource, ctx) => {
  // The admissionregistration.k8s.io kinds are never subject to policies or webhooks.
  if (ctx.info.group === 'admissionregistration.k8s.io') return;
  if (!anyStored(ctx, VALIDATING_ADMISSION_POLICIES) && !anyStored(ctx, VALIDATING_WEBHOOK_CONFIGURATIONS) && !anyStored(ctx, MUTATING_WEBHOOK_CONFIGURATIONS)) return;
  const subject = (obj ?? old)!;
  const a: Attributes = {
    obj, old, operation: !obj ? 'DELETE' : old ? 'UPDATE' : 'CREATE', subresource: subresource ?? '', info: ctx.info,
    namespace: ctx.info.namespaced ? subject.metadata.namespace ?? '' : '', name: subject.metadata.name ?? '', ctx,
  };
  runWebhooks(MUTATING_WEBHOOK_CONFIGURATIONS, a);
  runPolicies(a);
  runWebhooks(VALIDATING_WEBHOOK_CONFIGURATIONS, a);
};
