/**
 * `kubectl auth can-i` and `kubectl auth whoami` for the terminal's user,
 * kubeadm's admin.conf identity: kubernetes-admin in the group
 * kubeadm:cluster-admins, bound to cluster-admin (every verb on every
 * resource), plus what every authenticated user gets (system:basic-user,
 * system:discovery, system:public-info-viewer). So every check answers `yes`,
 * and `--list` prints the rules a SelfSubjectRulesReview returns for that
 * user, broken down, compacted and sorted as kubectl does.
 */
import { resolveResource } from '../../api/resources.js';
import type { Command, Invocation } from '../framework/command.js';
import { formatTabbed } from '../printers/gotabwriter.js';
import { parseOutput, PRINT_FLAGS_FORMATS, printGeneric, templateFlagsOf } from '../printers/output.js';
import { verbE } from './verb-e.js';

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUPS = ['kubeadm:cluster-admins', 'system:authenticated'];

interface Rule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }

/** The SelfSubjectRulesReview status for the admin: cluster-admin, then the roles of system:authenticated. */
export const ADMIN_RULES: Rule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
  { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
];

const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
const NON_STANDARD_RESOURCES = new Set(['users', 'groups', 'signers.certificates.k8s.io']);

/** rbac's BreakdownRule: one rule per group/resource/name, or per URL. */
function breakdown(r: Rule): Rule[] {
  const out: Rule[] = [];
  for (const g of r.apiGroups ?? []) {
    for (const res of r.resources ?? []) {
      if (r.resourceNames?.length) for (const n of r.resourceNames) out.push({ verbs: r.verbs, apiGroups: [g], resources: [res], resourceNames: [n] });
      else out.push({ verbs: r.verbs, apiGroups: [g], resources: [res] });
    }
  }
  for (const u of r.nonResourceURLs ?? []) out.push({ verbs: r.verbs, nonResourceURLs: [u] });
  return out;
}

/** rbac's CompactRules: simple resource rules with the same group/resource/name share their verbs. */
function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1 && (r.resourceNames?.length ?? 0) <= 1;
    if (!isSimple) { out.push(r); continue; }
    const key = `${r.apiGroups![0]}\0${r.resources![0]}\0${r.resourceNames?.[0] ?? ''}`;
    const have = simple.get(key);
    if (have) have.verbs = [...have.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

const list = (a?: string[]) => `[${(a ?? []).join(' ')}]`;

/** PolicyRule.String(), which SortableRuleSlice compares. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup. */
function resourceGroup(r: Rule): string {
  if (!r.resources?.length) return '';
  const [res, sub] = r.resources[0].split(/\/(.*)/s);
  let s = res;
  if (r.apiGroups?.length && r.apiGroups[0] !== '') s += '.' + r.apiGroups[0];
  if (sub !== undefined) s += '/' + sub;
  return s;
}

/** The `can-i --list` table. */
export function accessTable(rules: Rule[], headers: boolean): string {
  const sorted = compact(rules.flatMap(breakdown))
    .map((r, i) => ({ r, i, k: ruleString(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.r);
  let text = headers ? 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n' : '';
  for (const r of sorted) text += `${resourceGroup(r)}\t${list(r.nonResourceURLs)}\t${list(r.resourceNames)}\t${list(r.verbs)}\n`;
  return formatTabbed(text, 6, 3);
}

function warn(inv: Invocation, text: string): void {
  inv.err(`Warning: ${text}`);
}

function runCanI(inv: Invocation): number {
  const f = inv.flags;
  if (f.bool('list')) {
    if (inv.args.length !== 0) throw new Error('list option must be specified with no arguments');
    if (f.bool('quiet') || f.bool('all-namespaces') || f.string('subresource')) throw new Error("list option can't be specified with neither quiet, all-namespaces nor subresource options");
    inv.client().list('namespaces');
    inv.out(accessTable(ADMIN_RULES, !f.bool('no-headers')));
    return 0;
  }
  if (inv.args.length !== 2) throw new Error("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
  const [verb, target] = inv.args;
  if (target.startsWith('/')) {
    if (f.string('subresource')) throw new Error('--subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warn(inv, `verb '${verb}' is not a known verb\n`);
  } else {
    const typed = target.split('/')[0];
    if (typed !== '*') {
      const info = resolveResource(typed.toLowerCase());
      if (!info) {
        const dot = typed.indexOf('.');
        const res = dot < 0 ? typed.toLowerCase() : typed.slice(0, dot).toLowerCase();
        const group = dot < 0 ? '' : typed.slice(dot + 1).toLowerCase();
        if (!NON_STANDARD_RESOURCES.has(typed.toLowerCase())) {
          warn(inv, group ? `the server doesn't have a resource type '${res}' in group '${group}'\n` : `the server doesn't have a resource type '${res}'\n`);
        }
      } else if (!f.bool('all-namespaces') && !info.namespaced) {
        warn(inv, info.group ? `resource '${info.resource}' is not namespace scoped in group '${info.group}'\n` : `resource '${info.resource}' is not namespace scoped\n`);
      }
    }
    if (!RESOURCE_VERBS.has(verb)) warn(inv, `verb '${verb}' is not a known verb\n`);
  }
  if (f.bool('no-headers')) throw new Error('--no-headers cannot be set without --list specified');
  // The review goes to the API server; cluster-admin is allowed everything.
  inv.client().list('namespaces');
  if (!f.bool('quiet')) inv.out('yes\n');
  return 0;
}

function runWhoami(inv: Invocation): number {
  inv.client().list('namespaces');
  const f = inv.flags;
  const review = {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: ADMIN_USER, groups: ADMIN_GROUPS } },
  };
  const tf = templateFlagsOf(f);
  if (f.string('output') || tf.template) {
    const spec = parseOutput(f.string('output'), PRINT_FLAGS_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), tf);
    inv.out(spec.kind === 'name' ? 'selfsubjectreview.authentication.k8s.io/\n' : printGeneric(spec, review, true));
    return 0;
  }
  inv.out(formatTabbed(`ATTRIBUTE\tVALUE\nUsername\t${ADMIN_USER}\nGroups\t[${ADMIN_GROUPS.join(' ')}]\n`, 0, 3));
  return 0;
}

export const auth: Command = verbE('auth', {
  subcommands: [verbE('auth can-i', { run: runCanI }), verbE('auth reconcile'), verbE('auth whoami', { run: runWhoami })],
});
