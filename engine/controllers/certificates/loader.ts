/**
 * kube-controller-manager's CSR controllers (csrsigning, csrapproving, csrcleaner) start at the first
 * CertificateSigningRequest (first-use.ts). Their code comes in the kind's own chunk (registry/lazy-kinds.ts): a lab
 * that never makes a CSR fetches neither.
 */
import { FirstUseControllers } from '../first-use.js';
import { certificateSigningRequests } from '../../api/registry/lazy-kinds.js';

export function certificateControllersLoader() {
  return new FirstUseControllers('certificate-controllers', ['certificatesigningrequests.certificates.k8s.io'], certificateSigningRequests, (m, startedAt) => m.certificateControllers(startedAt));
}
