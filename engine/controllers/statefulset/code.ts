/**
 * Everything StatefulSets need beyond discovery, in one lazily loaded chunk (registry/statefulsets.ts): the
 * strategy, the controller and the `get` table. Their field types load beside it (schema/lazy.ts).
 */
import '../../kubectl/printers/tables/statefulsets.js';

export { strategy } from '../../api/registry/statefulset-strategy.js';
import { StatefulSetController } from './statefulset-controller.js';

export const controllers = () => [new StatefulSetController()];
