/**
 * Flag tables of the read-only verbs, as kubectl v1.35.2 prints them
 * (`kubectl <verb> --help`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in help-text.ts, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 * The entries of verbs that load on first use (lazy.ts) keep their aliases:
 * their flags are in help-flags.ts (`later(path)`, loaded with the verb's first
 * run: flag-tables.ts), their short and use lines in the help texts (only
 * --help prints them).
 */
import type { FlagDef } from '../framework/flags.js';
import { later } from './flag-tables.js';

export interface HelpData { long?: string; example?: string; use?: string; aliases?: string[]; flags: FlagDef[] }

export const HELP: Record<string, HelpData> = {
  "api-resources": {"flags":later("api-resources")},
  "api-versions": {"use":"api-versions","flags":[]},
  "cluster-info": {"use":"cluster-info [flags]","flags":[]},
  "config": {"use":"config SUBCOMMAND","flags":[]},
  "config current-context": {"use":"current-context [flags]","flags":[]},
  "config get-contexts": {"flags":later("config get-contexts")},
  "config set-context": {"flags":later("config set-context")},
  "config use-context": {"use":"use-context CONTEXT_NAME","flags":[]},
  "config view": {"flags":later("config view")},
  "describe": {"flags":later("describe")},
  "events": {"use":"events [(-o|--output=)json|yaml|kyaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]","flags":[{"name":"all-namespaces","type":"bool","shorthand":"A"},{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"chunk-size","type":"int","default":500},{"name":"for","type":"string"},{"name":"no-headers","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"show-managed-fields","type":"bool"},{"name":"template","type":"string"},{"name":"types","type":"stringSlice"},{"name":"watch","type":"bool","shorthand":"w"}]},
  "explain": {"flags":later("explain")},
  "top": {"use":"top [flags]","flags":[]},
  "top node": {"use":"node [NAME | -l label]","flags":later("top node")},
  "top pod": {"use":"pod [NAME | -l label]","flags":later("top pod")},
};
