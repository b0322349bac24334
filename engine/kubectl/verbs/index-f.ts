/** Part F's verbs; verbs/index.ts merges them into kubectl's list. */
import type { Command } from '../framework/command.js';
import { cp } from './cp.js';

export const VERBS_F: Command[] = [
  { ...cp, group: 'Troubleshooting and Debugging Commands:' },
];
