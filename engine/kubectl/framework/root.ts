/**
 * The kubectl root command: finds the verb (cobra's Find, skipping global
 * flags and their values), parses flags, handles --help, builds the
 * Invocation and prints any error as CheckErr does.
 */
import { kubectlClient, loadRBAC, mayTouchRBAC, rbacLoaded } from '../../api/rbac/loader.js';
import { ensureKubeadmObjects, mayTouchKubeSystem } from '../../api/bootstrap/kubeadm-objects-gate.js';
import { ConnectionRefusedError } from '../../api/errors.js';
import type { ProcessContext } from '../../shell/process.js';
import { BrokenPipe } from '../../shell/streams.js';
import { findSubcommand, type Command, type Invocation, PlainError, UsageError } from './command.js';
import { loadLazyPrinters, mayNeedLazyPrinters, PrinterExecError } from '../printers/output.js';
import { errorText, standardErrorMessage } from './errors.js';
import { FlagError, parseFlags, parseGoDuration, type FlagDef, type FlagValues } from './flags.js';
import { goQuote } from '../printers/gofmt.js';
import { loadHelpTexts, renderHelp } from './help.js';
import { apiServerHost, KubeconfigError, KubeSession } from './session.js';
import { allowsColorOutput, warningLine, warningPrinter } from './warnings.js';
import { loadedYaml, loadYamlHolding, YamlNotLoadedError } from '../../util/yaml-lib.js';
import { kindReady, lazyKindsLoaded, loadLazyKinds } from '../../api/registry/lazy-kinds.js';
import { goJSONLoaded, loadGoJSON } from '../../api/schema/go-json-loader.js';
import { kindTablesLoaded, loadKindTables } from '../printers/tables/lazy-kinds.js';
import { kubectlDiscovery } from '../../api/registry/crd-loader.js';
import { lazyModule } from '../../util/lazy-module.js';
import { loadFlagTables, needsFlagTables } from '../verbs/flag-tables.js';
import { loadDisruptionController } from '../../controllers/disruption/loader.js';

/** Commands that never send an object to the API server (a delete sends options only). */
const SENDS_NO_OBJECT = new Set(['get', 'describe', 'logs', 'explain', 'api-resources', 'api-versions', 'version', 'config', 'cluster-info', 'top', 'events', 'wait', 'auth', 'exec', 'attach', 'port-forward', 'cp', 'completion', 'options', 'plugin', 'kustomize', 'delete']);

/**
 * policy/v1 (the PodDisruptionBudget strategy and schema, its `get` table) loads before a command that names it or
 * reads manifests; the lab's prefetch loads it with the disruption controller.
 */
const policy = lazyModule(() => Promise.all([import('../../api/registry/policy.js'), import('../printers/tables/policy.js'), loadDisruptionController()]));
export const loadPolicyKinds = policy.load;

/** The `get` tables of PersistentVolumes, claims and StorageClasses, loaded with their strategies. */
const storageTables = lazyModule(() => import('../printers/tables/storage.js'));

/** `-v=N`'s request logging (verbosity/trace.ts), loaded only when asked for. */
const verbosity = lazyModule(() => import('../verbosity/trace.js'));
/** When each shell's kubectl last filled its discovery cache (~/.kube/cache/discovery), in virtual ms: six hours (216e5 ms) good. */
const discoveryCache = new WeakMap<object, number>();

/**
 * Whether a command line may write (or print) a Job, CronJob, StatefulSet, PodDisruptionBudget or a storage kind:
 * it names one, or writes what a manifest or an editor says. Once a StatefulSet exists, the controller manager has loaded its code.
 */
/** A version served by conversion (autoscaling/v1), named in a resource (x.v1.autoscaling) or a path (get --raw): its code loads first. */
const ALTERNATE_VERSION = /\b(v1\.autoscaling|autoscaling\/v1)\b/;

function mayWriteBatch(verb: string, args: string[], readsManifests: boolean): boolean {
  return readsManifests || verb === 'edit' || verb === 'patch' || verb === 'replace' || [verb, ...args].some((a) => /\b(jobs?|cronjobs?|cj|batch|sts|statefulsets?|pdb|poddisruptionbudgets?|pvc?|persistentvolume(claim)?s?|sc|storageclass(es)?)\b/i.test(a));
}

/** `kubectl label ns …`: a namespace's pod-security labels are the PodSecurity plugin's (manifests, edit and patch load it above). */
function mayLabelNamespace(verb: string, args: string[]): boolean {
  return verb === 'label' && args.some((a) => /^(ns|namespaces?)\b/i.test(a));
}

/** Flags every kubectl command accepts (`kubectl options`). */
export const GLOBAL_FLAGS: FlagDef[] = [
  { name: 'as', type: 'string', usage: 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.' },
  { name: 'as-group', type: 'stringArray', usage: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.' },
  { name: 'as-uid', type: 'string', usage: 'UID to impersonate for the operation.' },
  { name: 'as-user-extra', type: 'stringArray', usage: 'User extras to impersonate for the operation, this flag can be repeated to specify multiple values for the same key.' },
  { name: 'cache-dir', type: 'string', default: '/root/.kube/cache', usage: 'Default cache directory' },
  { name: 'certificate-authority', type: 'string', usage: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', usage: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', usage: 'Path to a client key file for TLS' },
  { name: 'cluster', type: 'string', usage: 'The name of the kubeconfig cluster to use' },
  { name: 'context', type: 'string', usage: 'The name of the kubeconfig context to use' },
  { name: 'disable-compression', type: 'bool', usage: 'If true, opt-out of response compression for all requests to the server' },
  { name: 'insecure-skip-tls-verify', type: 'bool', usage: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure" },
  { name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'kuberc', type: 'string', usage: 'Path to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false feature gate or turning off the feature KUBERC=off.' },
  { name: 'log-flush-frequency', type: 'duration', default: 5000, goFlag: true, usage: 'Maximum number of seconds between log flushes' },
  { name: 'match-server-version', type: 'bool', usage: 'Require server version to match client version' },
  { name: 'namespace', shorthand: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'password', type: 'string', usage: 'Password for basic authentication to the API server' },
  { name: 'profile', type: 'string', default: 'none', usage: 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex|trace)' },
  { name: 'profile-output', type: 'string', default: 'profile.pprof', usage: 'Name of the file to write the profile to' },
  { name: 'request-timeout', type: 'string', default: '0', usage: "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests." },
  { name: 'server', shorthand: 's', type: 'string', usage: 'The address and port of the Kubernetes API server' },
  { name: 'tls-server-name', type: 'string', usage: 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used' },
  { name: 'token', type: 'string', usage: 'Bearer token for authentication to the API server' },
  { name: 'user', type: 'string', usage: 'The name of the kubeconfig user to use' },
  { name: 'username', type: 'string', usage: 'Username for basic authentication to the API server' },
  { name: 'v', shorthand: 'v', type: 'int', usage: 'number for the log level verbosity' },
  { name: 'vmodule', type: 'string', defaultText: ':', usage: 'comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)' },
  { name: 'warnings-as-errors', type: 'bool', usage: 'Treat warnings received from the server as errors and exit with a non-zero exit code' },
];

const HELP_FLAG: FlagDef = { name: 'help', shorthand: 'h', type: 'bool', usage: 'help for the command', hidden: true };

/**
 * Subcommands kubectl lists in "Did you mean this?": cobra's SuggestionsFor over the
 * available (not hidden) commands, in the order they were added: a Levenshtein distance
 * (ignoring case) of at most SuggestionsMinimumDistance = 2, or a prefix.
 */
export function suggestionsFor(typed: string, cmds: Command[]): string[] {
  const out: string[] = [];
  const t = typed.toLowerCase();
  for (const c of cmds) {
    if (c.hidden) continue;
    if (levenshtein(t, c.name.toLowerCase()) <= 2 || c.name.toLowerCase().startsWith(t)) out.push(c.name);
  }
  return out;
}

function levenshtein(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** What kubectl adds to the root after its groups, in AddCommand order: cobra suggests in registration order. */
const ADDED_AFTER_GROUPS = ['alpha', 'config', 'plugin', 'version', 'api-versions', 'api-resources', 'options'];

function registrationOrder(cmds: Command[]): Command[] {
  const rank = (c: Command) => ADDED_AFTER_GROUPS.indexOf(c.name);
  return [...cmds.filter((c) => rank(c) < 0), ...cmds.filter((c) => rank(c) >= 0).sort((a, b) => rank(a) - rank(b))];
}

/**
 * Groups whose Run is kubectl's DefaultSubCommandRun, and where it prints their help:
 * a word that is not a subcommand is `unknown command "word"`, no word prints the
 * help and exits 1. Other groups (certificate, alpha) print their help and exit 0.
 */
const DEFAULT_SUBCOMMAND_RUN: Record<string, 'stdout' | 'stderr'> = {
  'alpha kuberc': 'stderr', auth: 'stderr', config: 'stderr', 'create secret': 'stderr', 'create service': 'stderr',
  plugin: 'stderr', rollout: 'stdout', set: 'stderr', top: 'stderr',
};

function unknownCommand(typed: string, chain: Command[]): PlainError {
  const parent = chain[chain.length - 1];
  const sugg = suggestionsFor(typed, registrationOrder(parent.subcommands ?? []));
  const path = chain.map((c) => c.name).join(' ');
  let msg = `error: unknown command "${typed}" for "${path}"`;
  if (sugg.length) msg += `\n\nDid you mean this?\n${sugg.map((s) => `\t${s}\n`).join('')}`;
  return new PlainError(msg);
}

/**
 * Walks argv to the command it names: positional words select subcommands,
 * flags (with their values, if the flag takes one) are skipped.
 */
export function findCommand(root: Command, argv: string[]): { chain: Command[]; rest: string[]; unknown?: string } {
  const chain = [root];
  const rest: string[] = [];
  let cur = root;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i));
      return { chain, rest };
    }
    if (a.startsWith('-') && a.length > 1) {
      rest.push(a);
      if (!a.includes('=') && takesValue(a, [...GLOBAL_FLAGS, ...(cur.flags ?? [])]) && i + 1 < argv.length) rest.push(argv[++i]);
      continue;
    }
    const sub = cur.subcommands?.length ? findSubcommand(cur, a) : undefined;
    if (sub) {
      chain.push(sub);
      cur = sub;
      continue;
    }
    // cobra's legacyArgs: only the root refuses a word it has no command for; below it the
    // words are the command's arguments (a group answers them in runGroup).
    if (cur === root) return { chain, rest, unknown: a };
    rest.push(...argv.slice(i));
    break;
  }
  return { chain, rest };
}

function takesValue(arg: string, defs: FlagDef[]): boolean {
  if (arg.startsWith('--')) {
    const d = defs.find((f) => f.name === arg.slice(2));
    return !!d && d.type !== 'bool' && d.noOptDefault === undefined;
  }
  if (arg.length !== 2) return false;
  const d = defs.find((f) => f.shorthand === arg[1]);
  return !!d && d.type !== 'bool' && d.noOptDefault === undefined;
}

export async function runKubectl(root: Command, ctx: ProcessContext): Promise<number> {
  const argv = ctx.argv.slice(1);
  let found = findCommand(root, argv);
  // A lazily loaded verb's flag table loads with its first run (verbs/flag-tables.ts), before the command line is
  // walked again with it (a flag's value is not a subcommand); awaited only then, so other runs start in the same turn.
  if (needsFlagTables(found.chain)) {
    const release = ctx.cluster.clock.hold();
    try { await loadFlagTables(); } finally { release(); }
    found = findCommand(root, argv);
  }
  const chain = found.chain;
  const cmd = chain[chain.length - 1];
  const path = chain.map((c) => c.name).join(' ');
  let host = apiServerHost(ctx.cluster);
  const fail = (text: string) => {
    ctx.stderr.write(text);
    return 1;
  };
  if (found.unknown !== undefined) {
    // A bare `kubectl --help`-style root call with an unknown word is still an unknown command.
    return fail(errorText(unknownCommand(found.unknown, chain), host, path));
  }
  const defs = [...(cmd.flags ?? []), ...GLOBAL_FLAGS.filter((g) => !(cmd.flags ?? []).some((f) => f.name === g.name || (g.shorthand && f.shorthand === g.shorthand))), HELP_FLAG];
  let parsed;
  try {
    parsed = parseFlags(found.rest, defs);
  } catch (e) {
    if (e instanceof FlagError) return fail(cmd.flagErrorsAsUsage ? `error: ${e.message}\nSee '${path} -h' for help and examples\n` : `error: ${e.message}\nSee '${path} --help' for usage.\n`);
    throw e;
  }
  if (parsed.flags.bool('help') || cmd === root) {
    ctx.stdout.write(renderHelp(chain, await loadHelpTexts(ctx.cluster.clock)));
    return 0;
  }
  if (!cmd.run) {
    const stream = DEFAULT_SUBCOMMAND_RUN[chain.slice(1).map((c) => c.name).join(' ')];
    if (!stream) {
      ctx.stdout.write(renderHelp(chain, await loadHelpTexts(ctx.cluster.clock)));
      return 0;
    }
    if (parsed.args.length) return fail(errorText(new UsageError(`unknown command ${goQuote(parsed.args.join(' '))}`), host, path));
    (stream === 'stdout' ? ctx.stdout : ctx.stderr).write(renderHelp(chain, await loadHelpTexts(ctx.cluster.clock)));
    return 1;
  }
  // A command that reads manifests (-f, -k) parses YAML: the library loads first (once). Awaited only when
  // it has not loaded, so a run whose YAML is at hand starts in the same turn, as before.
  if (!loadedYaml() && (READS_MANIFESTS.some((name) => parsed.flags.changed(name)) || cmd.name === 'kustomize')) await loadYamlHolding(ctx.cluster.clock);
  // The lazily served kinds' API code and field types (batch/v1 validation, the StatefulSet code, policy/v1, storage...,
  // api/registry/lazy-kinds.ts) and the policy and storage `get` tables load on first use: before a command that may
  // write a Job, CronJob, StatefulSet, PodDisruptionBudget, PV, PVC or StorageClass (or list one), or update a
  // pod's spec (`kubectl set env|resources|serviceaccount pod/x`: the report under a refused pod update).
  const updatesSpec = chain[1]?.name === 'set';
  if ((!lazyKindsLoaded() || !policy.loaded() || !storageTables.loaded()) && (updatesSpec || mayWriteBatch(cmd.name, parsed.args, READS_MANIFESTS.some((name) => parsed.flags.changed(name))) || ALTERNATE_VERSION.test(argv.join(' ')))) {
    const release = ctx.cluster.clock.hold();
    try { await Promise.all([loadLazyKinds(), policy.load(), storageTables.load()]); } finally { release(); }
  }
  // The PodSecurity plugin loads before a namespace's labels change: the label write is checked as kube-apiserver checks
  // it, and the pods the controllers create right after it are.
  const podSecurityReady = mayLabelNamespace(cmd.name, parsed.args) ? kindReady('namespaces') : undefined;
  if (podSecurityReady) {
    const release = ctx.cluster.clock.hold();
    try { await podSecurityReady; } finally { release(); }
  }
  // RBAC (the policy, the authorizer, its tables) loads before a command that may touch it or reads manifests.
  if (!rbacLoaded() && (mayTouchRBAC(argv) || READS_MANIFESTS.some((name) => parsed.flags.changed(name)))) {
    const release = ctx.cluster.clock.hold();
    try { await loadRBAC(); } finally { release(); }
  }
  // kube-system's and kube-public's boot objects (api/bootstrap/kubeadm-objects.ts) are written before a command that may read them.
  if (mayTouchKubeSystem(argv) || READS_MANIFESTS.some((name) => parsed.flags.changed(name))) {
    const writing = ensureKubeadmObjects(ctx.cluster);
    if (writing) await writing;
  }
  // Ingress, PriorityClass, ResourceQuota... (their tables and the API server's rules) load before the first command.
  if (!kindTablesLoaded()) {
    const release = ctx.cluster.clock.hold();
    try { await loadKindTables(); } finally { release(); }
  }
  // The API server's Go round trip (what omitempty drops) loads on first use: before a command that may send an object.
  if (!goJSONLoaded() && !SENDS_NO_OBJECT.has(chain[1]?.name ?? '')) {
    const release = ctx.cluster.clock.hold();
    try { await loadGoJSON(); } finally { release(); }
  }
  let session: KubeSession;
  const configCommand = chain[1]?.name === 'config';
  try {
    try {
      session = new KubeSession(ctx, parsed.flags.string('kubeconfig'), configCommand);
    } catch (e) {
      if (!(e instanceof YamlNotLoadedError)) throw e;
      // A kubeconfig the lab did not write itself: read once the YAML library has loaded.
      await loadYamlHolding(ctx.cluster.clock);
      session = new KubeSession(ctx, parsed.flags.string('kubeconfig'), configCommand);
    }
  } catch (e) {
    if (e instanceof KubeconfigError) return fail(`error: ${e.message}\n`);
    throw e;
  }
  session.contextOverride = parsed.flags.string('context');
  // clientcmd overrides the context's namespace only with a non-empty --namespace: `-n ""` means the context's.
  const explicitNamespace = parsed.flags.changed('namespace') && parsed.flags.string('namespace') !== '';
  const configError = kubeconfigError(session, chain, parsed.flags, explicitNamespace);
  if (configError) return fail(errorText(configError, host, path));
  // Another user's client certificate is read and judged by RBAC's code: it loads first. A command's own --user
  // (create rolebinding's subject) hides the global one.
  const certUser = configCommand ? undefined : session.certificateUser((cmd.flags ?? []).some((fl) => fl.name === 'user') ? '' : parsed.flags.string('user'));
  let certificate: string | undefined;
  if (certUser) {
    const release = ctx.cluster.clock.hold();
    let m;
    try { m = await loadRBAC(); } finally { release(); }
    try { certificate = m.presentedCertificate(certUser, ctx.fs, ctx.cwd); } catch (e) { return fail(`error: ${(e as Error).message}\n`); }
  }
  const server = parsed.flags.string('server') || session.server();
  if (server) host = server.replace(/^https?:\/\//, '');
  const color = allowsColorOutput(ctx);
  const printWarnings = warningPrinter((t) => ctx.stderr.write(t), () => ctx.cluster.apiserver.takeWarnings(), color);
  const discoveredAt = discoveryCache.get(ctx.fs);
  // The discovery cache's six hours (discoveryCache above).
  const discoveryFresh = (now: number) => now - (discoveredAt ?? -1e15) <= 216e5;
  let trace: import('../verbosity/trace.js').KubectlTrace | undefined;
  if (parsed.flags.int('v') > 0) {
    const release = ctx.cluster.clock.hold();
    try { trace = (await verbosity.load()).traceOf(ctx, chain, parsed.flags, server || host, session.path, discoveredAt, parsed.args); } finally { release(); }
  }
  const inv: Invocation = {
    ctx,
    cmd,
    path,
    args: parsed.args,
    flags: parsed.flags,
    argsLenAtDash: parsed.argsLenAtDash,
    session,
    namespace: explicitNamespace ? parsed.flags.string('namespace') : session.namespace(),
    explicitNamespace,
    certificate,
    client: () => {
      // clientcmd reads --request-timeout when it builds the REST config, so only commands that talk to the server refuse it.
      if (!validRequestTimeout(parsed.flags.string('request-timeout'))) throw new Error(INVALID_TIMEOUT);
      const client = printWarnings(kubectlClient(ctx.cluster, ctx.cluster.client('kubectl'), parsed.flags.string('as'), parsed.flags.strings('as-group'), parsed.flags.string('token'), certificate));
      // Typed generators (`create configmap`) need no RESTMapper, so leave the discovery cache as it is.
      const now = ctx.cluster.clock.now();
      if (!discoveryFresh(now) && !(chain[2] && chain[1].name === 'create')) discoveryCache.set(ctx.fs, now);
      return trace ? trace.wrap(client) : client;
    },
    now: () => ctx.cluster.clock.now(),
    out: (t) => ctx.stdout.write(t),
    err: (t) => ctx.stderr.write(t),
    warn: (message) => ctx.stderr.write(warningLine(message, color)),
  };
  if (mayNeedLazyPrinters(argv)) {
    // Loading is real I/O: simulated time waits meanwhile, as for the help texts.
    const release = ctx.cluster.clock.hold();
    try {
      await loadLazyPrinters();
    } finally {
      release();
    }
  }
  try {
    kubectlDiscovery.use?.(ctx.fs, discoveryFresh(ctx.cluster.clock.now()));
    // A kubectl process takes tens of milliseconds to exit and the next one as long to start, and the control plane
    // reacts meanwhile: `kubectl create deployment web …; kubectl get pods` lists the new pods on a real cluster. What
    // is due at this instant runs before the shell moves on, stopping at a load (the scheduler must not judge a pod
    // by volume checks still loading); the clock does not move, as between two typed lines.
    const status = await Promise.resolve(cmd.run!(inv)).finally(() => ctx.cluster.clock.runDue());
    if (status === 0) trace?.finish();
    // --warnings-as-errors: the root command's PersistentPostRunE, after a command that succeeded.
    const warned = printWarnings.count();
    if (status === 0 && warned && parsed.flags.bool('warnings-as-errors')) return fail(`error: ${warned} ${warned === 1 ? 'warning' : 'warnings'} received\n`);
    return status;
  } catch (e) {
    // A write to a pipe whose reader has gone (`kubectl exec … | head -1`): Go's runtime dies of SIGPIPE on fd 1
    // without a word, so the shell sees status 141, not an `error:` line.
    if (e instanceof BrokenPipe) throw e;
    if (e instanceof ConnectionRefusedError) return fail(standardErrorMessage(e, host)! + '\n');
    // A failing go-template prints its debugging text on stdout before the error.
    if (e instanceof PrinterExecError) ctx.stdout.write(e.stdout);
    trace?.statusError(e);
    fail(errorText(e, host, path));
    // uexec.CodeExitError (kubectl run --restart=Never's container exit code) keeps its code.
    return e instanceof PlainError ? e.exitCode : 1;
  }
}

/**
 * Commands whose first use of the kubeconfig is the REST config (clientcmd ClientConfig), not the namespace
 * (Namespace, which runs ConfirmUsable first): they report a missing --user/--context/--cluster by name.
 * Checked against kubectl v1.35.2 with --context, --cluster and --user naming nothing.
 */
const CLIENT_CONFIG_FIRST = /^kubectl (create|run|apply|explain|api-resources|api-versions|version|cluster-info|expose|auth|wait|cordon|uncordon|drain|autoscale|diff|replace|proxy|top node|certificate)\b/;
/** Commands that never build a client from the kubeconfig (config reads and writes the file itself). */
const NO_CLIENT_CONFIG = /^kubectl (config|kustomize|completion|plugin|help|options|alpha)\b/;

/**
 * What clientcmd says when --context, --cluster or --user name something the kubeconfig lacks (or its
 * current-context names a missing context), at the point the command first reads the kubeconfig:
 * Namespace's ConfirmUsable ("Error in configuration: context was not found for specified context: X",
 * `no server found for cluster "X"`; skipped when -n is given) or ClientConfig's lookups of the
 * overridden names (`auth info "X" does not exist`, then context, then cluster), which then confirm too.
 */
function kubeconfigError(session: KubeSession, chain: Command[], flags: FlagValues, explicitNamespace: boolean): Error | undefined {
  const path = chain.map((c) => c.name).join(' ');
  if (NO_CLIENT_CONFIG.test(path) || (path === 'kubectl version' && flags.bool('client'))) return undefined;
  const contextName = session.currentContextName();
  const contextMissing = contextName !== '' && !session.context(contextName);
  // A command's own --user or --cluster (create rolebinding's subject) hides the global one, as in cobra.
  const own = (name: string) => (chain[chain.length - 1].flags ?? []).some((f) => f.name === name);
  const cluster = own('cluster') ? '' : flags.string('cluster');
  const user = own('user') ? '' : flags.string('user');
  const clusterMissing = cluster !== '' && !(session.config.clusters ?? []).some((c) => c.name === cluster);
  const userMissing = user !== '' && !(session.config.users ?? []).some((u) => u.name === user);
  const confirm: string[] = [];
  if (contextMissing) confirm.push(`context was not found for specified context: ${contextName}`);
  if (clusterMissing) confirm.push(`no server found for cluster "${cluster}"`);
  const confirmError = confirm.length === 0 ? undefined
    // kubectl's CheckErr: a configuration error is "Error in configuration: " and its one error, or a bulleted list.
    : contextMissing ? new PlainError(`Error in configuration: ${confirm.length === 1 ? confirm[0] : confirm.map((e) => `\n* ${e}`).join('')}`)
    : new Error(confirm[0]);
  const clientError = userMissing ? new Error(`auth info "${user}" does not exist`)
    : contextMissing && session.contextOverride ? new Error(`context "${contextName}" does not exist`)
    : clusterMissing ? new Error(`cluster "${cluster}" does not exist`)
    : confirmError;
  if (CLIENT_CONFIG_FIRST.test(path)) return clientError;
  // Namespace() returns an explicit --namespace before it confirms anything.
  return (explicitNamespace ? undefined : confirmError) ?? clientError;
}

const INVALID_TIMEOUT = 'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/** clientcmd's ParseTimeout: whole non-negative seconds, else any Go duration ("-1s" passes, "-1" does not). */
export function validRequestTimeout(v: string): boolean {
  if (v === '' || /^\+?\d+$/.test(v) || /^-0+$/.test(v)) return true;
  return parseGoDuration(v) !== undefined;
}

/** Flags that name manifests to read (files, stdin, a kustomization). */
const READS_MANIFESTS = ['filename', 'kustomize'];
