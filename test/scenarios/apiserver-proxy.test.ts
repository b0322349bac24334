/**
 * kube-apiserver's proxy subresources, as the Kubernetes Basics tutorial (deploy-app/deploy-intro) and older
 * material use them through `kubectl proxy`, `kubectl get --raw` and the secure port from a pod. Expected texts
 * come from the real sources: pkg/registry/core/pod/strategy.go and service/storage (ResourceLocation),
 * apimachinery's util/net SplitSchemeNamePort and util/proxy (transport.go RoundTrip and rewriteHTML,
 * upgradeaware.go proxyRedirectsforRootPath), Go's net dial errors and httputil.ReverseProxy's X-Forwarded-For,
 * client-go's Request.Stream and kubectl's StandardErrorMessage.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';
import { outputOf } from '../../engine/kubectl/test-helpers.js';
import { rewriteHTML, splitSchemeNamePort } from '../../engine/api/server/proxy-subresource.js';

const API = 'http://localhost:8001/api/v1/namespaces/default';

/** The Status JSON kube-apiserver writes for curl (indented), as kubectl proxy passes it on. */
const status = (message: string, reason: string, code: number) =>
  `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": ${JSON.stringify(message)},\n  "reason": "${reason}",\n  "code": ${code}\n}\n`;

describe('pods/proxy: the Kubernetes Basics tutorial', () => {
  it("answers the tutorial's curl with the app's greeting; the bare /proxy is sent on to /proxy/", async () => {
    const lines = [
      'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1',
      'kubectl rollout status deployment/kubernetes-bootcamp',
      'sleep 1',
      'kubectl proxy &',
      'sleep 1',
      `export POD_NAME=$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')`,
      'echo Name of the Pod: $POD_NAME',
      `curl ${API}/pods/$POD_NAME:8080/proxy/`,
      `curl -si ${API}/pods/$POD_NAME:8080/proxy`,
      'kubectl get --raw /api/v1/namespaces/default/pods/$POD_NAME:8080/proxy/',
      'kubectl get --raw /api/v1/namespaces/default/pods/$POD_NAME:8080/proxy',
      'kubectl logs $POD_NAME | tail -1',
    ];
    const out = await runScript(lines.join('\n') + '\n');
    const pod = /Name of the Pod: (kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5})\n/.exec(out)![1];
    const hello = `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`;
    expect(outputOf(out, lines[7])).toBe(hello);
    // The handler's 301 before anything reaches the pod, to the request's path with a slash.
    const redirect = outputOf(out, lines[8]).split('\r\n');
    expect(redirect[0]).toBe('HTTP/1.1 301 Moved Permanently');
    expect(redirect).toContain(`Location: /api/v1/namespaces/default/pods/${pod}:8080/proxy/`);
    expect(outputOf(out, lines[9])).toBe(hello);
    // client-go's http.Client follows the redirect.
    expect(outputOf(out, lines[10])).toBe(hello);
    expect(outputOf(out, lines[11])).toMatch(/\| Total Requests: 3 \|/);
  });

  it('without a port, a pod that declares none is dialled on 80: refused, a 503 Status; a missing pod is 404; a bad id 400', async () => {
    const lines = [
      'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1',
      'kubectl rollout status deployment/kubernetes-bootcamp',
      'kubectl proxy &',
      'sleep 1',
      `export POD_NAME=$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')`,
      `echo IP=$(kubectl get pod $POD_NAME -o jsonpath={.status.podIP})`,
      `curl -s ${API}/pods/$POD_NAME/proxy/`,
      'kubectl get --raw /api/v1/namespaces/default/pods/$POD_NAME/proxy/',
      `curl -s ${API}/pods/nope:8080/proxy/`,
      `curl -s ${API}/pods/a:b:c:d/proxy/`,
      `curl -s ${API}/pods/ftp:$POD_NAME:8080/proxy/`,
      'kubectl get --raw /api/v1/namespaces/default/pods/nope/proxy/',
    ];
    const out = await runScript(lines.join('\n') + '\n');
    const ip = /IP=(10\.244\.\d+\.\d+)\n/.exec(out)![1];
    const refused = `error trying to reach service: dial tcp ${ip}:80: connect: connection refused`;
    expect(outputOf(out, lines[6])).toBe(status(refused, 'ServiceUnavailable', 503));
    expect(outputOf(out, lines[7])).toBe(`Error from server (ServiceUnavailable): ${refused}\n`);
    expect(outputOf(out, lines[8])).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "pods \\"nope\\" not found",\n  "reason": "NotFound",\n  "details": {\n    "name": "nope",\n    "kind": "pods"\n  },\n  "code": 404\n}\n');
    expect(outputOf(out, lines[9])).toBe(status('invalid pod request "a:b:c:d"', 'BadRequest', 400));
    expect(outputOf(out, lines[10])).toContain('"message": "invalid pod request \\"ftp:kubernetes-bootcamp-');
    expect(outputOf(out, lines[11])).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('a declared containerPort is the default; a pod not yet given an IP is "address not allowed"', async () => {
    const lines = [
      'kubectl run web --image=nginx:1.27 --port=80',
      'kubectl wait --for=condition=Ready pod/web --timeout=120s',
      'kubectl run later --image=nginx:1.27 --overrides=\'{"spec":{"nodeName":"nowhere"}}\'',
      'kubectl proxy &',
      'sleep 1',
      `curl -s ${API}/pods/web/proxy/ | grep title`,
      `curl -s ${API}/pods/later/proxy/`,
    ];
    const out = await runScript(lines.join('\n') + '\n');
    expect(outputOf(out, lines[5])).toBe('<title>Welcome to nginx!</title>\n');
    expect(outputOf(out, lines[6])).toBe(status('address not allowed', 'BadRequest', 400));
  });
});

describe('services/proxy', () => {
  it("nginx's page through NAME:PORT and http:NAME:, unchanged; the API server's address and the chain in nginx's log", async () => {
    const lines = [
      'kubectl run web --image=nginx:1.27 --port=80 --expose',
      'kubectl wait --for=condition=Ready pod/web --timeout=120s',
      'sleep 2',
      'curl -s $(kubectl get svc web -o jsonpath={.spec.clusterIP})',
      'kubectl proxy &',
      'sleep 1',
      `curl -s ${API}/services/web:80/proxy/`,
      `curl -s ${API}/services/http:web:/proxy/`,
      'kubectl logs web | tail -2',
    ];
    const out = await runScript(lines.join('\n') + '\n');
    // Its only links are to nginx.org and nginx.com, and every start tag is already as Go writes one.
    const direct = outputOf(out, lines[3]);
    expect(direct).toContain('<a href="http://nginx.org/">nginx.org</a>.<br/>');
    expect(outputOf(out, lines[6])).toBe(direct);
    expect(outputOf(out, lines[7])).toBe(direct);
    // The API server dials from the control-plane node (flannel's 10.244.0.0 towards another node's pod); kubectl
    // proxy's reverse proxy names curl (127.0.0.1) and the API server's appends kubectl proxy's address.
    const log = outputOf(out, lines[8]).split('\n');
    expect(log[0]).toMatch(/^10\.244\.0\.0 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.5\.0" "127\.0\.0\.1, 172\.18\.0\.2"$/);
  });

  it('a Service without endpoints, a port it lacks, a port name no endpoint has, a bad id; get --raw prints the Status', async () => {
    const lines = [
      'kubectl create service clusterip empty --tcp=80:80',
      'kubectl run web --image=nginx:1.27 --port=80 --expose',
      'kubectl wait --for=condition=Ready pod/web --timeout=120s',
      'sleep 2',
      'kubectl proxy &',
      'sleep 1',
      `curl -s ${API}/services/empty:80/proxy/`,
      `curl -s ${API}/services/empty:81/proxy/`,
      `curl -s ${API}/services/https:web:metrics/proxy/`,
      `curl -s ${API}/services/ftp:web:80/proxy/`,
      'kubectl get --raw /api/v1/namespaces/default/services/empty/proxy/',
      `curl -s ${API}/services/nope:80/proxy/ | grep message`,
    ];
    const out = await runScript(lines.join('\n') + '\n');
    expect(outputOf(out, lines[6])).toBe(status('no endpoints available for service "empty"', 'ServiceUnavailable', 503));
    expect(outputOf(out, lines[7])).toBe(status('no service port 81 found for service "empty"', 'ServiceUnavailable', 503));
    // The last message names the whole id, scheme and port included.
    expect(outputOf(out, lines[8])).toBe(status('no endpoints available for service "https:web:metrics"', 'ServiceUnavailable', 503));
    expect(outputOf(out, lines[9])).toBe(status('invalid service request "ftp:web:80"', 'BadRequest', 400));
    expect(outputOf(out, lines[10])).toBe('Error from server (ServiceUnavailable): no endpoints available for service "empty"\n');
    expect(outputOf(out, lines[11])).toBe('  "message": "services \\"nope\\" not found",\n');
  });
});

describe('RBAC and the secure port', () => {
  it('the subresource is what RBAC judges, named by the whole id: Forbidden without pods/proxy, the answer with it', async () => {
    const auth = 'curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"';
    const target = 'https://kubernetes.default.svc/api/v1/namespaces/default/pods/hello:8080/proxy/';
    const lines = [
      'kubectl run c --image=curlimages/curl --command -- sleep 3600',
      'kubectl run hello --image=gcr.io/google-samples/kubernetes-bootcamp:v1',
      'kubectl wait --for=condition=Ready pod/c pod/hello --timeout=120s',
      'sleep 1',
      `kubectl exec c -- sh -c '${auth} ${target}'`,
      'kubectl get --raw /api/v1/namespaces/default/pods/hello:8080/proxy/ --as=jane',
      'kubectl create role proxy --verb=get --resource=pods/proxy',
      'kubectl create rolebinding proxy --role=proxy --serviceaccount=default:default --user=jane',
      `kubectl exec c -- sh -c '${auth} ${target}' `,
      'kubectl get --raw /api/v1/namespaces/default/pods/hello:8080/proxy/ --as=jane ',
    ];
    const out = await runScript(lines.join('\n') + '\n');
    expect(outputOf(out, lines[4])).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "pods \\"hello:8080\\" is forbidden: User \\"system:serviceaccount:default:default\\" cannot get resource \\"pods/proxy\\" in API group \\"\\" in the namespace \\"default\\"",\n  "reason": "Forbidden",\n  "details": {\n    "name": "hello:8080",\n    "kind": "pods"\n  },\n  "code": 403\n}\n');
    expect(outputOf(out, lines[5])).toBe('Error from server (Forbidden): pods "hello:8080" is forbidden: User "jane" cannot get resource "pods/proxy" in API group "" in the namespace "default"\n');
    expect(outputOf(out, lines[8])).toBe('Hello Kubernetes bootcamp! | Running on: hello | v=1\n');
    expect(outputOf(out, lines[9])).toBe('Hello Kubernetes bootcamp! | Running on: hello | v=1\n');
  });
});

describe("the proxy's parts", () => {
  it('SplitSchemeNamePort', () => {
    expect(splitSchemeNamePort('web')).toEqual({ scheme: '', name: 'web', port: '' });
    expect(splitSchemeNamePort('web:8080')).toEqual({ scheme: '', name: 'web', port: '8080' });
    expect(splitSchemeNamePort('https:web:')).toEqual({ scheme: 'https', name: 'web', port: '' });
    expect(splitSchemeNamePort(':80')).toBeUndefined();
    expect(splitSchemeNamePort('ftp:web:80')).toBeUndefined();
    expect(splitSchemeNamePort('a:b:c:d')).toBeUndefined();
  });

  it("rewriteHTML: same-host links go under the proxy path, start tags written as Go's Token.String writes them", () => {
    const rw = { pathPrepend: '/api/v1/namespaces/default/services/web:80/proxy', backendHost: '10.244.1.2:80', requestHost: 'localhost:8001' };
    const page = "<!DOCTYPE html>\n<HTML><head><LINK REL=stylesheet HREF='/css/a.css'><script>if (a<b) x('<a href=\"/no\">')</script></head>\n"
      + '<body><a href="http://nginx.org/">nginx.org</a> <a href="docs/">docs</a> <a href="/docs/?q=1#top">top</a>'
      + ' <img src="http://10.244.1.2:80/logo.png" alt="it\'s &amp; more"><br/><input disabled>\n'
      + '<a href="/api/v1/namespaces/default/services/web:80/proxy/x">in</a><!-- <a href="/c"> --></body></HTML>\n';
    expect(rewriteHTML(page, rw)).toBe("<!DOCTYPE html>\n<html><head><link rel=\"stylesheet\" href=\"/api/v1/namespaces/default/services/web:80/proxy/css/a.css\"><script>if (a<b) x('<a href=\"/no\">')</script></head>\n"
      + '<body><a href="http://nginx.org/">nginx.org</a> <a href="docs/">docs</a> <a href="/api/v1/namespaces/default/services/web:80/proxy/docs/?q=1#top">top</a>'
      + ' <img src="/api/v1/namespaces/default/services/web:80/proxy/logo.png" alt="it&#39;s &amp; more"><br/><input disabled="">\n'
      + '<a href="/api/v1/namespaces/default/services/web:80/proxy/x">in</a><!-- <a href="/c"> --></body></HTML>\n');
  });
});
