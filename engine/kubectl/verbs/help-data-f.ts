/**
 * Flag tables of the commands part F adds, as kubectl v1.35.2 prints them
 * (`kubectl <verb> --help`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in help-text-f.ts, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 * The entries of verbs that load on first use (lazy.ts) keep their aliases:
 * their flags are in help-flags.ts (`later(path)`, loaded with the verb's first
 * run: flag-tables.ts), their short and use lines in the help texts (only
 * --help prints them).
 */
import type { FlagDef } from '../framework/flags.js';
import { later } from './flag-tables.js';

export interface HelpDataF { short?: string; long?: string; example?: string; use?: string; aliases?: string[]; flags: FlagDef[] }

export const HELP_F: Record<string, HelpDataF> = {
  "cp": {"aliases":[],"flags":later("cp")},
  "attach": {"short":"Attach to a running container","use":"attach (POD | TYPE/NAME) -c CONTAINER","aliases":[],"flags":[{"name":"container","type":"string","shorthand":"c"},{"name":"pod-running-timeout","type":"duration","default":60000},{"name":"quiet","type":"bool","shorthand":"q"},{"name":"stdin","type":"bool","shorthand":"i"},{"name":"tty","type":"bool","shorthand":"t"}]},
  "set selector": {"aliases":[],"flags":later("set selector")},
  "set serviceaccount": {"aliases":["sa"],"flags":later("set serviceaccount")},
  "kustomize": {"short":"Build a kustomization target from a directory or URL","use":"kustomize DIR [flags]","aliases":[],"flags":[{"name":"as-current-user","type":"bool"},{"name":"enable-alpha-plugins","type":"bool"},{"name":"enable-helm","type":"bool"},{"name":"env","type":"stringSlice","shorthand":"e"},{"name":"helm-api-versions","type":"stringSlice"},{"name":"helm-command","type":"string","default":"helm"},{"name":"helm-debug","type":"bool"},{"name":"helm-kube-version","type":"string"},{"name":"load-restrictor","type":"string","default":"LoadRestrictionsRootOnly"},{"name":"mount","type":"stringSlice"},{"name":"network","type":"bool"},{"name":"network-name","type":"string","default":"bridge"},{"name":"output","type":"string","shorthand":"o"}]},
};
