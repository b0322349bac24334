/** Shared set-up for the networking scenario tests. */
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { flatten, preloadContainerCommand, runInContainer } from '../../engine/network/commands/index.js';

// The containers' curl, wget and nslookup load on first use (with the clock held); these tests drive the clock
// synchronously, so the code is there first, as it is once the lab's prefetch has run.
await preloadContainerCommand(['curl']);

export function boot(seed = 7): Cluster {
  return new Cluster({ seed }).boot();
}

export function deployment(name: string, replicas: number, container: Record<string, unknown>, labels = { app: name }): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, ...container }] } } },
  } as KObject;
}

export const HOSTNAMES = { image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['serve-hostname', '--port=8080'], ports: [{ containerPort: 8080 }] };

export function service(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec } } as KObject;
}

export function busyboxPod(name: string, image = 'busybox:1.36', nodeName?: string): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name, image, command: ['sleep', '3600'] }] } } as KObject;
}

/** Runs argv as `kubectl exec` would, inside the pod's first container. */
export function execIn(c: Cluster, pod: string, argv: string[], namespace = 'default') {
  const p = c.client().get('pods', namespace, pod) as KObject & { spec: { nodeName: string } };
  const r = c.kubelets.get(p.spec.nodeName)!.exec(namespace, pod, undefined, argv);
  // These tests run commands whose code is in the engine's entry; one that loads on first use must be awaited.
  if (r instanceof Promise) throw new Error(`${argv[0]} loads its code: await the kubelet's exec`);
  return r;
}

/** One network command from a pod, straight through the container network function. */
export function fromPod(c: Cluster, pod: string, argv: string[], namespace = 'default') {
  const p = c.client().get('pods', namespace, pod) as KObject & { spec: { nodeName: string; containers: { image: string }[] }; status: { podIP: string } };
  const r = runInContainer(argv, { node: p.spec.nodeName, podIP: p.status.podIP, namespace, podName: pod, image: p.spec.containers[0].image }, c.network)!;
  return flatten(r);
}
