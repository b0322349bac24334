/**
 * Flag tables of the mutating verbs, as kubectl v1.35.2 prints them
 * (`kubectl <verb> --help`), keyed by command path: what every run needs to
 * parse flags and complete. The long descriptions, examples and flag usages
 * only --help prints are in help-text-b.ts, loaded on demand
 * (testdata/split-help-texts.mjs split them). Flag types follow the printed defaults.
 * The entries of verbs that load on first use (lazy.ts) keep their aliases:
 * their flags are in help-flags.ts (`later(path)`, loaded with the verb's first
 * run: flag-tables.ts), their short and use lines in the help texts (only
 * --help prints them).
 */
import type { FlagDef } from '../framework/flags.js';
import { later } from './flag-tables.js';

export interface HelpDataB { short?: string; long?: string; example?: string; use?: string; aliases?: string[]; flags: FlagDef[] }

export const HELP_B: Record<string, HelpDataB> = {
  "apply": {"short":"Apply a configuration to a resource by file name or stdin","use":"apply (-f FILENAME | -k DIRECTORY)","flags":[{"name":"all","type":"bool"},{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"cascade","type":"string","default":"background","noOptDefault":"background"},{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"field-manager","type":"string","default":"kubectl-client-side-apply"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"force","type":"bool"},{"name":"force-conflicts","type":"bool"},{"name":"grace-period","type":"int","default":-1},{"name":"kustomize","type":"string","shorthand":"k"},{"name":"openapi-patch","type":"bool","default":true},{"name":"output","type":"string","shorthand":"o"},{"name":"overwrite","type":"bool","default":true},{"name":"prune","type":"bool"},{"name":"prune-allowlist","type":"stringSlice"},{"name":"recursive","type":"bool","shorthand":"R"},{"name":"selector","type":"string","shorthand":"l"},{"name":"server-side","type":"bool"},{"name":"show-managed-fields","type":"bool"},{"name":"subresource","type":"string"},{"name":"template","type":"string"},{"name":"timeout","type":"duration"},{"name":"validate","type":"string","default":"strict","noOptDefault":"strict"},{"name":"wait","type":"bool"}]},
  "apply view-last-applied": {"flags":later("apply view-last-applied")},
  "apply set-last-applied": {"flags":later("apply set-last-applied")},
  "apply edit-last-applied": {"flags":later("apply edit-last-applied")},
  "create": {"flags":later("create")},
  "create deployment": {"flags":later("create deployment"),"aliases":["deploy"]},
  "create service": {"short":"Create a service using a specified subcommand","use":"service [flags]","flags":[],"aliases":["svc"]},
  "create service clusterip": {"flags":later("create service clusterip")},
  "create service nodeport": {"flags":later("create service nodeport")},
  "create service loadbalancer": {"flags":later("create service loadbalancer")},
  "create service externalname": {"flags":later("create service externalname")},
  "create namespace": {"flags":later("create namespace"),"aliases":["ns"]},
  "create configmap": {"flags":later("create configmap"),"aliases":["cm"]},
  "create secret": {"short":"Create a secret using a specified subcommand","use":"secret (docker-registry | generic | tls)","flags":[]},
  "create secret generic": {"flags":later("create secret generic")},
  "create serviceaccount": {"flags":later("create serviceaccount"),"aliases":["sa"]},
  "delete": {"short":"Delete resources by file names, stdin, resources and names, or by resources and label selector","use":"delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])","flags":[{"name":"all","type":"bool"},{"name":"all-namespaces","type":"bool","shorthand":"A"},{"name":"cascade","type":"string","default":"background","noOptDefault":"background"},{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"field-selector","type":"string"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"force","type":"bool"},{"name":"grace-period","type":"int","default":-1},{"name":"ignore-not-found","type":"bool"},{"name":"interactive","type":"bool","shorthand":"i"},{"name":"kustomize","type":"string","shorthand":"k"},{"name":"now","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"raw","type":"string"},{"name":"recursive","type":"bool","shorthand":"R"},{"name":"selector","type":"string","shorthand":"l"},{"name":"timeout","type":"duration"},{"name":"wait","type":"bool","default":true}]},
  "diff": {"flags":later("diff")},
  "edit": {"flags":later("edit")},
  "patch": {"short":"Update fields of a resource","use":"patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]","flags":[{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"field-manager","type":"string","default":"kubectl-patch"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"kustomize","type":"string","shorthand":"k"},{"name":"local","type":"bool"},{"name":"output","type":"string","shorthand":"o"},{"name":"patch","type":"string","shorthand":"p"},{"name":"patch-file","type":"string"},{"name":"recursive","type":"bool","shorthand":"R"},{"name":"show-managed-fields","type":"bool"},{"name":"subresource","type":"string"},{"name":"template","type":"string"},{"name":"type","type":"string","default":"strategic"}]},
  "replace": {"flags":later("replace")},
  "scale": {"short":"Set a new size for a deployment, replica set, or replication controller","use":"scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)","flags":[{"name":"all","type":"bool"},{"name":"allow-missing-template-keys","type":"bool","default":true},{"name":"current-replicas","type":"int","default":-1},{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"kustomize","type":"string","shorthand":"k"},{"name":"output","type":"string","shorthand":"o"},{"name":"recursive","type":"bool","shorthand":"R"},{"name":"replicas","type":"int"},{"name":"resource-version","type":"string"},{"name":"selector","type":"string","shorthand":"l"},{"name":"show-managed-fields","type":"bool"},{"name":"template","type":"string"},{"name":"timeout","type":"duration"}]},
  "autoscale": {"flags":later("autoscale")},
  "rollout": {"short":"Manage the rollout of a resource","use":"rollout SUBCOMMAND","flags":[]},
  "rollout status": {"flags":later("rollout status")},
  "rollout history": {"flags":later("rollout history")},
  "rollout undo": {"flags":later("rollout undo")},
  "rollout restart": {"flags":later("rollout restart")},
  "rollout pause": {"flags":later("rollout pause")},
  "rollout resume": {"flags":later("rollout resume")},
  "set": {"short":"Set specific features on objects","use":"set SUBCOMMAND","flags":[]},
  "set image": {"flags":later("set image")},
  "set resources": {"flags":later("set resources")},
  "set env": {"flags":later("set env")},
  "expose": {"flags":later("expose")},
  "run": {"flags":later("run")},
  "logs": {"flags":later("logs")},
  "exec": {"short":"Execute a command in a container","use":"exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]","flags":[{"name":"container","type":"string","shorthand":"c"},{"name":"filename","type":"stringSlice","shorthand":"f"},{"name":"pod-running-timeout","type":"duration","default":60000},{"name":"quiet","type":"bool","shorthand":"q"},{"name":"stdin","type":"bool","shorthand":"i"},{"name":"tty","type":"bool","shorthand":"t"}]},
  "label": {"flags":later("label")},
  "annotate": {"flags":later("annotate")},
  "cordon": {"short":"Mark node as unschedulable","use":"cordon NODE","flags":[{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"selector","type":"string","shorthand":"l"}]},
  "uncordon": {"short":"Mark node as schedulable","use":"uncordon NODE","flags":[{"name":"dry-run","type":"string","default":"none","noOptDefault":"unchanged"},{"name":"selector","type":"string","shorthand":"l"}]},
  "drain": {"flags":later("drain")},
  "taint": {"flags":later("taint")},
  "wait": {"flags":later("wait")},
  "port-forward": {"short":"Forward one or more local ports to a pod","use":"port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]","flags":[{"name":"address","type":"stringSlice","default":["localhost"]},{"name":"pod-running-timeout","type":"duration","default":60000}]},
};
