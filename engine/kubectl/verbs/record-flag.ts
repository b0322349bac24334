/**
 * --record (genericclioptions.RecordFlags): deprecated, so hidden from --help, but still accepted by the verbs
 * that record. Apart from record.ts so the command list can declare it without loading the code.
 */
import type { FlagDef } from '../framework/flags.js';

export const RECORD_FLAG: FlagDef = { name: 'record', type: 'bool', hidden: true };

/** The verbs here that record the command with --record. */
export const RECORDING_VERBS = new Set(['apply', 'set image', 'set resources']);
