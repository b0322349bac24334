/**
 * kube-controller-manager's horizontal-pod-autoscaler controller loads on
 * first use (first-use.ts), at the first HorizontalPodAutoscaler. Its handlers
 * only queue each HPA a sync period later, so a start at the first HPA's
 * instant acts exactly as one at boot would. A lab that never makes an HPA
 * never fetches its code (it is the largest controller).
 */
import { FirstUseControllers } from '../first-use.js';

type HorizontalModule = typeof import('./horizontal.js');

let loaded: HorizontalModule | undefined;

/** Loads the controller's module (the lab prefetches it at idle; scripts and tests await it first). */
export async function loadHorizontalController(): Promise<HorizontalModule> {
  return (loaded ??= await import('./horizontal.js'));
}

/** The controller, started at the first HorizontalPodAutoscaler. */
export function horizontalControllerLoader(): FirstUseControllers<HorizontalModule> {
  return new FirstUseControllers('horizontal-pod-autoscaler-controller', ['horizontalpodautoscalers.autoscaling'], () => loaded, loadHorizontalController, (m) => [new m.HorizontalController()]);
}
