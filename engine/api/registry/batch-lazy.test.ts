/**
 * batch/v1 validation loads on first use. Before it has loaded, the API server still refuses a Job whose pods
 * could never run (restart policy); the write starts the load, after which the full validation applies.
 */
import { expect, it } from 'vitest';
import { apiServerOnly, rejected } from '../test-helpers.js';
import { batchValidationLoaded, loadBatchValidation } from './batch.js';

const job = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec });
const podTemplate = (restartPolicy?: string) => ({ spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'a', image: 'busybox' }] } });

it('refuses a Job without an OnFailure/Never restart policy before the module loads, and loads it', async () => {
  const c = apiServerOnly(2);
  expect(batchValidationLoaded()).toBe(false);
  const e = rejected(c, () => c.client().create('jobs.batch', 'default', job('a', { template: podTemplate() })));
  expect(e.message).toBe('Job.batch "a" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  await loadBatchValidation();
  expect(batchValidationLoaded()).toBe(true);
  const e2 = rejected(c, () => c.client().create('jobs.batch', 'default', job('b', { parallelism: -1, template: podTemplate('Never') })));
  expect(e2.message).toBe('Job.batch "b" is invalid: spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
});
