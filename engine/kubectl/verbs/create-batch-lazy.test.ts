/** kubectl loads batch/v1 validation before a command that writes a CronJob: the first one already gets the server's full answer. */
import { expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { batchValidationLoaded } from '../../api/registry/batch.js';
import { kubectlRunner } from '../test-helpers.js';

it('create cronjob with a bad schedule, as the first batch write of the process', async () => {
  const c = new Cluster({ seed: 4 }).boot();
  expect(batchValidationLoaded()).toBe(false);
  const r = await kubectlRunner(c).run(['create', 'cronjob', 'c', '--image=busybox', '--schedule=* * *']);
  expect(r.output).toBe('error: failed to create cronjob: CronJob.batch "c" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]\n');
  expect(r.code).toBe(1);
});
