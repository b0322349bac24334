/**
 * `kubectl scale`: sets spec.replicas of deployments, replica sets and stateful
 * sets (the scale subresource's effect), with the --current-replicas and
 * --resource-version preconditions checked first.
 */
import { StatusError } from '../../api/errors.js';
import type { KObject } from '../../api/meta.js';
import { SCALABLE, scaleOf } from '../../api/scale.js';
import { buildInfos, mappingFor } from '../framework/builder.js';
import { AggregateError, PlainError, type Command, type Invocation } from '../framework/command.js';
import { checkBuilderArgs, dryRunStrategy, outputSpec, printResult, resourceKey, verb } from './mutate.js';


/** The scale subresource's 404 for a kind that has none (services, pods...). */
export const NO_SCALE_SUBRESOURCE = 'the server could not find the requested resource';

async function runScale(inv: Invocation): Promise<number> {
  const f = inv.flags;
  if (!f.changed('replicas')) throw new PlainError('error: required flag(s) "replicas" not set');
  // Complete: dry run and printer; Validate: the counts; then the builder.
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const replicas = f.int('replicas');
  if (replicas < 0) throw new Error('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const currentReplicas = f.int('current-replicas');
  if (currentReplicas < -1) throw new Error('The --current-replicas must specify an integer of -1 or greater');
  const filenames = f.strings('filename');
  checkBuilderArgs({ args: inv.args, paths: filenames.length > 0 || !!f.string('kustomize'), labelSelector: f.string('selector'), allowEmptySelector: f.bool('all') }, mappingFor);
  const res = await buildInfos(inv, {
    args: inv.args, filenames, recursive: f.bool('recursive'), labelSelector: f.string('selector'),
    allowEmptySelector: true, continueOnError: true,
  });
  const infoErr = res.errors.length === 0 ? undefined : res.errors.length === 1 ? res.errors[0] : new AggregateError(res.errors);
  if (f.string('resource-version') && res.infos.length > 1) throw new Error('cannot use --resource-version with multiple resources');
  if (res.infos.length === 0) throw infoErr ?? new Error('no objects passed to scale');
  const client = inv.client();
  // A failed scale ends the command (what was scaled before it stays printed); missing objects are reported last.
  for (const i of res.infos) {
    if (dryRun === 'client') {
      printResult(inv, spec, i.resource, i.object, 'scaled', dryRun);
      continue;
    }
    const key = resourceKey(i.resource);
    if (!SCALABLE.has(key)) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: NO_SCALE_SUBRESOURCE });
    const cur = (i.object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    if (currentReplicas !== -1 && cur !== currentReplicas) throw new Error(`Expected replicas to be ${currentReplicas}, was ${cur}`);
    const rv = f.string('resource-version');
    if (rv && rv !== i.object.metadata.resourceVersion) throw new Error(`Expected resource version to be ${rv}, was ${i.object.metadata.resourceVersion}`);
    // ScaleSimple: with a precondition, GET the Scale and PUT it back; without, a merge patch of the Scale. No field
    // manager is sent: the server names the writer after the user agent ("kubectl").
    const out = currentReplicas !== -1 || rv
      ? client.updateScale(key, i.namespace, i.name, { ...scaleOf(client.get(key, i.namespace, i.name)), spec: { replicas } } as KObject, { dryRun: dryRun === 'server' })
      : client.patch(key, i.namespace, i.name, 'merge', { spec: { replicas } }, { subresource: 'scale', dryRun: dryRun === 'server' });
    // updateReplicas: what is printed is the object as read, with the replicas the Scale answered.
    const actual = (out.spec as { replicas?: number } | undefined)?.replicas ?? replicas;
    printResult(inv, spec, i.resource, { ...i.object, spec: { ...((i.object.spec as object) ?? {}), replicas: actual } } as KObject, 'scaled', dryRun);
  }
  if (infoErr) throw infoErr;
  return 0;
}

export const scale: Command = verb('scale', { run: runScale });
