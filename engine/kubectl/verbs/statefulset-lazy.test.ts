/**
 * The StatefulSet code (strategy, controller, `get` table, schema) loads on first use: kubectl loads it before
 * a command that names StatefulSets, so the first one already gets the defaults, the table and the controller.
 * Runs in a module graph where it has not loaded (vitest isolates test files).
 */
import { expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { statefulSetCode } from '../../api/registry/statefulsets.js';
import { kubectlRunner } from '../test-helpers.js';

const MANIFEST = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 1
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

it('kubectl apply of the first StatefulSet loads its code, and get prints its table', async () => {
  const c = new Cluster({ seed: 5 }).boot();
  expect(statefulSetCode.loaded()).toBeUndefined();
  const k = kubectlRunner(c);
  k.fs.writeFile('/root/web.yaml', MANIFEST);
  const r = await k.run(['apply', '-f', '/root/web.yaml']);
  expect(r.output).toBe('statefulset.apps/web created\n');
  expect(statefulSetCode.loaded()).toBeDefined();
  expect((c.client().get('statefulsets.apps', 'default', 'web').spec as { podManagementPolicy?: string }).podManagementPolicy).toBe('OrderedReady');
  c.advance(100);
  const g = await k.run(['get', 'sts']);
  expect(g.output).toBe('NAME   READY   AGE\nweb    0/1     0s\n');
  expect(c.client().tryGet('pods', 'default', 'web-0')).toBeDefined();
});
