/**
 * Puts an exercise's situation on a fresh cluster: files in the learner's
 * home, manifests applied and setup lines run by the admin (in a shell of
 * their own, so the learner's history starts empty), then the wait before the
 * learner gets the cluster. The same function serves the page (in the Web
 * Worker) and `kubelab check`.
 */
import { Cluster } from '../engine/cluster.js';
import { kubectl } from '../engine/kubectl/index.js';
import { HOME } from '../engine/shell/home.js';
import type { ShellNetwork } from '../engine/shell/process.js';
import { driveClock } from '../engine/shell/script.js';
import { loadImageCode } from '../engine/kubelet/programs.js';
import { Session } from '../engine/shell/session.js';
import { ExerciseChecker, type CheckerOptions } from './checker.js';
import type { Exercise } from './types.js';

/** A setup line still running after this long is cut off (it is the exercise's bug, not the learner's). */
const SETUP_LINE_MAX_MS = 600_000;
export const SETUP_MANIFEST_PATH = '/tmp/kubelab-exercise-setup.yaml';

export interface Prepared {
  cluster: Cluster;
  session: Session;
  checker: ExerciseChecker;
  /** What the setup printed (for authors debugging an exercise). */
  setupOutput: string;
}

export interface PrepareOptions {
  seed?: number;
  /** Use this booted cluster instead of a fresh one (the page's lab). */
  cluster?: Cluster;
  /** Use this learner session (the page's terminal). */
  session?: Session;
  checker?: Omit<CheckerOptions, 'readFile'>;
  /** Drives the clock while a setup line runs; the page passes a function that runs to completion in simulated time. */
  drive?: <T>(p: Promise<T>, cluster: Cluster) => Promise<T>;
}

export function newCluster(ex: Exercise, seed = 1): Cluster {
  const c = ex.setup.cluster ?? {};
  return new Cluster({
    seed,
    ...(c.workers !== undefined ? { workers: c.workers } : {}),
    ...(c.workerCPU ? { workerCPU: c.workerCPU } : {}),
    ...(c.workerMemory ? { workerMemory: c.workerMemory } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
  }).boot();
}

export function learnerSession(cluster: Cluster, extra: { columns?: number; fs?: Session['fs'] } = {}): Session {
  const network = (cluster as unknown as { network?: ShellNetwork }).network;
  return new Session({ cluster, commands: [kubectl], terminal: { isTTY: true, columns: extra.columns ?? 80, rows: 24 }, ...(network ? { network } : {}), ...(extra.fs ? { fs: extra.fs } : {}) });
}

const defaultDrive = <T>(p: Promise<T>, cluster: Cluster): Promise<T> => driveClock(p, cluster.clock, SETUP_LINE_MAX_MS, () => undefined);

export async function prepareExercise(ex: Exercise, opts: PrepareOptions = {}): Promise<Prepared> {
  const cluster = opts.cluster ?? newCluster(ex, opts.seed);
  const session = opts.session ?? learnerSession(cluster);
  const drive = opts.drive ?? defaultDrive;
  let setupOutput = '';
  for (const [path, content] of Object.entries(ex.setup.files ?? {})) {
    const abs = `${HOME}/${path}`;
    const dir = abs.slice(0, abs.lastIndexOf('/'));
    session.fs.mkdir(dir, true);
    session.fs.writeFile(abs, content);
  }
  // The admin's shell shares the learner's files (the node's /etc/kubernetes/manifests among them) but not their history.
  const admin = learnerSession(cluster, { fs: session.fs });
  const lines: string[] = [];
  if (ex.setup.apply) {
    admin.fs.writeFile(SETUP_MANIFEST_PATH, ex.setup.apply);
    lines.push(`kubectl apply -f ${SETUP_MANIFEST_PATH}`);
  }
  lines.push(...(ex.setup.run ?? []));
  for (const line of lines) {
    setupOutput += `$ ${line}\n`;
    await drive(admin.run(line, (t) => (setupOutput += t)), cluster);
  }
  // The wait jumps the clock without heeding holds: the images the setup pulls, and their programs, must be in before it.
  if (ex.setup.wait > 0) {
    await loadImageCode();
    cluster.clock.advance(ex.setup.wait);
  }
  const checker = new ExerciseChecker(ex, cluster, { ...opts.checker, readFile: (p) => session.fs.readFile(`${HOME}/${p.replace(/^~\//, '')}`) });
  checker.begin();
  return { cluster, session, checker, setupOutput };
}
