/**
 * The Kubernetes docs task "Accessing the Kubernetes API from a Pod"
 * (kubernetes/website content/en/docs/tasks/run-application/access-api-from-pod.md),
 * played inside a curlimages/curl pod: the token, namespace and CA the
 * kubelet mounts, curl's TLS checks against the cluster CA, and
 * kube-apiserver's secure port behind the `kubernetes` Service answering as
 * its handler chain does (authentication, RBAC, pretty JSON for curl).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';
import { outputOf } from '../../engine/kubectl/test-helpers.js';

const SETUP = [
  'kubectl run c --image=curlimages/curl --command -- sleep 3600',
  'kubectl wait --for=condition=Ready pod/c --timeout=120s',
];

/** curl's progress meter (lib/progress.c: its head, and each line after a carriage return) taken out. */
const withoutMeter = (s: string) => s.replace(/  % Total {4}% Received.*\n.*Speed\n/g, '').replace(/\r[ \d]{3} [^\r\n]*--:--:-- [ \dkM.]{5}\n/g, '\n').replace(/\r[ \d]{3} [^\r\n]*--:--:-- [ \dkM.]{5}/g, '');

/** The docs task's lines, run by the pod's shell (`TARGET` is the path after /api... the docs ask for). */
const docsTask = (target: string) => `kubectl exec c -- sh -c 'APISERVER=https://kubernetes.default.svc; SERVICEACCOUNT=/var/run/secrets/kubernetes.io/serviceaccount; NAMESPACE=$(cat \${SERVICEACCOUNT}/namespace); TOKEN=$(cat \${SERVICEACCOUNT}/token); CACERT=\${SERVICEACCOUNT}/ca.crt; curl --cacert \${CACERT} --header "Authorization: Bearer \${TOKEN}" -X GET \${APISERVER}${target}'`;

describe('a pod reaches the Kubernetes API (docs: access-api-from-pod)', () => {
  it('with its token: /api for any ServiceAccount, the namespace\'s pods once a RoleBinding grants view, 403 before', async () => {
    const list = docsTask('/api/v1/namespaces/$NAMESPACE/pods');
    const out = await runScript([...SETUP, docsTask('/api'), list, 'kubectl create rolebinding default-view --clusterrole=view --serviceaccount=default:default', list, ''].join('\n'));
    // system:discovery is bound to system:authenticated; the address is the advertise address and secure port.
    // The docs' curl has no -s and its output goes through kubectl exec, not a terminal: curl's progress meter
    // comes on stderr around the answer (its last line after the body, which has no newline of its own).
    const api = outputOf(out, docsTask('/api'));
    expect(api).toMatch(/^  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n {33}Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\{/);
    expect(api).toMatch(/\}\r100   182  100   182    0     0  [ \dk]{5}      0 --:--:-- --:--:-- --:--:-- [ \dk]{5}\n$/);
    expect(withoutMeter(api)).toBe('{\n  "kind": "APIVersions",\n  "versions": [\n    "v1"\n  ],\n  "serverAddressByClientCIDRs": [\n    {\n      "clientCIDR": "0.0.0.0/0",\n      "serverAddress": "172.18.0.2:6443"\n    }\n  ]\n}\n');
    const [denied, allowed] = out.split(`$ ${list}\n`).slice(1).map(withoutMeter);
    expect(denied.slice(0, denied.indexOf('$ '))).toBe(`{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "pods is forbidden: User \\"system:serviceaccount:default:default\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"",
  "reason": "Forbidden",
  "details": {
    "kind": "pods"
  },
  "code": 403
}\n`);
    // A PodList as encoding/json writes it: TypeMeta first, the Go structs' field order, maps sorted.
    const podList = JSON.parse(allowed) as { kind: string; items: { metadata: { name: string } }[] };
    expect(podList.kind).toBe('PodList');
    expect(podList.items.map((p) => p.metadata.name)).toEqual(['c']);
    expect(allowed.startsWith('{\n  "kind": "PodList",\n  "apiVersion": "v1",\n  "metadata": {\n    "resourceVersion": "')).toBe(true);
    expect(allowed).toContain('    {\n      "metadata": {\n        "name": "c",\n        "namespace": "default",\n        "uid": "');
  });

  it("with view: a pod's log (text/plain), its status (the whole Pod), and no route for a cluster-scoped resource under a namespace", async () => {
    const auth = 'curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" https://kubernetes.default.svc';
    const lines = [`kubectl exec c -- sh -c '${auth}/api/v1/namespaces/default/pods/logger/log'`, `kubectl exec c -- sh -c '${auth}/api/v1/namespaces/default/pods/c/status'`, `kubectl exec c -- sh -c '${auth}/api/v1/namespaces/default/nodes'`];
    const out = await runScript([...SETUP, "kubectl run logger --image=busybox:1.36 -- sh -c 'echo one; echo two; sleep 3600'", 'kubectl wait --for=condition=Ready pod/logger --timeout=120s',
      'kubectl create clusterrolebinding default-view --clusterrole=view --serviceaccount=default:default', ...lines, ''].join('\n'));
    expect(outputOf(out, lines[0])).toBe('one\ntwo\n');
    expect(JSON.parse(outputOf(out, lines[1]))).toMatchObject({ kind: 'Pod', metadata: { name: 'c' }, status: { phase: 'Running' } });
    // RequestInfo keeps the path's namespace, so RBAC judges it there; view grants no nodes anyway.
    expect(JSON.parse(outputOf(out, lines[2])).message).toBe('nodes is forbidden: User "system:serviceaccount:default:default" cannot list resource "nodes" in API group "" in the namespace "default"');
  });

  it('without a token: the public info (/version, /healthz) answers anyone, /api is forbidden to system:anonymous', async () => {
    const ca = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
    const lines = [`kubectl exec c -- curl -sS --cacert ${ca} https://kubernetes.default.svc/api`, `kubectl exec c -- curl -sS --cacert ${ca} https://kubernetes/healthz`, `kubectl exec c -- curl -sS --cacert ${ca} https://10.96.0.1/version`];
    const out = await runScript([...SETUP, ...lines, ''].join('\n'));
    expect(outputOf(out, lines[0])).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/api\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}\n');
    expect(outputOf(out, lines[1])).toBe('ok\n');
    expect(JSON.parse(outputOf(out, lines[2]))).toMatchObject({ major: '1', minor: '35', gitVersion: 'v1.35.0' });
  });

  it("a path no route serves: go-restful's Status below a web service's root, net/http's page elsewhere; /version indented for any client", async () => {
    const auth = 'curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"';
    const lines = [
      `kubectl exec c -- sh -c '${auth} https://kubernetes.default.svc/nope'`,
      `kubectl exec c -- sh -c '${auth} https://kubernetes.default.svc/apis/apps/v1/nopes'`,
      `kubectl exec c -- sh -c '${auth} -A kubectl/v1.35.2 https://kubernetes.default.svc/version'`,
      `kubectl exec c -- sh -c '${auth} -A kubectl/v1.35.2 https://kubernetes.default.svc/api'`,
    ];
    const out = await runScript([...SETUP, 'kubectl create clusterrolebinding default-admin --clusterrole=cluster-admin --serviceaccount=default:default', ...lines, ''].join('\n'));
    expect(outputOf(out, lines[0])).toBe('404 page not found\n');
    expect(outputOf(out, lines[1])).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "the server could not find the requested resource",\n  "reason": "NotFound",\n  "details": {},\n  "code": 404\n}\n');
    expect(outputOf(out, lines[2])).toMatch(/^\{\n  "major": "1",\n  "minor": "35",\n  "emulationMajor": "1",\n  "emulationMinor": "35",\n  "minCompatibilityMajor": "1",\n  "minCompatibilityMinor": "34",\n/);
    expect(outputOf(out, lines[3])).toMatch(/^\{"kind":"APIVersions","versions":\["v1"\],"serverAddressByClientCIDRs":\[\{"clientCIDR":"0\.0\.0\.0\/0","serverAddress":"[\d.]+:6443"\}\]\}\n$/);
  });

  it("a deleted pod's token is refused with 401 Unauthorized", async () => {
    const use = `kubectl exec c -- curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $TOKEN" https://kubernetes.default.svc/api`;
    const out = await runScript([
      ...SETUP, 'kubectl run gone --image=busybox:1.36 -- sleep 3600', 'kubectl wait --for=condition=Ready pod/gone --timeout=120s',
      'TOKEN=$(kubectl exec gone -- cat /var/run/secrets/kubernetes.io/serviceaccount/token)', use,
      'kubectl delete pod gone --grace-period=0 --force', use, '',
    ].join('\n'));
    const [live, deleted] = out.split(`$ ${use}\n`).slice(1).map((s) => s.split('$ ')[0]);
    expect(live).toContain('"kind": "APIVersions"');
    expect(deleted).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "Unauthorized",\n  "reason": "Unauthorized",\n  "code": 401\n}\n');
  });

  it('curl checks the chain and the name: no CA file, a missing one, -k, plain HTTP to the TLS port', async () => {
    const lines = [
      'kubectl exec c -- curl -sS https://kubernetes.default.svc/version',
      'kubectl exec c -- curl -sS --cacert /tmp/none.crt https://kubernetes.default.svc/version',
      'kubectl exec c -- curl -sS -k https://kubernetes.default.svc/livez',
      'kubectl exec c -- curl -sS http://kubernetes.default.svc:443/version',
      'kubectl exec c -- curl -sS -k https://kube-dns.kube-system.svc:53/',
    ];
    const out = await runScript([...SETUP, ...lines, ''].join('\n'));
    // curl 8.12.1 (curlimages/curl) on OpenSSL 3.3.3: tool_operate.c's CURL_CA_CERT_ERRORMSG says "webpage".
    expect(outputOf(out, lines[0])).toBe('curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the webpage mentioned above.\ncommand terminated with exit code 60\n');
    expect(outputOf(out, lines[1])).toBe('curl: (77) error setting certificate file: /tmp/none.crt\ncommand terminated with exit code 77\n');
    expect(outputOf(out, lines[2])).toBe('ok\n');
    // Go's TLS listener answers a plain request itself: HTTP/1.0 400 with that line.
    expect(outputOf(out, lines[3])).toBe('Client sent an HTTP request to an HTTPS server.\n');
    // CoreDNS's TCP port answers the ClientHello with no TLS record.
    expect(outputOf(out, lines[4])).toBe('curl: (35) OpenSSL/3.3.3: error:0A00010B:SSL routines::wrong version number\ncommand terminated with exit code 35\n');
  });

  it('curl 8 speaks HTTP/2 with kube-apiserver (ALPN): no reason phrase, lower-case names in Go\'s order; --http1.1 gets HTTP/1.1', async () => {
    const lines = ['kubectl exec c -- curl -sS -i -k https://kubernetes.default.svc/api', 'kubectl exec c -- curl -sS -i -k --http1.1 https://kubernetes.default.svc/healthz'];
    const out = await runScript([...SETUP, ...lines, ''].join('\n'));
    const names = (text: string) => text.split('\r\n\r\n')[0].split('\r\n').map((l, i) => (i === 0 ? l : l.split(':')[0]));
    expect(names(outputOf(out, lines[0]))).toEqual(['HTTP/2 403 ', 'audit-id', 'cache-control', 'content-type', 'x-content-type-options', 'x-kubernetes-pf-flowschema-uid', 'x-kubernetes-pf-prioritylevel-uid', 'content-length', 'date']);
    expect(names(outputOf(out, lines[1]))).toEqual(['HTTP/1.1 200 OK', 'Audit-Id', 'Cache-Control', 'Content-Type', 'X-Content-Type-Options', 'X-Kubernetes-Pf-Flowschema-Uid', 'X-Kubernetes-Pf-Prioritylevel-Uid', 'Date', 'Content-Length']);
    expect(outputOf(out, lines[1]).endsWith('\r\n\r\nok\n')).toBe(true);
  });

  it('the control-plane node reaches the same endpoint through the Service and on its advertise address', async () => {
    const lines = ['curl -k https://10.96.0.1/version', 'curl https://172.18.0.2:6443/livez', 'curl --cacert ca.crt https://172.18.0.2:6443/livez', 'curl --cacert ca.crt https://localhost:6443/livez'];
    const out = await runScript(["kubectl get configmap kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}' > ca.crt", ...lines, ''].join('\n'));
    expect(JSON.parse(outputOf(out, lines[0]))).toMatchObject({ emulationMinor: '35', minCompatibilityMinor: '34' });
    // curl 8.5.0 on the Ubuntu 24.04 node: "web page".
    expect(outputOf(out, lines[1])).toContain('curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n');
    expect(outputOf(out, lines[1])).toContain('please visit the web page mentioned above.\n');
    expect(outputOf(out, lines[2])).toBe('ok\n');
    // kubeadm's apiserver.crt names neither localhost nor 127.0.0.1.
    expect(outputOf(out, lines[3])).toBe("curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n");
  });
});
