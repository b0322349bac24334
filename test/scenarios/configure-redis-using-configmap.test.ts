/**
 * kubernetes.io tutorial "Configuring Redis using a ConfigMap" (content/en/docs/tutorials/configuration/
 * configure-redis-using-configmap.md), as a learner types it. The pod (pods/config/redis-pod.yaml) runs redis:5 with
 * args [/usr/local/etc/redis/redis.conf]: the image's docker-entrypoint.sh puts redis-server before an argument
 * ending in .conf, and the server reads that file (the ConfigMap's redis-config key) once, as it starts. So
 * `CONFIG GET` in `kubectl exec -it redis -- redis-cli` shows the defaults (maxmemory 0, noeviction) until the pod
 * is recreated, then 2mb as bytes (memtoll: mb is 1024²) and allkeys-lru, as the page's blocks show.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const REDIS_POD = 'https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/pods/config/redis-pod.yaml';
/** One redis-cli session on the TTY: the two CONFIG GETs of the page, then `exit`. */
const CONFIG_GETS = ['CONFIG GET maxmemory', 'CONFIG GET maxmemory-policy', 'exit'];
const session = (maxmemory: string, policy: string) =>
  `127.0.0.1:6379> CONFIG GET maxmemory\n1) "maxmemory"\n2) "${maxmemory}"\n127.0.0.1:6379> CONFIG GET maxmemory-policy\n1) "maxmemory-policy"\n2) "${policy}"\n127.0.0.1:6379> exit\n`;
/** redis's log time: "01 Jan 2026 00:02:11.099". */
const TIME = String.raw`\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3}`;

describe('Configuring Redis using a ConfigMap', () => {
  it('an empty configuration, then one with maxmemory, which the running server ignores until its pod is recreated', async () => {
    const { run, screen } = await interactiveSession([...CONFIG_GETS, ...CONFIG_GETS, ...CONFIG_GETS]);
    expect((await run('kubectl version')).out).toMatch(/^Client Version: v1\.35\.\d+\nKustomize Version: v5\.\d+\.\d+\nServer Version: v1\.35\.\d+\n$/);
    await run(`cat <<EOF >./example-redis-config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: example-redis-config
data:
  redis-config: ""
EOF`);
    expect((await run('kubectl apply -f example-redis-config.yaml')).out).toBe('configmap/example-redis-config created\n');
    expect((await run(`kubectl apply -f ${REDIS_POD}`)).out).toBe('pod/redis created\n');
    await run('sleep 8');
    expect((await run('kubectl get pod/redis configmap/example-redis-config')).out).toMatch(
      /^NAME {8}READY {3}STATUS {4}RESTARTS {3}AGE\npod\/redis {3}1\/1 {5}Running {3}0 {10}8s\n\nNAME {29}DATA {3}AGE\nconfigmap\/example-redis-config {3}1 {6}8s\n$/,
    );
    expect((await run('kubectl describe configmap/example-redis-config')).out).toMatch(/^Name: {9}example-redis-config\nNamespace: {4}default\nLabels: {7}<none>\nAnnotations: {2}<none>\n\nData\n====\nredis-config:\n----\n\n/);
    // The empty file is read: "Configuration loaded", not the warning of a server started without one.
    const logs = (await run('kubectl logs redis')).out;
    expect(logs).toMatch(new RegExp(`^1:C ${TIME} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n1:C ${TIME} # Redis version=5\\.0\\.14, bits=64, commit=00000000, modified=0, pid=1, just started\n1:C ${TIME} # Configuration loaded\n1:M ${TIME} \\* Running mode=standalone, port=6379\\.\n1:M ${TIME} # Server initialized\n1:M ${TIME} \\* Ready to accept connections\n$`));

    expect((await run('kubectl exec -it redis -- redis-cli')).status).toBe(0);
    expect(screen.text).toBe(session('0', 'noeviction'));

    // Section 2: the example's configuration, applied over the empty one.
    screen.text = '';
    expect((await run('curl -sLo example-redis-config.yaml https://k8s.io/examples/pods/config/example-redis-config.yaml')).status).toBe(0);
    expect((await run('kubectl apply -f example-redis-config.yaml')).out).toBe('configmap/example-redis-config configured\n');
    expect((await run('kubectl describe configmap/example-redis-config')).out).toContain('\nData\n====\nredis-config:\n----\nmaxmemory 2mb\nmaxmemory-policy allkeys-lru\n\n');
    await run('kubectl exec -it redis -- redis-cli');
    expect(screen.text).toBe(session('0', 'noeviction'));

    screen.text = '';
    expect((await run('kubectl delete pod redis')).out).toBe('pod "redis" deleted from default namespace\n');
    expect((await run(`kubectl apply -f ${REDIS_POD}`)).out).toBe('pod/redis created\n');
    await run('kubectl wait --for=condition=Ready pod/redis --timeout=60s; sleep 2');
    await run('kubectl exec -it redis -- redis-cli');
    expect(screen.text).toBe(session('2097152', 'allkeys-lru'));

    expect((await run('kubectl delete pod/redis configmap/example-redis-config')).out).toBe('pod "redis" deleted from default namespace\nconfigmap "example-redis-config" deleted from default namespace\n');
  });

  it('redis-cli with a command: raw replies when stdout is no terminal, and the server in another pod by -h', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create configmap example-redis-config --from-literal=redis-config="maxmemory 100kb"');
    await run(`kubectl apply -f ${REDIS_POD}`);
    await run('kubectl run client --image=redis:5');
    await run('kubectl wait --for=condition=Ready pod/redis pod/client --timeout=60s; sleep 2');
    expect((await run('kubectl exec redis -- redis-cli CONFIG GET maxmemory')).out).toBe('maxmemory\n102400\n');
    expect((await run('kubectl exec redis -- redis-cli SET greeting "hello world"')).out).toBe('OK\n');
    const ip = (await run(`kubectl get pod redis -o jsonpath='{.status.podIP}'`)).out;
    expect((await run(`kubectl exec client -- redis-cli -h ${ip} GET greeting`)).out).toBe('hello world\n');
    expect((await run('kubectl exec client -- redis-cli GET greeting')).out).toBe('\n');
    const refused = await run('kubectl exec client -- redis-cli -p 6380 PING');
    expect(refused.out).toBe('Could not connect to Redis at 127.0.0.1:6380: Connection refused\ncommand terminated with exit code 1\n');
    // The client pod's own server has no configuration file: the warning, and the defaults.
    expect((await run('kubectl logs client')).out).toContain('# Warning: no config file specified, using the default config.');
    expect((await run('kubectl exec client -- redis-cli CONFIG GET maxmemory-policy')).out).toBe('maxmemory-policy\nnoeviction\n');
  });

  it('a configuration file with a bad maxmemory-policy stops the server as it starts', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create configmap example-redis-config --from-literal=redis-config="maxmemory-policy sometimes"');
    await run(`kubectl apply -f ${REDIS_POD}`);
    await run('sleep 10');
    expect((await run('kubectl logs redis')).out).toBe("\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file, at line 1\n>>> 'maxmemory-policy sometimes'\nInvalid maxmemory policy\n");
    expect((await run(`kubectl get pod redis -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}'`)).out).toBe('1');
  });
});
