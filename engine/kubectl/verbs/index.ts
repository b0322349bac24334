/**
 * Every kubectl verb, in the order (and under the group headings) that
 * `kubectl --help` lists them. Part B adds its verbs here.
 */
import type { Command } from '../framework/command.js';
import { get } from './get.js';
import { version } from './version.js';

export const VERBS: Command[] = [
  { ...get, group: 'Basic Commands (Intermediate):' },
  { ...version, group: 'Other Commands:' },
];
