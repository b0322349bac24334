/**
 * Part G: `create job|cronjob|ingress|role|clusterrole|rolebinding|
 * clusterrolebinding|priorityclass|poddisruptionbudget|quota|token`,
 * `create secret docker-registry|tls` and `debug`. --help texts, argument and
 * flag errors and client-side dry runs are recorded from the real kubectl
 * v1.35.2 (testdata/part-g.json, testdata/gen-part-g.mjs); what happens at a
 * server that lacks these kinds (all but Secrets, Jobs and CronJobs) comes from the sources: apiserver's
 * notfoundhandler (Status "the server could not find the requested resource",
 * no details), client-go's Result.Error preferring that Status, and each
 * command's own wrapping (create_job.go "failed to create job: %v"). `kubectl
 * debug POD` is served (pods/ephemeralcontainers): debug.test.ts covers it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { runScript } from '../../shell/script.js';
import { kubectlRunner } from '../test-helpers.js';
import { checkKeyPair, dockerConfigJSON } from './create-unserved.js';
import { validImageReference } from './debug.js';

const fixture = JSON.parse(readFileSync(new URL('./testdata/part-g.json', import.meta.url), 'utf8')) as {
  help: Record<string, string>;
  cases: { line: string; output: string; exit: number }[];
};

describe("--help is the real binary's", () => {
  const k = kubectlRunner(new Cluster({ seed: 1 }).boot());
  for (const [path, text] of Object.entries(fixture.help)) {
    it(`kubectl ${path} --help`, async () => {
      const r = await k.run([...path.split(' '), '--help']);
      expect(r.output).toBe(text);
    });
  }
});

describe('flags, argument errors and client-side dry runs match the real binary', async () => {
  const setup = "printf 'a' > c.pem\nprintf 'b' > k.pem\n";
  const script = setup + fixture.cases.map((c) => `kubectl ${c.line}\necho "[exit $?]"`).join('\n') + '\n';
  const out = await runScript(script);
  // Each case prints "$ kubectl LINE", its output, then "$ echo ..." and "[exit N]".
  const blocks = out.split(/^\$ kubectl /m).slice(1);
  it('ran every case', () => expect(blocks.length).toBe(fixture.cases.length));
  fixture.cases.forEach((c, i) => {
    it(`kubectl ${c.line}`, () => {
      const block = blocks[i] ?? '';
      const nl = block.indexOf('\n');
      expect(block.slice(0, nl)).toBe(c.line);
      const rest = block.slice(nl + 1);
      const echo = rest.lastIndexOf('$ echo "[exit $?]"\n');
      expect(rest.slice(0, echo)).toBe(c.output);
      expect(rest.slice(echo)).toBe(`$ echo "[exit $?]"\n[exit ${c.exit}]\n`);
    });
  });
});

describe('kinds the engine serves: the generators create for real', () => {
  const k = kubectlRunner(new Cluster({ seed: 3 }).boot());
  const cases: [string[], string][] = [
    [['create', 'ingress', 'i', '--rule=/=svc:80'], 'ingress.networking.k8s.io/i created\n'],
    [['create', 'priorityclass', 'pc', '--value=10'], 'priorityclass.scheduling.k8s.io/pc created\n'],
    [['create', 'quota', 'q', '--hard=pods=2'], 'resourcequota/q created\n'],
    [['create', 'quota', 'q', '--hard=pods=2'], 'error: failed to create quota: resourcequotas "q" already exists\n'],
  ];
  for (const [args, expected] of cases) {
    it(`kubectl ${args.join(' ')}`, async () => {
      const r = await k.run(args);
      expect(r.output).toBe(expected);
      expect(r.code).toBe(expected.startsWith('error') ? 1 : 0);
    });
  }
});

describe('RBAC kinds and TokenRequest, now served', () => {
  const cluster = new Cluster({ seed: 3 }).boot();
  const k = kubectlRunner(cluster);
  // Outputs as kubectl v1.35.2 prints them against the oracle's front (scripts/real-kubectl/scenarios/rbac.sh).
  const cases: [string[], string, number][] = [
    [['create', 'role', 'r', '--verb=get', '--resource=pods'], 'role.rbac.authorization.k8s.io/r created\n', 0],
    [['create', 'clusterrole', 'r', '--verb=get', '--resource=pods'], 'clusterrole.rbac.authorization.k8s.io/r created\n', 0],
    [['create', 'rolebinding', 'rb', '--role=r', '--user=u'], 'rolebinding.rbac.authorization.k8s.io/rb created\n', 0],
    [['create', 'clusterrolebinding', 'rb', '--clusterrole=r', '--user=u'], 'clusterrolebinding.rbac.authorization.k8s.io/rb created\n', 0],
    [['create', 'token', 'nosuch'], 'error: failed to create token: serviceaccounts "nosuch" not found\n', 1],
    // The RESTMapper (create_role.go validateResource) knows only what discovery lists.
    [['create', 'role', 'r2', '--verb=get', '--resource=widgets'], 'the server doesn\'t have a resource type "widgets"\n', 1],
  ];
  for (const [args, expected, code] of cases) {
    it(`kubectl ${args.join(' ')}`, async () => {
      const r = await k.run(args);
      expect(r.output).toBe(expected);
      expect(r.code).toBe(code);
    });
  }
  it('role rules use the resources discovery resolves, grouped by API group', async () => {
    const r = await k.run(['create', 'role', 'r', '--verb=get', '--resource=po,deploy,rs.apps,pods/log', '--dry-run=client', '-o', 'json']);
    expect(JSON.parse(r.output).rules).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments', 'replicasets'] },
    ]);
  });
  it('leaves no component error behind', () => {
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('create job|cronjob are served (batch/v1)', () => {
  const cluster = new Cluster({ seed: 3 }).boot();
  const k = kubectlRunner(cluster);
  const cases: [string[], string, number][] = [
    [['create', 'job', 'x', '--image=busybox', '--dry-run=server'], 'job.batch/x created (server dry run)\n', 0],
    [['create', 'job', 'x', '--image=busybox'], 'job.batch/x created\n', 0],
    [['create', 'job', 'x', '--image=busybox'], 'error: failed to create job: jobs.batch "x" already exists\n', 1],
    [['create', 'job', 'y', '--from=cronjob/c'], 'Error from server (NotFound): cronjobs.batch "c" not found\n', 1],
    [['create', 'cronjob', 'c', '--image=busybox', '--schedule=* * * * *'], 'cronjob.batch/c created\n', 0],
    [['create', 'job', 'y', '--from=cronjob/c'], 'job.batch/y created\n', 0],
  ];
  for (const [args, expected, code] of cases) {
    it(`kubectl ${args.join(' ')}`, async () => {
      const r = await k.run(args);
      expect(r.output).toBe(expected);
      expect(r.code).toBe(code);
    });
  }
  it('a Job made from a CronJob is owned by it and marked as made by hand', () => {
    const j = cluster.client().get('jobs.batch', 'default', 'y');
    expect(j.metadata.annotations?.['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'c', uid: cluster.client().get('cronjobs.batch', 'default', 'c').metadata.uid, controller: true }]);
  });
});

describe('create secret docker-registry|tls are served', () => {
  it('creates the Secrets', async () => {
    const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const PEM_KEY = '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n';
    const out = await runScript([
      'kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-email=e',
      'kubectl create secret docker-registry reg --docker-username=u --docker-password=p',
      `printf '${PEM_CERT.replace(/\n/g, '\\n')}' > tls.crt`,
      `printf '${PEM_KEY.replace(/\n/g, '\\n')}' > tls.key`,
      'kubectl create secret tls web --cert=tls.crt --key=tls.key -n kube-public',
      "kubectl get secret reg -o jsonpath='{.type}'; echo",
      "kubectl get secret web -n kube-public -o jsonpath='{.type} {.data.tls\\.key}'; echo",
    ].join('\n'));
    expect(out).toContain('$ kubectl create secret docker-registry reg --docker-username=u --docker-password=p --docker-email=e\nsecret/reg created\n');
    // create_secret_docker.go: fmt.Errorf("failed to create secret %v", err), no colon.
    expect(out).toContain('error: failed to create secret secrets "reg" already exists\n');
    expect(out).toContain('secret/web created\n');
    expect(out).toContain('\nkubernetes.io/dockerconfigjson\n');
    expect(out).toContain(`\nkubernetes.io/tls ${btoa(PEM_KEY)}\n`);
  });
  it('the .dockerconfigjson is Go\'s json.Marshal of the auths map', () => {
    // The real binary's -o json for --docker-username=u --docker-password=p --docker-email=e (base64-decoded).
    expect(dockerConfigJSON('u', 'p', 'e', 'https://index.docker.io/v1/')).toBe('{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p","email":"e","auth":"dTpw"}}}');
  });
  it('crypto/tls texts for PEM inputs', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----\n';
    const key = '-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----\n';
    expect(() => checkKeyPair('a', key)).toThrow('tls: failed to find any PEM data in certificate input');
    expect(() => checkKeyPair(key, cert)).toThrow('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    expect(() => checkKeyPair(cert, 'b')).toThrow('tls: failed to find any PEM data in key input');
    expect(() => checkKeyPair(cert, cert)).toThrow('tls: found a certificate rather than a key in the PEM for the private key');
    expect(() => checkKeyPair(cert, key)).not.toThrow();
  });
});

describe('kubectl debug', () => {
  it('a pod: the ephemeralcontainers patch adds the debug container', async () => {
    const out = await runScript('kubectl run web --image=nginx\nkubectl debug web --image=busybox --profile=general\nkubectl debug web --image=busybox -c dbg\nkubectl get pod web -o jsonpath={.spec.ephemeralContainers[*].name}\nkubectl debug nope --image=busybox --profile=general', { seed: 5 });
    expect(out).toMatch(/\$ kubectl debug web --image=busybox --profile=general\nDefaulting debug container name to debugger-[bcdfghjklmnpqrstvwxz2456789]{5}\.\n\$/);
    expect(out).toContain('$ kubectl debug web --image=busybox -c dbg\n--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n$');
    expect(out).toMatch(/jsonpath=\{\.spec\.ephemeralContainers\[\*\]\.name\}\ndebugger-[a-z0-9]{5} dbg\n/);
    expect(out).toContain('Error from server (NotFound): pods "nope" not found\n');
  });
  it('node/NAME creates the node debugging pod in the host namespaces', async () => {
    const cluster = new Cluster({ seed: 2 }).boot();
    const k = kubectlRunner(cluster);
    const r = await k.run(['debug', 'node/worker-1', '--image=busybox', '--profile=general', '--', 'sleep', '3600']);
    const m = /^Creating debugging pod (node-debugger-worker-1-[bcdfghjklmnpqrstvwxz2456789]{5}) with container debugger on node worker-1\.\n$/.exec(r.output);
    expect(m).not.toBeNull();
    const pod = cluster.client('test').get('pods', 'default', m![1]) as { spec: Record<string, any>; metadata: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(pod.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kubectl-debug' });
    expect(pod.spec.nodeName).toBe('worker-1');
    expect([pod.spec.hostNetwork, pod.spec.hostPID, pod.spec.hostIPC]).toEqual([true, true, true]);
    expect(pod.spec.volumes[0]).toMatchObject({ name: 'host-root', hostPath: { path: '/' } });
    expect(pod.spec.containers[0]).toMatchObject({ name: 'debugger', image: 'busybox', command: ['sleep', '3600'] });
    expect(pod.spec.containers[0].volumeMounts[0]).toEqual({ name: 'host-root', mountPath: '/host' });
    expect(pod.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    const d = await k.run(['debug', 'deploy/none', '--image=busybox', '--profile=general']);
    expect(d.output).toBe('Error from server (NotFound): deployments.apps "none" not found\n');
  });
  it('image references as distribution/reference parses them', () => {
    for (const ok of ['busybox', 'busybox:1.36', 'registry.k8s.io/e2e-test-images/agnhost:2.53', 'localhost:5000/a/b', 'nginx@sha256:' + 'a'.repeat(64)]) expect(validImageReference(ok)).toBe(true);
    for (const bad of ['BAD', 'busybox:', 'a//b', ':tag']) expect(validImageReference(bad)).toBe(false);
  });
});
