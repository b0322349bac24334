/** Every check kind, by its `type:` in the exercise files. */
import type { CheckKind } from './context.js';
import { componentCheck } from './component.js';
import { deploymentCheck } from './deployment.js';
import { endpointsCheck } from './endpoints.js';
import { envCheck } from './env.js';
import { fileCheck } from './file.js';
import { alwaysCheck, commandCheck, endpointsAlwaysCheck, everCheck, replacedCheck, sameObjectCheck } from './history.js';
import { objectCheck } from './object.js';
import { podsCheck } from './pods.js';
import { httpCheck } from './http.js';
import { requestsCheck } from './requests.js';

export const CHECK_KINDS: ReadonlyMap<string, CheckKind> = new Map(
  [deploymentCheck, podsCheck, objectCheck, endpointsCheck, commandCheck, sameObjectCheck, replacedCheck, everCheck, alwaysCheck, endpointsAlwaysCheck, componentCheck, fileCheck, httpCheck, requestsCheck, envCheck].map((k) => [k.type, k]),
);

/** Kinds whose result may change back (a violation later): not sticky unless the exercise says so. */
export const NOT_STICKY_BY_DEFAULT = new Set(['always', 'endpoints-always', 'requests']);
