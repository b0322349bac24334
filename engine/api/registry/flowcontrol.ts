/**
 * flowcontrol.apiserver.k8s.io/v1 FlowSchema and PriorityLevelConfiguration as kube-apiserver stores them, once a
 * client writes one (until then bootstrap/system-views-impl.ts computes the bootstrap objects, which are the same):
 *  - the strategies (pkg/registry/flowcontrol/{flowschema,prioritylevelconfiguration}/strategy.go): status reset on
 *    create and kept on update, generation bumped by a change of spec; the v1 defaults (pkg/apis/flowcontrol/v1
 *    defaults.go) and validation (pkg/apis/flowcontrol/validation), whose mandatory objects' spec is fixed;
 *  - the config producer (pkg/registry/flowcontrol/rest PostStartHook, ensurer/strategy.go): every minute from the
 *    server's start it re-creates a missing bootstrap object, stomps a mandatory one's spec and annotation, and updates
 *    a suggested one's spec while its apf.kubernetes.io/autoupdate-spec annotation is "true" (or, without a boolean
 *    there, while its generation is 1); an object carrying the annotation with "true" that is no bootstrap object goes;
 *  - the config consumer's status (apf_controller.go): each FlowSchema's Dangling condition.
 */
import { field, type FieldError } from '../errors.js';
import { deepEqual, type KObject } from '../meta.js';
import type { APIServer } from '../apiserver.js';
import { registerStrategy } from '../strategy.js';
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain, validateObjectMeta } from '../validation/names.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const FLOW_SCHEMAS = 'flowschemas.flowcontrol.apiserver.k8s.io';
export const PRIORITY_LEVELS = 'prioritylevelconfigurations.flowcontrol.apiserver.k8s.io';
export const AUTO_UPDATE = 'apf.kubernetes.io/autoupdate-spec';
const PRODUCER = 'api-priority-and-fairness-config-producer-v1';
const CONSUMER = 'api-priority-and-fairness-config-consumer-v1';
/** internalbootstrap.MandatoryFlowSchemas / MandatoryPriorityLevelConfigurations. */
const MANDATORY = new Set(['exempt', 'catch-all']);

const SUPPORTED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const NS_ERR_INTRO = "each member of this list must be '*' or a DNS-1123 label; ";

// ---------- defaults (flowcontrol/v1 defaults.go) ----------

function defaultFlowSchema(obj: KObject): void {
  const spec = ((obj as Any).spec ??= {});
  if (!spec.matchingPrecedence) spec.matchingPrecedence = 1000;
}

function defaultPriorityLevel(obj: KObject): void {
  const spec = ((obj as Any).spec ??= {});
  if (spec.exempt) {
    spec.exempt.nominalConcurrencyShares ??= 0;
    spec.exempt.lendablePercent ??= 0;
  }
  const limited = spec.limited;
  if (!limited) return;
  if (spec.type === 'Limited') limited.nominalConcurrencyShares ??= 30;
  limited.lendablePercent ??= 0;
  const q = limited.limitResponse?.queuing;
  if (q) {
    if (!q.handSize) q.handSize = 8;
    if (!q.queues) q.queues = 64;
    if (!q.queueLengthLimit) q.queueLengthLimit = 50;
  }
}

// ---------- validation (flowcontrol/validation/validation.go) ----------

/**
 * A value field.Invalid renders with json.Marshal: the internal flowcontrol types have no json tags, so their Go
 * field names, in declaration order, nil pointers and slices as null.
 */
const INTERNAL: Record<string, [string, string, string?][]> = {
  FlowSchemaSpec: [['PriorityLevelConfiguration', 'priorityLevelConfiguration', 'Reference'], ['MatchingPrecedence', 'matchingPrecedence'], ['DistinguisherMethod', 'distinguisherMethod', 'Distinguisher'], ['Rules', 'rules', 'Rule']],
  Reference: [['Name', 'name']],
  Distinguisher: [['Type', 'type']],
  Rule: [['Subjects', 'subjects', 'Subject'], ['ResourceRules', 'resourceRules', 'ResourceRule'], ['NonResourceRules', 'nonResourceRules', 'NonResourceRule']],
  Subject: [['Kind', 'kind'], ['User', 'user', 'Reference'], ['Group', 'group', 'Reference'], ['ServiceAccount', 'serviceAccount', 'ServiceAccount']],
  ServiceAccount: [['Namespace', 'namespace'], ['Name', 'name']],
  ResourceRule: [['Verbs', 'verbs'], ['APIGroups', 'apiGroups'], ['Resources', 'resources'], ['ClusterScope', 'clusterScope'], ['Namespaces', 'namespaces']],
  NonResourceRule: [['Verbs', 'verbs'], ['NonResourceURLs', 'nonResourceURLs']],
  PriorityLevelConfigurationSpec: [['Type', 'type'], ['Limited', 'limited', 'Limited'], ['Exempt', 'exempt', 'Exempt']],
  Limited: [['NominalConcurrencyShares', 'nominalConcurrencyShares'], ['LimitResponse', 'limitResponse', 'LimitResponse'], ['LendablePercent', 'lendablePercent'], ['BorrowingLimitPercent', 'borrowingLimitPercent']],
  LimitResponse: [['Type', 'type'], ['Queuing', 'queuing', 'Queuing']],
  Queuing: [['Queues', 'queues'], ['HandSize', 'handSize'], ['QueueLengthLimit', 'queueLengthLimit']],
  Exempt: [['NominalConcurrencyShares', 'nominalConcurrencyShares'], ['LendablePercent', 'lendablePercent']],
};
/** The zero value a field the object leaves out has in Go: structs held by value, numbers, bools, strings; else null. */
const ZERO: Record<string, string> = {
  'FlowSchemaSpec.PriorityLevelConfiguration': '{"Name":""}', 'Limited.LimitResponse': '{"Type":"","Queuing":null}',
  'FlowSchemaSpec.MatchingPrecedence': '0', 'ResourceRule.ClusterScope': 'false', 'Queuing.Queues': '0', 'Queuing.HandSize': '0',
  'Queuing.QueueLengthLimit': '0', 'Limited.NominalConcurrencyShares': '0',
  'Reference.Name': '""', 'Distinguisher.Type': '""', 'Subject.Kind': '""', 'ServiceAccount.Namespace': '""', 'ServiceAccount.Name': '""',
  'PriorityLevelConfigurationSpec.Type': '""', 'LimitResponse.Type': '""',
};

function internalJSON(type: string, v: Any | undefined): string {
  const parts = INTERNAL[type].map(([goName, json, nested]) => {
    const x = v?.[json];
    let out: string;
    if (x == null) out = ZERO[`${type}.${goName}`] ?? 'null';
    else if (!nested) out = JSON.stringify(x);
    else out = Array.isArray(x) ? `[${x.map((e) => internalJSON(nested, e)).join(',')}]` : internalJSON(nested, x);
    return `${JSON.stringify(goName)}:${out}`;
  });
  return `{${parts.join(',')}}`;
}

function fixedSpecError(name: string, type: string, spec: unknown): FieldError {
  return { type: 'FieldValueInvalid', field: 'spec', value: internalJSON(type, spec as Any), detail: `spec of '${name}' must equal the fixed value` };
}

const hasWildcard = (l: unknown[] | undefined) => (l ?? []).includes('*');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const list = <T = any>(v: unknown): T[] => (Array.isArray(v) ? v : []);

function validateVerbs(verbs: string[], path: string, errs: FieldError[]): void {
  if (verbs.length === 0) errs.push(field.required(`${path}.verbs`, 'verbs must contain at least one value'));
  else if (hasWildcard(verbs)) { if (verbs.length > 1) errs.push(field.invalid(`${path}.verbs`, verbs, "if '*' is present, must not specify other verbs")); }
  else if (!verbs.every((v) => SUPPORTED_VERBS.includes(v))) errs.push(field.notSupported(`${path}.verbs`, verbs, SUPPORTED_VERBS));
}

function nonResourceURLError(url: string): string | undefined {
  if (url === '') return 'must not be empty';
  if (url === '/') return undefined;
  if (!url.startsWith('/')) return 'must start with slash';
  if (url.includes(' ')) return 'must not contain white-space';
  if (url.includes('//')) return 'must not contain double slash';
  const wildcards = url.split('*').length - 1;
  if (wildcards > 1 || (wildcards === 1 && url.slice(-2) !== '/*')) return 'wildcard can only do suffix matching';
  return undefined;
}

function validateSubject(s: Any, path: string, errs: FieldError[]): void {
  const forbid = (f: string, kind: string) => errs.push(field.forbidden(`${path}.${f}`, `${f} is forbidden when subject kind is not '${kind}'`));
  switch (s?.kind) {
    case 'ServiceAccount': {
      const sa = s.serviceAccount;
      if (!sa) errs.push(field.required(`${path}.serviceAccount`, "serviceAccount is required when subject kind is 'ServiceAccount'"));
      else {
        if (!sa.name) errs.push(field.required(`${path}.serviceAccount.name`));
        else if (sa.name !== '*') for (const m of isDNS1123Subdomain(sa.name)) errs.push(field.invalid(`${path}.serviceAccount.name`, sa.name, m));
        if (sa.namespace) for (const m of isDNS1123Label(sa.namespace)) errs.push(field.invalid(`${path}.serviceAccount.namespace`, sa.namespace, m));
        else errs.push(field.required(`${path}.serviceAccount.namespace`, 'must specify namespace for service account'));
      }
      if (s.user) forbid('user', 'User');
      if (s.group) forbid('group', 'Group');
      return;
    }
    case 'User':
    case 'Group': {
      const own = s.kind === 'User' ? 'user' : 'group';
      if (!s[own]) errs.push(field.required(`${path}.${own}`, `${own} is required when subject kind is '${s.kind}'`));
      else if (!s[own].name) errs.push(field.required(`${path}.${own}.name`));
      if (s.serviceAccount) forbid('serviceAccount', 'ServiceAccount');
      if (own === 'group' && s.user) forbid('user', 'User');
      if (own === 'user' && s.group) forbid('group', 'Group');
      return;
    }
    default:
      errs.push(field.notSupported(`${path}.kind`, s?.kind ?? '', ['Group', 'ServiceAccount', 'User']));
  }
}

function validateRule(rule: Any, path: string, errs: FieldError[]): void {
  const subjects = list(rule?.subjects);
  if (subjects.length) subjects.forEach((s, i) => validateSubject(s as Any, `${path}.subjects[${i}]`, errs));
  else errs.push(field.required(`${path}.subjects`, 'subjects must contain at least one value'));
  const resourceRules = list(rule?.resourceRules) as Any[];
  const nonResourceRules = list(rule?.nonResourceRules) as Any[];
  if (!resourceRules.length && !nonResourceRules.length) errs.push(field.required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  resourceRules.forEach((r, i) => {
    const p = `${path}.resourceRules[${i}]`;
    validateVerbs(list(r.verbs), p, errs);
    const groups = list(r.apiGroups);
    if (!groups.length) errs.push(field.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    else if (groups.length > 1 && hasWildcard(groups)) errs.push(field.invalid(`${p}.apiGroups`, groups, "if '*' is present, must not specify other api groups"));
    const resources = list(r.resources);
    if (!resources.length) errs.push(field.required(`${p}.resources`, 'resource rules must supply at least one resource'));
    else if (resources.length > 1 && hasWildcard(resources)) errs.push(field.invalid(`${p}.resources`, resources, "if '*' is present, must not specify other resources"));
    const namespaces = list(r.namespaces);
    if (!namespaces.length && !r.clusterScope) errs.push(field.required(`${p}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace'));
    else if (hasWildcard(namespaces)) { if (namespaces.length > 1) errs.push(field.invalid(`${p}.namespaces`, namespaces, "if '*' is present, must not specify other namespaces")); }
    else namespaces.forEach((ns, j) => { for (const m of isDNS1123Label(ns)) errs.push(field.invalid(`${p}.namespaces[${j}]`, ns, NS_ERR_INTRO + m)); });
  });
  nonResourceRules.forEach((r, i) => {
    const p = `${path}.nonResourceRules[${i}]`;
    validateVerbs(list(r.verbs), p, errs);
    const urls = list(r.nonResourceURLs);
    if (!urls.length) errs.push(field.required(`${p}.nonResourceURLs`, 'nonResourceURLs must contain at least one value'));
    else if (hasWildcard(urls)) { if (urls.length > 1) errs.push(field.invalid(`${p}.nonResourceURLs`, urls, "if '*' is present, must not specify other non-resource URLs")); }
    else urls.forEach((u, j) => { const m = nonResourceURLError(u); if (m) errs.push(field.invalid(`${p}.nonResourceURLs[${j}]`, u, m)); });
  });
}

function validateConditions(conditions: unknown, errs: FieldError[]): void {
  const seen = new Set<string>();
  list(conditions).forEach((c, i) => {
    const type = String((c as Any)?.type ?? '');
    if (seen.has(type)) errs.push(field.duplicate(`status.conditions[${i}].type`, type));
    seen.add(type);
    if (!type) errs.push(field.required(`status.conditions[${i}].type`, 'must not be empty'));
  });
}

export function validateFlowSchema(obj: KObject, bootstrapSpec?: (name: string) => unknown): FieldError[] {
  const fs = obj as Any;
  const name = String(fs.metadata?.name ?? '');
  const spec = fs.spec ?? {};
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const precedence = Number(spec.matchingPrecedence ?? 0);
  if (precedence <= 0) errs.push(field.invalid('spec.matchingPrecedence', precedence, 'must be a positive value'));
  if (precedence > 10000) errs.push(field.invalid('spec.matchingPrecedence', precedence, 'must not be greater than 10000'));
  if (precedence === 1 && name !== 'exempt') errs.push(field.invalid('spec.matchingPrecedence', precedence, "only the schema named 'exempt' may have matchingPrecedence 1"));
  if (spec.distinguisherMethod && !['ByNamespace', 'ByUser'].includes(spec.distinguisherMethod.type)) {
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.distinguisherMethod.type', value: internalJSON('Distinguisher', spec.distinguisherMethod), detail: 'supported values: "ByNamespace", "ByUser"' });
  }
  const pl = String(spec.priorityLevelConfiguration?.name ?? '');
  if (pl) for (const m of isDNS1123Subdomain(pl)) errs.push(field.invalid('spec.priorityLevelConfiguration.name', pl, m));
  else errs.push(field.required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  list(spec.rules).forEach((r, i) => validateRule(r as Any, `spec.rules[${i}]`, errs));
  if (MANDATORY.has(name) && bootstrapSpec && !deepEqual(fs.spec, bootstrapSpec(name))) errs.push(fixedSpecError(name, 'FlowSchemaSpec', fs.spec));
  validateConditions(fs.status?.conditions, errs);
  return errs;
}

export function validatePriorityLevel(obj: KObject, bootstrapSpec?: (name: string) => unknown): FieldError[] {
  const pl = obj as Any;
  const name = String(pl.metadata?.name ?? '');
  const spec = pl.spec ?? {};
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  if ((name === 'exempt') !== (spec.type === 'Exempt')) errs.push(field.invalid('spec.type', spec.type ?? '', "type must be 'Exempt' if and only if name is 'exempt'"));
  if (spec.type === 'Exempt') {
    if (spec.limited) errs.push(field.forbidden('spec.limited', 'must be nil if the type is not Limited'));
    const e = spec.exempt;
    if (e?.nominalConcurrencyShares != null && e.nominalConcurrencyShares < 0) errs.push(field.invalid('spec.exempt.nominalConcurrencyShares', e.nominalConcurrencyShares, 'must be a non-negative integer'));
    if (e?.lendablePercent != null && (e.lendablePercent < 0 || e.lendablePercent > 100)) errs.push(field.invalid('spec.exempt.lendablePercent', e.lendablePercent, 'must be between 0 and 100, inclusive'));
  } else if (spec.type === 'Limited') {
    if (spec.exempt) errs.push(field.forbidden('spec.exempt', 'must be nil if the type is Limited'));
    const l = spec.limited;
    if (!l) errs.push(field.required('spec.limited', 'must not be empty when type is Limited'));
    else {
      if ((l.nominalConcurrencyShares ?? 0) < 0) errs.push(field.invalid('spec.limited.nominalConcurrencyShares', l.nominalConcurrencyShares, 'must be a non-negative integer'));
      const lr = l.limitResponse ?? {};
      if (lr.type === 'Reject') {
        if (lr.queuing) errs.push(field.forbidden('spec.limited.limitResponse.queuing', 'must be nil if limited.limitResponse.type is not Limited'));
      } else if (lr.type === 'Queue') {
        const q = lr.queuing;
        if (!q) errs.push(field.required('spec.limited.limitResponse.queuing', 'must not be empty if limited.limitResponse.type is Limited'));
        else {
          const p = 'spec.limited.limitResponse.queuing';
          if (q.queueLengthLimit <= 0) errs.push(field.invalid(`${p}.queueLengthLimit`, q.queueLengthLimit, 'must be positive'));
          if (q.queues <= 0) errs.push(field.invalid(`${p}.queues`, q.queues, 'must be positive'));
          else if (q.queues > 10_000_000) errs.push(field.invalid(`${p}.queues`, q.queues, 'must not be greater than 10000000'));
          if (q.handSize <= 0) errs.push(field.invalid(`${p}.handSize`, q.handSize, 'must be positive'));
          else if (q.handSize > q.queues) errs.push(field.invalid(`${p}.handSize`, q.handSize, `should not be greater than queues (${q.queues})`));
        }
      } else errs.push(field.notSupported('spec.limited.limitResponse.type', lr.type ?? '', ['Queue', 'Reject']));
      if (l.lendablePercent != null && (l.lendablePercent < 0 || l.lendablePercent > 100)) errs.push(field.invalid('spec.limited.lendablePercent', l.lendablePercent, 'must be between 0 and 100, inclusive'));
      if (l.borrowingLimitPercent != null && l.borrowingLimitPercent < 0) errs.push(field.invalid('spec.limited.borrowingLimitPercent', l.borrowingLimitPercent, 'if specified, must be a non-negative integer'));
    }
  } else errs.push(field.notSupported('spec.type', spec.type ?? '', ['Exempt', 'Limited']));
  if (MANDATORY.has(name) && bootstrapSpec && !deepEqual(pl.spec, bootstrapSpec(name))) errs.push(fixedSpecError(name, 'PriorityLevelConfigurationSpec', pl.spec));
  validateConditions(pl.status?.conditions, errs);
  return errs;
}

// ---------- the bootstrap configuration's producer and consumer ----------

export interface Bootstrap {
  flowSchemas: KObject[];
  priorityLevels: KObject[];
}

/** Registers the two kinds' strategies against the bootstrap objects' specs (the mandatory ones' fixed values). */
export function registerFlowControl(bootstrap: () => Bootstrap): void {
  const specOf = (objs: () => KObject[]) => (name: string) => (objs().find((o) => o.metadata.name === name) as Any | undefined)?.spec;
  const fsSpec = specOf(() => bootstrap().flowSchemas);
  const plSpec = specOf(() => bootstrap().priorityLevels);
  registerStrategy(FLOW_SCHEMAS, {
    tracksGeneration: true,
    defaults: defaultFlowSchema,
    validate: (o) => validateFlowSchema(o, fsSpec),
    validateUpdate: (o) => validateFlowSchema(o, fsSpec),
    validateStatusUpdate: (o) => { const errs: FieldError[] = []; validateConditions((o as Any).status?.conditions, errs); return errs; },
  });
  registerStrategy(PRIORITY_LEVELS, {
    tracksGeneration: true,
    defaults: defaultPriorityLevel,
    validate: (o) => validatePriorityLevel(o, plSpec),
    validateUpdate: (o) => validatePriorityLevel(o, plSpec),
    validateStatusUpdate: (o) => { const errs: FieldError[] = []; validateConditions((o as Any).status?.conditions, errs); return errs; },
  });
}

const annotations = (o: KObject) => o.metadata.annotations ?? {};
const parseBool = (v: string | undefined): boolean | undefined => {
  // strconv.ParseBool.
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
};

/** ensurer/strategy.go ShouldUpdate: the object to store, or undefined when it is up to date. */
function shouldUpdate(current: KObject, bootstrap: KObject, mandatory: boolean): KObject | undefined {
  const annotated = parseBool(annotations(current)[AUTO_UPDATE]);
  const autoUpdate = mandatory || (annotated ?? current.metadata.generation === 1);
  const updateAnnotation = annotated !== autoUpdate;
  const specChanged = autoUpdate && !deepEqual((current as Any).spec, (bootstrap as Any).spec);
  if (!updateAnnotation && !specChanged) return undefined;
  const next = structuredClone(current) as Any;
  if (updateAnnotation) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [AUTO_UPDATE]: String(autoUpdate) };
  if (specChanged) next.spec = structuredClone((bootstrap as Any).spec);
  return next as KObject;
}

/** One pass of ensure(): suggested objects, then mandatory ones, priority levels before flow schemas; then the dangling. */
export function ensureBootstrapConfiguration(api: APIServer, bootstrap: Bootstrap): void {
  const opts = { fieldManager: PRODUCER, typed: true };
  const pass = (mandatory: boolean) => {
    for (const [resource, objs] of [[PRIORITY_LEVELS, bootstrap.priorityLevels], [FLOW_SCHEMAS, bootstrap.flowSchemas]] as const) {
      for (const b of objs) {
        const name = b.metadata.name!;
        if (MANDATORY.has(name) !== mandatory) continue;
        try {
          const current = api.tryGet(resource, undefined, name);
          if (!current) {
            // "we always re-create a missing configuration object"
            api.create(resource, undefined, { apiVersion: b.apiVersion, kind: b.kind, metadata: { name, annotations: { [AUTO_UPDATE]: 'true' } }, spec: structuredClone((b as Any).spec) } as KObject, opts);
            continue;
          }
          const next = shouldUpdate(current, b, mandatory);
          if (next) api.update(resource, next, opts);
        } catch {
          // "APF bootstrap ensurer ran into error, will retry later"
        }
      }
    }
  };
  pass(false);
  pass(true);
  for (const [resource, objs] of [[FLOW_SCHEMAS, bootstrap.flowSchemas], [PRIORITY_LEVELS, bootstrap.priorityLevels]] as const) {
    const names = new Set(objs.map((o) => o.metadata.name));
    for (const o of api.list(resource, undefined).items) {
      if (names.has(o.metadata.name) || parseBool(annotations(o)[AUTO_UPDATE]) !== true) continue;
      try { api.delete(resource, undefined, o.metadata.name!); } catch { /* retried on the next pass */ }
    }
  }
}

/** apf_controller.go: each FlowSchema's Dangling condition, written when its status, reason or message would change. */
export function syncDanglingConditions(api: APIServer, now: string): void {
  const levels = new Set(api.list(PRIORITY_LEVELS, undefined).items.map((o) => o.metadata.name));
  for (const fs of api.list(FLOW_SCHEMAS, undefined).items) {
    const pl = String((fs as Any).spec?.priorityLevelConfiguration?.name ?? '');
    const found = levels.has(pl);
    const want = found
      ? { status: 'False', reason: 'Found', message: `This FlowSchema references the PriorityLevelConfiguration object named "${pl}" and it exists` }
      : { status: 'True', reason: 'NotFound', message: `This FlowSchema references the PriorityLevelConfiguration object named "${pl}" but there is no such object` };
    const conditions = list((fs as Any).status?.conditions) as Any[];
    const have = conditions.find((c) => c.type === 'Dangling');
    if (have && have.status === want.status && have.reason === want.reason && have.message === want.message) continue;
    const condition = { type: 'Dangling', status: want.status, lastTransitionTime: now, reason: want.reason, message: want.message };
    const next = structuredClone(fs) as Any;
    next.status = { ...(next.status ?? {}), conditions: [...conditions.filter((c) => c.type !== 'Dangling'), condition] };
    try { api.update(FLOW_SCHEMAS, next as KObject, { subresource: 'status', fieldManager: CONSUMER, typed: true }); } catch { /* the next change retries */ }
  }
}
