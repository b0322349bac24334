/**
 * The last lines of a control-plane process that lost its Lease, as klog writes them to its container's stderr:
 * client-go v0.35's renew() (`logger.Info("Failed to renew lease", "lock", desc, "err", err)` at leaderelection.go:299,
 * the poll's context deadline as the error), then the component's OnStoppedLeading line before klog.FlushAndExit(…, 1).
 * Loaded on first use (a lab rarely loses a Lease), with the clock held.
 */
import type { LostLease } from '../api/leader-election.js';
import { klogLine } from '../shell/commands/node/klog.js';

/** The process's PID in its container's namespace (a static pod shares the node's network, not its PIDs): klog's thread ID. */
const PID = 1;

/**
 * Each static pod component's OnStoppedLeading line in v1.35: `logger.Error(nil, "leaderelection lost")` at
 * cmd/kube-controller-manager/app/controllermanager.go:368 (as v1.35 clusters log it), kube-scheduler's
 * `logger.Error(nil, "Leaderelection lost")` in cmd/kube-scheduler/app/server.go (line 337 as a recent release logs it);
 * any other, cloud-provider v0.35's `klog.ErrorS(nil, "leaderelection lost")` (app/controllermanager.go:265).
 */
const STOPPED_LEADING: Record<string, [source: string, message: string]> = {
  'kube-controller-manager': ['controllermanager.go:368', 'leaderelection lost'],
  'kube-scheduler': ['server.go:337', 'Leaderelection lost'],
};

export function lostLeaseLines(lost: LostLease): string[] {
  const [source, message] = STOPPED_LEADING[lost.name] ?? ['controllermanager.go:265', 'leaderelection lost'];
  return [
    klogLine('I', lost.at, PID, 'leaderelection.go:299', 'Failed to renew lease', [['lock', `kube-system/${lost.name}`], ['err', 'context deadline exceeded']]),
    klogLine('E', lost.at, PID, source, message),
  ];
}
