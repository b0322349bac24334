/**
 * The CEL compiler and evaluator (cel.ts with the evaluator library, ~24 KB gzipped) load only when an expression
 * needs them: a ValidatingAdmissionPolicy, a webhook's matchConditions, a CRD's x-kubernetes-validations.
 * Callers await `celCode.load()` (the API server before it serves such a kind: lazy-kinds.ts) and then use
 * `celCode.loaded()!.compile(...)`.
 */
import { lazyModule } from '../../util/lazy-module.js';

export const celCode = lazyModule(() => import('./cel.js'));
