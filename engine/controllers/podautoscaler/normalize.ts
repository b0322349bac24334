/**
 * From "what the metrics ask for" to "what the HPA sets"
 * (pkg/controller/podautoscaler/horizontal.go normalizeDesiredReplicas*):
 * stabilization over recent recommendations, rate limits, min/max. Each
 * function returns the replica count and the condition it implies; the state
 * (recommendations, scale events) is passed in explicitly.
 */

export interface Recommendation { replicas: number; at: number }
export interface ScaleEvent { change: number; at: number; outdated: boolean }

export interface ScalingPolicy { type: 'Pods' | 'Percent'; value: number; periodSeconds: number }
export interface ScalingRules { stabilizationWindowSeconds?: number; selectPolicy?: 'Max' | 'Min' | 'Disabled'; policies?: ScalingPolicy[]; tolerance?: string | number }
export interface Behavior { scaleUp?: ScalingRules; scaleDown?: ScalingRules }

export interface HPAState {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export interface LimitResult { replicas: number; reason: string; message: string }

/** Without behavior, a scale-up may at most double the replicas, or go to 4 (scaleUpLimitFactor, scaleUpLimitMinimum). */
export const SCALE_UP_LIMIT_FACTOR = 2;
export const SCALE_UP_LIMIT_MINIMUM = 4;

export const REASON_SCALE_DOWN_STABILIZED = 'ScaleDownStabilized';
export const MESSAGE_SCALE_DOWN_STABILIZED = 'recent recommendations were higher than current one, applying the highest recent recommendation';
export const REASON_SCALE_UP_STABILIZED = 'ScaleUpStabilized';
export const MESSAGE_SCALE_UP_STABILIZED = 'recent recommendations were lower than current one, applying the lowest recent recommendation';
export const REASON_READY_FOR_NEW_SCALE = 'ReadyForNewScale';
export const MESSAGE_READY_FOR_NEW_SCALE = 'recommended size matches current size';
export const REASON_SCALE_UP_LIMIT = 'ScaleUpLimit';
export const MESSAGE_SCALE_UP_LIMIT = 'the desired replica count is increasing faster than the maximum scale rate';
export const REASON_SCALE_DOWN_LIMIT = 'ScaleDownLimit';
export const MESSAGE_SCALE_DOWN_LIMIT = 'the desired replica count is decreasing faster than the maximum scale rate';
export const REASON_TOO_MANY = 'TooManyReplicas';
export const MESSAGE_TOO_MANY = 'the desired replica count is more than the maximum replica count';
export const REASON_TOO_FEW = 'TooFewReplicas';
export const MESSAGE_TOO_FEW = 'the desired replica count is less than the minimum replica count';
export const REASON_WITHIN_RANGE = 'DesiredWithinRange';
export const MESSAGE_WITHIN_RANGE = 'the desired count is within the acceptable range';

/** GenerateHPAScaleUpRules: 0 s window, max of 100 % and 4 pods per 15 s. */
export function defaultScaleUp(r: ScalingRules | undefined): Required<Omit<ScalingRules, 'tolerance'>> & Pick<ScalingRules, 'tolerance'> {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 0,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
    tolerance: r?.tolerance,
  };
}

/** GenerateHPAScaleDownRules: 100 % per 15 s; the window defaults to the controller's --horizontal-pod-autoscaler-downscale-stabilization. */
export function defaultScaleDown(r: ScalingRules | undefined, downscaleWindowSeconds: number): Required<Omit<ScalingRules, 'tolerance'>> & Pick<ScalingRules, 'tolerance'> {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? downscaleWindowSeconds,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    tolerance: r?.tolerance,
  };
}

/** stabilizeRecommendation (no behavior): the highest recommendation of the window; the oldest stale slot is reused. */
export function stabilize(state: HPAState, desired: number, now: number, windowMs: number): number {
  let max = desired;
  let oldIndex = -1;
  const cutoff = now - windowMs;
  state.recommendations.forEach((rec, i) => {
    if (rec.at < cutoff) oldIndex = i;
    else if (rec.replicas > max) max = rec.replicas;
  });
  if (oldIndex >= 0) state.recommendations[oldIndex] = { replicas: desired, at: now };
  else state.recommendations.push({ replicas: desired, at: now });
  return max;
}

/** convertDesiredReplicasWithRules (no behavior). */
export function limitWithRules(current: number, desired: number, min: number, max: number): LimitResult {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  let maximumAllowed: number;
  let reason: string;
  let message: string;
  if (max > scaleUpLimit) {
    maximumAllowed = scaleUpLimit;
    reason = REASON_SCALE_UP_LIMIT;
    message = MESSAGE_SCALE_UP_LIMIT;
  } else {
    maximumAllowed = max;
    reason = REASON_TOO_MANY;
    message = MESSAGE_TOO_MANY;
  }
  if (desired < min) return { replicas: min, reason: REASON_TOO_FEW, message: MESSAGE_TOO_FEW };
  if (desired > maximumAllowed) return { replicas: maximumAllowed, reason, message };
  return { replicas: desired, reason: REASON_WITHIN_RANGE, message: MESSAGE_WITHIN_RANGE };
}

/** stabilizeRecommendationWithBehaviors: bounded above by the highest recommendation of the down window and below by the lowest of the up window. */
export function stabilizeWithBehavior(state: HPAState, current: number, desired: number, now: number, upWindowS: number, downWindowS: number): LimitResult {
  let up = desired;
  let down = desired;
  const upCutoff = now - upWindowS * 1000;
  const downCutoff = now - downWindowS * 1000;
  let oldIndex = -1;
  state.recommendations.forEach((rec, i) => {
    if (rec.at > upCutoff) up = Math.min(rec.replicas, up);
    if (rec.at > downCutoff) down = Math.max(rec.replicas, down);
    if (rec.at < upCutoff && rec.at < downCutoff) oldIndex = i;
  });
  let recommendation = current;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  if (oldIndex >= 0) state.recommendations[oldIndex] = { replicas: desired, at: now };
  else state.recommendations.push({ replicas: desired, at: now });
  return desired >= current
    ? { replicas: recommendation, reason: REASON_SCALE_UP_STABILIZED, message: MESSAGE_SCALE_UP_STABILIZED }
    : { replicas: recommendation, reason: REASON_SCALE_DOWN_STABILIZED, message: MESSAGE_SCALE_DOWN_STABILIZED };
}

function changeInPeriod(periodSeconds: number, events: ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let n = 0;
  for (const e of events) if (e.at > cutoff) n += e.change;
  return n;
}

/** calculateScaleUpLimitWithScalingRules */
export function scaleUpLimit(current: number, state: HPAState, rules: ReturnType<typeof defaultScaleUp>, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  let result = rules.selectPolicy === 'Min' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, state.scaleUpEvents, now) + changeInPeriod(p.periodSeconds, state.scaleDownEvents, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors */
export function scaleDownLimit(current: number, state: HPAState, rules: ReturnType<typeof defaultScaleDown>, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  let result = rules.selectPolicy === 'Min' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, state.scaleUpEvents, now) + changeInPeriod(p.periodSeconds, state.scaleDownEvents, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate */
export function limitWithBehavior(state: HPAState, current: number, desired: number, min: number, max: number,
  up: ReturnType<typeof defaultScaleUp>, down: ReturnType<typeof defaultScaleDown>, now: number): LimitResult {
  if (desired > current) {
    let limit = scaleUpLimit(current, state, up, now);
    if (limit < current) limit = current;
    let maximumAllowed = max;
    let reason = REASON_TOO_MANY;
    let message = MESSAGE_TOO_MANY;
    if (maximumAllowed > limit) {
      maximumAllowed = limit;
      reason = REASON_SCALE_UP_LIMIT;
      message = MESSAGE_SCALE_UP_LIMIT;
    }
    if (desired > maximumAllowed) return { replicas: maximumAllowed, reason, message };
  } else if (desired < current) {
    let limit = scaleDownLimit(current, state, down, now);
    if (limit > current) limit = current;
    let minimumAllowed = min;
    let reason = REASON_TOO_FEW;
    let message = MESSAGE_TOO_FEW;
    if (minimumAllowed < limit) {
      minimumAllowed = limit;
      reason = REASON_SCALE_DOWN_LIMIT;
      message = MESSAGE_SCALE_DOWN_LIMIT;
    }
    if (desired < minimumAllowed) return { replicas: minimumAllowed, reason, message };
  }
  return { replicas: desired, reason: REASON_WITHIN_RANGE, message: MESSAGE_WITHIN_RANGE };
}

/** storeScaleEvent: remembered only with behavior; stale slots (older than the longest policy period) are reused. */
export function storeScaleEvent(state: HPAState, behavior: { up: ReturnType<typeof defaultScaleUp>; down: ReturnType<typeof defaultScaleDown> }, prev: number, next: number, now: number): void {
  const up = next > prev;
  const list = up ? state.scaleUpEvents : state.scaleDownEvents;
  const policies = (up ? behavior.up : behavior.down).policies;
  const longest = Math.max(0, ...policies.map((p) => p.periodSeconds));
  for (const e of list) if (e.at < now - longest * 1000) e.outdated = true;
  const change = Math.abs(next - prev);
  const i = list.findIndex((e) => e.outdated);
  if (i >= 0) list[i] = { change, at: now, outdated: false };
  else list.push({ change, at: now, outdated: false });
}
