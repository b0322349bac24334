/**
 * The registry warnings kube-apiserver v1.35 returns on writes, as kubectl prints them (`Warning: <text>` on stderr,
 * before the object's line). Expected texts from v1.35's pkg/api/pod/warnings.go and its warnings_test.go cases,
 * pkg/registry/apps/deployment/strategy.go (WarningsOnCreate; WarningsOnUpdate only when the generation changes),
 * pkg/registry/core/pod/strategy.go (no warnings on a Pod's update) and pkg/api/service/warnings.go; the dotted
 * Pod name's line as kubernetes/kubernetes#134198 shows real kubectl printing it.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../engine/shell/interactive-test-helpers.js';

type Run = (line: string) => Promise<{ out: string; status: number }>;
const write = (run: Run, file: string, text: string) => run(`cat > ${file} <<'EOF'\n${text}EOF`);

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      nodeSelector:
        beta.kubernetes.io/os: linux
      containers:
      - name: nginx
        image: nginx
        resources:
          requests:
            memory: 1500m
`;

const NODE_SELECTOR = `${WARNING} spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead\n`;
const MEMORY = `${WARNING} spec.template.spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer\n`;

describe('API warnings (registry WarningsOnCreate/WarningsOnUpdate)', () => {
  it('a Deployment\'s template warns on create and on each update that changes its generation, not on a label change', async () => {
    const { run } = await interactiveSession();
    await write(run, 'web.yaml', deployment(1));
    expect((await run('kubectl apply -f web.yaml')).out).toBe(`${NODE_SELECTOR}${MEMORY}deployment.apps/web created\n`);
    // Unchanged: no request is sent, nothing is warned of.
    expect((await run('kubectl apply -f web.yaml')).out).toBe('deployment.apps/web unchanged\n');
    await write(run, 'web.yaml', deployment(2));
    expect((await run('kubectl apply -f web.yaml')).out).toBe(`${NODE_SELECTOR}${MEMORY}deployment.apps/web configured\n`);
    // A label leaves the spec and annotations, so the generation, as they were: no warning.
    expect((await run('kubectl label deployment web tier=frontend')).out).toBe('deployment.apps/web labeled\n');
    expect((await run('kubectl scale deployment web --replicas=3')).out).toBe(`${NODE_SELECTOR}${MEMORY}deployment.apps/web scaled\n`);
    // A server-side dry run goes through BeforeUpdate like the write itself, warnings and all.
    await write(run, 'web.yaml', deployment(4));
    expect((await run('kubectl apply -f web.yaml --dry-run=server')).out).toBe(`${NODE_SELECTOR}${MEMORY}deployment.apps/web configured (server dry run)\n`);
    // No noise: a Deployment without any of it is created silently.
    expect((await run('kubectl create deployment api --image=nginx')).out).toBe('deployment.apps/api created\n');
  });

  it('a Pod with a dotted name or duplicate ports warns once, at create; its updates do not warn', async () => {
    const { run } = await interactiveSession();
    // kubectl run names the container after the Pod, which a container name may not be with dots: a manifest it is.
    await write(run, 'dotted.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx.1\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n');
    expect((await run('kubectl create -f dotted.yaml')).out).toBe(
      `${WARNING} metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]\npod/nginx.1 created\n`);
    await write(run, 'pod.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: ports
spec:
  containers:
  - name: a
    image: nginx
    ports:
    - containerPort: 80
  - name: b
    image: busybox
    command: ["sleep", "3600"]
    ports:
    - containerPort: 80
      hostIP: 10.0.0.1
`);
    expect((await run('kubectl create -f pod.yaml')).out).toBe(
      `${WARNING} spec.containers[1].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:TCP HostIP:10.0.0.1}\n`
      + `${WARNING} spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]\n`
      + 'pod/ports created\n');
    expect((await run('kubectl label pod ports x=y')).out).toBe('pod/ports labeled\n');
    // The strategy's warnings (BeforeCreate) come before validating admission's, PodSecurity's among them.
    await run('kubectl label namespace default pod-security.kubernetes.io/warn=baseline');
    await write(run, 'host.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: host.net\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: nginx\n');
    expect((await run('kubectl create -f host.yaml')).out).toBe(
      `${WARNING} metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]\n`
      + `${WARNING} would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)\n`
      + 'pod/host.net created\n');
    // No noise: an ordinary Pod is created silently.
    expect((await run('kubectl run plain --image=nginx --port=80')).out).toBe('pod/plain created\n');
  });

  it('a Service of type ClusterIP with an externalName, and a headless one with externalIPs, are warned of', async () => {
    const { run } = await interactiveSession();
    await write(run, 'svc.yaml', `apiVersion: v1
kind: Service
metadata:
  name: headless
spec:
  clusterIP: None
  selector:
    app: x
  ports:
  - port: 80
  externalIPs:
  - 192.0.2.10
---
apiVersion: v1
kind: Service
metadata:
  name: named
spec:
  externalName: example.com
  ports:
  - port: 80
`);
    expect((await run('kubectl apply -f svc.yaml')).out).toBe(
      `${WARNING} spec.externalIPs is ignored for headless services\nservice/headless created\n`
      + `${WARNING} spec.externalName is ignored when spec.type is not "ExternalName"\nservice/named created\n`);
    // Every update of a Service is warned of again (WarningsOnUpdate has no generation check).
    expect((await run('kubectl label service named x=y')).out).toBe(
      `${WARNING} spec.externalName is ignored when spec.type is not "ExternalName"\nservice/named labeled\n`);
  });
});
