/**
 * The ValidatingAdmissionPolicy status controller loads on first use (first-use.ts), at the first policy.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';

type StatusModule = typeof import('./controller.js');

const statusController = lazyModule(() => import('./controller.js'));

/** Loaded with the policies' API code (registry/lazy-kinds.ts): the controller then starts in the first policy's add handler. */
export const validatingAdmissionPolicyStatusCode = statusController;

export function validatingAdmissionPolicyStatusLoader(): FirstUseControllers<StatusModule> {
  return new FirstUseControllers('validatingadmissionpolicy-status-controller', ['validatingadmissionpolicies.admissionregistration.k8s.io'], statusController,
    (m) => [new m.ValidatingAdmissionPolicyStatusController()]);
}
