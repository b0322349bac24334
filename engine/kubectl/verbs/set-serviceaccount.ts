/**
 * `kubectl set serviceaccount (-f FILE | TYPE NAME) SERVICE_ACCOUNT`: sets
 * spec.serviceAccountName in the pod template of workloads (or a pod).
 * Texts from kubectl's pkg/cmd/set/set_serviceaccount.go and
 * polymorphichelpers.UpdatePodSpecForObject.
 */
import { ConnectionRefusedError } from '../../api/errors.js';
import { clone } from '../../api/meta.js';
import type { KObject } from '../../api/meta.js';
import { buildInfos, mappingFor, readLocalInfos, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { twoWayStrategicPatch } from './apply-patch.js';
import { checkBuilderArgs, dryRunStrategy, kindName, outputSpec, printResult, resourceKey } from './mutate.js';
import { verbF } from './verb-f.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SERVICE_ACCOUNT_REQUIRED = 'serviceaccount is required';

/** UpdatePodSpecForObject's pod spec, or its error for a kind without a pod template (`*v1.Service`). */
export function podSpecFor(obj: Any): Any {
  switch (obj.kind) {
    case 'Pod': return (obj.spec ??= {});
    case 'ReplicationController': case 'Deployment': case 'DaemonSet': case 'ReplicaSet': case 'StatefulSet': case 'Job':
      return ((obj.spec ??= {}).template ??= {}).spec ??= {};
    case 'CronJob':
      return ((((obj.spec ??= {}).jobTemplate ??= {}).spec ??= {}).template ??= {}).spec ??= {};
  }
  const version = String(obj.apiVersion ?? '').split('/').pop();
  throw new Error(`the object is not a pod or does not have a pod template: *${version}.${obj.kind}`);
}

async function runServiceAccount(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const args = inv.args;
  if (!args.length) throw new Error(SERVICE_ACCOUNT_REQUIRED);
  const name = args[args.length - 1];
  const local = f.bool('local');
  let infos: Info[];
  const errors: unknown[] = [];
  if (local) {
    infos = await readLocalInfos(inv, f.strings('filename'), f.bool('recursive'));
  } else {
    checkBuilderArgs({ args: args.slice(0, -1), paths: f.strings('filename').length > 0, allowEmptySelector: f.bool('all') }, mappingFor);
    const res = await buildInfos(inv, { args: args.slice(0, -1), filenames: f.strings('filename'), recursive: f.bool('recursive'), allowEmptySelector: f.bool('all'), continueOnError: true, typed: true });
    infos = res.infos;
    errors.push(...res.errors);
  }
  for (const info of infos) {
    const obj = clone(info.object) as Any;
    try {
      podSpecFor(obj).serviceAccountName = name;
    } catch (e) {
      // Run's patch error: `error: <kind>/<name> <why>`, kept with the others.
      // Server objects are named by their resource (`services/web`), local ones by their kind (`service/web`).
      errors.push(new Error(`error: ${local ? kindName(info.resource, info.name) : `${info.resource.resource}/${info.name}`} ${(e as Error).message}\n`));
      continue;
    }
    if (local || dryRun === 'client') {
      printResult(inv, spec, info.resource, obj as KObject, 'serviceaccount updated', dryRun);
      continue;
    }
    try {
      // CalculatePatches' strategic merge patch from the object as read, sent even when it is empty.
      const patch = twoWayStrategicPatch(info.object as unknown as Any, obj, String(info.object.kind));
      const out = inv.client().patch(resourceKey(info.resource), info.namespace, info.name, 'strategic', patch, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-set' });
      printResult(inv, spec, info.resource, out, 'serviceaccount updated', dryRun);
    } catch (e) {
      // fmt.Errorf("failed to patch ServiceAccountName %v", err): the server's message as a plain error.
      errors.push(e instanceof ConnectionRefusedError ? e : new Error(`failed to patch ServiceAccountName ${String((e as Error)?.message ?? e)}`));
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

export const serviceaccount: Command = verbF('set serviceaccount', { run: runServiceAccount });
