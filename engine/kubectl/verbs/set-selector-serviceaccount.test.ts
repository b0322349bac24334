/**
 * `kubectl set selector` and `kubectl set serviceaccount`. Expected texts were
 * printed by the real kubectl v1.35.2 with --local (no server needed) on the
 * same manifests; --help from the same binary (testdata/part-f.json); the
 * server paths follow set_selector.go / set_serviceaccount.go.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';
import { toLabelSelector } from './set-selector.js';

const fixture = JSON.parse(readFileSync(new URL('./testdata/part-f.json', import.meta.url), 'utf8')) as { help: Record<string, string> };
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: old\n  ports:\n  - port: 80\n';
const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n';

function lab() {
  const cluster = new Cluster({ seed: 3 }).boot();
  const k = kubectlRunner(cluster);
  k.fs.writeFile('/root/svc.yaml', SVC);
  k.fs.writeFile('/root/dep.yaml', DEP);
  return { cluster, k };
}

describe('kubectl set selector / serviceaccount', () => {
  it.each(['set selector', 'set serviceaccount'])('kubectl %s --help is the real binary\'s', async (path) => {
    const { k } = lab();
    expect((await k.run([...path.split(' '), '--help'])).output).toBe(fixture.help[path]);
    expect((await k.run(['set', 'sa', '--help'])).output).toBe(fixture.help['set serviceaccount']);
  });

  it('--local texts as kubectl v1.35.2 prints them', async () => {
    const { k } = lab();
    const cases: [string[], string, number][] = [
      [['set', 'selector', '--local', '-f', 'svc.yaml', 'app=new', '--dry-run=client'], 'service/web selector updated (dry run)\n', 0],
      [['set', 'selector', '--local', '-f', 'svc.yaml', 'app=new'], 'service/web selector updated\n', 0],
      [['set', 'selector', '--local', '-f', 'dep.yaml', 'app=new'], 'error: setting a selector is only supported for Services\n', 1],
      [['set', 'selector', '--local', '-f', 'svc.yaml', 'app in (a,b)'], 'error: match expression [{app In [a b]}] not supported on this object\n', 1],
      [['set', 'selector', '--local', '-f', 'svc.yaml'], 'error: one selector is required\n', 1],
      [['set', 'sa', '--local', '-f', 'svc.yaml', 'robot'], 'error: service/web the object is not a pod or does not have a pod template: *v1.Service\n', 1],
      [['set', 'sa', '--local', '-f', 'dep.yaml', 'robot', '--dry-run=client'], 'deployment.apps/web serviceaccount updated (dry run)\n', 0],
      [['set', 'sa', '--local', '-f', 'dep.yaml', 'robot'], 'deployment.apps/web serviceaccount updated\n', 0],
      [['set', 'sa'], 'error: serviceaccount is required\n', 1],
    ];
    for (const [args, out, code] of cases) {
      const r = await k.run(args);
      expect(r.output, args.join(' ')).toBe(out);
      expect(r.code, args.join(' ')).toBe(code);
    }
    const y = await k.run(['set', 'sa', '--local', '-f', 'dep.yaml', 'robot', '-o', 'jsonpath={.spec.template.spec.serviceAccountName}']);
    expect(y.output).toBe('robot');
  });

  it('changes the objects on the server, with --dry-run kept away from it', async () => {
    const { k, cluster } = lab();
    await k.run(['create', '-f', 'svc.yaml']);
    await k.run(['create', '-f', 'dep.yaml']);
    expect((await k.run(['set', 'selector', 'svc', 'web', 'app=web,tier=fe'])).output).toBe('service/web selector updated\n');
    expect((await k.run(['get', 'svc', 'web', '-o', 'jsonpath={.spec.selector}'])).output).toBe('{"app":"web","tier":"fe"}');
    expect((await k.run(['set', 'serviceaccount', 'deployment/web', 'robot', '--dry-run=server'])).output).toBe('deployment.apps/web serviceaccount updated (server dry run)\n');
    expect((await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.serviceAccountName}'])).output).toBe('');
    expect((await k.run(['set', 'serviceaccount', 'deployment/web', 'robot'])).output).toBe('deployment.apps/web serviceaccount updated\n');
    expect((await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.serviceAccountName}'])).output).toBe('robot');
    expect((await k.run(['set', 'sa', 'deploy', 'nope', 'robot'])).output).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('toLabelSelector splits matchLabels from expressions as ParseToLabelSelector', () => {
    expect(toLabelSelector('a=1,b==2,c!=3,!d,e in (x,y)')).toEqual({
      matchLabels: { a: '1', b: '2' },
      matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['3'] }, { key: 'd', operator: 'DoesNotExist', values: [] }, { key: 'e', operator: 'In', values: ['x', 'y'] }],
    });
  });
});
