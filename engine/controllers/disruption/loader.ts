/**
 * kube-controller-manager's disruption controller loads on first use (first-use.ts), at the first
 * PodDisruptionBudget. Its module brings the policy/v1 strategy with it.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';

type DisruptionModule = typeof import('./disruption.js');

const disruption = lazyModule(() => import('./disruption.js'));

/** Loads the controller's module (the lab prefetches it at idle; tests await it first). */
export function loadDisruptionController(): Promise<DisruptionModule> {
  return disruption.load();
}

/** The controller, started at the first PodDisruptionBudget. */
export function disruptionControllerLoader(): FirstUseControllers<DisruptionModule> {
  return new FirstUseControllers('disruption-controller', ['poddisruptionbudgets.policy'], disruption, (m) => [new m.DisruptionController()]);
}
