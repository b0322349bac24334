/**
 * The shapes of an exercise (as read from exercises/<id>.yaml) and of what the
 * checker reports. Everything here is plain data: it crosses from the Web
 * Worker to the page and is printed by `kubelab check`.
 */

/** A text in both of the course's languages. */
export interface Msg {
  ko: string;
  en: string;
}

export type Lang = keyof Msg;

export type Difficulty = 'easy' | 'medium' | 'hard';

/** The area an exercise trains (issue 6's four areas plus the architecture). */
export type Area = 'failure-recovery' | 'rolling-update' | 'scaling' | 'services' | 'architecture';

export interface InjectionSpec {
  /** Simulated time after the learner gets the cluster ("30s"), in ms once loaded. */
  at: number;
  action: InjectionAction;
  /** Node, component, or "namespace/name" of a Service. */
  target?: string;
  /** Pods the injection applies to (label selector), in `namespace`. */
  selector?: string;
  namespace?: string;
  /** leak-memory: bytes per second; send-load: requests per second. */
  rate?: number;
  /** A name checks refer to with `after:`. */
  id?: string;
  /** Only the first `count` pods (by name) the selector picks. */
  count?: number;
  /** Repeat every this many ms after the first time. */
  every?: number;
}

export type InjectionAction =
  | 'stop-node'
  | 'start-node'
  | 'stop-component'
  | 'start-component'
  | 'kill-container'
  | 'delete-pod'
  | 'hang'
  | 'leak-memory'
  | 'fail-readiness'
  | 'send-load'
  | 'stop-load';

export interface ClusterSpec {
  workers?: number;
  workerCPU?: string;
  workerMemory?: string;
  profile?: 'cloud' | 'bare-metal';
}

export interface SetupSpec {
  cluster?: ClusterSpec;
  /** Manifests (multi-document YAML) created as the cluster admin before the learner starts. */
  apply?: string;
  /** Files put in the learner's home folder (path relative to ~). */
  files?: Record<string, string>;
  /** Shell lines run before the learner starts (not counted as the learner's commands). */
  run?: string[];
  /** Simulated time to let the setup settle before the learner starts (ms). */
  wait: number;
  inject: InjectionSpec[];
}

/** One check as written in the YAML: `type` picks the evaluator, the rest are its parameters. */
export interface CheckSpec {
  id: string;
  type: string;
  /** How long the state must hold before the check passes (ms). */
  for: number;
  /** Once passed, stays passed (default true). */
  sticky: boolean;
  /** Cannot pass before this injection (its id) has happened. */
  after?: string;
  /** Must pass within this many ms of the start (or of the `after` injection), else it fails for good. */
  within?: number;
  /** The check's goal in words, shown before it is evaluated. */
  title?: Msg;
  params: Record<string, unknown>;
  /** 1-based line of the check in its file, for error messages. */
  line?: number;
}

export interface TaskSpec {
  id: string;
  text: Msg;
  checks: CheckSpec[];
  hints: Msg[];
  explanation: Msg;
}

export interface WrongAttempt {
  /** What a learner might plausibly try. */
  lines: string[];
  /** The id of the check that must fail for these lines. */
  fails: string;
  why?: Msg;
}

export interface Exercise {
  id: string;
  title: Msg;
  /** The situation the learner finds. */
  intro: Msg;
  lesson: string;
  area: Area;
  difficulty: Difficulty;
  minutes: number;
  setup: SetupSpec;
  tasks: TaskSpec[];
  solution: string[];
  wrong: WrongAttempt[];
  /** After the learner's last line, how long `kubelab check` keeps checking (ms). */
  checkWindow: number;
}

export type CheckStatus = 'pass' | 'fail' | 'unknown';

/** One evaluation of a check's condition at an instant (before settling). */
export interface Observation {
  status: CheckStatus;
  msg: Msg;
}

/** What the learner sees for one check. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  /** Passed but still waiting for the state to hold: how long it has held so far. */
  settling?: { heldMs: number; forMs: number };
  msg: Msg;
  /** Simulated time it passed (sticky). */
  passedAt?: number;
}

export interface TaskResult {
  id: string;
  passed: boolean;
  checks: CheckResult[];
}

export interface ExerciseResult {
  exercise: string;
  /** Simulated ms since the learner got the cluster. */
  elapsedMs: number;
  passed: boolean;
  tasks: TaskResult[];
}
