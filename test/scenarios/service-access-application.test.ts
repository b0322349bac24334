/**
 * The task "Use a Service to Access an Application in a Cluster" (kubernetes.io/docs/tasks/access-application-cluster/
 * service-access-application-cluster), step by step. Its file, service/access/hello-application.yaml, runs
 * us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0 (Google's samples moved from gcr.io/google-samples to
 * Artifact Registry; the same quickstarts/hello-app build): "Hello, world!", "Version: 2.0.0", "Hostname: <pod>".
 * The Deployment in the file has no labels of its own, so the Service `kubectl expose` makes has none either (the
 * page's sample output, from the days of `kubectl run`, shows run=load-balancer-example). Our nodes have no public
 * address: the page's <public-node-ip> is a node's InternalIP, reached from the control plane.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const lines = (s: string) => s.split('\n');

describe('Use a Service to Access an Application in a Cluster', () => {
  it('runs two hello-app pods, exposes them on a NodePort, and each node port answers with a pod\'s hello', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/service/access/hello-application.yaml')).out).toBe('deployment.apps/hello-world created\n');
    await run('kubectl wait --for=condition=Available deployment/hello-world --timeout=120s');

    const dep = lines((await run('kubectl get deployments hello-world')).out);
    expect(dep[0]).toBe('NAME          READY   UP-TO-DATE   AVAILABLE   AGE');
    expect(dep[1]).toMatch(/^hello-world {3}2\/2 {5}2 {12}2 {11}\d+s$/);
    const describe = (await run('kubectl describe deployments hello-world')).out;
    expect(describe).toContain('\nSelector:               run=load-balancer-example\nReplicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n');
    expect(describe).toContain('\n    Image:         us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0\n    Port:          8080/TCP\n');
    const rs = (await run(`kubectl get replicasets -o jsonpath='{.items[0].metadata.name}'`)).out;
    expect(describe).toMatch(new RegExp(`Normal {2}ScalingReplicaSet {2}\\d+s +deployment-controller {2}Scaled up replica set ${rs} from 0 to 2\\n$`));

    const rsTable = lines((await run('kubectl get replicasets')).out);
    expect(rsTable[0]).toMatch(/^NAME +DESIRED {3}CURRENT {3}READY {3}AGE$/);
    expect(rsTable[1]).toMatch(new RegExp(`^${rs} +2 {9}2 {9}2 {7}\\d+s$`));
    const rsDescribe = (await run('kubectl describe replicasets')).out;
    expect(rsDescribe).toContain('\nControlled By:  Deployment/hello-world\nReplicas:       2 current / 2 desired\nPods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');

    expect((await run('kubectl expose deployment hello-world --type=NodePort --name=example-service')).out).toBe('service/example-service exposed\n');
    await run('sleep 2');
    const svc = lines((await run('kubectl describe services example-service')).out);
    const pods = lines((await run('kubectl get pods --selector="run=load-balancer-example" --output=wide')).out).slice(1, -1).map((l) => l.split(/ +/));
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p[1] === '1/1' && p[2] === 'Running')).toBe(true);
    const nodePort = (await run(`kubectl get svc example-service -o jsonpath='{.spec.ports[0].nodePort}'`)).out;
    expect(svc.slice(0, 5)).toEqual(['Name:                     example-service', 'Namespace:                default', 'Labels:                   <none>', 'Annotations:              <none>', 'Selector:                 run=load-balancer-example']);
    expect(svc).toContain('Type:                     NodePort');
    expect(svc).toContain('Port:                     <unset>  8080/TCP');
    expect(svc).toContain('TargetPort:               8080/TCP');
    expect(svc).toContain(`NodePort:                 <unset>  ${nodePort}/TCP`);
    expect(svc.find((l) => l.startsWith('Endpoints:'))!.replace(/^Endpoints: +/, '').split(',').sort()).toEqual(pods.map((p) => `${p[5]}:8080`).sort());
    expect(svc).toContain('Session Affinity:         None');
    expect(svc).toContain('Events:                   <none>');

    // Any node's address and the node port: a hello from one of the two pods.
    const nodeIPs = (await run(`kubectl get nodes -o jsonpath='{.items[*].status.addresses[?(@.type=="InternalIP")].address}'`)).out.split(' ');
    const hosts = new Set<string>();
    for (const ip of nodeIPs) {
      for (let i = 0; i < 6; i++) {
        const out = (await run(`curl http://${ip}:${nodePort}`)).out;
        expect(out).toMatch(/^Hello, world!\nVersion: 2\.0\.0\nHostname: hello-world-[a-z0-9]+-[a-z0-9]{5}\n$/);
        hosts.add(out.split('Hostname: ')[1].trim());
      }
    }
    expect([...hosts].sort()).toEqual(pods.map((p) => p[0]).sort());
    expect((await run(`kubectl logs ${pods[0][0]}`)).out).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Server listening on port 8080\n(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Serving request: \/\n)+$/);

    expect((await run('kubectl delete services example-service')).out).toMatch(/^service "example-service" deleted/);
    expect((await run('kubectl delete deployment hello-world')).out).toMatch(/^deployment\.apps "hello-world" deleted/);
  });
});
