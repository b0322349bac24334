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
    postFilter() {
      return newStatus(Code.Unschedulable, MSG_NO_CLAIMS);
    },
  };
}
