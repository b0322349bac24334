import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'checker/**/*.test.ts', 'test/**/*.test.ts', 'bin/**/*.test.ts', 'exercises/**/*.test.ts', 'docs/.vitepress/**/*.test.ts'],
    // The counts CI prints come from this file (see .ci/run).
    reporters: ['default', ['json', { outputFile: 'node_modules/.cache/kubelab/test-results.json' }]],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
