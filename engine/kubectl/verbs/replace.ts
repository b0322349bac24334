/**
 * `kubectl replace -f`: PUT of the whole manifest (the live resourceVersion is
 * used unless the manifest names one); `--force` deletes and re-creates.
 */
import { readFilenameObjects } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import type { KObject } from '../../api/meta.js';
import { waitForDeletion } from './delete.js';
import { dryRunStrategy, fieldValidation, infoOf, manifestNamespace, outputSpec, printResult, resourceKey, setLastApplied, verb, withSource } from './mutate.js';

async function runReplace(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const filenames = f.strings('filename');
  if (filenames.length === 0 && !(f.has('kustomize') && f.string('kustomize'))) throw new Error('must specify one of -f and -k');
  const dryRun = dryRunStrategy(inv);
  // ReplaceOptions.Validate, in its order.
  const force = f.bool('force');
  if (f.int('grace-period') >= 0 && !force) throw new Error('--grace-period must have --force specified');
  if (f.durationMs('timeout') !== 0 && !force) throw new Error('--timeout must have --force specified');
  if (force && dryRun !== 'none') throw new Error('--dry-run can not be used when --force is set');
  const spec = outputSpec(inv);
  const validation = fieldValidation(inv);
  const objs = await readFilenameObjects(inv, filenames, f.bool('recursive'));
  const client = inv.client();
  const errors: unknown[] = [];
  for (const { source, object } of objs) {
    try {
      const info = infoOf(object, source);
      const ns = manifestNamespace(inv, info, object);
      const obj = JSON.parse(JSON.stringify(object)) as KObject;
      obj.metadata ??= {};
      if (ns) obj.metadata.namespace = ns;
      if (f.bool('save-config')) setLastApplied(obj);
      const key = resourceKey(info);
      if (f.bool('force')) {
        const live = client.tryGet(key, ns, obj.metadata.name ?? '');
        if (live && dryRun === 'none') {
          client.delete(key, ns, obj.metadata.name ?? '', { gracePeriodSeconds: f.int('grace-period') >= 0 ? f.int('grace-period') : undefined, propagationPolicy: 'Background' });
          // DeleteOptions.PrintObj, as delete prints it (replace turns --grace-period=0 into 1: never "force deleted").
          inv.out(`${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''} "${obj.metadata.name}" deleted${info.namespaced ? ` from ${ns} namespace` : ''}\n`);
          await waitForDeletion(inv, [{ info: { resource: info, namespace: ns, name: obj.metadata.name ?? '', object: live }, uid: live.metadata.uid }], f.durationMs('timeout') || 168 * 3_600_000);
        }
        delete obj.metadata.resourceVersion;
        const created = dryRun === 'client' ? obj : client.create(key, ns, obj, { dryRun: dryRun === 'server', fieldValidation: validation, fieldManager: inv.flags.string('field-manager') || 'kubectl-replace' });
        printResult(inv, spec, info, created, 'replaced', dryRun);
        continue;
      }
      let out = obj;
      if (dryRun !== 'client') {
        try {
          // client-go refuses a PUT without a name before sending it.
          if (!obj.metadata.name) throw new Error('resource name may not be empty');
          const live = client.get(key, ns, obj.metadata.name ?? '');
          if (!obj.metadata.resourceVersion) obj.metadata.resourceVersion = live.metadata.resourceVersion;
          out = client.update(key, obj, { dryRun: dryRun === 'server', fieldValidation: validation, fieldManager: inv.flags.string('field-manager') || 'kubectl-replace' });
        } catch (e) {
          throw withSource(e, 'replacing', source);
        }
      }
      printResult(inv, spec, info, out, 'replaced', dryRun);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

export const replace: Command = verb('replace', { run: runReplace });
