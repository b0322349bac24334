/**
 * admissionregistration.k8s.io/v1: ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding,
 * ValidatingWebhookConfiguration and MutatingWebhookConfiguration, with the defaults of
 * pkg/apis/admissionregistration/v1 (defaults.go) and the validation of pkg/apis/admissionregistration/validation
 * (release-1.35), whose CEL expressions are compiled at create as the server does (cel/cel.ts). Loaded with the
 * admission plugins that enforce them (admission-policies.ts) when kubectl is about to write one (lazy-kinds.ts).
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import { registerStrategy } from '../strategy.js';
import { isDNS1035Label, isDNS1123Subdomain, isQualifiedName, isValidPathSegmentName, isValidPortNum, nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from '../validation/names.js';
import { compile, type CelTypeName } from '../cel/cel.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const VALIDATING_ADMISSION_POLICIES = 'validatingadmissionpolicies.admissionregistration.k8s.io';
export const VALIDATING_ADMISSION_POLICY_BINDINGS = 'validatingadmissionpolicybindings.admissionregistration.k8s.io';
export const VALIDATING_WEBHOOK_CONFIGURATIONS = 'validatingwebhookconfigurations.admissionregistration.k8s.io';
export const MUTATING_WEBHOOK_CONFIGURATIONS = 'mutatingwebhookconfigurations.admissionregistration.k8s.io';

// ---------- defaults (pkg/apis/admissionregistration/v1/defaults.go) ----------

function defaultRules(rules: unknown): void {
  if (Array.isArray(rules)) for (const r of rules as Any[]) if (r && typeof r === 'object') r.scope ??= '*';
}

function defaultMatchResources(m: Any | undefined): void {
  if (!m || typeof m !== 'object') return;
  m.matchPolicy ??= 'Equivalent';
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  defaultRules(m.resourceRules);
  defaultRules(m.excludeResourceRules);
}

function defaultWebhooks(obj: KObject, mutating: boolean): void {
  const hooks = (obj as Any).webhooks;
  if (!Array.isArray(hooks)) return;
  for (const h of hooks as Any[]) {
    if (!h || typeof h !== 'object') continue;
    h.failurePolicy ??= 'Fail';
    h.matchPolicy ??= 'Equivalent';
    h.namespaceSelector ??= {};
    h.objectSelector ??= {};
    h.timeoutSeconds ??= 10;
    if (mutating) h.reinvocationPolicy ??= 'Never';
    defaultRules(h.rules);
    if (h.clientConfig?.service && typeof h.clientConfig.service === 'object') h.clientConfig.service.port ??= 443;
  }
}

// ---------- shared rules ----------

const hasWildcard = (l: unknown[]) => l.includes('*');
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []); // eslint-disable-line @typescript-eslint/no-explicit-any

function validateResources(resources: string[], path: string, allowSubresource: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(field.required(path, ''));
  if (!allowSubresource) {
    resources.forEach((r, i) => {
      if (r === '') errs.push(field.required(`${path}[${i}]`, ''));
      if (r.includes('/')) errs.push(field.invalid(`${path}[${i}]`, r, 'must not specify subresources'));
    });
    if (resources.length > 1 && hasWildcard(resources)) errs.push(field.invalid(path, resources, "if '*' is present, must not specify other resources"));
    return errs;
  }
  const withWildcardSub = new Set<string>();
  const subWithWildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  resources.forEach((r, i) => {
    if (r === '') { errs.push(field.required(`${path}[${i}]`, '')); return; }
    if (r === '*/*') doubleWildcard = true;
    if (r === '*') singleWildcard = true;
    const slash = r.indexOf('/');
    if (slash < 0) { withoutSub = r !== '*'; return; }
    const res = r.slice(0, slash);
    const sub = r.slice(slash + 1);
    if (withWildcardSub.has(res)) errs.push(field.invalid(`${path}[${i}]`, r, `if '${res}/*' is present, must not specify ${r}`));
    if (subWithWildcardRes.has(sub)) errs.push(field.invalid(`${path}[${i}]`, r, `if '*/${sub}' is present, must not specify ${r}`));
    if (sub === '*') withWildcardSub.add(res);
    if (res === '*') subWithWildcardRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) errs.push(field.invalid(path, resources, "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && withoutSub) errs.push(field.invalid(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

const SCOPES = ['*', 'Cluster', 'Namespaced'];
const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];

function validateRuleWithOperations(rule: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ops = list(rule.operations).map(String);
  if (ops.length === 0) errs.push(field.required(`${path}.operations`, ''));
  if (ops.length > 1 && hasWildcard(ops)) errs.push(field.invalid(`${path}.operations`, ops, "if '*' is present, must not specify other operations"));
  ops.forEach((o, i) => { if (!OPERATIONS.includes(o)) errs.push(field.notSupported(`${path}.operations[${i}]`, o, OPERATIONS)); });
  const groups = list(rule.apiGroups).map(String);
  if (groups.length === 0) errs.push(field.required(`${path}.apiGroups`, ''));
  if (groups.length > 1 && hasWildcard(groups)) errs.push(field.invalid(`${path}.apiGroups`, groups, "if '*' is present, must not specify other API groups"));
  const versions = list(rule.apiVersions).map(String);
  if (versions.length === 0) errs.push(field.required(`${path}.apiVersions`, ''));
  if (versions.length > 1 && hasWildcard(versions)) errs.push(field.invalid(`${path}.apiVersions`, versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => { if (v === '') errs.push(field.required(`${path}.apiVersions[${i}]`, '')); });
  errs.push(...validateResources(list(rule.resources).map(String), `${path}.resources`, true));
  if (rule.scope != null && !SCOPES.includes(String(rule.scope))) errs.push(field.notSupported(`${path}.scope`, rule.scope, SCOPES));
  return errs;
}

function validateNamedRule(rule: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(rule.resourceNames).forEach((n, i) => {
    for (const m of isValidPathSegmentName(String(n))) errs.push(field.invalid(`${path}.resourceNames[${i}]`, n, m));
    if (seen.has(n)) errs.push(field.duplicate(`${path}.resourceNames[${i}]`, n));
    seen.add(n);
  });
  errs.push(...validateRuleWithOperations(rule, path));
  return errs;
}

const MATCH_POLICIES = ['Equivalent', 'Exact'];
const FAILURE_POLICIES = ['Fail', 'Ignore'];

function validateMatchResources(m: Any | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m) return errs;
  if (m.matchPolicy == null) errs.push(field.required(`${path}.matchPolicy`, ''));
  else if (!MATCH_POLICIES.includes(m.matchPolicy)) errs.push(field.notSupported(`${path}.matchPolicy`, m.matchPolicy, MATCH_POLICIES));
  if (m.namespaceSelector == null) errs.push(field.required(`${path}.namespaceSelector`, ''));
  else errs.push(...validateLabelSelector(m.namespaceSelector, `${path}.namespaceSelector`));
  if (m.objectSelector == null) errs.push(field.required(`${path}.objectSelector`, ''));
  else errs.push(...validateLabelSelector(m.objectSelector, `${path}.objectSelector`));
  list(m.resourceRules).forEach((r, i) => errs.push(...validateNamedRule(r, `${path}.resourceRules[${i}]`)));
  list(m.excludeResourceRules).forEach((r, i) => errs.push(...validateNamedRule(r, `${path}.excludeResourceRules[${i}]`)));
  return errs;
}

/** The variables each kind of expression is compiled with (plugin/cel's OptionalVariableDeclarations). */
export function celVariables(hasParams: boolean, hasAuthorizer: boolean, composited: boolean): string[] {
  const v = ['object', 'oldObject', 'request', 'namespaceObject'];
  if (hasParams) v.push('params');
  if (hasAuthorizer) v.push('authorizer');
  if (composited) v.push('variables');
  return v;
}

function compileError(path: string, expression: string, returnTypes: CelTypeName[] | undefined, variables: string[]): FieldError[] {
  const r = compile(expression, { variables, returnTypes });
  return r.error ? [field.invalid(path, expression, r.error)] : [];
}

function validateMatchConditions(conds: unknown, hasParams: boolean, path: string, ignore: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (ignore) return errs;
  const l = list(conds);
  if (l.length > 64) errs.push(field.tooMany(path, l.length, 64));
  const names = new Set<string>();
  l.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const expr = String(c?.expression ?? '').trim();
    if (!expr) errs.push(field.required(`${p}.expression`, ''));
    else errs.push(...compileError(`${p}.expression`, expr, ['bool'], celVariables(hasParams, true, false)));
    const name = String(c?.name ?? '');
    if (!name) errs.push(field.required(`${p}.name`, ''));
    else for (const m of isQualifiedName(name)) errs.push(field.invalid(`${p}.name`, name, m));
    if (name) {
      if (names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
      names.add(name);
    }
  });
  return errs;
}

// ---------- ValidatingAdmissionPolicy ----------

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];

function validateParamKind(pk: Any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = String(pk.apiVersion ?? '');
  if (!apiVersion) errs.push(field.required(`${path}.apiVersion`, ''));
  else {
    const slashes = apiVersion.split('/').length - 1;
    if (slashes > 1) errs.push(field.invalid(`${path}.apiVersion`, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
    else if (apiVersion !== '/') {
      const [group, version] = slashes === 1 ? apiVersion.split('/') : ['', apiVersion];
      if (group) { const m = isDNS1123Subdomain(group); if (m.length) errs.push(field.invalid(`${path}.apiVersion`, group, m.join(','))); }
      if (!version) errs.push(field.invalid(`${path}.apiVersion`, apiVersion, 'version must be specified'));
      else { const m = isDNS1035Label(version); if (m.length) errs.push(field.invalid(`${path}.apiVersion`, version, m.join(','))); }
    }
  }
  const kind = String(pk.kind ?? '');
  if (!kind) errs.push(field.required(`${path}.kind`, ''));
  else { const m = isDNS1035Label(kind.toLowerCase()); if (m.length) errs.push(field.invalid(`${path}.kind`, kind, `may have mixed case, but should otherwise match: ${m.join(',')}`)); }
  return errs;
}

function validatePolicy(obj: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const spec = ((obj as Any).spec ?? {}) as Any;
  const oldSpec = (old as Any)?.spec as Any | undefined;
  const p = 'spec';
  const hasParams = spec.paramKind != null;
  const composited = list(spec.variables).length > 0;
  const vars = (authorizer: boolean) => celVariables(hasParams, authorizer, composited);
  if (spec.failurePolicy == null) errs.push(field.required(`${p}.failurePolicy`, ''));
  else if (!FAILURE_POLICIES.includes(spec.failurePolicy)) errs.push(field.notSupported(`${p}.failurePolicy`, spec.failurePolicy, FAILURE_POLICIES));
  if (hasParams) errs.push(...validateParamKind(spec.paramKind, `${p}.paramKind`));
  if (spec.matchConstraints == null) errs.push(field.required(`${p}.matchConstraints`, ''));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, `${p}.matchConstraints`));
    if (list(spec.matchConstraints.resourceRules).length === 0) errs.push(field.required(`${p}.matchConstraints.resourceRules`, ''));
  }
  // An update that changes neither paramKind nor the conditions does not compile them again (ignoreMatchConditions).
  const ignoreConditions = !!oldSpec && deepEqual(spec.paramKind, oldSpec.paramKind) && deepEqual(spec.matchConditions, oldSpec.matchConditions);
  errs.push(...validateMatchConditions(spec.matchConditions, hasParams, `${p}.matchConditions`, ignoreConditions));
  list(spec.variables).forEach((v, i) => {
    const vp = `${p}.variables[${i}]`;
    const name = String(v?.name ?? '');
    if (!name.trim()) errs.push(field.required(`${vp}.name`, 'name is not specified'));
    else if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(name) || CEL_RESERVED.has(name)) errs.push(field.invalid(`${vp}.name`, name, 'name is not a valid CEL identifier'));
    const expr = String(v?.expression ?? '');
    if (!expr.trim()) errs.push(field.required(`${vp}.expression`, 'expression is not specified'));
    else errs.push(...compileError(`${vp}.expression`, expr, undefined, vars(true)));
  });
  const validations = list(spec.validations);
  const audits = list(spec.auditAnnotations);
  if (validations.length === 0 && audits.length === 0) {
    errs.push(field.required(`${p}.validations`, 'validations or auditAnnotations must contain at least one item'));
    errs.push(field.required(`${p}.auditAnnotations`, 'validations or auditAnnotations must contain at least one item'));
    return errs;
  }
  validations.forEach((v, i) => {
    const vp = `${p}.validations[${i}]`;
    const expr = String(v?.expression ?? '');
    if (!expr.trim()) errs.push(field.required(`${vp}.expression`, 'expression is not specified'));
    else errs.push(...compileError(`${vp}.expression`, expr, ['bool'], vars(true)));
    const me = v?.messageExpression;
    if (typeof me === 'string' && me.length > 0 && !me.trim()) errs.push(field.invalid(`${vp}.messageExpression`, me, 'must be non-empty if specified'));
    else if (typeof me === 'string' && me.trim()) errs.push(...compileError(`${vp}.messageExpression`, me, ['string'], vars(false)));
    const msg = v?.message;
    if (typeof msg === 'string' && msg.length > 0 && !msg.trim()) errs.push(field.invalid(`${vp}.message`, msg, 'message must be non-empty if specified'));
    else if (typeof msg === 'string' && /[\n\r]/.test(msg.trim())) errs.push(field.invalid(`${vp}.message`, msg, 'message must not contain line breaks'));
    if (v?.reason != null && !REASONS.includes(v.reason)) errs.push(field.notSupported(`${vp}.reason`, v.reason, REASONS));
  });
  if (audits.length > 20) errs.push(field.invalid(`${p}.auditAnnotations`, audits, 'must not have more than 20 auditAnnotations'));
  const keys = new Set<string>();
  audits.forEach((a, i) => {
    const ap = `${p}.auditAnnotations[${i}]`;
    const key = String(a?.key ?? '');
    if (obj.metadata.name) for (const m of isQualifiedName(`${obj.metadata.name}/${key}`)) errs.push(field.invalid(`${ap}.key`, `${obj.metadata.name}/${key}`, m));
    else errs.push(field.invalid(`${ap}.key`, key, 'requires metadata.name be non-empty'));
    const ve = String(a?.valueExpression ?? '').trim();
    if (!ve) errs.push(field.required(`${ap}.valueExpression`, 'valueExpression is not specified'));
    else if (ve.length > 5 * 1024) errs.push(field.required(`${ap}.valueExpression`, 'must not exceed 5120 bytes in length'));
    else errs.push(...compileError(`${ap}.valueExpression`, ve, ['string', 'null_type'], vars(true)));
    if (keys.has(key)) errs.push(field.duplicate(`${ap}.key`, key));
    keys.add(key);
  });
  return errs;
}

// ---------- ValidatingAdmissionPolicyBinding ----------

function validateBinding(obj: KObject): FieldError[] {
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const spec = ((obj as Any).spec ?? {}) as Any;
  const p = 'spec';
  const policyName = String(spec.policyName ?? '');
  if (!policyName) errs.push(field.required(`${p}.policyName`, ''));
  else for (const m of nameIsDNSSubdomain(policyName, false)) errs.push(field.invalid(`${p}.policyName`, policyName, m));
  const pr = spec.paramRef as Any | undefined;
  if (pr) {
    const pp = `${p}.paramRef`;
    const name = String(pr.name ?? '');
    if (name) {
      for (const m of isValidPathSegmentName(name)) errs.push(field.invalid(`${pp}.name`, name, m));
      if (pr.selector != null) errs.push(field.forbidden(`${pp}.name`, 'name and selector are mutually exclusive'));
    }
    if (pr.selector != null) {
      errs.push(...validateLabelSelector(pr.selector, `${pp}.selector`));
      if (name) errs.push(field.forbidden(`${pp}.selector`, 'name and selector are mutually exclusive'));
    }
    if (!name && pr.selector == null) errs.push(field.required(pp, 'one of name or selector must be specified'));
    if (!pr.parameterNotFoundAction) errs.push(field.required(`${pp}.parameterNotFoundAction`, ''));
    else if (pr.parameterNotFoundAction !== 'Deny' && pr.parameterNotFoundAction !== 'Allow') errs.push(field.notSupported(`${pp}.parameterNotFoundAction`, pr.parameterNotFoundAction, ['Deny', 'Allow']));
  }
  // "matchResouces": the path upstream spells so.
  errs.push(...validateMatchResources(spec.matchResources, `${p}.matchResouces`));
  const actions = list(spec.validationActions).map(String);
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!['Audit', 'Deny', 'Warn'].includes(a)) errs.push(field.notSupported(`${p}.validationActions[${i}]`, a, ['Audit', 'Deny', 'Warn']));
    if (seen.has(a)) errs.push(field.duplicate(`${p}.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) errs.push(field.invalid(`${p}.validationActions`, actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  if (seen.size === 0) errs.push(field.required(`${p}.validationActions`, 'at least one validation action is required'));
  return errs;
}

// ---------- webhook configurations ----------

/** utilvalidation.IsFullyQualifiedName. */
function fullyQualifiedName(path: string, name: string): FieldError[] {
  if (!name) return [field.required(path, '')];
  const m = isDNS1123Subdomain(name);
  if (m.length) return [field.invalid(path, name, m.join(','))];
  if (name.split('.').length < 3) return [field.invalid(path, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

const WEBHOOK_URL_FORM = '; desired format: https://host[/path]';

/** webhook.ValidateWebhookURL with https forced (Go's url.Parse as far as these rules read it). */
function validateWebhookURL(path: string, raw: string): FieldError[] {
  const errs: FieldError[] = [];
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(raw);
  const scheme = m?.[1] ?? '';
  const authority = m?.[2] ?? '';
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  if (scheme.toLowerCase() !== 'https') errs.push(field.invalid(path, scheme.toLowerCase(), `'https' is the only allowed URL scheme${WEBHOOK_URL_FORM}`));
  if (!host) errs.push(field.invalid(path, host, `host must be specified${WEBHOOK_URL_FORM}`));
  if (at >= 0) errs.push(field.invalid(path, authority.slice(0, at), 'user information is not permitted in the URL'));
  if (m?.[5]) errs.push(field.invalid(path, m[5], 'fragments are not permitted in the URL'));
  if (m?.[4]) errs.push(field.invalid(path, m[4], 'query parameters are not permitted in the URL'));
  return errs;
}

function validateWebhookService(path: string, svc: Any): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(field.required(`${path}.name`, ''));
  if (!svc.namespace) errs.push(field.required(`${path}.namespace`, ''));
  const port = Number(svc.port ?? 0);
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(field.invalid(`${path}.port`, port, `port is not valid: ${portErrs.join(', ')}`));
  if (svc.path == null) return errs;
  const urlPath = String(svc.path);
  if (urlPath === '/' || urlPath === '') return errs;
  if (urlPath === '//') return [...errs, field.invalid(`${path}.path`, urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) errs.push(field.invalid(`${path}.path`, urlPath, "must start with a '/'"));
  let check = urlPath.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (!step) { errs.push(field.invalid(`${path}.path`, urlPath, `segment[${i}] may not be empty`)); return; }
    for (const f of isDNS1123Subdomain(step)) errs.push(field.invalid(`${path}.path`, urlPath, `segment[${i}]: ${f}`));
  });
  return errs;
}

const SIDE_EFFECTS_ALL = ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
const SIDE_EFFECTS_NONE = ['None', 'NoneOnDryRun'];
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

interface WebhookOptions {
  ignoreMatchConditions: boolean;
  requireNoSideEffects: boolean;
  requireRecognizedReviewVersion: boolean;
  requireUniqueNames: boolean;
}

function validateWebhook(h: Any, mutating: boolean, opts: WebhookOptions, path: string): FieldError[] {
  const errs = fullyQualifiedName(`${path}.name`, String(h.name ?? ''));
  list(h.rules).forEach((r, i) => errs.push(...validateRuleWithOperations(r, `${path}.rules[${i}]`)));
  if (h.failurePolicy != null && !FAILURE_POLICIES.includes(h.failurePolicy)) errs.push(field.notSupported(`${path}.failurePolicy`, h.failurePolicy, FAILURE_POLICIES));
  if (h.matchPolicy != null && !MATCH_POLICIES.includes(h.matchPolicy)) errs.push(field.notSupported(`${path}.matchPolicy`, h.matchPolicy, MATCH_POLICIES));
  const allowed = opts.requireNoSideEffects ? SIDE_EFFECTS_NONE : SIDE_EFFECTS_ALL;
  if (h.sideEffects == null) errs.push(field.required(`${path}.sideEffects`, `must specify one of ${allowed.join(', ')}`));
  else if (!allowed.includes(h.sideEffects)) errs.push(field.notSupported(`${path}.sideEffects`, h.sideEffects, allowed));
  if (h.timeoutSeconds != null && (h.timeoutSeconds > 30 || h.timeoutSeconds < 1)) errs.push(field.invalid(`${path}.timeoutSeconds`, h.timeoutSeconds, 'the timeout value must be between 1 and 30 seconds'));
  if (h.namespaceSelector) errs.push(...validateLabelSelector(h.namespaceSelector, `${path}.namespaceSelector`));
  if (h.objectSelector) errs.push(...validateLabelSelector(h.objectSelector, `${path}.objectSelector`));
  if (mutating && h.reinvocationPolicy != null && !['IfNeeded', 'Never'].includes(h.reinvocationPolicy)) errs.push(field.notSupported(`${path}.reinvocationPolicy`, h.reinvocationPolicy, ['IfNeeded', 'Never']));
  const cc = (h.clientConfig ?? {}) as Any;
  if ((cc.url == null) === (cc.service == null)) errs.push(field.required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (cc.url != null) errs.push(...validateWebhookURL(`${path}.clientConfig.url`, String(cc.url)));
  else errs.push(...validateWebhookService(`${path}.clientConfig.service`, cc.service));
  errs.push(...validateMatchConditions(h.matchConditions, false, `${path}.matchConditions`, opts.ignoreMatchConditions));
  return errs;
}

function validateReviewVersions(versions: unknown, require: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const l = list(versions).map(String);
  if (l.length < 1) return [field.required(path, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
  const seen = new Set<string>();
  let accepted = false;
  l.forEach((v, i) => {
    if (seen.has(v)) { errs.push(field.invalid(`${path}[${i}]`, v, 'duplicate version')); return; }
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(field.invalid(`${path}[${i}]`, v, m));
    if (REVIEW_VERSIONS.includes(v)) accepted = true;
  });
  if (require && !accepted) errs.push(field.invalid(path, l, `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
  return errs;
}

function validateWebhookConfiguration(obj: KObject, mutating: boolean, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const hooks = list((obj as Any).webhooks);
  const oldHooks = old ? list((old as Any).webhooks) : undefined;
  // An update is held to the rules the stored configuration already met (ValidateValidatingWebhookConfigurationUpdate).
  const opts: WebhookOptions = {
    ignoreMatchConditions: !!oldHooks && oldHooks.length === hooks.length && hooks.every((h, i) => deepEqual(h?.matchConditions, oldHooks[i]?.matchConditions)),
    requireNoSideEffects: !oldHooks || oldHooks.every((h) => SIDE_EFFECTS_NONE.includes(h?.sideEffects)),
    requireRecognizedReviewVersion: !oldHooks || oldHooks.every((h) => list(h?.admissionReviewVersions).length === 0 || list(h?.admissionReviewVersions).some((v) => REVIEW_VERSIONS.includes(v))),
    requireUniqueNames: !oldHooks || new Set(oldHooks.map((h) => h?.name)).size === oldHooks.length,
  };
  const names = new Set<string>();
  hooks.forEach((h, i) => {
    const p = `webhooks[${i}]`;
    errs.push(...validateWebhook(h ?? {}, mutating, opts, p));
    errs.push(...validateReviewVersions(h?.admissionReviewVersions, opts.requireRecognizedReviewVersion, `${p}.admissionReviewVersions`));
    const name = String(h?.name ?? '');
    if (opts.requireUniqueNames && name) {
      if (names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
      names.add(name);
    }
  });
  return errs;
}

// ---------- strategies (pkg/registry/admissionregistration/*/strategy.go) ----------

registerStrategy(VALIDATING_ADMISSION_POLICIES, {
  tracksGeneration: true,
  defaults(obj) {
    const spec = (obj as Any).spec;
    if (spec && typeof spec === 'object') {
      spec.failurePolicy ??= 'Fail';
      defaultMatchResources(spec.matchConstraints);
    }
  },
  // The status is the type-checking controller's (controllers/validatingadmissionpolicystatus): empty at create.
  prepareForCreate(obj) { (obj as Any).status = {}; },
  prepareForUpdate(obj, old) { (obj as Any).status = (old as Any).status; },
  validate: (obj) => validatePolicy(obj),
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validatePolicy(obj, old)],
  validateStatusUpdate: () => [],
});

registerStrategy(VALIDATING_ADMISSION_POLICY_BINDINGS, {
  tracksGeneration: true,
  defaults(obj) { defaultMatchResources((obj as Any).spec?.matchResources); },
  validate: validateBinding,
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateBinding(obj)],
});

registerStrategy(VALIDATING_WEBHOOK_CONFIGURATIONS, {
  tracksGeneration: true,
  defaults: (obj) => defaultWebhooks(obj, false),
  validate: (obj) => validateWebhookConfiguration(obj, false),
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateWebhookConfiguration(obj, false, old)],
});

registerStrategy(MUTATING_WEBHOOK_CONFIGURATIONS, {
  tracksGeneration: true,
  defaults: (obj) => defaultWebhooks(obj, true),
  validate: (obj) => validateWebhookConfiguration(obj, true),
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj, old), ...validateWebhookConfiguration(obj, true, old)],
});
