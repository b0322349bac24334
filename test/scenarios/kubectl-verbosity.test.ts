/**
 * `kubectl -v=N`: the lines kubectl v1.35.2 logs about its requests. The expected lines are the real binary's
 * (bash /work/shared/tools/real-kubectl.sh) against scripts/real-kubectl's front serving the same simulated cluster
 * (seed 3, same commands), with the front's loopback URL written as the cluster's https://172.18.0.2:6443 and the
 * klog header's time and pid, the latencies and the OpenAPI document hash masked (see `normalised`).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const CM = `cat > cm.yaml <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "1"
EOF`;

/** The klog header's time and pid, the latencies and the OpenAPI hash: what differs from run to run of the real binary. */
function normalised(text: string): string {
  return text
    .replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'I... ')
    .replace(/(milliseconds|MilliSeconds)=\d+/gi, (_m, k: string) => `${k}=N`)
    .replace(/hash=[0-9A-F]+/g, 'hash=H');
}

/** The feature-gate lines come in Go's map order, which changes from run to run: left out of the comparison. */
const withoutGates = (t: string) => t.split('\n').filter((l) => !l.includes('envvar.go:172')).join('\n');

async function cluster() {
  const s = await interactiveSession([], 3);
  for (const l of ['kubectl create deployment web --image=nginx:1.27 --replicas=2', 'kubectl run p --image=nginx:1.27', 'sleep 30']) await s.run(l);
  return s;
}

describe('kubectl -v=6 (warm discovery cache): one Response line per request', () => {
  it('prints what kubectl v1.35.2 prints for get, label, annotate, patch, scale, logs, delete and apply', async () => {
    const { run } = await cluster();
    const got: string[] = [];
    for (const l of ['kubectl get pods -v=6', 'kubectl label pod p x=y -v=6', 'kubectl annotate pod p x=y -v=6',
      `kubectl patch pod p -p '{"metadata":{"labels":{"z":"1"}}}' -v=6`, 'kubectl scale deployment web --replicas=3 -v=6',
      'kubectl logs p --tail=1 -v=6', 'kubectl create configmap c2 --from-literal=x=1', 'kubectl delete configmap c2 -v=6', CM, 'kubectl apply -f cm.yaml -v=6']) {
      got.push(withoutGates(normalised((await run(l)).out)));
    }
    const U = 'https://172.18.0.2:6443';
    expect(got[0].split('\n').slice(0, 2).join('\n')).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/pods?limit=500" status="200 OK" milliseconds=N`);
    expect(got[1]).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/pods/p" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="PATCH" url="${U}/api/v1/namespaces/default/pods/p?fieldManager=kubectl-label" status="200 OK" milliseconds=N
pod/p labeled
`);
    expect(got[2]).toContain(`"Response" verb="PATCH" url="${U}/api/v1/namespaces/default/pods/p?fieldManager=kubectl-annotate" status="200 OK" milliseconds=N\npod/p annotated`);
    expect(got[3]).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/pods/p" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="PATCH" url="${U}/api/v1/namespaces/default/pods/p?fieldManager=kubectl-patch" status="200 OK" milliseconds=N
pod/p patched
`);
    expect(got[4]).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="${U}/apis/apps/v1/namespaces/default/deployments/web" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="PATCH" url="${U}/apis/apps/v1/namespaces/default/deployments/web/scale" status="200 OK" milliseconds=N
deployment.apps/web scaled
`);
    expect(got[5]).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/pods/p" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/pods/p/log?container=p&tailLines=1" status="200 OK" milliseconds=N
2026/01/01 00:02:04 [notice] 1#1: start worker process 30
`);
    expect(got[7]).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="DELETE" url="${U}/api/v1/namespaces/default/configmaps/c2" status="200 OK" milliseconds=N
configmap "c2" deleted from default namespace
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/configmaps/c2" status="404 Not Found" milliseconds=N
`);
    expect(got[9]).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="${U}/openapi/v3?timeout=32s" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="GET" url="${U}/openapi/v3/api/v1?hash=H&timeout=32s" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="GET" url="${U}/api/v1/namespaces/default/configmaps/cfg" status="404 Not Found" milliseconds=N
I... round_trippers.go:632] "Response" verb="POST" url="${U}/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply&fieldValidation=Strict" status="201 Created" milliseconds=N
configmap/cfg created
I... apply.go:546] Running apply post-processor function
`);
  }, 60_000);

  it('logs the API server\'s error object at level 4 before the error (kubectl get of a missing pod)', async () => {
    const { run } = await cluster();
    const out = normalised((await run('kubectl get pod nope -v=6')).out);
    expect(withoutGates(out)).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods/nope" status="404 Not Found" milliseconds=N
I... helpers.go:246] server response object: %s[{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "pods \\"nope\\" not found",
  "reason": "NotFound",
  "details": {
    "name": "nope",
    "kind": "pods"
  },
  "code": 404
}]
Error from server (NotFound): pods "nope" not found
`);
  }, 60_000);
});

describe('kubectl -v=7: the request headers', () => {
  it('sends the Accept and Content-Type of each client kubectl uses', async () => {
    const { run } = await cluster();
    const ua = '\tUser-Agent: kubectl/v1.35.2 (linux/amd64) kubernetes/fdc9d74\n';
    const yaml = withoutGates(normalised((await run('kubectl get pods -o yaml -v=7')).out));
    expect(yaml).toContain(`I... round_trippers.go:527] "Request" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods?limit=500" headers=<
\tAccept: application/json
${ua} >
I... round_trippers.go:632] "Response" status="200 OK" milliseconds=N
apiVersion: v1`);
    const create = withoutGates(normalised((await run('kubectl create configmap c4 --from-literal=x=1 -v=7')).out));
    expect(create).toContain(`I... round_trippers.go:527] "Request" verb="POST" url="https://172.18.0.2:6443/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict" headers=<
\tAccept: application/vnd.kubernetes.protobuf,application/json
\tContent-Type: application/vnd.kubernetes.protobuf
${ua} >
I... round_trippers.go:632] "Response" status="201 Created" milliseconds=N
configmap/c4 created`);
    const scale = withoutGates(normalised((await run('kubectl scale deployment web --replicas=2 -v=7')).out));
    expect(scale).toContain(`I... round_trippers.go:527] "Request" verb="PATCH" url="https://172.18.0.2:6443/apis/apps/v1/namespaces/default/deployments/web/scale" headers=<
\tAccept: application/json, */*
\tContent-Type: application/merge-patch+json
${ua} >`);
    const del = withoutGates(normalised((await run('kubectl delete cm c4 -v=7')).out));
    expect(del).toContain(`I... round_trippers.go:527] "Request" verb="DELETE" url="https://172.18.0.2:6443/api/v1/namespaces/default/configmaps/c4" headers=<
\tAccept: application/json
\tContent-Type: application/json
${ua} >
I... round_trippers.go:632] "Response" status="200 OK" milliseconds=N
configmap "c4" deleted from default namespace`);
  }, 60_000);
});

describe('kubectl -v=8 and -v=9: headers, bodies, the curl command', () => {
  it('logs the bodies from the client code that sent them, quoted or as a block, and kube-apiserver\'s response headers', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl label pod p x=z -v=8')).out));
    expect(out).toContain('I... helper.go:269] "Request Body" body="{\\"metadata\\":{\\"labels\\":{\\"x\\":\\"z\\"}}}"\n');
    expect(out).toMatch(/I\.\.\. helper\.go:105\] "Request Body" body=""\n/);
    expect(out).toMatch(/"Response" status="200 OK" headers=<\n\tAudit-Id: [0-9a-f-]{36}\n\tCache-Control: no-cache, private\n(\tContent-Length: \d+\n)?\tContent-Type: application\/json\n\tDate: Thu, 01 Jan 2026 00:02:30 GMT\n\tX-Kubernetes-Pf-Flowschema-Uid: [0-9a-f-]{36}\n\tX-Kubernetes-Pf-Prioritylevel-Uid: [0-9a-f-]{36}\n > milliseconds=N\n/);
    // The pod's JSON is longer than 1,024 bytes: level 8 keeps that many and counts the rest.
    expect(out).toMatch(/helper\.go:105\] "Response Body" body="\{\\"kind\\":\\"Pod\\",\\"apiVersion\\":\\"v1\\",.* \[truncated \d+ chars\]"\n/);
    const del = withoutGates(normalised((await run('kubectl delete pod p --wait=false -v=8')).out));
    expect(del).toContain('I... helper.go:202] "Request Body" body=<\n\t{"propagationPolicy":"Background"}\n >\n');
  }, 60_000);

  it('prints the curl command, the dial of the first request and the detailed timings at 9', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl get pod p -o name -v=9')).out));
    expect(out).toContain(`I... round_trippers.go:527] "Request" curlCommand=<
\tcurl -v -XGET  -H "Accept: application/json" -H "User-Agent: kubectl/v1.35.2 (linux/amd64) kubernetes/fdc9d74" 'https://172.18.0.2:6443/api/v1/namespaces/default/pods/p'
 >
I... round_trippers.go:562] "HTTP Trace: Dial succeed" network="tcp" address="172.18.0.2:6443"
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods/p" status="200 OK" headers=<`);
    expect(out).toMatch(/ > milliseconds=N dnsLookupMilliseconds=N dialMilliseconds=N tlsHandshakeMilliseconds=N serverProcessingMilliseconds=N\n/);
  }, 60_000);
});

describe('levels, discovery and determinism', () => {
  it('prints nothing at 0 and only the six feature gates at 1 to 5', async () => {
    const { run } = await cluster();
    expect((await run('kubectl get pod p -o name -v=0')).out).toBe('pod/p\n');
    for (const v of [1, 5]) {
      const lines = (await run(`kubectl get pod p -o name -v=${v}`)).out.trimEnd().split('\n');
      expect(lines.pop()).toBe('pod/p');
      expect(lines.map((l) => l.replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, '')).sort()).toEqual([
        'envvar.go:172] "Feature gate default state" feature="ClientsAllowCBOR" enabled=false',
        'envvar.go:172] "Feature gate default state" feature="ClientsPreferCBOR" enabled=false',
        'envvar.go:172] "Feature gate default state" feature="InOrderInformers" enabled=true',
        'envvar.go:172] "Feature gate default state" feature="InOrderInformersBatchProcess" enabled=true',
        'envvar.go:172] "Feature gate default state" feature="InformerResourceVersion" enabled=true',
        'envvar.go:172] "Feature gate default state" feature="WatchListClient" enabled=true',
      ]);
    }
  }, 60_000);

  it('reads discovery on a cold cache only (kube-apiserver\'s aggregated /api and /apis), not for typed generators', async () => {
    const { run } = await interactiveSession([], 3);
    const create = withoutGates(normalised((await run('kubectl create configmap c --from-literal=a=b -v=6')).out));
    expect(create).not.toContain('/api?timeout');
    const first = withoutGates(normalised((await run('kubectl get cm c -v=6')).out));
    expect(first).toContain(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api?timeout=32s" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/apis?timeout=32s" status="200 OK" milliseconds=N
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/configmaps/c" status="200 OK" milliseconds=N`);
    const again = (await run('kubectl get cm c -v=7')).out;
    expect(again).not.toContain('/api?timeout');
    // At 8, in another shell's cold cache: discovery's request headers, and its aggregated answer's type.
    const other = await interactiveSession([], 3);
    const cold = withoutGates(normalised((await other.run('kubectl get cm -v=8')).out));
    expect(cold).toContain(`I... discovery_client.go:255] "Request Body" body=""
I... round_trippers.go:527] "Request" verb="GET" url="https://172.18.0.2:6443/api?timeout=32s" headers=<
	Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json
	User-Agent: kubectl/v1.35.2 (linux/amd64) kubernetes/fdc9d74
 >`);
    expect(cold).toContain('\tContent-Type: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList\n');
    expect(cold).toContain('I... discovery_client.go:318] "Request Body" body=""\n');
  }, 60_000);

  it('prints the same lines for the same history, with time moving forward and a new pid per process', async () => {
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { run } = await cluster();
      outs.push((await run('kubectl get pods -v=6')).out + (await run('kubectl get pods -v=6')).out);
    }
    expect(outs[0]).toBe(outs[1]);
    const headers = [...outs[0].matchAll(/^I(\d{4} \d\d:\d\d:\d\d\.\d{6}) +(\d+) /gm)];
    const stamps = headers.map((m) => m[1]);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(headers.map((m) => m[2])).size).toBe(2);
  }, 60_000);
});

describe('kubectl proxy passes kube-apiserver\'s response headers on', () => {
  it('shows Audit-Id, Cache-Control, the length and type, Date and the APF uids to curl -v, sorted as Go writes them', async () => {
    const { run } = await interactiveSession([], 3);
    await run('kubectl proxy &');
    await run('sleep 1');
    const head = (out: string) => out.split('\n').filter((l) => l.startsWith('< ')).map((l) => l.replace(/: .*/, ''));
    expect(head((await run('curl -sv localhost:8001/api/v1/namespaces/default/configmaps/kube-root-ca.crt -o /dev/null')).out)).toEqual([
      '< HTTP/1.1 200 OK', '< Audit-Id', '< Cache-Control', '< Content-Length', '< Content-Type', '< Date', '< X-Kubernetes-Pf-Flowschema-Uid', '< X-Kubernetes-Pf-Prioritylevel-Uid', '< ',
    ]);
    const missing = (await run('curl -sv localhost:8001/api/v1/namespaces/default/pods/nope -o /dev/null')).out;
    expect(head(missing)).toEqual([
      '< HTTP/1.1 404 Not Found', '< Audit-Id', '< Cache-Control', '< Content-Length', '< Content-Type', '< Date', '< X-Content-Type-Options', '< X-Kubernetes-Pf-Flowschema-Uid', '< X-Kubernetes-Pf-Prioritylevel-Uid', '< ',
    ]);
    expect(missing).toContain('< Cache-Control: no-cache, private\n');
    // A body over HTTP/2's first frame comes without a length: the proxy sends it chunked.
    expect(head((await run('curl -sv localhost:8001/api/v1/namespaces/kube-system/pods -o /dev/null')).out)).toContain('< Transfer-Encoding');
  }, 60_000);
});

describe('exec, rollout status and version', () => {
  it('exec: the pod\'s GET, podcmd\'s default container, the WebSocket upgrade as kubectl v1.35.2 sends it', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl exec p -v=6 -- true')).out));
    expect(out).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods/p" status="200 OK" milliseconds=N
I... podcmd.go:88] Defaulting container name to p
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods/p/exec?command=true&container=p&stderr=true&stdout=true" status="101 Switching Protocols" milliseconds=N
`);
    const v9 = withoutGates(normalised((await run('kubectl exec p -c p -v=9 -- ls /')).out));
    expect(v9).toContain(`I... round_trippers.go:527] "Request" curlCommand=<
\tcurl -v -XGET  -H "Sec-Websocket-Protocol: v5.channel.k8s.io" -H "User-Agent: kubectl/v1.35.2 (linux/amd64) kubernetes/fdc9d74" 'https://172.18.0.2:6443/api/v1/namespaces/default/pods/p/exec?command=ls&command=%2F&container=p&stderr=true&stdout=true'
 >`);
    expect(v9).not.toContain('podcmd.go');
  }, 60_000);

  it('rollout status: one GET, then the informer\'s reflector and its watch-list request', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl rollout status deployment web -v=6')).out));
    const R = 'reflector="k8s.io/client-go/tools/watch/informerwatcher.go:162"';
    expect(out.replace(/timeoutSeconds=\d+/, 'timeoutSeconds=T').replace(/duration="[\d.]+ms"/, 'duration="D"')).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/apis/apps/v1/namespaces/default/deployments/web" status="200 OK" milliseconds=N
I... reflector.go:367] "Starting reflector" type="*unstructured.Unstructured" resyncPeriod="0s" ${R}
I... reflector.go:411] "Listing and watching" type="*unstructured.Unstructured" ${R}
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/apis/apps/v1/namespaces/default/deployments?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dweb&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=T&watch=true" status="200 OK" milliseconds=N
I... reflector.go:978] "Exiting watch because received the bookmark that marks the end of initial events stream" ${R} totalItems=2 duration="D"
I... reflector.go:446] "Caches populated" type="*unstructured.Unstructured" ${R}
deployment "web" successfully rolled out
`);
  }, 60_000);

  it('version: GET /version, its body indented', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl version -v=6')).out));
    expect(out).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/version?timeout=32s" status="200 OK" milliseconds=N
Client Version: v1.35.2
Kustomize Version: v5.7.1
Server Version: v1.35.0
`);
  }, 60_000);
});

describe('typed clients at -v=8', () => {
  it('describe reads through the builder (JSON, its body logged) then the typed clientset (protobuf, answered in protobuf)', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl describe pod p -v=8')).out));
    expect(out).toContain('I... helper.go:105] "Response Body" body=');
    expect(out).toMatch(/I\.\.\. type\.go:165\] "Request Body" body=""\nI\.\.\. round_trippers\.go:527\] "Request" verb="GET" url="https:\/\/172\.18\.0\.2:6443\/api\/v1\/namespaces\/default\/pods\/p" headers=<\n\tAccept: application\/vnd\.kubernetes\.protobuf,application\/json\n/);
    expect(out).toMatch(/type\.go:183\] "Request Body" body=""\n.*"Request" verb="GET" url="https:\/\/172\.18\.0\.2:6443\/api\/v1\/namespaces\/default\/events\?fieldSelector=[^"]*&limit=500"/);
    expect(out).toContain('\tContent-Type: application/vnd.kubernetes.protobuf\n');
  }, 60_000);
});

describe('delete waits as kubectl v1.35.2 does', () => {
  it('GETs the object after the DELETE, and watches it by name through an informer while it terminates', async () => {
    const { run } = await cluster();
    const out = withoutGates(normalised((await run('kubectl delete pod p -v=6')).out));
    const R = 'reflector="k8s.io/client-go/tools/watch/informerwatcher.go:162"';
    expect(out.replace(/timeoutSeconds=\d+/, 'timeoutSeconds=T').replace(/duration="[\d.]+ms"/, 'duration="D"')).toBe(`I... loader.go:405] Config loaded from file:  /home/learner/.kube/config
I... round_trippers.go:632] "Response" verb="DELETE" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods/p" status="200 OK" milliseconds=N
pod "p" deleted from default namespace
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods/p" status="200 OK" milliseconds=N
I... reflector.go:367] "Starting reflector" type="*unstructured.Unstructured" resyncPeriod="0s" ${R}
I... reflector.go:411] "Listing and watching" type="*unstructured.Unstructured" ${R}
I... round_trippers.go:632] "Response" verb="GET" url="https://172.18.0.2:6443/api/v1/namespaces/default/pods?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dp&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=T&watch=true" status="200 OK" milliseconds=N
I... reflector.go:978] "Exiting watch because received the bookmark that marks the end of initial events stream" ${R} totalItems=2 duration="D"
I... reflector.go:446] "Caches populated" type="*unstructured.Unstructured" ${R}
`);
  }, 60_000);
});
