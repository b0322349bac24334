/**
 * `kubectl diff`'s Command without its code (diff.ts), so the command list can
 * declare it without loading it (lazy.ts): its help data is part B's, its
 * flags load with the other lazily loaded verbs' (flag-tables.ts).
 */
import { verb } from './mutate.js';

// diff's own flag error handler prints its usage hint (observed with kubectl v1.35.2: `kubectl diff --bogus`).
export const DIFF_COMMAND = verb('diff', { flagErrorsAsUsage: true });
