/**
 * Every kubectl verb, in the order (and under the group headings) that
 * `kubectl --help` lists them. Part B adds its verbs here at their place.
 */
import type { Command } from '../framework/command.js';
import { alpha } from './alpha.js';
import { clusterInfo } from './cluster-info.js';
import { events } from './events.js';
import { apiResources, apiVersions, config, describe, explain, top } from './lazy.js';
import { get } from './get.js';
import { version } from './version.js';
import { withPartB } from './index-b.js';
import { VERBS_E } from './index-e.js';
import { VERBS_F } from './index-f.js';

const INTERMEDIATE = 'Basic Commands (Intermediate):';
const CLUSTER = 'Cluster Management Commands:';
const TROUBLESHOOTING = 'Troubleshooting and Debugging Commands:';
const OTHER = 'Other Commands:';

export const VERBS: Command[] = withPartB([
  { ...explain, group: INTERMEDIATE },
  { ...get, group: INTERMEDIATE },
  { ...clusterInfo, group: CLUSTER },
  { ...top, group: CLUSTER },
  { ...describe, group: TROUBLESHOOTING },
  { ...events, group: TROUBLESHOOTING },
  { ...alpha, group: OTHER },
  { ...apiResources, group: OTHER },
  { ...apiVersions, group: OTHER },
  { ...config, group: OTHER },
  { ...version, group: OTHER },
  ...VERBS_E,
  ...VERBS_F,
]);
