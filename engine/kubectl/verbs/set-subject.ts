/**
 * `kubectl set subject (-f FILE | TYPE NAME) [--user=U] [--group=G]
 * [--serviceaccount=NS:NAME]`: adds subjects to a RoleBinding or
 * ClusterRoleBinding (kubectl's pkg/cmd/set/set_subject.go). Complete builds
 * the objects first (its errors come before Validate's), Validate checks the
 * flags, Run patches each binding. The lab's API server serves no
 * rbac.authorization.k8s.io, so a binding named by type is unknown to
 * discovery, as it is to the real client against this server; any other kind
 * the builder finds fails in Run as it does for kubectl.
 */
import { buildInfos, mappingFor, readFilenameObjects, type Info } from '../framework/builder.js';
import type { KObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resources.js';
import { AggregateError, PlainError, type Command, type Invocation } from '../framework/command.js';
import { HELP_H } from './help-data-h.js';
import { checkBuilderArgs, dryRunStrategy, infoOf, outputSpec, printResult } from './mutate.js';

export const NO_SUBJECTS = 'you must specify at least one value of user, group or serviceaccount';
export const SERVICE_ACCOUNT_FORMAT = 'serviceaccount must be <namespace>:<name>';
export const ONLY_BINDINGS = 'setting subjects is only supported for RoleBinding/ClusterRoleBinding';
/** resource.LocalResourceError. */
export const LOCAL_RESOURCE = `error: you must specify resources by --filename when --local is set.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'`;

const RBAC = 'rbac.authorization.k8s.io';
/** The kinds set subject changes: kubectl's scheme knows them locally though this API server serves no RBAC group. */
const BINDINGS: Record<string, ResourceInfo> = {
  RoleBinding: { resource: 'rolebindings', singular: 'rolebinding', group: RBAC, version: 'v1', kind: 'RoleBinding', namespaced: true, shortNames: [], verbs: [], categories: [] },
  ClusterRoleBinding: { resource: 'clusterrolebindings', singular: 'clusterrolebinding', group: RBAC, version: 'v1', kind: 'ClusterRoleBinding', namespaced: false, shortNames: [], verbs: [], categories: [] },
};

interface Subject { kind: string; apiGroup?: string; name: string; namespace?: string }

/** The subjects the flags name, each list sorted and without repeats (sets.List), users, then groups, then service accounts. */
export function subjectsOf(users: string[], groups: string[], serviceAccounts: string[], namespace: string): Subject[] {
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  return [
    ...sorted(users).map((name) => ({ kind: 'User', apiGroup: RBAC, name })),
    ...sorted(groups).map((name) => ({ kind: 'Group', apiGroup: RBAC, name })),
    ...sorted(serviceAccounts).map((sa) => {
      const [ns, name] = sa.split(':');
      return { kind: 'ServiceAccount', name, namespace: ns || namespace };
    }),
  ];
}

/** addSubjects: the targets not already there (field by field), appended; whether any was. */
export function addSubjects(existing: Subject[], targets: Subject[]): { transformed: boolean; subjects: Subject[] } {
  const same = (a: Subject, b: Subject) => a.kind === b.kind && (a.apiGroup ?? '') === (b.apiGroup ?? '') && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
  const add = targets.filter((t) => !existing.some((e) => same(e, t)));
  return { transformed: add.length > 0, subjects: [...existing, ...add] };
}

/** The binding as kubectl encodes its typed rbacv1 object: fields in the Go structs' order. */
function typedBinding(obj: KObject, subjects: Subject[]): KObject {
  const o = obj as KObject & { roleRef?: unknown };
  const typed = subjects.map((x) => ({ kind: x.kind, ...(x.apiGroup ? { apiGroup: x.apiGroup } : {}), name: x.name, ...(x.namespace ? { namespace: x.namespace } : {}) }));
  return { kind: o.kind, apiVersion: o.apiVersion, metadata: o.metadata, subjects: typed, roleRef: o.roleRef } as KObject;
}

async function runSubject(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  outputSpec(inv);
  const local = f.bool('local');
  let infos: Info[];
  if (local) {
    if (inv.args.length) throw new Error(LOCAL_RESOURCE);
    const objs = await readFilenameObjects(inv, f.strings('filename'), f.bool('recursive'));
    infos = objs.map(({ object, source }) => {
      const binding = String(object.apiVersion) === `${RBAC}/v1` ? BINDINGS[String(object.kind)] : undefined;
      return { resource: binding ?? infoOf(object, source), name: object.metadata?.name ?? '', object };
    });
  } else {
    const selector = f.string('selector');
    checkBuilderArgs({ args: inv.args, paths: f.strings('filename').length > 0, labelSelector: selector, allowEmptySelector: f.bool('all') }, mappingFor);
    const res = await buildInfos(inv, {
      args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: selector,
      allowEmptySelector: f.bool('all'), continueOnError: true, typed: true,
    });
    // Infos(): the builder's errors end Complete.
    if (res.errors.length === 1) throw res.errors[0];
    if (res.errors.length > 1) throw new AggregateError(res.errors);
    infos = res.infos;
  }
  // Validate.
  if (local && dryRun === 'server') throw new Error('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  if (f.bool('all') && f.string('selector')) throw new Error('cannot set --all and --selector at the same time');
  const users = f.strings('user');
  const groups = f.strings('group');
  const serviceAccounts = f.strings('serviceaccount');
  if (!users.length && !groups.length && !serviceAccounts.length) throw new Error(NO_SUBJECTS);
  for (const sa of serviceAccounts) {
    const tokens = sa.split(':');
    if (tokens.length !== 2 || tokens[1] === '') throw new Error(SERVICE_ACCOUNT_FORMAT);
    if (tokens[0] === '' && infos.some((i) => i.object.kind === 'ClusterRoleBinding')) throw new Error(`${SERVICE_ACCOUNT_FORMAT}, namespace must be specified`);
  }
  const spec = outputSpec(inv);
  const targets = subjectsOf(users, groups, serviceAccounts, inv.namespace);
  const errors: string[] = [];
  for (const info of infos) {
    if (!BINDINGS[String(info.object.kind)] || info.resource.group !== RBAC) {
      errors.push(`error: ${info.resource.resource}/${info.name} ${ONLY_BINDINGS}\n`);
      continue;
    }
    const { transformed, subjects } = addSubjects((info.object as { subjects?: Subject[] }).subjects ?? [], targets);
    if (!transformed) continue;
    // Only --local reaches here (the API server serves no binding to patch), which prints the changed object.
    printResult(inv, spec, info.resource, typedBinding(info.object, subjects), 'subjects updated', dryRun, true);
  }
  // CheckErr's MultipleErrors: each message on its own line, every one ending in a newline.
  if (errors.length === 1) throw new Error(errors[0]);
  if (errors.length > 1) throw new PlainError(errors.map((e) => e + '\n').join(''));
  return 0;
}

const h = HELP_H['set subject'];
export const subject: Command = { name: 'subject', short: h.short, use: h.use, flags: h.flags, run: runSubject };
