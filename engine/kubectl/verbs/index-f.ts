/** Part F's verbs; verbs/index.ts merges them into kubectl's list. */
import type { Command } from '../framework/command.js';
import { attach } from './attach.js';
import { cp, debug } from './lazy.js';
import { kustomize } from './kustomize.js';

export const VERBS_F: Command[] = [
  { ...attach, group: 'Troubleshooting and Debugging Commands:' },
  { ...cp, group: 'Troubleshooting and Debugging Commands:' },
  { ...debug, group: 'Troubleshooting and Debugging Commands:' },
  { ...kustomize, group: 'Advanced Commands:' },
];
