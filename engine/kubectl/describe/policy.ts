/** PodDisruptionBudget describer (describePodDisruptionBudgetV1 of kubectl/pkg/describe, release-1.35). */
import { formatLabelSelector } from '../../api/selectors.js';
import { eventsOf, type DescribeContext } from './context.js';
import { describeEvents, PrefixWriter, tabbed, type Any } from './format.js';

/** Min available, or else Max unavailable (IntOrString.String()); Status from the controller's counts. */
export function describePodDisruptionBudgetObject(pdb: Any, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  w.write(0, `Name:\t${pdb.metadata.name}\n`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace}\n`);
  if (spec.minAvailable != null) w.write(0, `Min available:\t${spec.minAvailable}\n`);
  else if (spec.maxUnavailable != null) w.write(0, `Max unavailable:\t${spec.maxUnavailable}\n`);
  w.write(0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${status.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${status.expectedPods ?? 0}\n`);
  describeEvents(w, eventsOf(ctx, pdb), ctx.now);
  return tabbed(w);
}
