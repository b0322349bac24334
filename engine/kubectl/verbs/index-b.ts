/**
 * Part B's verbs (the mutating ones) and the order `kubectl --help` lists every
 * verb in, group by group; verbs/index.ts merges both parts through `withPartB`.
 */
import type { Command } from '../framework/command.js';
import { apply } from './apply.js';
import { exec } from './exec.js';
import { verb } from './mutate.js';
import { RUNS, lazyVerb } from './lazy.js';
import { portForward } from './port-forward.js';
import { cordon, uncordon } from './cordon.js';
import { del } from './delete.js';
import { patch } from './patch.js';
import { autoscale, create, diff, drain, edit, logs, replace, rollout, set, taint, wait } from './lazy.js';
import { scale } from './scale.js';

// create (lazy.ts), run, expose, label and annotate load on first use (the lab prefetches them at idle): their flags are the help
// data's, as verb() builds them. port-forward stays: it is often run in the background, and its "Forwarding from"
// lines come before the next prompt only when it needs no load first.
const run = lazyVerb(verb('run', { run: RUNS }), () => import('./run.js').then((m) => m.run));
const expose = lazyVerb(verb('expose', { run: RUNS }), () => import('./expose.js').then((m) => m.expose));
const label = lazyVerb(verb('label', { run: RUNS }), () => import('./label.js').then((m) => m.label));
const annotate = lazyVerb(verb('annotate', { run: RUNS }), () => import('./label.js').then((m) => m.annotate));

const BEGINNER = 'Basic Commands (Beginner):';
const INTERMEDIATE = 'Basic Commands (Intermediate):';
const DEPLOY = 'Deploy Commands:';
const CLUSTER = 'Cluster Management Commands:';
const TROUBLESHOOTING = 'Troubleshooting and Debugging Commands:';
const ADVANCED = 'Advanced Commands:';
const SETTINGS = 'Settings Commands:';

export const VERBS_B: Command[] = [
  { ...create, group: BEGINNER },
  { ...expose, group: BEGINNER },
  { ...run, group: BEGINNER },
  { ...set, group: BEGINNER },
  { ...edit, group: INTERMEDIATE },
  { ...del, group: INTERMEDIATE },
  { ...rollout, group: DEPLOY },
  { ...logs, group: TROUBLESHOOTING },
  { ...exec, group: TROUBLESHOOTING },
  { ...portForward, group: TROUBLESHOOTING },
  { ...wait, group: ADVANCED },
  { ...scale, group: DEPLOY },
  { ...autoscale, group: DEPLOY },
  { ...cordon, group: CLUSTER },
  { ...uncordon, group: CLUSTER },
  { ...drain, group: CLUSTER },
  { ...taint, group: CLUSTER },
  { ...diff, group: ADVANCED },
  { ...apply, group: ADVANCED },
  { ...patch, group: ADVANCED },
  { ...replace, group: ADVANCED },
  { ...label, group: SETTINGS },
  { ...annotate, group: SETTINGS },
];

/** `kubectl --help`'s order (v1.35.2). */
const ROOT_ORDER = [
  'create', 'expose', 'run', 'set',
  'explain', 'get', 'edit', 'delete',
  'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint',
  'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events',
  'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize',
  'label', 'annotate', 'completion',
  'alpha', 'api-resources', 'api-versions', 'config', 'plugin', 'version',
];

void [INTERMEDIATE, DEPLOY, CLUSTER, TROUBLESHOOTING, ADVANCED, SETTINGS];

/** Part A's verbs plus part B's, in kubectl's order. */
export function withPartB(verbs: Command[]): Command[] {
  const all = [...verbs, ...VERBS_B.filter((b) => !verbs.some((v) => v.name === b.name))];
  const rank = (c: Command) => {
    const i = ROOT_ORDER.indexOf(c.name);
    return i < 0 ? ROOT_ORDER.length : i;
  };
  return all.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
}
