/**
 * Server-side apply merges by structured-merge-diff's schema, not by strategic merge's patchMergeKey: a Service's
 * ports are keyed by port and protocol (DNS's 53/UDP and 53/TCP are two items), a Service's selector is an atomic
 * map, and an applied configuration may not repeat a key (kubernetes/kubernetes#113482 shows v1.31's answer).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const file = (name: string, text: string) => `cat <<'EOF' > ${name}\n${text}EOF`;

const dnsService = (tcpName: string) => `apiVersion: v1
kind: Service
metadata:
  name: dns
spec:
  selector:
    app: dns
  ports:
  - name: dns
    port: 53
    protocol: UDP
  - name: ${tcpName}
    port: 53
    protocol: TCP
`;

describe('server-side apply of lists and maps', () => {
  it('keeps 53/UDP and 53/TCP apart: renaming one port changes only that one', async () => {
    const { run } = await interactiveSession();
    await run(file('svc.yaml', dnsService('dns-tcp')));
    expect((await run('kubectl apply --server-side -f svc.yaml')).out).toBe('service/dns serverside-applied\n');
    await run(file('svc.yaml', dnsService('dnstcp')));
    expect((await run('kubectl apply --server-side -f svc.yaml')).out).toBe('service/dns serverside-applied\n');
    expect((await run("kubectl get svc dns -o jsonpath='{range .spec.ports[*]}{.name} {.port}/{.protocol}{\"\\n\"}{end}'")).out).toBe('dns 53/UDP\ndnstcp 53/TCP\n');
  });

  it('replaces an atomic map whole: a forced selector drops the keys another manager set', async () => {
    const { run } = await interactiveSession();
    await run(file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n    tier: front\n  ports:\n  - port: 80\n'));
    expect((await run('kubectl create -f svc.yaml')).out).toBe('service/web created\n');
    await run(file('sel.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web2\n'));
    const conflict = await run('kubectl apply --server-side --field-manager=me -f sel.yaml');
    expect(conflict.out).toContain('Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .spec.selector');
    expect((await run('kubectl apply --server-side --field-manager=me --force-conflicts -f sel.yaml')).out).toBe('service/web serverside-applied\n');
    expect((await run("kubectl get svc web -o jsonpath='{.spec.selector}'")).out).toBe('{"app":"web2"}');
  });

  it('refuses a configuration that repeats a key, in structured-merge-diff\'s words, and stores nothing', async () => {
    const { run } = await interactiveSession();
    await run(file('dup.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dup-ports-ssa
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ssatest
  template:
    metadata:
      labels:
        app: ssatest
    spec:
      containers:
      - image: k8s.gcr.io/serve_hostname:v1.4
        name: serve
        ports:
        - containerPort: 93
          name: p
        - containerPort: 93
          name: q
`));
    const r = await run('kubectl apply --server-side -f dup.yaml');
    expect([r.out, r.status]).toEqual(['Error from server: failed to create typed patch object (default/dup-ports-ssa; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="serve"].ports: duplicate entries for key [containerPort=93,protocol="TCP"]\n', 1]);
    expect((await run('kubectl get deploy dup-ports-ssa')).out).toBe('Error from server (NotFound): deployments.apps "dup-ports-ssa" not found\n');
    // create takes it (validation only warns); a later server-side apply of the same text is refused the same way.
    expect((await run('kubectl create -f dup.yaml')).out).toContain('deployment.apps/dup-ports-ssa created\n');
    expect((await run('kubectl apply --server-side -f dup.yaml')).out).toBe(r.out);
  });

  it('refuses a configuration that carries managedFields, whether it creates or updates', async () => {
    const { run } = await interactiveSession();
    await run(file('m.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  managedFields:\n  - manager: x\n    operation: Apply\ndata:\n  a: "1"\n'));
    expect((await run('kubectl apply --server-side -f m.yaml')).out).toBe('Error from server (BadRequest): metadata.managedFields must be nil\n');
    await run('kubectl create configmap m --from-literal=a=1');
    expect((await run('kubectl apply --server-side -f m.yaml')).out).toBe('Error from server (BadRequest): metadata.managedFields must be nil\n');
  });
});
