/**
 * The tutorial "Using Source IP" (kubernetes.io/docs/tutorials/services/source-ip), step by step, on our model: a
 * kubeadm cluster (control-plane, worker-1, worker-2) with flannel (VXLAN, --ip-masq), kube-proxy in iptables mode
 * with clusterCIDR set from kubeadm's pod subnet, and a cloud controller whose load balancers forward packets (the
 * page's second kind: the client's address reaches the node). The learner's shell is on the control-plane node.
 *
 * What the backend sees, from kube-proxy's iptables proxier and the pod network:
 * - ClusterIP from a pod: no NAT of the source (the page: "always the client pod's IP address").
 * - NodePort, externalTrafficPolicy Cluster: KUBE-EXT marks it for masquerade; the node that received it rewrites the
 *   source to the address of the interface it leaves by: cni0 (10.244.N.1) when the endpoint is on that node,
 *   flannel.1 (10.244.N.0) when it is on another one (GCE's routes gave the page node addresses instead).
 * - NodePort, Local: only nodes with an endpoint answer (others drop: the page's one reply), the source kept; except
 *   that the node's own traffic (src-type LOCAL: the control plane curling its own address) goes to the cluster
 *   chain, masqueraded. So from the control plane, the loop prints two lines, not the page's one.
 * - LoadBalancer IP from a node: kube-proxy on that node takes it (ipMode VIP), as a NodePort from the node itself.
 *   From outside, the cloud's load balancer sends it to a node: masqueraded with Cluster; with Local only to nodes
 *   whose health check (kube-proxy on healthCheckNodePort, 200 with local endpoints, 503 without) passes, the
 *   client's address kept.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import { OUTSIDE_CLIENT_IP } from '../../engine/network/network.js';

const line = (s: string, re: RegExp) => s.split('\n').find((l) => re.test(l)) ?? '';

async function tutorial() {
  const lines: string[] = [];
  const s = await interactiveSession(lines);
  const { run } = s;
  expect((await run('kubectl create deployment source-ip-app --image=registry.k8s.io/echoserver:1.10')).out).toBe('deployment.apps/source-ip-app created\n');
  await run('kubectl wait --for=condition=Available deployment/source-ip-app --timeout=120s');
  const pod = (await run(`kubectl get pods -l app=source-ip-app -o jsonpath='{.items[0].metadata.name}'`)).out;
  const podNode = (await run(`kubectl get pod ${pod} -o jsonpath='{.spec.nodeName}'`)).out;
  const nodes = (await run(`kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.status.addresses[?(@.type=="InternalIP")].address} {.spec.podCIDR}{"\\n"}{end}'`)).out
    .trim().split('\n').map((l) => { const [name, ip, cidr] = l.split(' '); return { name, ip, cni0: cidr.replace(/0\/24$/, '1'), flannel: cidr.replace(/\/24$/, '') }; });
  /** MASQUERADE on `via` towards the echoserver pod. */
  const masq = (via: string) => { const n = nodes.find((x) => x.name === via)!; return via === podNode ? n.cni0 : n.flannel; };
  return { ...s, lines, pod, podNode, nodes, masq };
}

describe('Using Source IP', () => {
  it('ClusterIP: kube-proxy is in iptables mode, and the echoserver sees the client pod\'s own address', async () => {
    const { run, lines, screen, pod, podNode, cluster } = await tutorial();
    // "Run this in a shell on the node you want to query": kube-proxy's metrics port.
    expect((await run('curl http://localhost:10249/proxyMode')).out).toBe('iptables');
    expect((await run('kubectl expose deployment source-ip-app --name=clusterip --port=80 --target-port=8080')).out).toBe('service/clusterip exposed\n');
    const svc = (await run('kubectl get svc clusterip')).out.split('\n');
    expect(svc[0]).toBe('NAME        TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE');
    expect(svc[1]).toMatch(/^clusterip {3}ClusterIP {3}10\.\d+\.\d+\.\d+ +<none> {8}80\/TCP {4}\d+s$/);
    const clusterIP = (await run(`kubectl get svc clusterip -o jsonpath='{.spec.clusterIP}'`)).out;
    await run('sleep 2');

    lines.push('ip addr', `wget -qO - ${clusterIP}`, 'exit');
    await run('kubectl run busybox -it --image=busybox:1.28 --restart=Never --rm');
    const eth0 = /inet (10\.244\.\d+\.\d+)\/24 brd [\d.]+ scope global eth0/.exec(screen.text);
    expect(eth0).not.toBeNull();
    const page = screen.text.slice(screen.text.indexOf(`wget -qO - ${clusterIP}\n`));
    // The whole page, as the image's template renders it for busybox's wget.
    expect(page).toContain(`\n\nHostname: ${pod}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n` +
      `Request Information:\n\tclient_address=${eth0![1]}\n\tmethod=GET\n\treal path=/\n\tquery=\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://${clusterIP}:8080/\n\n` +
      `Request Headers:\n\tconnection=close\n\thost=${clusterIP}\n\tuser-agent=Wget\n\nRequest Body:\n\t-no body in request-\n\n`);
    // The access log has the same client.
    const log = (await run(`kubectl logs ${pod}`)).out.split('\n');
    expect(log.slice(0, 7)).toEqual(['Generating self-signed cert', 'Generating a 2048 bit RSA private key', expect.stringMatching(/^\.+\+\+\+$/), expect.stringMatching(/^\.+\+\+\+$/), "writing new private key to '/certs/privateKey.key'", '-----', 'Starting nginx']);
    expect(log[7]).toMatch(new RegExp(`^${eth0![1].replace(/\./g, '\\.')} - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "GET / HTTP/1\\.1" 200 \\d+ "-" "Wget"$`));

    // "whether the client pod and server pod are in the same node or in different nodes": a client beside it.
    await run(`kubectl run beside --image=busybox:1.28 --restart=Never --overrides='{"spec":{"nodeName":"${podNode}"}}' -- sleep 3600`);
    await run('kubectl wait --for=condition=Ready pod/beside --timeout=60s');
    const besideIP = (await run(`kubectl get pod beside -o jsonpath='{.status.podIP}'`)).out;
    expect((await run(`kubectl exec beside -- wget -qO - ${clusterIP}`)).out).toContain(`\tclient_address=${besideIP}\n`);
    // Hairpin: the pod reaching itself through its Service is masqueraded by its KUBE-SEP chain, to cni0's address
    // (the echoserver image has no client to show it).
    const podIP = (await run(`kubectl get pod ${pod} -o jsonpath='{.status.podIP}'`)).out;
    const self = cluster.network.exchange({ node: podNode, pod: { namespace: 'default', name: pod, ip: podIP } }, clusterIP, 80, { method: 'GET', path: '/', headers: { Host: clusterIP } });
    expect(self.kind === 'response' && /client_address=(\S+)/.exec(self.body)?.[1]).toBe(`${besideIP.split('.').slice(0, 3).join('.')}.1`);
  });

  it('NodePort: source NAT to the receiving node, then externalTrafficPolicy Local keeps the client and drops where there is no endpoint', async () => {
    const { run, nodes, podNode, masq } = await tutorial();
    expect((await run('kubectl expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 --type=NodePort')).out).toBe('service/nodeport exposed\n');
    await run('NODEPORT=$(kubectl get -o jsonpath="{.spec.ports[0].nodePort}" services nodeport)');
    await run(`NODES=$(kubectl get nodes -o jsonpath='{ $.items[*].status.addresses[?(@.type=="InternalIP")].address }')`);
    expect((await run('echo $NODES')).out).toBe(`${nodes.map((n) => n.ip).join(' ')}\n`);
    await run('sleep 2');
    // The template indents each value with a tab; grep keeps it.
    expect((await run('for node in $NODES; do curl -s $node:$NODEPORT | grep -i client_address; done')).out)
      .toBe(nodes.map((n) => `\tclient_address=${masq(n.name)}\n`).join(''));

    expect((await run(`kubectl patch svc nodeport -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)).out).toBe('service/nodeport patched\n');
    await run('sleep 2');
    const cp = nodes.find((n) => n.name === 'control-plane')!;
    // The control plane's own address: its traffic is src-type LOCAL, sent to any endpoint and masqueraded; the
    // endpoint's node keeps the control plane's address; the other worker drops it (curl gives up after 1 s).
    const expected = nodes.flatMap((n) => (n.name === cp.name ? [masq(cp.name)] : n.name === podNode ? [cp.ip] : []));
    const r = await run('for node in $NODES; do curl --connect-timeout 1 -s $node:$NODEPORT | grep -i client_address; done');
    expect(r.out).toBe(expected.map((a) => `\tclient_address=${a}\n`).join(''));
    const other = nodes.find((n) => n.name !== cp.name && n.name !== podNode)!;
    expect((await run(`curl --connect-timeout 1 ${other.ip}:$NODEPORT`)).out).toBe('curl: (28) Connection timed out after 1001 milliseconds\n');
    // Back to Cluster: every node answers again.
    await run(`kubectl patch svc nodeport -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`);
    await run('sleep 2');
    expect((await run(`curl -s ${other.ip}:$NODEPORT | grep client_address`)).out).toBe(`\tclient_address=${masq(other.name)}\n`);
  });

  it('LoadBalancer: the cloud\'s address, SNAT with Cluster, then Local with a health check node port that only the endpoint\'s node passes', async () => {
    const { run, cluster, nodes, podNode, masq, pod } = await tutorial();
    expect((await run('kubectl expose deployment source-ip-app --name=loadbalancer --port=80 --target-port=8080 --type=LoadBalancer')).out).toBe('service/loadbalancer exposed\n');
    await run('sleep 10');
    const svc = (await run('kubectl get svc loadbalancer')).out.split('\n');
    expect(svc[1]).toMatch(/^loadbalancer {3}LoadBalancer {3}10\.\d+\.\d+\.\d+ +203\.0\.113\.\d+ +80:3\d{4}\/TCP +\d+s$/);
    const lb = (await run(`kubectl get svc loadbalancer -o jsonpath='{.status.loadBalancer.ingress[0].ip}'`)).out;
    // From the control plane, kube-proxy there takes the load balancer's address itself (ipMode VIP).
    expect(line((await run(`curl ${lb}`)).out, /client_address/)).toBe(`\tclient_address=${masq('control-plane')}`);
    // From outside, the load balancer picks any node; that node masquerades.
    const outside = () => {
      const o = cluster.network.exchange({}, lb, 80, { method: 'GET', path: '/', headers: { Host: lb, 'User-Agent': 'curl/8.5.0', Accept: '*/*' }, userAgent: 'curl/8.5.0' });
      return o.kind === 'response' ? /client_address=(\S+)/.exec(o.body)![1] : o.kind;
    };
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(outside());
    expect([...seen].sort()).toEqual(nodes.map((n) => masq(n.name)).sort());

    // No health check port yet.
    expect((await run('kubectl get svc loadbalancer -o yaml | grep -i healthCheckNodePort')).status).toBe(1);
    expect((await run(`kubectl patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Local"}}'`)).out).toBe('service/loadbalancer patched\n');
    const hc = (await run('kubectl get svc loadbalancer -o yaml | grep -i healthCheckNodePort')).out;
    expect(hc).toMatch(/^ {2}healthCheckNodePort: 3\d{4}\n$/);
    const port = hc.trim().split(' ')[1];
    expect(line((await run('kubectl describe svc loadbalancer')).out, /^HealthCheck NodePort:/)).toBe(`HealthCheck NodePort:     ${port}`);
    // The page's selector is kubectl run's old label: this Deployment's pods are app=source-ip-app.
    expect((await run('kubectl get pod -o wide -l run=source-ip-app')).out).toBe('No resources found in default namespace.\n');
    expect((await run('kubectl get pod -o wide -l app=source-ip-app')).out).toContain(` ${podNode}   `);
    await run('sleep 2');

    // kube-proxy's health check server answers on every node (any path), kube-proxy v1.35's JSON.
    const health = (n: number) => `{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "loadbalancer"\n\t},\n\t"localEndpoints": ${n},\n\t"serviceProxyHealthy": true\n}`;
    expect((await run(`ssh ${podNode} curl -s localhost:${port}/healthz`)).out).toBe(health(1));
    const away = nodes.find((n) => n.name !== podNode)!;
    const r = (await run(`ssh ${away.name} curl -si localhost:${port}/healthz`)).out;
    expect(r).toMatch(new RegExp(`^HTTP/1\\.1 503 Service Unavailable\\r?\\nContent-Type: application/json\\r?\\nX-Content-Type-Options: nosniff\\r?\\nDate: .+ GMT\\r?\\nContent-Length: ${health(0).length}\\r?\\n\\r?\\n`));
    expect(r.endsWith(health(0))).toBe(true);
    expect((await run(`curl -s -o /dev/null -w '%{http_code}' ${nodes.find((n) => n.name === podNode)!.ip}:${port}/anything`)).out).toBe('200');

    // The load balancer now sends outside clients only to the endpoint's node, which keeps their address.
    for (let i = 0; i < 10; i++) expect(outside()).toBe(OUTSIDE_CLIENT_IP);
    expect((await run(`kubectl logs ${pod} --tail=1`)).out).toMatch(new RegExp(`^${OUTSIDE_CLIENT_IP.replace(/\./g, '\\.')} - - \\[`));
    // From a node, still the node's own traffic: masqueraded.
    expect(line((await run(`curl ${lb}`)).out, /client_address/)).toBe(`\tclient_address=${masq('control-plane')}`);

    // Back to Cluster: the health check port is released and its listener closes.
    await run(`kubectl patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'`);
    expect((await run('kubectl get svc loadbalancer -o yaml | grep -ci healthCheckNodePort')).out).toBe('0\n');
    await run('sleep 2');
    expect((await run(`curl -s localhost:${port}/healthz`)).status).toBe(7);

    // Clean up as the page says: its label selector matches nothing here, the Deployment goes.
    expect((await run('kubectl delete svc -l run=source-ip-app')).out).toBe('No resources found\n');
    expect((await run('kubectl delete deployment source-ip-app')).out).toMatch(/^deployment\.apps "source-ip-app" deleted/);
  });
  it('every program that reports its client sees the same address: agnhost /clientip, serve_hostname\'s log, nginx\'s access log', async () => {
    const { run } = await interactiveSession();
    const pin = `--overrides='{"spec":{"nodeName":"worker-1"}}'`;
    await run(`kubectl run agnhost --image=registry.k8s.io/e2e-test-images/agnhost:2.39 ${pin} -- netexec --http-port=8080`);
    await run(`kubectl run hostnames --image=registry.k8s.io/serve_hostname ${pin}`);
    await run(`kubectl run web --image=nginx ${pin}`);
    await run('kubectl wait --for=condition=Ready pod/agnhost pod/hostnames pod/web --timeout=120s');
    for (const [pod, port] of [['agnhost', 8080], ['hostnames', 9376], ['web', 80]] as const) await run(`kubectl expose pod ${pod} --port=${port} --type=NodePort`);
    await run('sleep 2');
    const nodePort = async (svc: string) => (await run(`kubectl get svc ${svc} -o jsonpath='{.spec.ports[0].nodePort}'`)).out;
    const nodeIP = async (n: string) => (await run(`kubectl get node ${n} -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}'`)).out;
    const cidr = async (n: string) => (await run(`kubectl get node ${n} -o jsonpath='{.spec.podCIDR}'`)).out;
    // Through worker-2's node port: masqueraded there, out by flannel.1 (worker-2's .0) towards worker-1.
    const w2 = await nodeIP('worker-2');
    const flannel = (await cidr('worker-2')).replace(/\/24$/, '');
    expect((await run(`curl -s ${w2}:${await nodePort('agnhost')}/clientip`)).out).toMatch(new RegExp(`^${flannel.replace(/\./g, '\\.')}:\\d+$`));
    await run(`curl -s ${w2}:${await nodePort('hostnames')}`);
    expect((await run('kubectl logs hostnames')).out).toMatch(new RegExp(`HTTP request from ${flannel.replace(/\./g, '\\.')}:\\d+\n$`));
    await run(`curl -s ${w2}:${await nodePort('web')}`);
    expect((await run('kubectl logs web --tail=1')).out.split(' ')[0]).toBe(flannel);
    // Through worker-1's own node port: out by its cni0 (.1).
    const cni0 = (await cidr('worker-1')).replace(/0\/24$/, '1');
    const w1 = await nodeIP('worker-1');
    expect((await run(`curl -s ${w1}:${await nodePort('agnhost')}/clientip`)).out).toMatch(new RegExp(`^${cni0.replace(/\./g, '\\.')}:\\d+$`));
    await run(`curl -s ${w1}:${await nodePort('web')}`);
    expect((await run('kubectl logs web --tail=1')).out.split(' ')[0]).toBe(cni0);
  });
});
