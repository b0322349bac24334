/**
 * kube-controller-manager's horizontal-pod-autoscaler controller loads on
 * first use (first-use.ts), at the first HorizontalPodAutoscaler. Its handlers
 * only queue each HPA a sync period later, so a start at the first HPA's
 * instant acts exactly as one at boot would. A lab that never makes an HPA
 * never fetches its code (it is the largest controller).
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';

type HorizontalModule = typeof import('./horizontal.js');

const horizontal = lazyModule(() => import('./horizontal.js'));

/** Loads the controller's module (the lab prefetches it at idle; scripts and tests await it first). */
export function loadHorizontalController(): Promise<HorizontalModule> {
  return horizontal.load();
}

/** The controller, started at the first HorizontalPodAutoscaler. */
export function horizontalControllerLoader(): FirstUseControllers<HorizontalModule> {
  return new FirstUseControllers('horizontal-pod-autoscaler-controller', ['horizontalpodautoscalers.autoscaling'], horizontal, (m) => [new m.HorizontalController()]);
}
