/**
 * Everything StatefulSets need beyond discovery, in one lazily loaded chunk (registry/statefulsets.ts): the
 * strategy, the controller, the `get` table, and the schema of the types only StatefulSets use (decoder,
 * strategic merge patch keys, Go round trip), merged into the API server's schema as the chunk loads.
 */
import '../../kubectl/printers/tables/statefulsets.js';
import { SCHEMA } from '../../api/schema/index.js';
import lazyTypes from '../../api/schema/types-lazy.json';

Object.assign(SCHEMA.types, (lazyTypes as unknown as typeof SCHEMA).types);
Object.assign(SCHEMA.roots, (lazyTypes as unknown as typeof SCHEMA).roots);

export { strategy } from '../../api/registry/statefulset-strategy.js';
import { StatefulSetController } from './statefulset-controller.js';

export const controllers = () => [new StatefulSetController()];
