/**
 * The kubelet's in-place resize code (resize.ts) loads on first use: when a pod's resources change, and with
 * the pods' other lazy rules before kubectl writes a pod (api/registry/lazy-kinds.ts), so the kubelet answers
 * the first resize as promptly as any other.
 */
import { lazyModule } from '../util/lazy-module.js';

export const resizeCode = lazyModule(() => import('./resize.js'));
