/**
 * The StatefulSet controller loads on first use (first-use.ts), at the first StatefulSet, with the rest of the
 * StatefulSet code. A lab that never makes one never fetches it.
 */
import { FirstUseControllers } from '../first-use.js';
import { statefulSetCode } from '../../api/registry/statefulsets.js';

export const statefulSetControllerLoader = () => new FirstUseControllers('statefulset', ['statefulsets.apps'], statefulSetCode, (m) => m.controllers());
