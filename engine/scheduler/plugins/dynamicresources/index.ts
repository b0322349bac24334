/**
 * DynamicResources (DRA, on by default since v1.34): this engine has no
 * ResourceClaims, so only its PostFilter shows, and it always says the same
 * thing: that is where "no new claims to deallocate, " in every v1.35
 * FailedScheduling message comes from.
 */
import { Code, newStatus, type PostFilterPlugin } from '../../framework/types.js';
import * as names from '../names.js';

export const NAME = names.DynamicResources;
export const MSG_NO_CLAIMS = 'no new claims to deallocate';

export function newPlugin(): PostFilterPlugin {
  return {
    name: NAME,
    postFilter(_state, _pod, statuses) {
      // A plugin's PreFilter rejected the pod before DRA's ran (VolumeBinding's "pod has unbound immediate
      // PersistentVolumeClaims"): DRA has no state for it and adds nothing, as real v1.35 messages show.
      if (statuses.absent.plugin && statuses.len() === 0) return newStatus(Code.Unschedulable);
      return newStatus(Code.Unschedulable, MSG_NO_CLAIMS);
    },
  };
}
