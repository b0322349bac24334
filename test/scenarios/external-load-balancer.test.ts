/**
 * The task "Create an External Load Balancer" (kubernetes.io/docs/tasks/access-application-cluster/
 * create-external-load-balancer), on our model: kubeadm with a cloud controller whose load balancers forward packets
 * to the nodes' NodePorts (the page's GCE-like case, where externalTrafficPolicy: Local keeps the client's address).
 * The page names a Deployment `example` serving on 9376 without giving it: here serve_hostname, which logs each
 * request's remote address, so the client address the backend sees can be read from `kubectl logs`. Requests from
 * outside the cluster are made through the cluster network directly: the learner's shell is on a node, where
 * kube-proxy would take the load balancer's address itself.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import { OUTSIDE_CLIENT_IP } from '../../engine/network/network.js';

describe('Create an External Load Balancer', () => {
  it('expose --type=LoadBalancer: the cloud\'s address in LoadBalancer Ingress, the client\'s address hidden with Cluster and kept with Local', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create deployment example --image=registry.k8s.io/serve_hostname --replicas=3');
    await run('kubectl wait --for=condition=Available deployment/example --timeout=120s');
    expect((await run('kubectl expose deployment example --port=8765 --target-port=9376 --name=example-service --type=LoadBalancer')).out).toBe('service/example-service exposed\n');
    // The cloud takes a few seconds: until then no LoadBalancer Ingress line, and EXTERNAL-IP is <pending>.
    expect((await run('kubectl describe service example-service')).out).not.toContain('LoadBalancer Ingress');
    expect((await run('kubectl get svc example-service')).out).toMatch(/\n(example-service {3}LoadBalancer {3}10\.[\d.]+ +<pending> +8765:3\d{4}\/TCP)/);
    await run('sleep 10');
    const describe = (await run('kubectl describe service example-service')).out.split('\n');
    const lb = (await run(`kubectl get svc example-service -o jsonpath='{.status.loadBalancer.ingress[0].ip}'`)).out;
    expect(lb).toMatch(/^203\.0\.113\.\d+$/);
    expect(describe).toContain(`LoadBalancer Ingress:     ${lb} (VIP)`);
    expect(describe).toContain('Port:                     <unset>  8765/TCP');
    expect(describe).toContain('TargetPort:               9376/TCP');
    expect(describe).toContain('External Traffic Policy:  Cluster');
    expect(describe.find((l) => l.startsWith('Endpoints:'))!.split(/ +/)[1].split(',')).toHaveLength(3);
    expect((await run(`kubectl get svc example-service -o jsonpath='{.metadata.finalizers}'`)).out).toBe('["service.kubernetes.io/load-balancer-cleanup"]');

    const podIPs = new Map((await run(`kubectl get pods -l app=example -o jsonpath='{range .items[*]}{.metadata.name} {.status.podIP}{"\\n"}{end}'`)).out.trim().split('\n').map((l) => l.split(' ') as [string, string]));
    const fromOutside = () => {
      const o = cluster.network.exchange({}, lb, 8765, { method: 'GET', path: '/', headers: { Host: `${lb}:8765` } });
      return o.kind === 'response' ? o.body : o.kind;
    };
    /** The address in the answering pod's last log line (serve_hostname: "HTTP request from <addr>"). */
    const seenBy = async (pod: string) => /HTTP request from ([\d.]+):\d+\n$/.exec((await run(`kubectl logs ${pod}`)).out)?.[1];

    // Cluster: "the source IP seen in the target container is not the original source IP of the client".
    for (let i = 0; i < 5; i++) {
      const pod = fromOutside();
      expect(podIPs.has(pod)).toBe(true);
      const seen = await seenBy(pod);
      expect(seen).toMatch(/^10\.244\.\d+\.[01]$/);
      expect(seen).not.toBe(OUTSIDE_CLIENT_IP);
    }

    // The page's configuration file with externalTrafficPolicy: Local, in place of the exposed Service.
    await run('kubectl delete service example-service');
    await run('sleep 5');
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: example-service\nspec:\n  selector:\n    app: example\n  ports:\n    - port: 8765\n      targetPort: 9376\n  externalTrafficPolicy: Local\n  type: LoadBalancer\n';
    expect((await run(`cat <<EOF | kubectl apply -f -\n${yaml}EOF`)).out).toBe('service/example-service created\n');
    await run('sleep 10');
    const hc = (await run(`kubectl get svc example-service -o jsonpath='{.spec.healthCheckNodePort}'`)).out;
    expect(Number(hc)).toBeGreaterThanOrEqual(30000);
    expect(Number(hc)).toBeLessThanOrEqual(32767);
    const lb2 = (await run(`kubectl get svc example-service -o jsonpath='{.status.loadBalancer.ingress[0].ip}'`)).out;
    expect((await run('kubectl describe service example-service')).out).toContain(`External Traffic Policy:  Local\nInternal Traffic Policy:  Cluster\nHealthCheck NodePort:     ${hc}\n`);
    for (let i = 0; i < 5; i++) {
      const o = cluster.network.exchange({}, lb2, 8765, { method: 'GET', path: '/', headers: { Host: `${lb2}:8765` } });
      expect(o.kind).toBe('response');
      const pod = o.kind === 'response' ? o.body : '';
      expect(await seenBy(pod)).toBe(OUTSIDE_CLIENT_IP);
    }
  });

  it('healthCheckNodePort: a requested one is honoured, taken from the NodePort range, and refused without LoadBalancer and Local', async () => {
    const { run } = await interactiveSession();
    const svc = (name: string, extra: string) => `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: example\n  ports:\n    - port: 8765\n      targetPort: 9376\n${extra}EOF`;
    expect((await run(svc('local', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30555\n'))).out).toBe('service/local created\n');
    expect((await run(`kubectl get svc local -o jsonpath='{.spec.healthCheckNodePort}'`)).out).toBe('30555');
    // Taken: neither another health check nor a NodePort can have it.
    expect((await run(svc('again', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30555\n'))).out)
      .toBe('Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed to allocate requested HealthCheck NodePort 30555: provided port is already allocated\n');
    expect((await run('kubectl create service nodeport np --tcp=80:80 --node-port=30555')).out)
      .toBe('error: failed to create NodePort service: Service "np" is invalid: spec.ports[0].nodePort: Invalid value: 30555: provided port is already allocated\n');
    expect((await run(svc('cluster', '  type: LoadBalancer\n  healthCheckNodePort: 30556\n'))).out)
      .toBe('The Service "cluster" is invalid: spec.healthCheckNodePort: Invalid value: 30556: may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'\n');
    expect((await run(svc('np', '  type: NodePort\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30556\n'))).out)
      .toBe('The Service "np" is invalid: spec.healthCheckNodePort: Invalid value: 30556: may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'\n');
    // Switching to Cluster drops it (the update does not name another), and the port is free again.
    expect((await run(`kubectl patch svc local -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`)).out).toBe('service/local patched\n');
    expect((await run(`kubectl get svc local -o jsonpath='{.spec.healthCheckNodePort}'`)).out).toBe('');
    expect((await run('kubectl create service nodeport np --tcp=80:80 --node-port=30555')).out).toBe('service/np created\n');
    // Back to Local: a new port is allocated.
    await run(`kubectl patch svc local -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    const hc = Number((await run(`kubectl get svc local -o jsonpath='{.spec.healthCheckNodePort}'`)).out);
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(hc).not.toBe(30555);
  });
});
