/**
 * `kubectl scale`: sets spec.replicas of deployments, replica sets and stateful
 * sets (the scale subresource's effect), with the --current-replicas and
 * --resource-version preconditions checked first.
 */
import { buildInfos } from '../framework/builder.js';
import { AggregateError, PlainError, type Command, type Invocation } from '../framework/command.js';
import { dryRunStrategy, outputSpec, printResult, resourceKey, verb } from './mutate.js';

const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

async function runScale(inv: Invocation): Promise<number> {
  const f = inv.flags;
  if (!f.changed('replicas')) throw new PlainError('error: required flag(s) "replicas" not set');
  const replicas = f.int('replicas');
  if (replicas < 0) throw new Error('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const currentReplicas = f.int('current-replicas');
  if (currentReplicas < -1) throw new Error('The --current-replicas must specify an integer of -1 or greater');
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const res = await buildInfos(inv, {
    args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'),
    allowEmptySelector: f.bool('all'), continueOnError: true,
  });
  const errors = [...res.errors];
  if (res.infos.length === 0 && errors.length === 0) throw new Error('no objects passed to scale');
  if (f.string('resource-version') && res.infos.length > 1) throw new Error('cannot use --resource-version with multiple resources');
  const client = inv.client();
  for (const i of res.infos) {
    try {
      const key = resourceKey(i.resource);
      if (!SCALABLE.has(key)) throw new Error(`the server could not find the requested resource`);
      const cur = (i.object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      if (currentReplicas !== -1 && cur !== currentReplicas) throw new Error(`Expected replicas to be ${currentReplicas}, was ${cur}`);
      const rv = f.string('resource-version');
      if (rv && rv !== i.object.metadata.resourceVersion) throw new Error(`Expected resource version to be ${rv}, was ${i.object.metadata.resourceVersion}`);
      let out = i.object;
      if (dryRun !== 'client') out = client.patch(key, i.namespace, i.name, 'merge', { spec: { replicas } }, { dryRun: dryRun === 'server' });
      printResult(inv, spec, i.resource, out, 'scaled', dryRun);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

export const scale: Command = verb('scale', { run: runScale });
