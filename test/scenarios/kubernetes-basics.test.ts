/**
 * The kubernetes.io "Kubernetes Basics" tutorial's app: gcr.io/google-samples/kubernetes-bootcamp:v1 and
 * docker.io/jocatalin/kubernetes-bootcamp:v2, a Node 6.3.1 server.js started by `CMD node server.js` (so
 * /bin/sh is PID 1). Expected texts: server.js's own strings as the image ships them, Node 6's console.log
 * (arguments joined by spaces, a Date as its ISO string), the image's NODE_VERSION and NPM_CONFIG_LOGLEVEL and
 * its size as the kubelet's Pulled event reports it (83642968 bytes).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('the Kubernetes Basics tutorial app (kubernetes-bootcamp)', () => {
  it('answers with its pod name and version, logs each request, and ships server.js', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
    expect((await run('kubectl rollout status deployment/kubernetes-bootcamp')).status).toBe(0);
    // Node listens a moment after the container starts (and, without a probe, is Ready).
    await run('sleep 1');
    const pod = (await run(`kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`)).out.trim();
    expect(pod).toMatch(/^kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5}$/);
    expect((await run(`kubectl exec ${pod} -- curl -s http://localhost:8080`)).out).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
    // Node's http writes the body in pieces without a length: chunked, after the handler's one header and Date.
    const head = (await run(`kubectl exec ${pod} -- curl -si http://localhost:8080`)).out.split('\r\n');
    expect(head.slice(0, 2)).toEqual(['HTTP/1.1 200 OK', 'Content-Type: text/plain']);
    expect(head[2]).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(head.slice(3, 6)).toEqual(['Connection: keep-alive', 'Transfer-Encoding: chunked', '']);
    // The start line ends with the space before "\n" and then the empty line that "\n" makes.
    const logs = (await run(`kubectl logs ${pod}`)).out.split('\n');
    expect(logs[0]).toMatch(new RegExp(`^Kubernetes Bootcamp App Started At: \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z \\| Running On:  ${pod} $`));
    expect(logs[1]).toBe('');
    expect(logs[2]).toMatch(new RegExp(`^Running On: ${pod} \\| Total Requests: 1 \\| App Uptime: \\d+(\\.\\d+)? seconds \\| Log Time: \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z$`));
    expect(logs[3]).toMatch(/\| Total Requests: 2 \|/);
    const env = (await run(`kubectl exec ${pod} -- env`)).out;
    expect(env).toContain('NPM_CONFIG_LOGLEVEL=info\nNODE_VERSION=6.3.1\n');
    expect(env).toMatch(/HOME=\/root\n$/);
    expect((await run(`kubectl exec ${pod} -- node --version`)).out).toBe('v6.3.1\n');
    // The tutorial's `kubectl exec $POD_NAME -- curl http://localhost:8080`: curl's stdout is the exec's stream, not
    // a terminal, so its progress meter comes on stderr; with -it the container's TTY is the terminal, and none.
    const meter = (await run(`kubectl exec ${pod} -- curl http://localhost:8080`)).out;
    expect(meter).toMatch(/^  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n {33}Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0Hello Kubernetes bootcamp! \| Running on: \S+ \| v=1\n\r100    \d\d    0    \d\d    0     0  [ \dk]{5}      0 --:--:-- --:--:-- --:--:-- [ \dk]{5}\n$/);
    expect((await run(`kubectl exec -it ${pod} -- curl http://localhost:8080`)).out).toBe(`Hello Kubernetes bootcamp! | Running on: ${pod} | v=1\n`);
    expect((await run(`kubectl exec ${pod} -- cat server.js`)).out).toContain('  response.end(" | v=1\\n");\n');
    // A Debian jessie image: curl 7.38 words a refused connection with the errno text.
    expect((await run(`kubectl exec ${pod} -- curl -sS http://localhost:8081`)).out).toBe('curl: (7) Failed to connect to localhost port 8081: Connection refused\ncommand terminated with exit code 7\n');
    expect((await run('kubectl get events --field-selector reason=Pulled -o jsonpath={.items[0].message}')).out).toMatch(/Image size: 83642968 bytes\.$/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('rolls to v2 and answers v=2; v10 does not exist', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
    await run('kubectl expose deployment/kubernetes-bootcamp --type=NodePort --port 8080');
    await run('kubectl rollout status deployment/kubernetes-bootcamp');
    await run('kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2');
    expect((await run('kubectl rollout status deployments/kubernetes-bootcamp')).status).toBe(0);
    // The last v1 pod's end reaches kube-proxy's rules up to a second after the rollout is complete.
    await run('sleep 1');
    const port = (await run(`kubectl get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}'`)).out;
    expect((await run(`curl -s http://172.18.0.3:${port}`)).out).toMatch(/^Hello Kubernetes bootcamp! \| Running on: kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5} \| v=2\n$/);
    await run('kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10');
    await run('sleep 30');
    expect((await run('kubectl get pods')).out).toMatch(/0\/1 {5}(ErrImagePull|ImagePullBackOff)/);
  });

  it('takes the whole grace period to stop: /bin/sh is PID 1 and has no SIGTERM handler', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run b --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
    await run('kubectl wait --for=condition=Ready pod/b');
    await run('kubectl delete pod b --wait=false');
    await run('sleep 29');
    expect((await run('kubectl get pod b -o jsonpath={.metadata.deletionTimestamp}')).status).toBe(0);
    await run('sleep 3');
    expect((await run('kubectl get pod b')).out).toBe('Error from server (NotFound): pods "b" not found\n');
  });
});

describe('kube-proxy programs a change as its sync runner does', () => {
  it('at once when the last sync is a second old or more, else when that second is up', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl run a --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --port=8080');
    await run('kubectl wait --for=condition=Ready pod/a');
    await run('kubectl expose pod a --name=one --port=80 --target-port=8080');
    const ip = (await run('kubectl get svc one -o jsonpath={.spec.clusterIP}')).out;
    await run('sleep 2');
    // A Service change alone (its EndpointSlice stays as it is) after a quiet second: programmed at once.
    await run(`kubectl patch svc one --type=json -p '[{"op":"replace","path":"/spec/ports/0/port","value":81}]'`);
    cluster.advance(10);
    expect((await run(`curl -s http://${ip}:81`)).out).toMatch(/^Hello Kubernetes bootcamp! /);
    // The next change, within a second of that sync, waits for the second to be up.
    await run(`kubectl patch svc one --type=json -p '[{"op":"replace","path":"/spec/ports/0/port","value":82}]'`);
    cluster.advance(10);
    // No rule for the port yet: the ClusterIP answers nothing there, so curl gives up after its -m 0.5.
    expect((await run(`curl -sS -m 0.5 http://${ip}:82`)).out).toMatch(/^curl: \(28\) /);
    await run('sleep 0.5');
    expect((await run(`curl -s http://${ip}:82`)).out).toMatch(/^Hello Kubernetes bootcamp! /);
  });
});
