/**
 * How a node's CPU is divided when its containers want more than it has. The
 * kubelet gives each container a CFS weight from its CPU request (cgroup
 * cpu.shares = request in millicores × 1024 / 1000, at least 2 for a container
 * without a request) and a quota from its limit. A container never gets more
 * than it asks for nor more than its limit; while the node is saturated, what
 * is left is split in proportion to the weights of those still asking: the
 * weighted max-min fair share the kernel's scheduler converges to.
 */

/** The kernel's minimum cpu.shares (what a BestEffort container gets). */
export const MIN_SHARES = 2;

/** cpu.shares for a container's CPU request in millicores (pkg/kubelet/cm MilliCPUToShares). */
export function milliCPUToShares(requestMilli: number | undefined): number {
  if (!requestMilli) return MIN_SHARES;
  return Math.max(MIN_SHARES, Math.floor((requestMilli * 1024) / 1000));
}

/**
 * Each container's CPU use (millicores) when they want `demands` (already capped by their limits) on a node
 * with `capacityMilli` for containers, container i weighing `sharesOf(i)`. Uncontended demands come back as
 * they are (the same array), and no weight is asked for: a scrape of a quiet node computes none.
 */
export function shareCPU(capacityMilli: number, demands: readonly number[], sharesOf: (i: number) => number): readonly number[] {
  let total = 0;
  for (const d of demands) total += d;
  if (total <= capacityMilli) return demands;
  const shares = demands.map((_, i) => sharesOf(i));
  const out = new Array<number>(demands.length).fill(0);
  const waiting = new Set<number>();
  for (let i = 0; i < demands.length; i++) if (demands[i] > 0) waiting.add(i);
  let left = Math.max(0, capacityMilli);
  // Each round satisfies every container asking for less than its fair part of what is left; once none does,
  // the rest split it by weight.
  for (;;) {
    let weight = 0;
    for (const i of waiting) weight += shares[i];
    let satisfied = false;
    for (const i of waiting) {
      if (demands[i] <= (left * shares[i]) / weight) {
        out[i] = demands[i];
        satisfied = true;
      }
    }
    if (!satisfied) {
      for (const i of waiting) out[i] = (left * shares[i]) / weight;
      return out;
    }
    for (const i of [...waiting]) {
      if (out[i] === demands[i]) {
        left -= demands[i];
        waiting.delete(i);
      }
    }
    if (waiting.size === 0) return out;
  }
}
