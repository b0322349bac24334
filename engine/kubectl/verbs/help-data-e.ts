/**
 * Flag tables of the commands part E adds, as kubectl v1.35.2 prints them
 * (`kubectl <verb> --help`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in help-text-e.ts, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 * The entries of verbs that load on first use (lazy.ts) keep their aliases:
 * their flags are in help-flags.ts (`later(path)`, loaded with the verb's first
 * run: flag-tables.ts), their short and use lines in the help texts (only
 * --help prints them).
 */
import type { FlagDef } from '../framework/flags.js';
import { later } from './flag-tables.js';

export interface HelpDataE { short?: string; long?: string; example?: string; use?: string; aliases?: string[]; flags: FlagDef[] }

export const HELP_E: Record<string, HelpDataE> = {
  "auth": {"flags":[],"use":"auth [flags]","short":"Inspect authorization"},
  "auth can-i": {"flags":later("auth can-i"),},
  "auth reconcile": {"flags":later("auth reconcile"),},
  "auth whoami": {"flags":later("auth whoami"),},
  "completion": {"flags":[],"use":"completion SHELL","short":"Output shell completion code for the specified shell (bash, zsh, fish, or powershell)"},
  "proxy": {"flags":[{"name":"accept-hosts","type":"string","default":"^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$"},{"name":"accept-paths","type":"string","default":"^.*"},{"name":"address","type":"string","default":"127.0.0.1"},{"name":"api-prefix","type":"string","default":"/"},{"name":"append-server-path","type":"bool"},{"name":"disable-filter","type":"bool"},{"name":"keepalive","type":"duration"},{"name":"port","type":"int","shorthand":"p","default":8001},{"name":"reject-methods","type":"string","default":"^$"},{"name":"reject-paths","type":"string","default":"^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach"},{"name":"unix-socket","type":"string","shorthand":"u"},{"name":"www","type":"string","shorthand":"w"},{"name":"www-prefix","type":"string","shorthand":"P","default":"/static/"}],"use":"proxy [--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix]","short":"Run a proxy to the Kubernetes API server"},
  "plugin": {"flags":[],"use":"plugin [flags]","short":"Provides utilities for interacting with plugins"},
  "plugin list": {"flags":[{"name":"name-only","type":"bool"}],"use":"list [flags]","short":"List all visible plugin executables on a user's PATH"},
  "certificate": {"flags":[],"use":"certificate SUBCOMMAND","short":"Modify certificate resources"},
  "certificate approve": {"flags":later("certificate approve"),},
  "certificate deny": {"flags":later("certificate deny"),},
  "create job": {"flags":later("create job"),},
  "create cronjob": {"flags":later("create cronjob"),"aliases":["cj"],},
  "create ingress": {"flags":later("create ingress"),"aliases":["ing"],},
  "create role": {"flags":later("create role"),},
  "create rolebinding": {"flags":later("create rolebinding"),},
  "create clusterrole": {"flags":later("create clusterrole"),},
  "create clusterrolebinding": {"flags":later("create clusterrolebinding"),},
  "create poddisruptionbudget": {"flags":later("create poddisruptionbudget"),"aliases":["pdb"],},
  "create priorityclass": {"flags":later("create priorityclass"),"aliases":["pc"],},
  "create quota": {"flags":later("create quota"),"aliases":["resourcequota"],},
  "create secret docker-registry": {"flags":later("create secret docker-registry"),},
  "create secret tls": {"flags":later("create secret tls"),},
  "create token": {"flags":later("create token"),},
};
