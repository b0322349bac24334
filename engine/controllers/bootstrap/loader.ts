/**
 * kube-controller-manager's bootstrapsigner and tokencleaner load on first use (first-use.ts), at the first
 * bootstrap token Secret, in the chunk of kube-system's boot objects (which holds the first such Secret).
 */
import { FirstUseControllers } from '../first-use.js';
import { kubeadmObjects } from '../../api/bootstrap/kubeadm-objects-gate.js';

export const bootstrapControllersLoader = () => new FirstUseControllers('bootstrap-controllers', ['secrets'], kubeadmObjects, (m) => m.controllers(), (o) => (o as { type?: string }).type === 'bootstrap.kubernetes.io/token');
