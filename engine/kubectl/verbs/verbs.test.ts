import { describe as suite, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { kubectlRunner } from '../test-helpers.js';
import { describePod, rfc1123z } from './describe.js';

// Expected texts: kubectl v1.35.2 binary (config, help) and kubectl/pkg/describe, pkg/metricsutil sources.
suite('kubectl config', () => {
  it('sets the namespace of later commands through the kubeconfig file', async () => {
    const c = new Cluster({ seed: 5 }).boot();
    const k = kubectlRunner(c);
    expect((await k.run(['config', 'current-context'])).stdout).toBe('kubernetes-admin@kubernetes\n');
    expect((await k.run(['config', 'set-context', '--current', '--namespace=dev'])).stdout).toBe('Context "kubernetes-admin@kubernetes" modified.\n');
    expect((await k.run(['config', 'get-contexts'])).stdout).toBe(
      'CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   dev\n');
    expect(k.fs.readFile('/root/.kube/config')).toContain('    namespace: dev\n');
    expect((await k.run(['get', 'pods'])).stderr).toBe('No resources found in dev namespace.\n');
    const bad = await k.run(['config', 'use-context', 'foo']);
    expect(bad.stderr).toBe('error: no context exists with the name: "foo"\n');
    expect(bad.code).toBe(1);
    const view = await k.run(['config', 'view']);
    expect(view.stdout).toBe(`apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://172.18.0.2:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    namespace: dev
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
users:
- name: kubernetes-admin
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
`);
  });

  it('reads a kubeconfig written by hand (loading the YAML library for it): its namespace applies to later commands', async () => {
    const c = new Cluster({ seed: 5 }).boot();
    const k = kubectlRunner(c);
    // Flow style and comments: a text kubectl never wrote, so it is read by the YAML library, loaded on demand.
    k.fs.mkdir('/root/.kube');
    k.fs.writeFile('/root/.kube/config', `# written by hand
apiVersion: v1
kind: Config
current-context: mine
contexts: [{name: mine, context: {cluster: kubernetes, user: kubernetes-admin, namespace: kube-system}}]
clusters: [{name: kubernetes, cluster: {server: "https://172.18.0.2:6443"}}]
users: [{name: kubernetes-admin, user: {}}]
`);
    expect((await k.run(['config', 'current-context'])).stdout).toBe('mine\n');
    const pods = await k.run(['get', 'pods', '-o', 'name']);
    expect(pods.code).toBe(0);
    expect(pods.stdout).toContain('pod/etcd-control-plane\n');
  });

  it('prints use-context help with its alias', async () => {
    const k = kubectlRunner(new Cluster({ seed: 5 }).boot());
    expect((await k.run(['config', 'use', '--help'])).stdout).toBe(`Set the current-context in a kubeconfig file.

Aliases:
use-context, use

Examples:
  # Use the context for the minikube cluster
  kubectl config use-context minikube

Usage:
  kubectl config use-context CONTEXT_NAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`);
  });
});

suite('kubectl describe', () => {
  it('lays out a pod as kubectl/pkg/describe does', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'default', labels: { app: 'web' }, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { nodeName: 'worker-1', serviceAccountName: 'default', priority: 0, containers: [{ name: 'c', image: 'nginx' }], tolerations: [] },
      status: { phase: 'Pending', hostIP: '172.18.0.3', podIPs: [], conditions: [{ type: 'PodScheduled', status: 'True' }], containerStatuses: [{ name: 'c', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }], qosClass: 'BestEffort' },
    };
    const ev = [{ metadata: { name: 'e' }, type: 'Normal', reason: 'Pulling', message: 'Pulling image "nginx"', source: { component: 'kubelet' }, firstTimestamp: '2026-01-01T00:00:05Z', lastTimestamp: '2026-01-01T00:01:00Z', count: 3 }] as unknown as KObject[];
    expect(describePod(pod, ev, Date.parse('2026-01-01T00:02:00Z'))).toBe(`Name:             p
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-1/172.18.0.3
Labels:           app=web
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  c:
    Container ID:   
    Image:          nginx
    Image ID:       
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       ContainerCreating
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type           Status
  PodScheduled   True 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:
  Type    Reason   Age                 From     Message
  ----    ------   ----                ----     -------
  Normal  Pulling  60s (x3 over 115s)  kubelet  Pulling image "nginx"
`);
    expect(rfc1123z('2026-03-05T07:08:09Z')).toBe('Thu, 05 Mar 2026 07:08:09 +0000');
  });

  it('reports a missing object', async () => {
    const k = kubectlRunner(new Cluster({ seed: 5 }).boot());
    const r = await k.run(['describe', 'pod', 'nope']);
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.code).toBe(1);
    const none = await k.run(['describe']);
    expect(none.stderr).toBe('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
  });
});

suite('kubectl api-resources, top', () => {
  it('lists discovery data with kubectl columns', async () => {
    const k = kubectlRunner(new Cluster({ seed: 5 }).boot());
    const r = await k.run(['api-resources', '--api-group=apps']);
    // As kubectl v1.35.2 prints the apps group (real-errors-gaps.txt, from the real binary).
    expect(r.stdout).toBe(`NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND
controllerrevisions                apps/v1      true         ControllerRevision
daemonsets            ds           apps/v1      true         DaemonSet
deployments           deploy       apps/v1      true         Deployment
replicasets           rs           apps/v1      true         ReplicaSet
statefulsets          sts          apps/v1      true         StatefulSet
`);
  });

  it('top pads every column and rejects bad sort keys', async () => {
    const k = kubectlRunner(new Cluster({ seed: 5 }).boot());
    const r = await k.run(['top', 'nodes', '--no-headers']);
    if (r.code === 0) {
      for (const line of r.stdout.split('\n').filter(Boolean)) expect(line).toMatch(/^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s+$/);
    } else expect(r.stderr).toMatch(/^error: (Metrics API not available|metrics not available yet)\n$/);
    const bad = await k.run(['top', 'pods', '--sort-by=name']);
    expect(bad.stderr).toBe('error: --sort-by accepts only cpu or memory\n');
  });
});
