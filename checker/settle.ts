/**
 * Settling and stickiness, as a pure state machine. A check passes only once
 * its condition has held for `for` ms of simulated time (so a pod that is
 * Running for one second before it crashes again does not pass), and then
 * stays passed (sticky) unless the exercise says otherwise (so a later,
 * unrelated change cannot take a finished task away). A check tied to an
 * injection (`after`) cannot start holding before that injection happened,
 * so nothing passes before the fault has even appeared.
 */
import { PASSED_AT, SETTLING, TOO_LATE, WAITING_FOR_INJECTION } from './messages.js';
import type { CheckResult, Msg, Observation } from './types.js';

export interface SettleSpec {
  id: string;
  for: number;
  sticky: boolean;
  within?: number;
}

export interface SettleState {
  /** Since when the condition has held without a break (undefined: it does not hold now). */
  heldSince?: number;
  /** When it passed; set only for sticky checks, then final. */
  passedAt?: number;
  passedMsg?: Msg;
}

export interface Gate {
  /** When the injection this check waits for happened (undefined: not yet). */
  happenedAt?: number;
  what: Msg;
}

/**
 * Folds one observation at `now` into `state` (mutated) and says what the
 * learner sees. `start` is when the learner got the cluster (for "passed N s
 * after the start").
 */
export function settle(spec: SettleSpec, state: SettleState, obs: Observation, now: number, start: number, gate?: Gate): CheckResult {
  if (spec.sticky && state.passedAt !== undefined) {
    return { id: spec.id, status: 'pass', msg: state.passedMsg!, passedAt: state.passedAt };
  }
  if (spec.within !== undefined && (!gate || gate.happenedAt !== undefined)) {
    const base = gate?.happenedAt ?? start;
    if (now > base + spec.within) {
      state.heldSince = undefined;
      return { id: spec.id, status: 'fail', msg: TOO_LATE(spec.within, obs.msg) };
    }
  }
  if (gate && gate.happenedAt === undefined) {
    state.heldSince = undefined;
    return { id: spec.id, status: obs.status === 'unknown' ? 'unknown' : 'fail', msg: obs.status === 'pass' ? WAITING_FOR_INJECTION(gate.what) : obs.msg };
  }
  if (obs.status !== 'pass') {
    state.heldSince = undefined;
    return { id: spec.id, status: obs.status, msg: obs.msg };
  }
  if (state.heldSince === undefined) state.heldSince = now;
  if (gate?.happenedAt !== undefined && state.heldSince < gate.happenedAt) state.heldSince = gate.happenedAt;
  const held = now - state.heldSince;
  if (held < spec.for) {
    return { id: spec.id, status: 'fail', settling: { heldMs: held, forMs: spec.for }, msg: SETTLING(held, spec.for, obs.msg) };
  }
  const msg = PASSED_AT(obs.msg, now - start);
  if (spec.sticky) {
    state.passedAt = now;
    state.passedMsg = msg;
  }
  return { id: spec.id, status: 'pass', msg, passedAt: now };
}
