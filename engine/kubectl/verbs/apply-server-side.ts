/**
 * `kubectl apply --server-side`: the manifest sent as an apply patch, and kubectl's own advice after the
 * server's conflict message (apply.go). Loads with the API server's field manager, which the apply needs.
 */
import { StatusError } from '../../api/errors.js';
import type { Client } from '../../api/client.js';
import type { WriteOptions } from '../../api/apiserver.js';
import type { KObject } from '../../api/meta.js';

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

/** apply.ts loads the field manager's code with this module. */
export function serverSideApply(client: Client, key: string, ns: string | undefined, name: string, object: KObject, opts: WriteOptions): KObject {
  try {
    return client.patch(key, ns, name, 'apply', object, opts);
  } catch (e) {
    // errors.IsConflict: a 409 Conflict (an apply's, with its causes, or an optimistic lock's) gets the advice.
    throw e instanceof StatusError && e.code === 409 && e.reason === 'Conflict' ? new Error(`${e.message}\n${CONFLICT_ADVICE}`) : e;
  }
}
