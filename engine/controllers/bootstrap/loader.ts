/**
 * kube-controller-manager's bootstrapsigner and tokencleaner load on first use
 * (first-use.ts): at the first bootstrap token Secret.
 */
import { FirstUseControllers } from '../first-use.js';
import { lazyModule } from '../../util/lazy-module.js';

const code = lazyModule(() => import('./index.js'));

/** Loads their module (the lab prefetches it at idle). */
export const loadBootstrapControllers = code.load;

export const bootstrapControllersLoader = () => new FirstUseControllers('bootstrap-controllers', ['secrets'], code, (m) => m.controllers(), (o) => (o as { type?: string }).type === 'bootstrap.kubernetes.io/token');
