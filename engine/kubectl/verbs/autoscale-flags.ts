/**
 * `kubectl autoscale`'s hidden --cpu-percent flag, apart from its code
 * (autoscale.ts), so the command list can declare the verb without loading it (lazy.ts).
 */
import type { FlagDef } from '../framework/flags.js';

/** --cpu-percent: deprecated, so hidden from --help, but still accepted. */
export const CPU_PERCENT: FlagDef = {
  name: 'cpu-percent', type: 'int', default: -1, hidden: true,
  usage: "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.",
};
