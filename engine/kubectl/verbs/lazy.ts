/**
 * Verbs whose code loads on first run. The lab's engine starts with what a
 * fresh lab runs; these verbs are rarely a learner's first command, and the
 * page prefetches their code once the prompt is ready. Each is declared here
 * by the Command its module builds, minus the code: name, help, flags and
 * subcommands are the same data (lazy.test.ts compares them), so flag parsing,
 * --help and completion need nothing loaded, and a run loads the module and
 * hands over to the loaded command's own `run`.
 *
 * Verbs that print and listen as soon as they start (`kubectl proxy &`,
 * `kubectl port-forward … &`) stay in the entry: a background job that has to
 * load first would start after the shell's next commands, which a script
 * relies on it not doing.
 */
import type { Command, Invocation } from '../framework/command.js';
import { findSubcommand } from '../framework/command.js';
import { CPU_PERCENT } from './autoscale-flags.js';
import { COMPLETION_DECL } from './completion-decl.js';
import { DIFF_COMMAND } from './diff-command.js';
import { HELP_B } from './help-data-b.js';
import { HELP } from './help-data.js';
import { HELP_G } from './help-data-g.js';
import { HELP_H } from './help-data-h.js';
import { verb } from './mutate.js';
import { derived, loadFlagTables } from './flag-tables.js';
import { loadYaml } from '../../util/yaml-lib.js';
import { verbE } from './verb-e.js';
import { verbF } from './verb-f.js';

/** Marks, in a lazy verb's declaration, the commands that have a `run`. */
export const RUNS: NonNullable<Command['run']> = () => {
  throw new Error('lazy verb run before loading');
};

const LOADERS = new Set<() => Promise<unknown>>();

/** Loads every lazy verb now (the lab prefetches them once its prompt is ready, so they work offline and start at once). */
export async function loadLazyVerbs(): Promise<void> {
  // The YAML library too: the first `kubectl apply -f` then starts at once; and their flag tables.
  await Promise.all([...[...LOADERS].map((load) => load()), loadYaml(), loadFlagTables()]);
}

/** The Command `decl` describes, whose runs load `load()` first and run the loaded command at the same path. */
export function lazyVerb(decl: Command, load: () => Promise<Command>, path: string[] = []): Command {
  LOADERS.add(load);
  const cmd: Command = { ...decl };
  if (decl.run === RUNS) {
    cmd.run = async (inv: Invocation) => {
      // Loading is real I/O: simulated time waits meanwhile, as for the help texts.
      const release = inv.ctx.cluster.clock.hold();
      let loaded: Command;
      try {
        loaded = await load();
      } finally {
        release();
      }
      let target: Command | undefined = loaded;
      for (const name of path) target = target && findSubcommand(target, name);
      if (!target?.run) throw new Error(`lazy verb ${[loaded.name, ...path].join(' ')} has no run`);
      return target.run(inv);
    };
  }
  if (decl.subcommands) cmd.subcommands = decl.subcommands.map((s) => lazyVerb(s, load, [...path, s.name]));
  return cmd;
}

export const describe = lazyVerb({ name: 'describe', short: 'Show details of a specific resource or group of resources', ...HELP.describe, run: RUNS }, () => import('./describe.js').then((m) => m.describe));
export const explain = lazyVerb({ name: 'explain', short: 'Get documentation for a resource', ...HELP.explain, run: RUNS }, () => import('./explain.js').then((m) => m.explain));
export const apiResources = lazyVerb({ name: 'api-resources', short: 'Print the supported API resources on the server', ...HELP['api-resources'], run: RUNS }, () => import('./api-resources.js').then((m) => m.apiResources));
export const apiVersions = lazyVerb({ name: 'api-versions', short: 'Print the supported API versions on the server, in the form of "group/version"', ...HELP['api-versions'], run: RUNS }, () => import('./api-resources.js').then((m) => m.apiVersions));

export const diff = lazyVerb({ ...DIFF_COMMAND, run: RUNS }, () => import('./diff.js').then((m) => m.diff));
// Sorted by code units: the same order as autoscale.ts's localeCompare for these ASCII names (lazy.test.ts), without
// initialising ICU's collator (about 18 ms in a Chromium worker) while the lab boots.
export const autoscale = lazyVerb(
  verb('autoscale', { run: RUNS, flags: derived(HELP_B.autoscale.flags, (f) => [...f, CPU_PERCENT].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) }),
  () => import('./autoscale.js').then((m) => m.autoscale),
);
export const drain = lazyVerb(verb('drain', { run: RUNS }), () => import('./drain.js').then((m) => m.drain));
export const taint = lazyVerb(verb('taint', { run: RUNS }), () => import('./taint.js').then((m) => m.taint));
export const wait = lazyVerb(verb('wait', { run: RUNS }), () => import('./wait.js').then((m) => m.wait));
export const replace = lazyVerb(verb('replace', { run: RUNS }), () => import('./replace.js').then((m) => m.replace));
export const edit = lazyVerb(verb('edit', { run: RUNS }), () => import('./edit.js').then((m) => m.edit));

export const certificate = lazyVerb(
  verbE('certificate', { subcommands: [verbE('certificate approve', { run: RUNS }), verbE('certificate deny', { run: RUNS })] }),
  () => import('./certificate.js').then((m) => m.certificate),
);
export const auth = lazyVerb(
  verbE('auth', { subcommands: [verbE('auth can-i', { run: RUNS }), verbE('auth reconcile'), verbE('auth whoami', { run: RUNS })] }),
  () => import('./auth.js').then((m) => m.auth),
);

export const completion = lazyVerb({ ...COMPLETION_DECL, run: RUNS }, () => import('./completion.js').then((m) => m.completion));

/** `kubectl rollout` and its subcommands. */
export const rollout = lazyVerb(
  verb('rollout', { subcommands: ['history', 'pause', 'restart', 'resume', 'status', 'undo'].map((n) => verb(`rollout ${n}`, { run: RUNS })) }),
  () => import('./rollout.js').then((m) => m.rollout),
);

const setSubjectHelp = HELP_H['set subject'];
const setSubjectDecl: Command = { name: 'subject', short: setSubjectHelp.short, use: setSubjectHelp.use, flags: setSubjectHelp.flags, run: RUNS };
export const set = lazyVerb(
  verb('set', { subcommands: [verb('set env', { run: RUNS }), verb('set image', { run: RUNS }), verb('set resources', { run: RUNS }), verbF('set selector', { run: RUNS }), verbF('set serviceaccount', { run: RUNS }), setSubjectDecl] }),
  () => import('./set.js').then((m) => m.set),
);

export const top = lazyVerb(
  {
    name: 'top', short: 'Display resource (CPU/memory) usage', long: HELP.top.long, use: 'top [flags]',
    subcommands: [
      { name: 'node', aliases: ['nodes', 'no'], short: 'Display resource (CPU/memory) usage of nodes', ...HELP['top node'], run: RUNS },
      { name: 'pod', aliases: ['pods', 'po'], short: 'Display resource (CPU/memory) usage of pods', ...HELP['top pod'], run: RUNS },
    ],
  },
  () => import('./top.js').then((m) => m.top),
);

/** create's subcommands for the kinds the engine does not serve (create-unserved.ts), in its order. */
function unserved(paths: string[], list: (m: typeof import('./create-unserved.js')) => Command[]): Command[] {
  return paths.map((path, i) => lazyVerb(verbE(path, { run: RUNS }), () => import('./create-unserved.js').then((m) => list(m)[i])));
}
export const CREATE_UNSERVED = unserved(
  ['create clusterrole', 'create clusterrolebinding', 'create cronjob', 'create ingress', 'create job', 'create poddisruptionbudget', 'create priorityclass', 'create quota', 'create role', 'create rolebinding', 'create token'],
  (m) => m.CREATE_UNSERVED,
);
export const SECRET_SUBCOMMANDS = unserved(['create secret docker-registry', 'create secret tls'], (m) => m.SECRET_SUBCOMMANDS);

/**
 * `kubectl create` (-f, and the generators of the kinds the engine serves: create.ts), declared with the unserved
 * kinds' lazy subcommands in create.ts's order.
 */
const served = (path: string, subcommands?: Command[]) => verb(`create ${path}`, subcommands ? { subcommands } : { run: RUNS });
export const create = lazyVerb(
  verb('create', {
    run: RUNS,
    subcommands: [
      served('configmap'), served('deployment'), served('namespace'),
      served('secret', [SECRET_SUBCOMMANDS[0], served('secret generic'), SECRET_SUBCOMMANDS[1]]),
      served('service', ['clusterip', 'externalname', 'loadbalancer', 'nodeport'].map((t) => served(`service ${t}`))),
      served('serviceaccount'), ...CREATE_UNSERVED,
    ].sort((x, y) => (x.name < y.name ? -1 : 1)),
  }),
  () => import('./create.js').then((m) => m.create),
);

export const cp = lazyVerb(verbF('cp', { run: RUNS }), () => import('./cp.js').then((m) => m.cp));
export const logs = lazyVerb(verb('logs', { run: RUNS }), () => import('./logs.js').then((m) => m.logs));
export const debug = lazyVerb({ name: 'debug', short: HELP_G.debug.short, use: HELP_G.debug.use, flags: HELP_G.debug.flags, run: RUNS }, () => import('./debug.js').then((m) => m.debug));

/** `kubectl config`'s less common subcommands (config-more.ts), by name. */
type ConfigMore = typeof import('./config-more.js');
function configMore(path: string, pick: (m: ConfigMore) => Command): Command {
  const h = HELP_H[path];
  return lazyVerb({ name: path.split(' ').pop()!, short: h.short, use: h.use, aliases: h.aliases, flags: h.flags, run: RUNS }, () => import('./config-more.js').then(pick));
}
/** `kubectl config`'s common subcommands (config.ts), declared with their help so parsing and --help need nothing loaded. */
function configCommon(name: string, short: string, pick: (m: typeof import('./config.js')) => Command, aliases?: string[]): Command {
  return lazyVerb({ name, short, ...HELP[`config ${name}`], ...(aliases ? { aliases } : {}), run: RUNS }, () => import('./config.js').then(pick));
}
export const CONFIG_MORE = {
  deleteCluster: configMore('config delete-cluster', (m) => m.deleteCluster),
  deleteContext: configMore('config delete-context', (m) => m.deleteContext),
  deleteUser: configMore('config delete-user', (m) => m.deleteUser),
  getClusters: configMore('config get-clusters', (m) => m.getClusters),
  getUsers: configMore('config get-users', (m) => m.getUsers),
  renameContext: configMore('config rename-context', (m) => m.renameContext),
  set: configMore('config set', (m) => m.set),
  setCluster: configMore('config set-cluster', (m) => m.setCluster),
  setCredentials: configMore('config set-credentials', (m) => m.setCredentials),
  unset: configMore('config unset', (m) => m.unset),
};

/** `kubectl config`, whose every subcommand loads on first run (a fresh lab's first commands are not config's). */
export const config: Command = {
  name: 'config',
  short: 'Modify kubeconfig files',
  long: HELP.config.long,
  use: 'config SUBCOMMAND',
  subcommands: [
    configCommon('current-context', 'Display the current-context', (m) => m.currentContext), CONFIG_MORE.deleteCluster, CONFIG_MORE.deleteContext,
    CONFIG_MORE.deleteUser, CONFIG_MORE.getClusters, configCommon('get-contexts', 'Describe one or many contexts', (m) => m.getContexts), CONFIG_MORE.getUsers,
    CONFIG_MORE.renameContext, CONFIG_MORE.set, CONFIG_MORE.setCluster, configCommon('set-context', 'Set a context entry in kubeconfig', (m) => m.setContext),
    CONFIG_MORE.setCredentials, CONFIG_MORE.unset, configCommon('use-context', 'Set the current-context in a kubeconfig file', (m) => m.useContext, ['use']),
    configCommon('view', 'Display merged kubeconfig settings or a specified kubeconfig file', (m) => m.view),
  ],
};
