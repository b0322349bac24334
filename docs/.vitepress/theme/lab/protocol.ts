/**
 * Messages between the page (terminal, map, buttons) and the lab engine (the
 * cluster and the shell session). The engine runs in a Web Worker (see
 * docs/decisions/engine-threading.md), so everything crossing is plain data.
 */
import type { MapSnapshot, PodDetail } from './snapshot';
import type { Exercise, ExerciseResult } from '../../../../checker/types';

export type Speed = 0 | 1 | 10 | 60;
export const SPEEDS: readonly Speed[] = [0, 1, 10, 60];

export type Injection =
  | { action: 'stop-node' | 'start-node'; node: string }
  | { action: 'stop-component' | 'start-component'; component: string }
  | { action: 'kill-container'; namespace: string; pod: string; container?: string }
  | { action: 'send-load'; namespace: string; service: string; rps: number };

export type PageRequest =
  | { type: 'boot'; seed: number; columns: number; rows: number; speed: Speed; history: string[]; workers?: number }
  /**
   * Sent by the lesson page's inline head script (lab/early-start.ts) the moment
   * the worker exists, before the page's own scripts have run: the cluster boots
   * while the page loads, and the page's `boot` with the same seed and workers
   * adopts it instead of booting again.
   */
  | { type: 'preboot'; seed: number; workers?: number }
  | { type: 'run'; id: number; line: string }
  | { type: 'interrupt' }
  /** Boot a fresh cluster with this exercise set up on it (instead of `boot`); Reset sends it again. */
  | { type: 'exercise'; seed: number; columns: number; rows: number; speed: Speed; history: string[]; exercise: Exercise }
  /** Grade the exercise now (the Check button); answered with `checked`. */
  | { type: 'check' }
  | { type: 'eof'; id: number }
  | { type: 'complete'; id: number; line: string; cursor: number }
  | { type: 'speed'; speed: Speed }
  | { type: 'forward'; ms: number }
  | { type: 'inject'; id: number; injection: Injection }
  | { type: 'pod'; id: number; namespace: string; name: string }
  | { type: 'resize'; columns: number; rows: number }
  /** Keys for a full-screen program (vi, nano, kubectl edit). */
  | { type: 'keys'; data: string }
  /** A line for an interactive session (kubectl exec -it); null is Ctrl-D. */
  | { type: 'line'; line: string | null };

export interface RunDone {
  status: number;
  incomplete: boolean;
  exited: boolean;
  prompt: string;
}

export type EngineMessage =
  | { type: 'ready'; prompt: string; bootMs: number; history: string[] }
  | { type: 'output'; text: string }
  | ({ type: 'done'; id: number } & RunDone)
  | { type: 'completion'; id: number; start: number; candidates: string[] }
  | { type: 'snapshot'; snapshot: MapSnapshot }
  /** The exercise's checks, whenever what they say changes (and after `check`). */
  | { type: 'checked'; result: ExerciseResult }
  | { type: 'pod'; id: number; detail: PodDetail | undefined }
  | { type: 'injected'; id: number; ok: boolean; message: string }
  /** A full-screen program took the terminal (`screen` is what to draw) or gave it back (`screen` undefined). */
  | { type: 'screen'; screen: string | undefined }
  /** A running program reads the keys itself (top): the page sends them all as `keys`, until `on` is false. */
  | { type: 'raw'; on: boolean }
  /**
   * An interactive session asks for a line with this prompt (`hidden`: not echoed, a password; 'silent': nor Enter's
   * newline, `read -s`); `undefined` ends it. `read`: bash's `read` asks (Ctrl-C interrupts the running line; `limit`:
   * read -n's count; `text`: read -e -i's).
   */
  | { type: 'interactive'; prompt: string | undefined; hidden?: boolean | 'silent'; read?: { limit?: number; text?: string } }
  /** The engine broke: the page prints this and offers Reset. */
  | { type: 'fatal'; message: string };
