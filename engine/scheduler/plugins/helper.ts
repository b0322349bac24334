/** Shared plugin helpers (framework/plugins/helper). */
import { MAX_NODE_SCORE } from '../framework/types.js';

/**
 * DefaultNormalizeScore: scales scores so the highest becomes 100 (integer
 * division, as Go does), optionally reversed so fewer is better.
 * Example: [2, 1, 0] → [100, 50, 0]; reversed → [0, 50, 100].
 */
export function defaultNormalizeScore(scores: number[], reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
