/**
 * `kubectl auth can-i` and `kubectl auth whoami` (kubectl/pkg/cmd/auth, release-1.35):
 * a SelfSubjectAccessReview, SelfSubjectRulesReview or SelfSubjectReview for
 * the terminal's user, kubeadm's admin.conf identity (kubernetes-admin in the
 * group kubeadm:cluster-admins, bound to cluster-admin), or for whoever
 * `--as`/`--as-group` impersonate, answered by the RBAC authorizer over the
 * cluster's roles and bindings (engine/api/rbac).
 */
import { resolveResource } from '../../api/resources.js';
import { loadRBAC } from '../../api/rbac/loader.js';
import type { Command, Invocation } from '../framework/command.js';
import { formatTabbed } from '../printers/gotabwriter.js';
import { parseOutput, PRINT_FLAGS_FORMATS, printGeneric, templateFlagsOf } from '../printers/output.js';
import { verbE } from './verb-e.js';


interface Rule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }

const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
const NON_STANDARD_RESOURCES = new Set(['users', 'groups', 'signers.certificates.k8s.io']);

const list = (a?: string[]) => `[${(a ?? []).join(' ')}]`;

/** The `can-i --list` table: the rules broken down, compacted and sorted (printStatus). */
export function accessTable(rules: Rule[], headers: boolean, m: Awaited<ReturnType<typeof loadRBAC>>): string {
  let text = headers ? 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n' : '';
  for (const r of m.sortedCompactRules(rules)) text += `${m.combineResourceGroup(r)}\t${list(r.nonResourceURLs)}\t${list(r.resourceNames)}\t${list(r.verbs)}\n`;
  return formatTabbed(text, 6, 3);
}

/** The reviews' module and who asks: the impersonated user, else the kubeconfig's. */
async function reviewer(inv: Invocation) {
  inv.client(); // an unreachable server fails first, as the POST would
  const m = await loadRBAC();
  const as = inv.flags.string('as');
  if (as) return { m, user: m.impersonatedUser(as, inv.flags.strings('as-group')) };
  if (inv.certificate !== undefined) {
    const user = m.clientCertificateUser(inv.certificate, inv.now());
    if (!user) throw m.unauthorized();
    return { m, user };
  }
  const token = inv.flags.string('token');
  if (!token) return { m, user: m.ADMIN_USER };
  // The review's POST carries the token: one nothing accepts is refused before the review is made.
  const user = m.authenticate(inv.ctx.cluster.apiserver, `Bearer ${token}`);
  if (!user) throw m.unauthorized();
  return { m, user };
}

/** printers.WarningPrinter.Print: its own newline after the message (most of can-i's end with one already: a blank line). */
function warn(inv: Invocation, text: string): void {
  inv.err(`Warning: ${text}\n`);
}

async function runCanI(inv: Invocation): Promise<number> {
  const f = inv.flags;
  if (f.bool('list')) {
    if (inv.args.length !== 0) throw new Error('list option must be specified with no arguments');
    if (f.bool('quiet') || f.bool('all-namespaces') || f.string('subresource')) throw new Error("list option can't be specified with neither quiet, all-namespaces nor subresource options");
    const { m, user } = await reviewer(inv);
    const status = m.selfSubjectRulesReview(inv.ctx.cluster.apiserver, user, inv.namespace);
    if (status.incomplete) warn(inv, `the list may be incomplete: ${status.evaluationError}`);
    inv.out(accessTable([...status.resourceRules, ...status.nonResourceRules], !f.bool('no-headers'), m));
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
  const { m, user } = await reviewer(inv);
  const slash = target.indexOf('/');
  const spec = target.startsWith('/')
    ? { nonResourceAttributes: { verb, path: target } }
    : { resourceAttributes: reviewResource(target, slash, f.bool('all-namespaces') ? '' : inv.namespace, verb, f.string('subresource')) };
  const status = m.selfSubjectAccessReview(inv.ctx.cluster.apiserver, user, spec);
  if (!f.bool('quiet')) inv.out(status.allowed ? 'yes\n' : `no${status.reason ? ` - ${status.reason}` : ''}\n`);
  return status.allowed ? 0 : 1;
}

/** The ResourceAttributes kubectl sends: TYPE resolved through discovery (kept as typed when unknown), NAME after the slash. */
function reviewResource(target: string, slash: number, namespace: string, verb: string, subresource: string) {
  const typed = slash < 0 ? target : target.slice(0, slash);
  const name = slash < 0 ? '' : target.slice(slash + 1);
  const info = typed === '*' ? undefined : resolveResource(typed.toLowerCase());
  const dot = typed.indexOf('.');
  const group = info ? info.group : dot < 0 ? '' : typed.slice(dot + 1).toLowerCase();
  const resource = info ? info.resource : typed === '*' ? '*' : (dot < 0 ? typed : typed.slice(0, dot)).toLowerCase();
  return { namespace, verb, group, resource, subresource, name };
}

async function runWhoami(inv: Invocation): Promise<number> {
  const { m, user } = await reviewer(inv);
  const f = inv.flags;
  const review = m.selfSubjectReview(user);
  const tf = templateFlagsOf(f);
  if (f.string('output') || tf.template) {
    const spec = parseOutput(f.string('output'), PRINT_FLAGS_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), tf);
    inv.out(spec.kind === 'name' ? 'selfsubjectreview.authentication.k8s.io/\n' : printGeneric(spec, review, true));
    return 0;
  }
  const extra = Object.keys(user.extra ?? {}).sort().map((k) => `Extra: ${k}\t[${user.extra![k].join(' ')}]\n`).join('');
  inv.out(formatTabbed(`ATTRIBUTE\tVALUE\nUsername\t${user.name}\n${user.uid ? `UID\t${user.uid}\n` : ''}${user.groups.length ? `Groups\t[${user.groups.join(' ')}]\n` : ''}${extra}`, 0, 3));
  return 0;
}

export const auth: Command = verbE('auth', {
  subcommands: [verbE('auth can-i', { run: runCanI }), verbE('auth reconcile'), verbE('auth whoami', { run: runWhoami })],
});
