/** Flags several verbs share, with kubectl's usage texts (reuse them in part B). */
import type { FlagDef } from './flags.js';

export const ALL_NAMESPACES_FLAG: FlagDef = {
  name: 'all-namespaces', shorthand: 'A', type: 'bool',
  usage: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
};

export const LABEL_SELECTOR_FLAG: FlagDef = {
  name: 'selector', shorthand: 'l', type: 'string',
  usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
};

export const FIELD_SELECTOR_FLAG: FlagDef = {
  name: 'field-selector', type: 'string',
  usage: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
};

/** -f, -k, -R (the -f usage text differs per verb: override `usage`). */
export const FILENAME_FLAGS: [FlagDef, FlagDef, FlagDef] = [
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files' },
  { name: 'kustomize', shorthand: 'k', type: 'string', usage: "Process the kustomization directory. This flag can't be used together with -f or -R." },
  { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
];

export const CHUNK_SIZE_FLAG: FlagDef = { name: 'chunk-size', type: 'int', default: 500, usage: 'Return large lists in chunks rather than all at once. Pass 0 to disable.' };
