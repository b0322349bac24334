/**
 * Flag tables of the commands part F adds, as kubectl v1.35.2 prints them
 * (`kubectl <verb> --help`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in help-text-f.ts, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 */
import type { FlagDef } from '../framework/flags.js';

export interface HelpDataF { short: string; long?: string; example?: string; use: string; aliases?: string[]; flags: FlagDef[] }

export const HELP_F: Record<string, HelpDataF> = {
  "cp": {"short":"Copy files and directories to and from containers","use":"cp <file-spec-src> <file-spec-dest>","aliases":[],"flags":[{"name":"container","type":"string","shorthand":"c"},{"name":"no-preserve","type":"bool"},{"name":"retries","type":"int","default":0}]},
  "attach": {"short":"Attach to a running container","use":"attach (POD | TYPE/NAME) -c CONTAINER","aliases":[],"flags":[{"name":"container","type":"string","shorthand":"c"},{"name":"pod-running-timeout","type":"duration","default":60000},{"name":"quiet","type":"bool","shorthand":"q"},{"name":"stdin","type":"bool","shorthand":"i"},{"name":"tty","type":"bool","shorthand":"t"}]},
  "set selector": {"short":"Set the selector on a resource","use":"selector (-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version]","aliases":[],"flags":[{"name":"all","type":"bool"},{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"field-manager","type":"string","default":"kubectl-set"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"local","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"recursive","type":"bool","default":true,"shorthand":"R"},{"name":"resource-version","type":"string"},{"name":"show-managed-fields","type":"bool"},{"name":"template","type":"string"}]},
  "set serviceaccount": {"short":"Update the service account of a resource","use":"serviceaccount (-f FILENAME | TYPE NAME) SERVICE_ACCOUNT","aliases":["sa"],"flags":[{"name":"all","type":"bool"},{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"field-manager","type":"string","default":"kubectl-set"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"kustomize","type":"string","shorthand":"k"},{"name":"local","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"recursive","type":"bool","shorthand":"R"},{"name":"show-managed-fields","type":"bool"},{"name":"template","type":"string"}]},
  "kustomize": {"short":"Build a kustomization target from a directory or URL","use":"kustomize DIR [flags]","aliases":[],"flags":[{"name":"as-current-user","type":"bool"},{"name":"enable-alpha-plugins","type":"bool"},{"name":"enable-helm","type":"bool"},{"name":"env","type":"stringSlice","shorthand":"e"},{"name":"helm-api-versions","type":"stringSlice"},{"name":"helm-command","type":"string","default":"helm"},{"name":"helm-debug","type":"bool"},{"name":"helm-kube-version","type":"string"},{"name":"load-restrictor","type":"string","default":"LoadRestrictionsRootOnly"},{"name":"mount","type":"stringSlice"},{"name":"network","type":"bool"},{"name":"network-name","type":"string","default":"bridge"},{"name":"output","type":"string","shorthand":"o"}]},
};
