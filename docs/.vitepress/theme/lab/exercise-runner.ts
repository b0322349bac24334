/**
 * The engine side of an exercise page: sets the exercise up on a fresh
 * cluster (the same prepareExercise as `kubelab check`, with the lab's
 * terminal), then grades it on the cluster's clock every simulated second and
 * hands each result that differs from the last one to `post`. No DOM: it runs
 * in the Web Worker with the LabServer.
 */
import { kubectl } from '../../../../engine/kubectl/index';
import type { TerminalInfo } from '../../../../engine/shell/process';
import { Session } from '../../../../engine/shell/session';
import type { ExerciseChecker } from '../../../../checker/checker';
import { newCluster, prepareExercise } from '../../../../checker/setup';
import type { Exercise, ExerciseResult } from '../../../../checker/types';

export interface ExerciseRun {
  cluster: ReturnType<typeof newCluster>;
  session: Session;
  checker: ExerciseChecker;
}

export async function setUpExercise(ex: Exercise, seed: number, terminal: TerminalInfo): Promise<ExerciseRun> {
  const cluster = newCluster(ex, seed);
  const session = new Session({ cluster, terminal, commands: [kubectl], startup: true });
  const { checker } = await prepareExercise(ex, { cluster, session });
  return { cluster, session, checker };
}

/** Posts a result only when what the learner would see changed (not every simulated second). */
export class ResultPoster {
  private last = '';

  constructor(private readonly post: (r: ExerciseResult) => void) {}

  offer(r: ExerciseResult, force = false): void {
    // elapsedMs changes every tick; the learner sees only statuses and texts.
    const key = JSON.stringify(r.tasks);
    if (!force && key === this.last) return;
    this.last = key;
    this.post(r);
  }
}
