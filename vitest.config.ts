import { defineConfig } from 'vitest/config';

const ALL = ['engine/**/*.test.ts', 'checker/**/*.test.ts', 'test/**/*.test.ts', 'bin/**/*.test.ts', 'exercises/**/*.test.ts', 'docs/.vitepress/**/*.test.ts'];

// Files that test a fresh lab's lazy loading (a module not yet there, the clock held while it loads) need a module
// graph of their own; so do the browser tests, whose time is the browser's, not the imports'.
const FRESH = [
  'test/browser/**/*.test.ts',
  '**/*lazy*.test.ts',
  'docs/.vitepress/theme/lab/prefetch.test.ts',
  'engine/api/validation/scheduling-gates.test.ts',
  'engine/kubectl/framework/help.test.ts',
  'engine/kubelet/container-status.test.ts',
  'engine/sim/manifests.test.ts',
  // The typed writers' objects against the decoder a fresh lab has, before the Go types' round trip loads.
  'engine/api/write-path.test.ts',
];

export default defineConfig({
  test: {
    // The counts CI prints come from this file (see .ci/run).
    reporters: ['default', ['json', { outputFile: 'node_modules/.cache/kubelab/test-results.json' }]],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'fresh', include: FRESH, isolate: true } },
      // Evaluating the engine's modules again for each of some 300 files cost more than the tests themselves (~2.8 s a
      // file); files that start from an idled lab share one module graph per worker instead.
      { extends: true, test: { name: 'idle', include: ALL, exclude: FRESH, isolate: false, setupFiles: ['test/setup-idle.ts'] } },
    ],
  },
});
