/** Everything StatefulSets need beyond discovery, in one lazily loaded chunk (registry/statefulsets.ts). */
import '../../kubectl/printers/tables/statefulsets.js';

export { strategy } from '../../api/registry/statefulset-strategy.js';
export { StatefulSetController } from './statefulset-controller.js';
