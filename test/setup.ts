/**
 * Every test file starts with what a lab that has pulled once (or idled) has loaded (preload.ts): tests that drive
 * the clock directly (cluster.advance) do not wait for a load the way the shell's driver and the lab do. The lazy
 * path itself is exercised by the CLI and browser tests, which run without this.
 */
import { afterAll } from 'vitest';
import { settleLazyModules } from '../engine/util/lazy-module.js';
import { preloadLikeALab } from './preload.js';

await preloadLikeALab();

// A write may start loading its rules and go on without them (the page's first moments); a file's tests can end
// before that import does, and vitest refuses an import after its environment is torn down.
afterAll(() => settleLazyModules());
