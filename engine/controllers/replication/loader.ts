/**
 * The replication controller loads on first use (first-use.ts), at the first ReplicationController, in the chunk
 * of the kinds a fresh lab does not use (registry/kinds-lazy.ts), which holds its kind's strategy too.
 */
import { FirstUseControllers } from '../first-use.js';
import { kindsCode } from '../../api/registry/kinds.js';

export function replicationManagerLoader(): FirstUseControllers<Awaited<ReturnType<typeof kindsCode.load>>> {
  return new FirstUseControllers('replicationcontroller-controller', ['replicationcontrollers'], kindsCode, (m) => [m.newReplicationManager()]);
}
