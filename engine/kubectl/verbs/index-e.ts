/** Part E's verbs; verbs/index.ts merges them into kubectl's list. */
import type { Command } from '../framework/command.js';
import { plugin } from './plugin.js';
import { auth, certificate, completion } from './lazy.js';
import { proxy } from './proxy.js';

export const VERBS_E: Command[] = [
  { ...certificate, group: 'Cluster Management Commands:' },
  { ...proxy, group: 'Troubleshooting and Debugging Commands:' },
  { ...auth, group: 'Troubleshooting and Debugging Commands:' },
  { ...completion, group: 'Settings Commands:' },
  { ...plugin, group: 'Other Commands:' },
];
