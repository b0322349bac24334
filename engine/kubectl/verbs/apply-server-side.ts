/**
 * `kubectl apply --server-side`: the manifest sent as an apply patch, and kubectl's own advice after the
 * server's conflict message (apply.go). Loads with the API server's field manager, which the apply needs.
 */
import { StatusError } from '../../api/errors.js';
import type { Client } from '../../api/client.js';
import type { WriteOptions } from '../../api/apiserver.js';
import type { KObject } from '../../api/meta.js';
import { FieldSet } from '../../api/managedfields/fieldset.js';

const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const LAST_APPLIED_PATH = ['f:metadata', 'f:annotations', `f:${LAST_APPLIED}`];

interface Entry { manager?: string; operation?: string; apiVersion?: string; subresource?: string; fieldsV1?: unknown; [k: string]: unknown }

/** apply.ts loads the field manager's code with this module. */
export function serverSideApply(client: Client, key: string, ns: string | undefined, name: string, object: KObject, opts: WriteOptions & { subresource?: 'resize' | 'status' }, err?: (text: string) => void): KObject {
  let obj: KObject;
  try {
    obj = client.patch(key, ns, name, 'apply', object, opts);
  } catch (e) {
    // errors.IsConflict: a 409 Conflict (an apply's, with its causes, or an optimistic lock's) gets the advice.
    throw e instanceof StatusError && e.code === 409 && e.reason === 'Conflict' ? new Error(`${e.message}\n${CONFLICT_ADVICE}`) : e;
  }
  if (opts.dryRun || !opts.fieldManager || opts.subresource) return obj;
  // apply.go, after the apply: the client-side applier's fields move to this manager, so that leaving
  // client-side apply does not leave the old manager owning (and conflicting over) what the manifest sets.
  // The API server serves managedFields with every object; this client adds them on request.
  const served = (o: KObject) => client.withManagedFields(key, o);
  try {
    obj = served(saveLastAppliedOwner(client, key, ns, name, served(obj)));
  } catch (e) {
    err?.(`Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${messageOf(e)}\n`);
    return obj;
  }
  let migrated: KObject | undefined;
  try {
    migrated = migrateToServerSideApply(client, key, ns, name, obj, opts.fieldManager);
  } catch (e) {
    err?.(`Warning: server rejected managed fields migration to Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${messageOf(e)}\n`);
    return obj;
  }
  if (!migrated) return obj;
  try {
    // The migrated manager applies again, to own exactly what the manifest sets.
    return client.patch(key, ns, name, 'apply', object, opts);
  } catch (e) {
    err?.(`Warning: failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: ${messageOf(e)}\n`);
    return migrated;
  }
}

function messageOf(e: unknown): string {
  return e instanceof StatusError ? e.message : (e as Error).message;
}

function entriesOf(obj: KObject): Entry[] {
  return ((obj.metadata as { managedFields?: Entry[] }).managedFields ?? []);
}

function owns(e: Entry, path: string[]): boolean {
  return FieldSet.fromJSON(e.fieldsV1).has(path);
}

/** saveLastApplyAnnotationIfNecessary: with no Apply manager owning the annotation, kubectl-last-applied applies it. */
function saveLastAppliedOwner(client: Client, key: string, ns: string | undefined, name: string, obj: KObject): KObject {
  const value = obj.metadata.annotations?.[LAST_APPLIED];
  if (value === undefined) return obj;
  if (entriesOf(obj).some((e) => e.operation === 'Apply' && owns(e, LAST_APPLIED_PATH))) return obj;
  const justAnnotation = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { annotations: { [LAST_APPLIED]: value }, name, ...(ns ? { namespace: ns } : {}) } };
  return client.patch(key, ns, name, 'apply', justAnnotation, { fieldManager: 'kubectl-last-applied' });
}

/**
 * migrateToSSAIfNecessary with csaupgrade.UpgradeManagedFieldsPatch: every Update manager owning the annotation
 * (client-side apply's) is folded into this Apply manager (or becomes it), sent as a JSON patch that also pins the
 * resourceVersion. Undefined when there was nothing to move.
 */
function migrateToServerSideApply(client: Client, key: string, ns: string | undefined, name: string, obj: KObject, ssaManager: string): KObject | undefined {
  const original = entriesOf(obj);
  const csaManagers = [...new Set(original.filter((e) => e.operation === 'Update' && owns(e, LAST_APPLIED_PATH)).map((e) => e.manager ?? ''))];
  let entries = original.map((e) => ({ ...e }));
  for (const csa of csaManagers) entries = upgraded(entries, csa, ssaManager);
  if (JSON.stringify(entries) === JSON.stringify(original)) return undefined;
  const patch = [
    { op: 'replace', path: '/metadata/managedFields', value: entries },
    { op: 'replace', path: '/metadata/resourceVersion', value: obj.metadata.resourceVersion },
  ];
  return client.patch(key, ns, name, 'json', patch, {});
}

function upgraded(entries: Entry[], csa: string, ssa: string): Entry[] {
  const isCsa = (e: Entry) => e.manager === csa && e.operation === 'Update' && !e.subresource;
  let target = entries.findIndex((e) => e.manager === ssa && e.operation === 'Apply' && !e.subresource);
  if (target < 0) {
    target = entries.findIndex(isCsa);
    if (target < 0) return entries;
    entries[target] = { ...entries[target], operation: 'Apply', manager: ssa };
  }
  const from = entries.find((e) => isCsa(e) && e.apiVersion === entries[target].apiVersion);
  let fields = FieldSet.fromJSON(entries[target].fieldsV1);
  if (from) fields = fields.union(FieldSet.fromJSON(from.fieldsV1));
  entries[target] = { ...entries[target], fieldsV1: fields.toJSON() };
  return entries.filter((e) => !isCsa(e));
}
