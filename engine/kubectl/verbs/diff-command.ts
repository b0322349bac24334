/**
 * `kubectl diff`'s name, help and flags, apart from its code (diff.ts), so
 * the command list can declare it without loading it (lazy.ts).
 */
import type { Command } from '../framework/command.js';
import type { FlagDef } from '../framework/flags.js';

const DIFF_FLAGS: FlagDef[] = [
  { name: 'concurrency', type: 'int', default: 1, usage: 'Number of objects to process in parallel when diffing against the live version. Larger number = faster, but more memory, I/O and CPU over that shorter period of time.' },
  { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply', usage: 'Name of the manager used to track field ownership.' },
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files contains the configuration to diff' },
  { name: 'force-conflicts', type: 'bool', usage: 'If true, server-side apply will force the changes against conflicts.' },
  { name: 'kustomize', shorthand: 'k', type: 'string', usage: "Process the kustomization directory. This flag can't be used together with -f or -R." },
  { name: 'prune', type: 'bool', usage: 'Include resources that would be deleted by pruning. Can be used with -l and default shows all resources would be pruned' },
  { name: 'prune-allowlist', type: 'stringArray', usage: 'Overwrite the default allowlist with <group/version/kind> for --prune' },
  { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
  { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints." },
  { name: 'server-side', type: 'bool', usage: 'If true, apply runs in the server instead of the client.' },
  { name: 'show-managed-fields', type: 'bool', usage: 'If true, include managed fields in the diff.' },
];

/** Help texts of kubectl v1.35.2 (`kubectl diff --help`). */
export const DIFF_COMMAND = {
  name: 'diff',
  short: 'Diff the live version against a would-be applied version',
  long: 'Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.\n\n' +
    ' The output is always YAML.\n\n' +
    ' KUBECTL_EXTERNAL_DIFF environment variable can be used to select your own diff command. Users can use external commands with params too, example: KUBECTL_EXTERNAL_DIFF="colordiff -N -u"\n\n' +
    ' By default, the "diff" command available in your path will be run with the "-u" (unified diff) and "-N" (treat absent files as empty) options.\n\n' +
    ' Exit status: 0 No differences were found. 1 Differences were found. >1 Kubectl or diff failed with an error.\n\n' +
    ' Note: KUBECTL_EXTERNAL_DIFF, if used, is expected to follow that convention.',
  example: '  # Diff resources included in pod.json\n  kubectl diff -f pod.json\n  \n  # Diff file read from stdin\n  cat service.yaml | kubectl diff -f -',
  use: 'diff -f FILENAME',
  flags: DIFF_FLAGS,
  // diff's own flag error handler prints its usage hint (observed with kubectl v1.35.2: `kubectl diff --bogus`).
  flagErrorsAsUsage: true,
} satisfies Command;
