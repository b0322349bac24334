/**
 * The shared-module project's files start from a lab that has idled: the page fetches the engine's lazily loaded code
 * once the lab is ready (server.ts, prefetchLazyCode), so this is the state a learner's commands nearly always meet.
 * Its files share one module graph per worker (vitest's isolate: false), so loading everything first also keeps the
 * order in which files happen to run from deciding what is loaded.
 */
import { prefetchLazyCode } from '../docs/.vitepress/theme/lab/server.js';

await prefetchLazyCode();
