import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { kubectlRunner } from '../test-helpers.js';
import { threeWayMergePatch } from './apply-patch.js';
import { deploymentStatus } from './rollout.js';
import { effectiveGracePeriod } from './delete.js';
import { parseTaintSpecs, reorganizeTaints } from './taint.js';
import { podVerdict } from './drain.js';

// Expected texts: kubectl v1.35.2 (`--dry-run=client` output and error texts of the real binary),
// or its source (kubectl/pkg/cmd/{delete,label,taint,drain,rollout}, polymorphichelpers/rollout_status.go).

function setup(seed = 3) {
  const cluster = new Cluster({ seed }).boot();
  return { cluster, k: kubectlRunner(cluster) };
}

describe('create generators (client dry run, compared with the real binary)', () => {
  it('deployment YAML with replicas, port and command', async () => {
    const { k } = setup();
    const r = await k.run(['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '10']);
    expect(r.stdout).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - command:
        - sleep
        - "10"
        image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
`);
  });

  it('deployment JSON keeps the Go field order', async () => {
    const { k } = setup();
    const r = await k.run(['create', 'deployment', 'web', '--image=nginx', '--image=busybox', '--dry-run=client', '-o', 'json']);
    expect(r.stdout).toBe(`{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 1,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "resources": {}
                    },
                    {
                        "name": "busybox",
                        "image": "busybox",
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
`);
  });

  it('--save-config stores the typed object as last-applied', async () => {
    const { k } = setup();
    const r = await k.run(['create', 'deployment', 'web', '--image=nginx', '--save-config', '--dry-run=client', '-o', 'yaml']);
    expect(r.stdout.split('\n').slice(0, 5).join('\n')).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |`);
    expect(r.stdout).toContain('      {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}\n');
  });

  it('services, namespace, configmap, secret', async () => {
    const { k } = setup();
    expect((await k.run(['create', 'service', 'nodeport', 'web', '--tcp=80:8080', '--node-port=30080', '--dry-run=client', '-o', 'yaml'])).stdout).toBe(`apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
  name: web
spec:
  ports:
  - name: 80-8080
    nodePort: 30080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: NodePort
status:
  loadBalancer: {}
`);
    expect((await k.run(['create', 'service', 'loadbalancer', 'web', '--tcp=80,443:8443', '--dry-run=client', '-o', 'yaml'])).stdout).toContain(`  ports:
  - name: "80"
    port: 80
    protocol: TCP
    targetPort: 80
  - name: 443-8443
    port: 443
    protocol: TCP
    targetPort: 8443
`);
    expect((await k.run(['create', 'namespace', 'dev', '--dry-run=client', '-o', 'yaml'])).stdout).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\nspec: {}\nstatus: {}\n');
    expect((await k.run(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=x,y', '--dry-run=client', '-o', 'yaml'])).stdout).toBe('apiVersion: v1\ndata:\n  a: "1"\n  b: x,y\nkind: ConfigMap\nmetadata:\n  name: cfg\n');
    expect((await k.run(['create', 'secret', 'generic', 's', '--from-literal=user=admin', '--from-literal=pw=s3cr3t', '--dry-run=client', '-o', 'yaml'])).stdout).toBe('apiVersion: v1\ndata:\n  pw: czNjcjN0\n  user: YWRtaW4=\nkind: Secret\nmetadata:\n  name: s\n');
    expect((await k.run(['create', 'deployment', 'x', '--image=nginx', '-n', 'dev', '--dry-run=client', '-o', 'yaml'])).stdout).toContain('  name: x\n  namespace: dev\n');
    expect((await k.run(['create', 'deployment', 'web', '--image=nginx', '--dry-run=client'])).stdout).toBe('deployment.apps/web created (dry run)\n');
  });

  it('errors as the real binary prints them, nothing created', async () => {
    const { k, cluster } = setup();
    const cases: [string[], string][] = [
      [['create', 'deployment', 'web', '--dry-run=client'], 'error: required flag(s) "image" not set\n'],
      [['create', 'deployment', '--image=nginx'], "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"],
      [['create', 'deployment', 'x', '--image=nginx', '--dry-run=foo'], 'error: Invalid dry-run value (foo). Must be "none", "server", or "client".\n'],
      [['create', 'configmap', 'c', '--from-literal=a'], 'error: invalid literal source a, expected key=value\n'],
      [['create', 'configmap', 'c', '--from-literal=a=1', '--from-literal=a=2'], 'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"\n'],
      [['create', 'service', 'clusterip', 'web'], 'error: at least one tcp port specifier must be provided\n'],
      [['create', 'service', 'clusterip', 'web', '--tcp=abc'], 'error: strconv.ParseUint: parsing "abc": invalid syntax\n'],
      [['create', 'namespace'], "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples\n"],
    ];
    for (const [args, err] of cases) {
      const r = await k.run(args);
      expect(r.stderr, args.join(' ')).toBe(err);
      expect(r.code).toBe(1);
    }
    expect(cluster.client().tryGet('configmaps', 'default', 'c')).toBeUndefined();
  });

  it('create then create again: AlreadyExists from the server, wrapped by create deployment', async () => {
    const { k } = setup();
    expect((await k.run(['create', 'deployment', 'web', '--image=nginx'])).stdout).toBe('deployment.apps/web created\n');
    const r = await k.run(['create', 'deployment', 'web', '--image=nginx']);
    // create_deployment.go: fmt.Errorf("failed to create deployment: %v", err); the real binary prints the same (writes.sh).
    expect(r.stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
  });
});

describe('apply: three-way strategic merge patch', () => {
  const dep = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { ...extra, template: { spec: { containers } } } });

  it('removes a list item the user deleted since the last apply, by merge key', () => {
    const orig = dep([{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }]);
    const mod = dep([{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }] }]);
    const p = threeWayMergePatch(orig, mod, orig, 'Deployment');
    expect(p).toEqual({ spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'B', $patch: 'delete' }] }] } } } });
  });

  it('keeps fields a controller or another client set (not in last-applied)', () => {
    const orig = dep([{ name: 'a', image: 'x' }]);
    const current = dep([{ name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent' }], { replicas: 5 });
    expect(threeWayMergePatch(orig, orig, current, 'Deployment')).toEqual({});
  });

  it('adds new fields and list items, drops removed scalar fields', () => {
    const orig = dep([{ name: 'a', image: 'x' }], { minReadySeconds: 5 });
    const mod = dep([{ name: 'a', image: 'y' }, { name: 'b', image: 'z' }], { replicas: 2 });
    const p = threeWayMergePatch(orig, mod, orig, 'Deployment') as { spec: Record<string, unknown> };
    expect(p.spec.minReadySeconds).toBeNull();
    expect(p.spec.replicas).toBe(2);
    expect((p.spec.template as { spec: { containers: unknown[] } }).spec.containers).toEqual([{ name: 'a', image: 'y' }, { name: 'b', image: 'z' }]);
  });

  it('created, unchanged, configured; a scale done by someone else survives', async () => {
    const { k, cluster } = setup();
    const manifest = (image: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        env: [${env}]
`;
    k.fs.writeFile('/root/web.yaml', manifest('nginx:1.25', '{name: A, value: "1"}, {name: B, value: "2"}'));
    expect((await k.run(['apply', '-f', 'web.yaml'])).stdout).toBe('deployment.apps/web created\n');
    expect((await k.run(['apply', '-f', 'web.yaml'])).stdout).toBe('deployment.apps/web unchanged\n');
    expect((await k.run(['scale', 'deploy/web', '--replicas=4'])).stdout).toBe('deployment.apps/web scaled\n');
    k.fs.writeFile('/root/web.yaml', manifest('nginx:1.26', '{name: A, value: "1"}'));
    expect((await k.run(['apply', '-f', 'web.yaml'])).stdout).toBe('deployment.apps/web configured\n');
    const d = cluster.client().get('deployments.apps', 'default', 'web') as KObject & { spec: { replicas: number; template: { spec: { containers: { image: string; env: unknown[] }[] } } } };
    expect(d.spec.replicas).toBe(4);
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    const r = await k.run(['apply', '-f', 'web.yaml', '-n', 'other']);
    expect(r.stderr).toBe('Error from server (NotFound): error when creating "web.yaml": namespaces "other" not found\n');
  });

  it('the API server stores every quantity canonical, in the Deployment, its ReplicaSet and their pod (Quantity.String)', async () => {
    const { cluster, k } = setup();
    k.fs.writeFile('/root/q.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: q
spec:
  selector: {matchLabels: {app: q}}
  template:
    metadata: {labels: {app: q}}
    spec:
      volumes: [{name: v, emptyDir: {sizeLimit: 1024Mi}}]
      containers:
      - name: a
        image: nginx:1.27
        resources:
          requests: {cpu: 0.5, memory: 1000000000}
          limits: {cpu: "1.0", memory: 1Gi}
      - name: b
        image: nginx:1.27
        resources:
          requests: {cpu: 0.1, memory: 1536Mi}
`);
    expect((await k.run(['apply', '-f', 'q.yaml'])).stdout).toBe('deployment.apps/q created\n');
    cluster.advance(20_000);
    // 1.0 → 1, 0.5 → 500m, 1000000000 → 1G, 0.1 → 100m, 1024Mi → 1Gi; 1Gi and 1536Mi are canonical already.
    const resources = (indent: string) => ['', `resources:
  limits:
    cpu: "1"
    memory: 1Gi
  requests:
    cpu: 500m
    memory: 1G`, `resources:
  requests:
    cpu: 100m
    memory: 1536Mi`, 'sizeLimit: 1Gi'].map((b) => b.replaceAll('\n', `\n${indent}`));
    for (const [args, indent] of [[['get', 'deploy', 'q'], '        '], [['get', 'rs', '-l', 'app=q'], '          '], [['get', 'pod', '-l', 'app=q'], '      ']] as const) {
      const out = (await k.run([...args, '-o', 'yaml'])).stdout;
      for (const block of resources(indent).slice(1)) expect(out).toContain(block);
      expect(out).not.toMatch(/: (0\.5|0\.1|"1\.0"|1000000000|1024Mi)$/m);
    }
    // The three-way patch diffs the live object against the file too (CreateThreeWayMergePatch's delta from current):
    // 500m against 0.5 makes a patch, so kubectl says configured, though the stored object does not change.
    const before = cluster.client().get('deployments.apps', 'default', 'q').metadata.resourceVersion;
    expect((await k.run(['apply', '-f', 'q.yaml'])).stdout).toBe('deployment.apps/q configured\n');
    expect(cluster.client().get('deployments.apps', 'default', 'q').metadata.resourceVersion).toBe(before);
  });

  it('a manifest namespace different from -n', async () => {
    const { k } = setup();
    k.fs.writeFile('/root/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n');
    const r = await k.run(['apply', '-f', 'cm.yaml', '-n', 'b']);
    expect(r.stderr).toBe(`error: the namespace from the provided object "a" does not match the namespace "b". You must pass '--namespace=a' to perform this operation.\n`);
  });
});

describe('delete, label, taint, drain decisions', () => {
  it('grace period rules of DeleteOptions.Complete', () => {
    expect(effectiveGracePeriod(-1, true, false)).toBe(1);
    expect(effectiveGracePeriod(0, false, false)).toBe(1);
    expect(effectiveGracePeriod(-1, false, true)).toBe(0);
    expect(() => effectiveGracePeriod(5, true, false)).toThrow('--now and --grace-period cannot be specified together');
  });

  it('delete prints "deleted from <ns> namespace" and waits until the pod is gone', async () => {
    const { k, cluster } = setup();
    await k.run(['run', 'web', '--image=nginx']);
    cluster.advance(20_000);
    const r = await k.run(['delete', 'pod', 'web'], { abortAfterMs: 120_000 });
    expect(r.stdout).toBe('pod "web" deleted from default namespace\n');
    expect(cluster.client().tryGet('pods', 'default', 'web')).toBeUndefined();
    const f = await k.run(['delete', 'pod', 'web', '--force', '--grace-period=0']);
    expect(f.stderr).toBe('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\nError from server (NotFound): pods "web" not found\n');
    expect((await k.run(['delete', 'pod', 'web', '--ignore-not-found'])).stdout).toBe('No resources found\n');
  });

  it('label messages and the overwrite error', async () => {
    const { k } = setup();
    await k.run(['create', 'configmap', 'c', '--from-literal=a=1']);
    expect((await k.run(['label', 'cm', 'c', 'app=web'])).stdout).toBe('configmap/c labeled\n');
    expect((await k.run(['label', 'cm', 'c', 'app=db'])).stderr).toBe("error: 'app' already has a value (web), and --overwrite is false\n");
    expect((await k.run(['label', 'cm', 'c', 'app=web'])).stdout).toBe('configmap/c not labeled\n');
    expect((await k.run(['label', 'cm', 'c', 'app-'])).stdout).toBe('configmap/c unlabeled\n');
    expect((await k.run(['annotate', 'cm', 'c', 'note=x'])).stdout).toBe('configmap/c annotated\n');
  });

  it('taint specs and reorganization', () => {
    const { add, remove } = parseTaintSpecs(['dedicated=gpu:NoSchedule', 'old:NoExecute-']);
    expect(add).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(remove).toEqual([{ key: 'old', effect: 'NoExecute' }]);
    expect(() => parseTaintSpecs(['a=b:Bad'])).toThrow('invalid taint effect: Bad, unsupported taint effect');
    const r = reorganizeTaints([{ key: 'old', effect: 'NoExecute' }], add, remove, false);
    expect(r.operation).toBe('modified');
    expect(r.taints).toEqual(add);
    expect(reorganizeTaints([], [], [{ key: 'x' }], false).errors[0].message).toBe('taint "x" not found');
  });

  it('drain filters', () => {
    const pod = (extra: Record<string, unknown>) => ({ metadata: { name: 'p', namespace: 'd', ...extra }, spec: {}, status: { phase: 'Running' } }) as unknown as KObject;
    const ds = pod({ ownerReferences: [{ kind: 'DaemonSet', controller: true, name: 'x', uid: '1', apiVersion: 'apps/v1' }] });
    expect(podVerdict(ds, { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false })).toEqual({ delete: false, reason: 'Error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' });
    expect(podVerdict(ds, { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false }).reason).toBe('Warning');
    expect(podVerdict(pod({}), { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false }).message).toBe('cannot delete Pods that declare no controller (use --force to override)');
  });
});

describe('rollout', () => {
  it('status lines of DeploymentStatusViewer', () => {
    const d = (status: Record<string, unknown>, generation = 2) => ({ metadata: { name: 'web', generation }, spec: { replicas: 3 }, status: { observedGeneration: 2, ...status } });
    expect(deploymentStatus(d({ updatedReplicas: 1, replicas: 3 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    expect(deploymentStatus(d({ updatedReplicas: 3, replicas: 4 })).message).toBe('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n');
    expect(deploymentStatus(d({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message).toBe('Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n');
    expect(deploymentStatus(d({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({ message: 'deployment "web" successfully rolled out\n', done: true });
    expect(deploymentStatus(d({}, 3)).message).toBe('Waiting for deployment spec update to be observed...\n');
    expect(deploymentStatus(d({ conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] })).error).toBe('deployment "web" exceeded its progress deadline');
  });

  it('status, image update, history, undo over virtual time', async () => {
    const { k, cluster } = setup();
    await k.run(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2']);
    const s = await k.run(['rollout', 'status', 'deployment/web'], { abortAfterMs: 300_000 });
    expect(s.stdout.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
    expect((await k.run(['set', 'image', 'deploy/web', 'nginx=nginx:1.26'])).stdout).toBe('deployment.apps/web image updated\n');
    expect((await k.run(['set', 'image', 'deploy/web', 'foo=bar'])).stderr).toBe('error: unable to find container named "foo"\n');
    await k.run(['rollout', 'status', 'deployment/web'], { abortAfterMs: 300_000 });
    expect((await k.run(['rollout', 'history', 'deploy/web'])).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect((await k.run(['rollout', 'undo', 'deploy/web'])).stdout).toBe('deployment.apps/web rolled back\n');
    expect((await k.run(['rollout', 'undo', 'deploy/web', '--to-revision=9'])).stderr).toBe('error: unable to find specified revision 9 in history\n');
    const img = (cluster.client().get('deployments.apps', 'default', 'web').spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;
    expect(img).toBe('nginx:1.25');
    expect((await k.run(['rollout', 'pause', 'deploy/web'])).stdout).toBe('deployment.apps/web paused\n');
    // objectpauser.go: a paused Deployment is an error, not an `already paused` line.
    expect((await k.run(['rollout', 'pause', 'deploy/web'])).stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(cluster.clock.errors).toEqual([]);
  });
});

describe('delete -f names the file in a failed delete (delete.go deleteResource → cmdutil.AddSourceToErr)', () => {
  it('wraps the server\'s NotFound and keeps its reason', async () => {
    const { k } = setup();
    k.fs.writeFile('/root/ghost.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ghost\n');
    const r = await k.run(['delete', '-f', '/root/ghost.yaml']);
    expect(r.stderr).toBe('Error from server (NotFound): error when deleting "/root/ghost.yaml": configmaps "ghost" not found\n');
    expect(r.code).toBe(1);
  });
});
