/**
 * kube-controller-manager's CSR controllers (csrsigning, csrapproving, csrcleaner) load on first use, at the
 * first CertificateSigningRequest (first-use.ts): a lab that never makes one never fetches their code.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';
import type { Controller } from '../manager.js';

export interface CertificatesModule { certificateControllers(startedAt: number): Controller[] }

const certificates = lazyModule<CertificatesModule>(() => import('./certificates.js'));

export function certificateControllersLoader(): FirstUseControllers<CertificatesModule> {
  return new FirstUseControllers('certificate-controllers', ['certificatesigningrequests.certificates.k8s.io'], certificates, (m, startedAt) => m.certificateControllers(startedAt));
}
