/**
 * Flag tables of the read-only verbs, as kubectl v1.35.2 prints them
 * (`kubectl <verb> --help`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in help-text.ts, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 */
import type { FlagDef } from '../framework/flags.js';

export interface HelpData { long?: string; example?: string; use: string; aliases?: string[]; flags: FlagDef[] }

export const HELP: Record<string, HelpData> = {
  "api-resources": {"use":"api-resources [flags]","flags":[{"name":"api-group","type":"string"},{"name":"cached","type":"bool"},{"name":"categories","type":"stringSlice"},{"name":"namespaced","type":"bool","default":true},{"name":"no-headers","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"show-managed-fields","type":"bool"},{"name":"sort-by","type":"string"},{"name":"verbs","type":"stringSlice"}]},
  "api-versions": {"use":"api-versions","flags":[]},
  "cluster-info": {"use":"cluster-info [flags]","flags":[]},
  "config": {"use":"config SUBCOMMAND","flags":[]},
  "config current-context": {"use":"current-context [flags]","flags":[]},
  "config get-contexts": {"use":"get-contexts [(-o|--output=)name)]","flags":[{"name":"no-headers","type":"bool"},{"name":"output","type":"string","shorthand":"o"}]},
  "config set-context": {"use":"set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]","flags":[{"name":"cluster","type":"string"},{"name":"current","type":"bool"},{"name":"namespace","type":"string","shorthand":"n"},{"name":"user","type":"string"}]},
  "config use-context": {"use":"use-context CONTEXT_NAME","flags":[]},
  "config view": {"use":"view [flags]","flags":[{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"flatten","type":"bool"},{"name":"merge","type":"bool","default":true},{"name":"minify","type":"bool"},{"name":"output","type":"string","shorthand":"o","default":"yaml"},{"name":"raw","type":"bool"},{"name":"show-managed-fields","type":"bool"},{"name":"template","type":"string"}]},
  "describe": {"use":"describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)","flags":[{"name":"all-namespaces","type":"bool","shorthand":"A"},{"name":"chunk-size","type":"int","default":500},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"kustomize","type":"string","shorthand":"k"},{"name":"recursive","type":"bool","shorthand":"R"},{"name":"selector","type":"string","shorthand":"l"},{"name":"show-events","type":"bool","default":true}]},
  "events": {"use":"events [(-o|--output=)json|yaml|kyaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]","flags":[{"name":"all-namespaces","type":"bool","shorthand":"A"},{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"chunk-size","type":"int","default":500},{"name":"for","type":"string"},{"name":"no-headers","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"show-managed-fields","type":"bool"},{"name":"template","type":"string"},{"name":"types","type":"stringSlice"},{"name":"watch","type":"bool","shorthand":"w"}]},
  "explain": {"use":"explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]","flags":[{"name":"api-version","type":"string"},{"name":"output","type":"string","shorthand":"o","default":"plaintext"},{"name":"recursive","type":"bool"}]},
  "logs": {"use":"logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]","flags":[{"name":"all-containers","type":"bool"},{"name":"all-pods","type":"bool"},{"name":"container","type":"string","shorthand":"c"},{"name":"follow","type":"bool","shorthand":"f"},{"name":"ignore-errors","type":"bool"},{"name":"insecure-skip-tls-verify-backend","type":"bool"},{"name":"limit-bytes","type":"int"},{"name":"max-log-requests","type":"int","default":5},{"name":"pod-running-timeout","type":"duration","default":20000},{"name":"prefix","type":"bool"},{"name":"previous","type":"bool","shorthand":"p"},{"name":"selector","type":"string","shorthand":"l"},{"name":"since","type":"duration","default":0},{"name":"since-time","type":"string"},{"name":"tail","type":"int","default":-1},{"name":"timestamps","type":"bool"}]},
  "top": {"use":"top [flags]","flags":[]},
  "top node": {"use":"node [NAME | -l label]","flags":[{"name":"no-headers","type":"bool"},{"name":"selector","type":"string","shorthand":"l"},{"name":"show-capacity","type":"bool"},{"name":"show-swap","type":"bool"},{"name":"sort-by","type":"string"},{"name":"use-protocol-buffers","type":"bool","default":true}]},
  "top pod": {"use":"pod [NAME | -l label]","flags":[{"name":"all-namespaces","type":"bool","shorthand":"A"},{"name":"containers","type":"bool"},{"name":"field-selector","type":"string"},{"name":"no-headers","type":"bool"},{"name":"selector","type":"string","shorthand":"l"},{"name":"show-swap","type":"bool"},{"name":"sort-by","type":"string"},{"name":"sum","type":"bool"},{"name":"use-protocol-buffers","type":"bool","default":true}]},
};
