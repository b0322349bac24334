/**
 * Every kubectl verb, in the order (and under the group headings) that
 * `kubectl --help` lists them. Part B adds its verbs here.
 */
import type { Command } from '../framework/command.js';
import { version } from './version.js';

export const VERBS: Command[] = [
  { ...version, group: 'Other Commands:' },
];
