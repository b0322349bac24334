/** For the filesystem's tests (permissions, links): what a call on the node's files ends with. */
import { FsError } from './vfs.js';

/** The errno a call ends with, or 'ok'. */
export function errno(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}
