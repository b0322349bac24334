/**
 * Writes over HTTP: curl's POST, PUT, PATCH and DELETE to kube-apiserver, through `kubectl proxy` and on the secure
 * port from a pod. Expected texts come from the real sources: staging/src/k8s.io/apiserver/pkg/endpoints/handlers
 * (create.go and rest.go transformDecodeError/summarizeData, patch.go, negotiation/errors.go's 415,
 * installer.go's PATCH media types, delete.go), registry/rest EnsureObjectNamespaceMatchesRequestNamespace, and
 * curl 7.88.1 and 8.5.0 (lib/http.c's POST headers, src/tool_getparam.c's `@file`, tool_msgs.c's warning).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';
import { outputOf } from '../../engine/kubectl/test-helpers.js';

const API = 'localhost:8001/api/v1/namespaces/default';
const JSON_TYPE = "-H 'Content-Type: application/json'";

/** The Status JSON kube-apiserver writes for curl (indented). */
const failure = (message: string, reason: string, code: number, details = '') =>
  `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": ${JSON.stringify(message)},\n  "reason": "${reason}",\n${details}  "code": ${code}\n}\n`;

describe('writes through kubectl proxy', () => {
  it('create, patch and delete a ConfigMap: 201 with the object (curl its manager), the merge patch, the Success Status', async () => {
    const lines = [
      `curl -s -X POST ${JSON_TYPE} -d '{"metadata":{"name":"cm1"},"data":{"a":"b"}}' ${API}/configmaps`,
      `curl -s -o /dev/null -w '%{http_code}\\n' -X POST ${JSON_TYPE} -d '{"metadata":{"name":"cm2"}}' ${API}/configmaps`,
      `curl -s -X PATCH -H 'Content-Type: application/merge-patch+json' -d '{"data":{"c":"d"}}' ${API}/configmaps/cm1`,
      'kubectl get configmap cm1 -o jsonpath={.data}',
      `curl -s -X DELETE ${API}/configmaps/cm1`,
      'kubectl get configmaps -o name',
    ];
    const out = await runScript(['kubectl proxy &', 'sleep 1', ...lines, ''].join('\n'));
    const created = JSON.parse(outputOf(out, lines[0]));
    expect(created).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm1', namespace: 'default', managedFields: [{ manager: 'curl', operation: 'Update' }] }, data: { a: 'b' } });
    // A person's client gets indented JSON, the Go structs' order: kind and apiVersion first.
    expect(outputOf(out, lines[0]).startsWith('{\n  "kind": "ConfigMap",\n  "apiVersion": "v1",\n  "metadata": {\n    "name": "cm1",\n')).toBe(true);
    expect(outputOf(out, lines[1])).toBe('201\n');
    expect(JSON.parse(outputOf(out, lines[2])).data).toEqual({ a: 'b', c: 'd' });
    expect(outputOf(out, lines[3])).toBe('{"a":"b","c":"d"}\n');
    expect(JSON.parse(outputOf(out, lines[4]))).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'cm1', kind: 'configmaps', uid: created.metadata.uid }, code: 200 });
    expect(outputOf(out, lines[5])).toBe('configmap/cm2\nconfigmap/kube-root-ca.crt\n');
  });

  it("refuses what it cannot read: curl's form type (415), an unknown patch type (415), broken JSON, another namespace", async () => {
    const lines = [
      `curl -s -X POST -d '{"metadata":{"name":"x"}}' ${API}/configmaps`,
      `curl -s -X PATCH ${JSON_TYPE} -d '{"data":{}}' ${API}/configmaps/kube-root-ca.crt`,
      `curl -s -X POST ${JSON_TYPE} -d '{"metadata":{"name":"x"' ${API}/configmaps`,
      `curl -s -X POST ${JSON_TYPE} -d '{"metadata":{"name":"x","namespace":"kube-system"}}' ${API}/configmaps`,
      `curl -s -X POST ${JSON_TYPE} -d '[1]' ${API}/configmaps`,
    ];
    const out = await runScript(['kubectl proxy &', 'sleep 1', ...lines, ''].join('\n'));
    expect(outputOf(out, lines[0])).toBe(failure('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf', 'UnsupportedMediaType', 415, '  "details": {},\n'));
    expect(outputOf(out, lines[1])).toBe(failure('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml', 'UnsupportedMediaType', 415, '  "details": {},\n'));
    expect(outputOf(out, lines[2])).toBe(failure('the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"metadata":{"name":"x")', 'BadRequest', 400));
    expect(outputOf(out, lines[3])).toBe(failure('the namespace of the provided object does not match the namespace sent on the request', 'BadRequest', 400));
    // summarizeData: a body that does not open an object is shown in hex.
    expect(JSON.parse(outputOf(out, lines[4])).message).toBe('the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b315d)');
  });

  it('a pod is returned as it terminates; a Deployment scales through its Scale', async () => {
    const lines = [
      `curl -s -X DELETE ${API}/pods/web`,
      `curl -s -X PATCH -H 'Content-Type: application/merge-patch+json' -d '{"spec":{"replicas":3}}' localhost:8001/apis/apps/v1/namespaces/default/deployments/app/scale`,
      'kubectl get --raw /apis/apps/v1/namespaces/default/deployments/app/scale',
    ];
    const out = await runScript(['kubectl run web --image=nginx', 'kubectl create deployment app --image=nginx', 'kubectl wait --for=condition=Ready pod/web --timeout=60s', 'kubectl proxy &', 'sleep 1', ...lines, ''].join('\n'));
    const pod = JSON.parse(outputOf(out, lines[0]));
    expect(pod).toMatchObject({ kind: 'Pod', metadata: { name: 'web', deletionGracePeriodSeconds: 30 } });
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    expect(outputOf(out, lines[1]).startsWith('{\n  "kind": "Scale",\n  "apiVersion": "autoscaling/v1",\n  "metadata": {\n    "name": "app",\n    "namespace": "default",\n')).toBe(true);
    expect(JSON.parse(outputOf(out, lines[1])).spec).toEqual({ replicas: 3 });
    expect(JSON.parse(outputOf(out, lines[2]))).toMatchObject({ kind: 'Scale', spec: { replicas: 3 }, status: { selector: 'app=app' } });
  });
});

describe('DELETE of a collection (deletecollection)', () => {
  // handlers/delete.go DeleteCollection and registry Store.DeleteCollection: the selectors' objects are deleted one by
  // one and the answer is the list as it was listed; the installer gives DELETECOLLECTION only to a collection inside
  // a namespace (or a cluster-scoped one) whose storage has it, so the all-namespaces path and namespaces are 405.
  it('deletes what the label selector matches and answers the list; kubectl delete --raw sends the same DELETE', async () => {
    const lines = [
      `curl -s -X DELETE '${API}/configmaps?labelSelector=tier%3Dcache'`,
      'kubectl get configmaps -o name',
      'kubectl delete --raw /api/v1/namespaces/default/configmaps?labelSelector=tier=web',
      'kubectl get cm -o name',
      "curl -s -X DELETE localhost:8001/api/v1/configmaps",
      'kubectl delete --raw /api/v1/namespaces',
      'kubectl delete --raw /api/v1/configmaps/keep',
      'kubectl delete --raw /api/v1/namespaces/default/configmaps/keep',
    ];
    const setup = ['kubectl create configmap a --from-literal=k=1', 'kubectl create configmap b --from-literal=k=2', 'kubectl create configmap w --from-literal=k=3', 'kubectl create configmap keep --from-literal=k=4',
      'kubectl label configmap a b tier=cache', 'kubectl label configmap w tier=web'];
    const out = await runScript([...setup, 'kubectl proxy &', 'sleep 1', ...lines, ''].join('\n'));
    const list = JSON.parse(outputOf(out, lines[0]));
    expect(list.kind).toBe('ConfigMapList');
    expect(list.apiVersion).toBe('v1');
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b']);
    // A list's items carry no TypeMeta of their own.
    expect(list.items[0].kind).toBeUndefined();
    expect(list.items[0].data).toEqual({ k: '1' });
    expect(outputOf(out, lines[1])).toBe('configmap/keep\nconfigmap/kube-root-ca.crt\nconfigmap/w\n');
    // kubectl's User-Agent gets the compact encoding, a newline after.
    expect(outputOf(out, lines[2])).toMatch(/^\{"kind":"ConfigMapList","apiVersion":"v1","metadata":\{"resourceVersion":"\d+"\},"items":\[\{"metadata":\{"name":"w",/);
    expect(outputOf(out, lines[3])).toBe('configmap/keep\nconfigmap/kube-root-ca.crt\n');
    expect(JSON.parse(outputOf(out, lines[4]))).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    expect(outputOf(out, lines[5])).toBe('Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n');
    // No route for a namespaced resource's object outside a namespace: go-restful's 404.
    expect(outputOf(out, lines[6])).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    expect(JSON.parse(outputOf(out, lines[7]))).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'keep', kind: 'configmaps' }, code: 200 });
  });

  it('a dry run lists without deleting', async () => {
    const lines = [`curl -s -X DELETE '${API}/configmaps?dryRun=All'`, 'kubectl get configmaps -o name'];
    const out = await runScript(['kubectl create configmap a --from-literal=k=1', 'kubectl proxy &', 'sleep 1', ...lines, ''].join('\n'));
    expect(JSON.parse(outputOf(out, lines[0])).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'kube-root-ca.crt']);
    expect(outputOf(out, lines[1])).toBe('configmap/a\nconfigmap/kube-root-ca.crt\n');
  });
});

describe("curl's request body", () => {
  it('-d @FILE drops newlines, --data-binary keeps them; the head says Content-Length, then the form type unless given', async () => {
    const lines = [
      `curl -s -X POST ${JSON_TYPE} -d @cm.json ${API}/configmaps -o /dev/null`,
      'kubectl get configmap filed -o jsonpath={.data.text}',
      `curl -sv -X POST -d '{}' ${API}/configmaps -o /dev/null 2>&1 | grep '^> '`,
      `curl -sv -X POST ${JSON_TYPE} --data-binary @cm.json ${API}/configmaps -o /dev/null 2>&1 | grep '^> Content'`,
      `curl -X POST ${JSON_TYPE} -d @missing.json ${API}/configmaps -o /dev/null 2>&1 | head -2`,
    ];
    const out = await runScript(['kubectl proxy &', 'sleep 1', `printf '{"metadata":{"name":"filed"},\\n"data":{"text":"a\\nb"}}\\n' > cm.json`, ...lines, ''].join('\n'));
    // printf wrote a real newline inside the JSON string (invalid JSON as it stands): -d takes it out.
    expect(outputOf(out, lines[1])).toBe('ab\n');
    expect(outputOf(out, lines[2])).toBe(`> POST /api/v1/namespaces/default/configmaps HTTP/1.1\n> Host: localhost:8001\n> User-Agent: curl/8.5.0\n> Accept: */*\n> Content-Length: 2\n> Content-Type: application/x-www-form-urlencoded\n> \n`);
    expect(outputOf(out, lines[3])).toBe('> Content-Type: application/json\n> Content-Length: 53\n');
    // warnf cuts its 72 bytes after the last blank within 70, and starts the rest with its prefix again.
    expect(outputOf(out, lines[4])).toBe('Warning: Couldn\'t read data from file "missing.json", this makes an empty \nWarning: POST.\n');
  });
});

describe('writes on the secure port, as the ServiceAccount', () => {
  it('forbidden until a RoleBinding grants edit, then created', async () => {
    const auth = 'curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" -H "Content-Type: application/json"';
    const post = (name: string) => `kubectl exec c -- sh -c '${auth} -X POST -d "{\\"metadata\\":{\\"name\\":\\"${name}\\"},\\"data\\":{\\"k\\":\\"v\\"}}" https://kubernetes.default.svc/api/v1/namespaces/default/configmaps'`;
    const lines = [post('denied'), 'kubectl create rolebinding sa-edit --clusterrole=edit --serviceaccount=default:default', post('from-pod'), 'kubectl get configmap from-pod --show-managed-fields -o jsonpath={.metadata.managedFields[0].manager}'];
    const out = await runScript(['kubectl run c --image=curlimages/curl --command -- sleep 3600', 'kubectl wait --for=condition=Ready pod/c --timeout=120s', ...lines, ''].join('\n'));
    expect(JSON.parse(outputOf(out, lines[0]))).toMatchObject({ reason: 'Forbidden', code: 403, message: 'configmaps is forbidden: User "system:serviceaccount:default:default" cannot create resource "configmaps" in API group "" in the namespace "default"' });
    expect(JSON.parse(outputOf(out, lines[2]))).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'from-pod' } });
    expect(outputOf(out, lines[3])).toBe('curl\n');
  });

  it("GET of a Deployment's scale subresource answers its Scale, judged as deployments/scale", async () => {
    const auth = 'curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"';
    const get = (path: string, sh = 'sh') => `kubectl exec c -- ${sh} -c '${auth} https://kubernetes.default.svc${path}'`;
    const lines = [get('/apis/apps/v1/namespaces/default/deployments/app/scale'), 'kubectl create role scaler --verb=get --resource=deployments/scale', 'kubectl create rolebinding sa-scaler --role=scaler --serviceaccount=default:default',
      get('/apis/apps/v1/namespaces/default/deployments/app/scale', '/bin/sh'), get('/api/v1/namespaces/default/pods/c/scale')];
    const out = await runScript(['kubectl create deployment app --image=nginx --replicas=2', 'kubectl run c --image=curlimages/curl --command -- sleep 3600', 'kubectl wait --for=condition=Ready pod/c --timeout=120s', ...lines, ''].join('\n'));
    expect(JSON.parse(outputOf(out, lines[0]))).toMatchObject({ reason: 'Forbidden', code: 403, message: 'deployments.apps "app" is forbidden: User "system:serviceaccount:default:default" cannot get resource "deployments/scale" in API group "apps" in the namespace "default"' });
    const scale = outputOf(out, lines[3]);
    // curl's User-Agent gets indented JSON; the Scale's fields in the Go struct's order, no managedFields.
    expect(scale.startsWith('{\n  "kind": "Scale",\n  "apiVersion": "autoscaling/v1",\n  "metadata": {\n    "name": "app",\n    "namespace": "default",\n')).toBe(true);
    expect(JSON.parse(scale)).toMatchObject({ spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=app' } });
    expect(JSON.parse(scale).metadata.managedFields).toBeUndefined();
    // Authorization comes before the routes (DefaultBuildHandlerChain): pods/scale, which no route serves, is judged first.
    expect(JSON.parse(outputOf(out, lines[4]))).toMatchObject({ reason: 'Forbidden', code: 403, message: 'pods "c" is forbidden: User "system:serviceaccount:default:default" cannot get resource "pods/scale" in API group "" in the namespace "default"' });
  });
});
