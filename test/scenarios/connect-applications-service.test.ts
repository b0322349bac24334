/**
 * kubernetes.io's "Connecting Applications with Services" (content/en/docs/tutorials/services/
 * connect-applications-service.md), its commands as the page gives them, the expected texts its blocks in v1.35's
 * formats. Two versions of the page are in circulation for the DNS step: `kubectl run curl
 * --image=radial/busyboxplus:curl -i --tty --rm` (busybox 1.22: libc's nslookup, "Address 1: IP NAME") and
 * `kubectl run -i --tty --image busybox:1.37 dns-test --restart=Never --rm` (busybox's own resolver).
 *
 * The Secrets part: the node has no make, go or openssl, so `make keys` cannot run there; the page's manual step
 * (a Secret manifest with base64 data) can, and this test uses the certificate the page printed in that manifest
 * (CN=nginxsvc, valid from 2017-10-26 to 2018-10-26: it has expired, so the curlpod's `--cacert` check fails as
 * it would on a real cluster today). The Service is switched to a LoadBalancer with `kubectl patch` where the
 * page uses `kubectl edit` (an editor session).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const EX = 'https://k8s.io/examples/service/networking';
/** The page's nginxsecrets.yaml: its tls.crt as printed there; its tls.key abridged (nothing reads it). */
const PAGE_CRT = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURIekNDQWdlZ0F3SUJBZ0lKQUp5M3lQK0pzMlpJTUEwR0NTcUdTSWIzRFFFQkJRVUFNQ1l4RVRBUEJnTlYKQkFNVENHNW5hVzU0YzNaak1SRXdEd1lEVlFRS0V3aHVaMmx1ZUhOMll6QWVGdzB4TnpFd01qWXdOekEzTVRKYQpGdzB4T0RFd01qWXdOekEzTVRKYU1DWXhFVEFQQmdOVkJBTVRDRzVuYVc1NGMzWmpNUkV3RHdZRFZRUUtFd2h1CloybHVlSE4yWXpDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBSjFxSU1SOVdWM0IKMlZIQlRMRmtobDRONXljMEJxYUhIQktMSnJMcy8vdzZhU3hRS29GbHlJSU94NGUrMlN5ajBFcndCLzlYTnBwbQppeW1CL3JkRldkOXg5UWhBQUxCZkVaTmNiV3NsTVFVcnhBZW50VWt1dk1vLzgvMHRpbGhjc3paenJEYVJ4NEo5Ci82UVRtVVI3a0ZTWUpOWTVQZkR3cGc3dlVvaDZmZ1Voam92VG42eHNVR0M2QURVODBpNXFlZWhNeVI1N2lmU2YKNHZpaXdIY3hnL3lZR1JBRS9mRTRqakxCdmdONjc2SU90S01rZXV3R0ljNDFhd05tNnNTSzRqYUNGeGpYSnZaZQp2by9kTlEybHhHWCtKT2l3SEhXbXNhdGp4WTRaNVk3R1ZoK0QrWnYvcW1mMFgvbVY0Rmo1NzV3ajFMWVBocWtsCmdhSXZYRyt4U1FVQ0F3RUFBYU5RTUU0d0hRWURWUjBPQkJZRUZPNG9OWkI3YXc1OUlsYkROMzhIYkduYnhFVjcKTUI4R0ExVWRJd1FZTUJhQUZPNG9OWkI3YXc1OUlsYkROMzhIYkduYnhFVjdNQXdHQTFVZEV3UUZNQU1CQWY4dwpEUVlKS29aSWh2Y05BUUVGQlFBRGdnRUJBRVhTMW9FU0lFaXdyMDhWcVA0K2NwTHI3TW5FMTducDBvMm14alFvCjRGb0RvRjdRZnZqeE04Tzd2TjB0clcxb2pGSW0vWDE4ZnZaL3k4ZzVaWG40Vm8zc3hKVmRBcStNZC9jTStzUGEKNmJjTkNUekZqeFpUV0UrKzE5NS9zb2dmOUZ3VDVDK3U2Q3B5N0M3MTZvUXRUakViV05VdEt4cXI0Nk1OZWNCMApwRFhWZmdWQTRadkR4NFo3S2RiZDY5eXM3OVFHYmg5ZW1PZ05NZFlsSUswSGt0ejF5WU4vbVpmK3FqTkJqbWZjCkNnMnlwbGQ0Wi8rUUNQZjl3SkoybFIrY2FnT0R4elBWcGxNSEcybzgvTHFDdnh6elZPUDUxeXdLZEtxaUMwSVEKQ0I5T2wwWW5scE9UNEh1b2hSUzBPOStlMm9KdFZsNUIyczRpbDlhZ3RTVXFxUlU9Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';
const SECRET_YAML = [
  'apiVersion: "v1"', 'kind: "Secret"', 'metadata:', '  name: "nginxsecret"', '  namespace: "default"', 'type: kubernetes.io/tls', 'data:',
  `  tls.crt: "${PAGE_CRT}"`, '  tls.key: "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktjd2dnU2pBZ0VBQW9JQkFRQ2RhaURFZlZsZHdkbFIKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo="',
].join('\\n');

describe('Connecting Applications with Services (kubernetes.io tutorial)', () => {
  it('exposes the nginx pods, finds the Service by environment and DNS, secures it with a Secret and a ConfigMap, and exposes it', async () => {
    const { run, cluster, screen } = await interactiveSession(['nslookup my-nginx', 'exit', 'nslookup my-nginx', 'exit'], 3);
    await run(`curl -sLO ${EX}/run-my-nginx.yaml`);
    expect((await run('kubectl apply -f ./run-my-nginx.yaml')).out).toBe('deployment.apps/my-nginx created\n');
    await run('sleep 13');
    const wide = (await run('kubectl get pods -l run=my-nginx -o wide')).out.trim().split('\n');
    expect(wide[0]).toMatch(/^NAME +READY   STATUS    RESTARTS   AGE   IP +NODE +NOMINATED NODE   READINESS GATES$/);
    const podIPs = wide.slice(1).map((l) => /Running +0 +13s +(10\.244\.\d+\.\d+) /.exec(l)?.[1]);
    expect(podIPs).toHaveLength(2);
    // "Check your pods' IPs": the podIPs list printed as Go's %v of a []map.
    expect((await run('kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs')).out).toBe(`POD_IP\n${podIPs.map((ip) => `[map[ip:${ip}]]\n`).join('')}`);
    // "You should be able to ssh into any node in your cluster and use a tool such as curl to make queries against both IPs."
    for (const ip of podIPs) expect((await run(`curl -s http://${ip} | grep '<h1>'`)).out).toBe('<h1>Welcome to nginx!</h1>\n');

    expect((await run('kubectl expose deployment/my-nginx')).out).toBe('service/my-nginx exposed\n');
    await run('sleep 21');
    const svc = (await run('kubectl get svc my-nginx')).out.split('\n');
    expect(svc[0]).toMatch(/^NAME {7}TYPE {8}CLUSTER-IP +EXTERNAL-IP   PORT\(S\)   AGE$/);
    const clusterIP = /^my-nginx   ClusterIP   (10\.\d+\.\d+\.\d+) +<none>        80\/TCP    21s$/.exec(svc[1])?.[1];
    expect(clusterIP).toBeDefined();
    const describe = (await run('kubectl describe svc my-nginx')).out;
    const sorted = [...podIPs].sort();
    for (const line of ['Selector:                 run=my-nginx\n', 'Type:                     ClusterIP\n', 'IP Family Policy:         SingleStack\n', 'IP Families:              IPv4\n',
      `IP:                       ${clusterIP}\n`, `IPs:                      ${clusterIP}\n`, 'Port:                     <unset>  80/TCP\n', 'TargetPort:               80/TCP\n',
      `Endpoints:                ${sorted.map((ip) => `${ip}:80`).join(',')}\n`, 'Session Affinity:         None\n']) expect(describe).toContain(line);
    const slices = (await run('kubectl get endpointslices -l kubernetes.io/service-name=my-nginx')).out.split('\n');
    expect(slices[0]).toMatch(/^NAME +ADDRESSTYPE   PORTS   ENDPOINTS +AGE$/);
    expect(slices[1]).toMatch(new RegExp(`^my-nginx-[a-z0-9]{5} +IPv4 +80 +(${podIPs[0]},${podIPs[1]}|${podIPs[1]},${podIPs[0]}) +21s$`));

    // Environment variables: the pods started before the Service have only the kubernetes Service's.
    const before = (await run(`kubectl exec ${wide[1].split(' ')[0]} -- printenv | grep SERVICE`)).out;
    expect(before.split('\n').sort().join('\n')).toBe(['', 'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443'].join('\n'));
    // The page scales to 0 and back on one line; here the second scale waits a second, as a real one comes after
    // the controllers acted on the first (the simulation runs both in the same instant).
    expect((await run('kubectl scale deployment my-nginx --replicas=0; sleep 1; kubectl scale deployment my-nginx --replicas=2;')).out).toBe('deployment.apps/my-nginx scaled\ndeployment.apps/my-nginx scaled\n');
    await run('sleep 5');
    const recreated = (await run('kubectl get pods -l run=my-nginx -o wide --no-headers')).out.trim().split('\n').map((l) => l.split(/\s+/));
    expect(recreated).toHaveLength(2);
    for (const c of recreated) expect(wide.slice(1).some((l) => l.startsWith(c[0] + ' '))).toBe(false);
    const after = (await run(`kubectl exec ${recreated[0][0]} -- printenv | grep SERVICE`)).out;
    expect(after.split('\n').sort().join('\n')).toBe(['', 'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443', `MY_NGINX_SERVICE_HOST=${clusterIP}`, 'MY_NGINX_SERVICE_PORT=80'].join('\n'));

    // DNS: kubeadm's CoreDNS Service (its metrics port too).
    const dns = (await run('kubectl get services kube-dns --namespace=kube-system')).out.split('\n');
    expect(dns[0]).toBe('NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE');
    expect(dns[1]).toMatch(/^kube-dns   ClusterIP   10\.96\.0\.10   <none>        53\/UDP,53\/TCP,9153\/TCP   \d+m\d*s?$/);
    const busyboxplus = (await run('kubectl run curl --image=radial/busyboxplus:curl -i --tty --rm')).out;
    expect(busyboxplus).toContain("If you don't see a command prompt, try pressing enter.\n");
    expect(busyboxplus).toContain('pod "curl" deleted from default namespace\n');
    // busybox 1.22's nslookup resolves with libc, and names each address by its reverse lookup.
    expect(screen.text).toContain(`nslookup my-nginx\nServer:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      my-nginx\nAddress 1: ${clusterIP} my-nginx.default.svc.cluster.local\n`);
    await run('kubectl run -i --tty --image busybox:1.37 dns-test --restart=Never --rm');
    expect(screen.text).toContain(`nslookup my-nginx\nServer:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tmy-nginx.default.svc.cluster.local\nAddress: ${clusterIP}\n`);

    // Securing the Service. The node has no make for the nginx https example's Makefile, but Ubuntu 24.04's openssl
    // (the Makefile's `openssl req -x509 …` can be typed by hand).
    expect((await run('make keys KEY=/tmp/nginx.key CERT=/tmp/nginx.crt')).status).toBe(127);
    expect((await run('openssl version')).out).toBe('OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)\n');
    await run(`printf '${SECRET_YAML}\\n' > nginxsecrets.yaml`);
    expect((await run('kubectl apply -f nginxsecrets.yaml')).out).toBe('secret/nginxsecret created\n');
    expect((await run('kubectl get secrets')).out).toBe('NAME          TYPE                DATA   AGE\nnginxsecret   kubernetes.io/tls   2      0s\n');
    // `kubectl create secret tls` reads the same files make would write.
    await run(`echo ${PAGE_CRT} | base64 -d > /tmp/nginx.crt; printf -- '-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n' > /tmp/nginx.key`);
    expect((await run('kubectl create secret tls nginxsecret2 --key /tmp/nginx.key --cert /tmp/nginx.crt')).out).toBe('secret/nginxsecret2 created\n');
    expect((await run('kubectl create secret tls nginxsecret3 --key /tmp/nginx.crt --cert /tmp/nginx.key')).out).toBe('error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched\n');

    await run(`curl -sLo default.conf ${EX}/nginx-default.conf`);
    expect((await run('kubectl create configmap nginxconfigmap --from-file=default.conf')).out).toBe('configmap/nginxconfigmap created\n');
    expect((await run('kubectl get configmaps')).out).toMatch(/\nnginxconfigmap     1      0s\n$/);
    // v1.35's describe writes an empty line after each value (describe.go ConfigMapDescriber): one more than the page shows.
    expect((await run('kubectl describe configmap  nginxconfigmap')).out).toBe([
      'Name:         nginxconfigmap', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Data', '====', 'default.conf:', '----',
      'server {', '        listen 80 default_server;', '        listen [::]:80 default_server ipv6only=on;', '', '        listen 443 ssl;', '',
      '        root /usr/share/nginx/html;', '        index index.html;', '', '        server_name localhost;', '        ssl_certificate /etc/nginx/ssl/tls.crt;',
      '        ssl_certificate_key /etc/nginx/ssl/tls.key;', '', '        location / {', '                try_files $uri $uri/ =404;', '        }', '}', '', '',
      'BinaryData', '====', '', 'Events:  <none>', '',
    ].join('\n'));

    await run(`curl -sLO ${EX}/nginx-secure-app.yaml`);
    expect((await run('kubectl delete deployments,svc my-nginx; kubectl create -f ./nginx-secure-app.yaml')).out).toBe('deployment.apps "my-nginx" deleted from default namespace\nservice "my-nginx" deleted from default namespace\nservice/my-nginx created\ndeployment.apps/my-nginx created\n');
    await run('sleep 30');
    const secureIP = /^POD_IP\n\[map\[ip:(10\.244\.\d+\.\d+)\]\]\n$/.exec((await run('kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs')).out)?.[1];
    expect(secureIP).toBeDefined();
    // "node $ curl -k https://10.244.3.5": nginx serves its page over TLS on 443, with the Secret's certificate.
    expect((await run(`curl -sk https://${secureIP} | grep '<h1>'`)).out).toBe('<h1>Welcome to nginx!</h1>\n');
    // Without -k the node's curl does not trust a self-signed certificate; plain HTTP to 443 is nginx's 400.
    expect((await run(`curl -s https://${secureIP}; echo rc=$?`)).out).toBe('rc=60\n');
    expect((await run(`curl -sS https://${secureIP} 2>&1 | head -1`)).out).toBe('curl: (60) SSL certificate problem: self-signed certificate\n');
    expect((await run(`curl -s http://${secureIP}:443 | head -3`)).out).toBe('<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body bgcolor="white">\r\n');

    await run(`curl -sLO ${EX}/curlpod.yaml`);
    expect((await run('kubectl apply -f ./curlpod.yaml')).out).toBe('deployment.apps/curl-deployment created\n');
    await run('sleep 20');
    const curlpod = (await run('kubectl get pods -l app=curlpod')).out.split('\n');
    expect(curlpod[1]).toMatch(/^curl-deployment-[a-z0-9]+-[a-z0-9]{5} +1\/1 {5}Running {3}0 {10}20s$/);
    const pod = curlpod[1].split(' ')[0];
    // The page's certificate expired in 2018: the CA file is loaded and trusted, and OpenSSL then rejects its dates.
    const cacert = await run(`kubectl exec ${pod} -- curl -s https://my-nginx --cacert /etc/nginx/ssl/tls.crt`);
    expect(cacert.out).toBe('command terminated with exit code 60\n');
    expect((await run(`kubectl exec ${pod} -- curl -sS https://my-nginx --cacert /etc/nginx/ssl/tls.crt 2>&1 | head -1`)).out).toBe('curl: (60) SSL certificate problem: certificate has expired\n');
    expect((await run(`kubectl exec ${pod} -- curl -sk https://my-nginx | grep '<title>'`)).out).toBe('<title>Welcome to nginx!</title>\n');

    // Exposing the Service: the NodePort Service's ports, then a cloud load balancer.
    const ports = (await run('kubectl get svc my-nginx -o yaml | grep nodePort -C 5')).out;
    const nodePorts = [...ports.matchAll(/nodePort: (\d+)/g)].map((m) => m[1]);
    expect(ports).toContain(`  ports:\n  - name: http\n    nodePort: ${nodePorts[0]}\n    port: 8080\n    protocol: TCP\n    targetPort: 80\n  - name: https\n    nodePort: ${nodePorts[1]}\n    port: 443\n    protocol: TCP\n    targetPort: 443\n  selector:\n    run: my-nginx\n`);
    const nodeIP = (await run("kubectl get nodes -o jsonpath='{.items[1].status.addresses[0].address}'")).out;
    expect((await run(`curl -sk https://${nodeIP}:${nodePorts[1]} | grep '<h1>'`)).out).toBe('<h1>Welcome to nginx!</h1>\n');
    expect((await run(`kubectl patch svc my-nginx -p '{"spec":{"type":"LoadBalancer"}}'`)).out).toBe('service/my-nginx patched\n');
    await run('sleep 20');
    const lb = (await run('kubectl get svc my-nginx')).out.split('\n');
    const external = new RegExp(`^my-nginx   LoadBalancer   10\\.\\d+\\.\\d+\\.\\d+ +(\\d+\\.\\d+\\.\\d+\\.\\d+) +8080:${nodePorts[0]}/TCP,443:${nodePorts[1]}/TCP   \\d+s$`).exec(lb[1])?.[1];
    expect(external).toBeDefined();
    expect((await run(`curl https://${external} -k -s | grep '<title>'`)).out).toBe('<title>Welcome to nginx!</title>\n');
    expect((await run('kubectl describe service my-nginx')).out).toContain(`LoadBalancer Ingress:     ${external}`);
    expect(cluster.clock.errors).toEqual([]);
  });
});
