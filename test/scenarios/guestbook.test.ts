/**
 * kubernetes.io's "Example: Deploying PHP Guestbook application with Redis"
 * (content/en/docs/tutorials/stateless-application/guestbook.md), its commands as the page gives them, the expected
 * texts the page's "similar to" blocks in v1.35's formats (`kubectl delete` names the namespace). The images are the
 * page's: redis:6.0.5 as the leader (redis 6.0's log lines: `#` for its warnings-level start lines, no "monotonic
 * clock" line before 6.2), gb-redis-follower:v2 (redis:6.0.5 with run.sh: `redis-server --replicaof redis-leader
 * 6379`), and gb-frontend:v5 (php:7.4.7-apache with kubernetes-engine-samples' guestbook/php-redis of June 2020:
 * guestbook.php's `?cmd=set&key=…&value=…` writes through the redis-leader Service, `?cmd=get&key=…` reads through
 * redis-follower).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const EX = 'https://k8s.io/examples/application/guestbook';
const REDIS_TIME = String.raw`\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3}`;

describe('Deploying PHP Guestbook application with Redis (kubernetes.io tutorial)', () => {
  it('runs the page end to end: the Redis leader and followers, the frontend through port-forward and a LoadBalancer, scaling, clean-up', async () => {
    const { run, cluster } = await interactiveSession([], 11);
    expect((await run(`kubectl apply -f ${EX}/redis-leader-deployment.yaml`)).out).toBe('deployment.apps/redis-leader created\n');
    await run('sleep 13');
    const pods = (await run('kubectl get pods')).out.split('\n');
    expect(pods[0]).toMatch(/^NAME {28,29}READY   STATUS    RESTARTS   AGE$/);
    expect(pods[1]).toMatch(/^redis-leader-[a-z0-9]{9,10}-[a-z0-9]{5} +1\/1 {5}Running {3}0 {10}13s$/);

    // `kubectl logs -f deployment/redis-leader`: redis 6.0.5 started by the image's entrypoint with no arguments.
    const leaderLog = (await run('timeout 3 kubectl logs -f deployment/redis-leader')).out;
    expect(leaderLog).toMatch(new RegExp('^' + [
      '# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      '# Redis version=6\\.0\\.5, bits=64, commit=00000000, modified=0, pid=1, just started',
      '# Warning: no config file specified, using the default config\\. In order to specify a config file use redis-server /path/to/redis\\.conf',
    ].map((l) => `1:C ${REDIS_TIME} ${l}\n`).join('') + [
      '\\* Running mode=standalone, port=6379\\.',
      '# Server initialized',
      '\\* Ready to accept connections',
    ].map((l) => `1:M ${REDIS_TIME} ${l}\n`).join('') + '$'));

    expect((await run(`kubectl apply -f ${EX}/redis-leader-service.yaml`)).out).toBe('service/redis-leader created\n');
    const services = (await run('kubectl get service')).out.split('\n');
    expect(services[0]).toMatch(/^NAME {11}TYPE {8}CLUSTER-IP {4,}EXTERNAL-IP {3}PORT\(S\) {4}AGE$/);
    expect(services[2]).toMatch(/^redis-leader {3}ClusterIP {3}10\.\d+\.\d+\.\d+ +<none> {8}6379\/TCP {3}\d+s$/);

    expect((await run(`kubectl apply -f ${EX}/redis-follower-deployment.yaml`)).out).toBe('deployment.apps/redis-follower created\n');
    await run('sleep 37');
    const withFollowers = (await run('kubectl get pods')).out.trim().split('\n').slice(1);
    expect(withFollowers.map((l) => l.split(/\s+/).slice(1, 4).join(' '))).toEqual(['1/1 Running 0', '1/1 Running 0', '1/1 Running 0']);
    expect(withFollowers.map((l) => l.replace(/-[a-z0-9]+-[a-z0-9]{5} .*/, ''))).toEqual(['redis-follower', 'redis-follower', 'redis-leader']);

    // Each follower is a replica: it connects to redis-leader and loads the leader's RDB (redis 6.0's replication.c).
    const followerLog = (await run('kubectl logs -l role=follower --tail=-1')).out;
    const sync = [
      ['C', '#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'],
      ['C', '#', 'Redis version=6.0.5, bits=64, commit=00000000, modified=0, pid=4, just started'],
      ['C', '#', 'Configuration loaded'],
      ['S', '*', 'Running mode=standalone, port=6379.'],
      ['S', '#', 'Server initialized'],
      ['S', '*', 'Ready to accept connections'],
      ['S', '*', 'Connecting to MASTER redis-leader:6379'],
      ['S', '*', 'MASTER <-> REPLICA sync started'],
      ['S', '*', 'Non blocking connect for SYNC fired the event.'],
      ['S', '*', 'Master replied to PING, replication can continue...'],
      ['S', '*', 'Partial resynchronization not possible (no cached master)'],
      ['S', '*', 'Full resync from master: ID:0'],
      ['S', '*', 'MASTER <-> REPLICA sync: receiving 175 bytes from master to disk'],
      ['S', '*', 'MASTER <-> REPLICA sync: Flushing old data'],
      ['S', '*', 'MASTER <-> REPLICA sync: Loading DB in memory'],
      ['S', '*', 'Loading RDB produced by version 6.0.5'],
      ['S', '*', 'RDB age 0 seconds'],
      ['S', '*', 'RDB memory usage when created 1.84 Mb'],
      ['S', '*', 'MASTER <-> REPLICA sync: Finished with success'],
    ];
    const followerLines = followerLog.trim().split('\n');
    expect(followerLines).toHaveLength(2 * sync.length);
    const replid = /Full resync from master: ([0-9a-f]{40}):0$/.exec(followerLines[11])?.[1];
    expect(replid).toBeDefined();
    followerLines.forEach((l, i) => {
      const [role, level, text] = sync[i % sync.length];
      expect(l.replace(new RegExp(REDIS_TIME), 'T')).toBe(`4:${role} T ${level} ${text.replace('ID', replid!)}`);
    });
    // The leader made its backlog for the first replica and saved an RDB for each (BGSAVE in a child process).
    // The Deployment's selector is `app: redis` alone: it matches the followers too, and kubectl says which pod it read.
    const leaderLog2 = (await run('kubectl logs deployment/redis-leader')).out.split('\n');
    expect(leaderLog2[0]).toMatch(/^Found 3 pods, using pod\/redis-leader-[a-z0-9]+-[a-z0-9]{5}$/);
    const leaderSync = leaderLog2.slice(7).map((l) => l.replace(new RegExp(REDIS_TIME), 'T').replace(/10\.244\.\d+\.\d+/, 'IP'));
    expect(leaderSync.slice(0, 9)).toEqual([
      '1:M T * Replica IP:6379 asks for synchronization',
      '1:M T * Full resync requested by replica IP:6379',
      `1:M T * Replication backlog created, my new replication IDs are '${replid}' and '0000000000000000000000000000000000000000'`,
      '1:M T * Starting BGSAVE for SYNC with target: disk',
      '1:M T * Background saving started by pid 8',
      '8:C T * DB saved on disk',
      '8:C T * RDB: 0 MB of memory used by copy-on-write',
      '1:M T * Background saving terminated with success',
      '1:M T * Synchronization with replica IP:6379 succeeded',
    ]);
    expect(leaderSync[12]).toBe('1:M T * Background saving started by pid 9');

    expect((await run(`kubectl apply -f ${EX}/redis-follower-service.yaml`)).out).toBe('service/redis-follower created\n');
    expect((await run(`kubectl apply -f ${EX}/frontend-deployment.yaml`)).out).toBe('deployment.apps/frontend created\n');
    await run('sleep 47');
    const frontends = (await run('kubectl get pods -l app=guestbook -l tier=frontend')).out.trim().split('\n');
    expect(frontends[0]).toBe('NAME                        READY   STATUS    RESTARTS   AGE');
    expect(frontends.slice(1)).toHaveLength(3);
    for (const l of frontends.slice(1)) expect(l).toMatch(/^frontend-[a-z0-9]{9,10}-[a-z0-9]{5} +1\/1 {5}Running {3}0 {10}47s$/);

    expect((await run(`kubectl apply -f ${EX}/frontend-service.yaml`)).out).toBe('service/frontend created\n');
    const all = (await run('kubectl get services')).out.trim().split('\n').map((l) => l.split(/\s+/));
    expect(all.map((c) => [c[0], c[1], c[3], c[4]])).toEqual([
      ['NAME', 'TYPE', 'EXTERNAL-IP', 'PORT(S)'],
      ['frontend', 'ClusterIP', '<none>', '80/TCP'],
      ['kubernetes', 'ClusterIP', '<none>', '443/TCP'],
      ['redis-follower', 'ClusterIP', '<none>', '6379/TCP'],
      ['redis-leader', 'ClusterIP', '<none>', '6379/TCP'],
    ]);

    // "Viewing the Frontend Service via kubectl port-forward", then the page's own requests to guestbook.php.
    expect((await run('kubectl port-forward svc/frontend 8080:80 &')).out).toBe('[1] 1001\nForwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    const page = (await run('curl -s localhost:8080')).out;
    expect(page).toContain('<html ng-app="redis">\n  <head>\n    <title>Guestbook</title>\n');
    expect(page).toContain('<button type="button" class="btn btn-primary" ng-click="controller.onRedis()">Submit</button>');
    expect((await run('curl -s localhost:8080/controllers.js | grep guestbook.php')).out).toContain('    this.http_.get("guestbook.php?cmd=set&key=messages&value=" + value)\n');
    expect((await run('curl -s "localhost:8080/guestbook.php?cmd=get&key=messages"; echo')).out).toMatch(/{"data": ""}\n$/);
    const set = (await run('curl -si "localhost:8080/guestbook.php?cmd=set&key=messages&value=,Hello%20Kubernetes"')).out;
    expect(set).toMatch(/HTTP\/1\.1 200 OK\r\n/);
    expect(set).toContain('Server: Apache/2.4.38 (Debian)\r\nX-Powered-By: PHP/7.4.7\r\nContent-Length: 22\r\nContent-Type: application/json\r\n\r\n{"message": "Updated"}');
    // Reads go to the followers (the Service picks one each time): both answer with what the leader has.
    for (let i = 0; i < 4; i++) expect((await run('curl -s "localhost:8080/guestbook.php?cmd=get&key=messages"; echo')).out).toMatch(/{"data": ",Hello Kubernetes"}\n$/);
    // Apache's combined log on the container's stdout: the forwarded connection comes from the pod's loopback. Debian's
    // format logs %O, the bytes sent with the head: 221 for the status line, Date, Server, X-Powered-By,
    // Content-Length, Keep-Alive, Connection and Content-Type, then the 22 of the body.
    const access = (await run('kubectl logs -l app=guestbook,tier=frontend --tail=-1 | grep "GET /guestbook.php?cmd=set"')).out;
    expect(access).toMatch(/^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/guestbook\.php\?cmd=set&key=messages&value=,Hello%20Kubernetes HTTP\/1\.1" 200 243 "-" "curl\/8\.5\.0"\n$/);
    expect((await run('kubectl logs deployment/frontend | head -4')).out).toMatch(/^Found 3 pods, using pod\/frontend-[a-z0-9]+-[a-z0-9]{5}\nAH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 10\.244\.\d+\.\d+\. Set the 'ServerName' directive globally to suppress this message\n(.*\n)\[[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4}\] \[mpm_prefork:notice\] \[pid 1\] AH00163: Apache\/2\.4\.38 \(Debian\) PHP\/7\.4\.7 configured -- resuming normal operations\n\[.*\] \[core:notice\] \[pid 1\] AH00094: Command line: 'apache2 -D FOREGROUND'\n$/);

    // "Viewing the Frontend Service via LoadBalancer": the manifest with `type: LoadBalancer` uncommented.
    expect((await run(`curl -sL ${EX}/frontend-service.yaml | sed 's/^  # type: LoadBalancer/  type: LoadBalancer/' | kubectl apply -f -`)).out).toBe('service/frontend configured\n');
    await run('sleep 30');
    const lb = (await run('kubectl get service frontend')).out.split('\n');
    expect(lb[0]).toMatch(/^NAME {7}TYPE {11}CLUSTER-IP +EXTERNAL-IP +PORT\(S\) {8}AGE$/);
    const external = /^frontend {3}LoadBalancer {3}10\.\d+\.\d+\.\d+ +(\d+\.\d+\.\d+\.\d+) +80:3\d{4}\/TCP {3}\d+s$/.exec(lb[1])?.[1];
    expect(external).toBeDefined();
    expect((await run(`curl -s "http://${external}/guestbook.php?cmd=get&key=messages"`)).out).toBe('{"data": ",Hello Kubernetes"}');

    expect((await run('kubectl scale deployment frontend --replicas=5')).out).toBe('deployment.apps/frontend scaled\n');
    await run('sleep 20');
    const five = (await run('kubectl get pods --no-headers')).out.trim().split('\n');
    expect(five.filter((l) => l.startsWith('frontend-') && /1\/1 +Running/.test(l))).toHaveLength(5);
    expect(five).toHaveLength(8);
    expect((await run('kubectl scale deployment frontend --replicas=2')).out).toBe('deployment.apps/frontend scaled\n');
    await run('sleep 40');
    expect((await run('kubectl get pods --no-headers')).out.trim().split('\n').filter((l) => l.startsWith('frontend-'))).toHaveLength(2);

    expect((await run('kubectl delete deployment -l app=redis')).out).toBe('deployment.apps "redis-follower" deleted from default namespace\ndeployment.apps "redis-leader" deleted from default namespace\n');
    expect((await run('kubectl delete service -l app=redis')).out).toBe('service "redis-follower" deleted from default namespace\nservice "redis-leader" deleted from default namespace\n');
    expect((await run('kubectl delete deployment frontend')).out).toBe('deployment.apps "frontend" deleted from default namespace\n');
    expect((await run('kubectl delete service frontend')).out).toBe('service "frontend" deleted from default namespace\n');
    await run('sleep 60');
    expect((await run('kubectl get pods')).out).toBe('No resources found in default namespace.\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('the servers save after an hour with a change; a follower whose leader is replaced syncs again and answers with the new leader\'s (empty) data', async () => {
    const { run } = await interactiveSession([], 5);
    for (const f of ['redis-leader-deployment', 'redis-leader-service', 'redis-follower-deployment', 'redis-follower-service', 'frontend-deployment']) await run(`kubectl apply -f ${EX}/${f}.yaml`);
    await run('sleep 60');
    const php = (q: string) => run(`kubectl exec deploy/frontend -- curl -s "localhost/guestbook.php?${q}"`).then((r) => r.out);
    expect(await php('cmd=set&key=messages&value=one')).toBe('{"message": "Updated"}');
    expect(await php('cmd=get&key=messages')).toBe('{"data": "one"}');
    // A key written is served by both followers; one that never was is redis's nil, an empty string to the PHP.
    expect(await php('cmd=get&key=other')).toBe('{"data": ""}');
    // Without `key`, PHP's notice (display_errors is on) comes first, and the command goes out with an empty name.
    expect(await php('cmd=get')).toBe('<br />\n<b>Notice</b>:  Undefined index: key in <b>/var/www/html/guestbook.php</b> on line <b>52</b><br />\n{"data": ""}');

    // Without a configuration file redis saves after an hour with one change or more (initServerConfig's save
    // points), counted from its last save (the leader's BGSAVE for the replicas; a replica's start); the followers
    // applied the write too.
    // An hour, in the steps a run allows (ten minutes each).
    for (let i = 0; i < 6; i++) await run('sleep 590');
    await run('sleep 120');
    const saved = (await run('kubectl logs -l role=leader --tail=5')).out.replace(new RegExp(REDIS_TIME, 'g'), 'T');
    expect(saved).toBe(['1:M T * 1 changes in 3600 seconds. Saving...', '1:M T * Background saving started by pid 10', '10:C T * DB saved on disk', '10:C T * RDB: 0 MB of memory used by copy-on-write', '1:M T * Background saving terminated with success', ''].join('\n'));
    expect((await run('kubectl logs -l role=follower --tail=5 | grep Saving')).out.replace(new RegExp(REDIS_TIME, 'g'), 'T')).toBe('4:S T * 1 changes in 3600 seconds. Saving...\n4:S T * 1 changes in 3600 seconds. Saving...\n');

    await run('kubectl delete pod -l role=leader');
    await run('sleep 30');
    // redis keeps no data across a new container: the replicas lose the master, sync with the new one, and have nothing.
    expect(await php('cmd=get&key=messages')).toBe('{"data": ""}');
    const follower = (await run('kubectl logs -l role=follower --tail=-1')).out;
    expect(follower).toMatch(/4:S \d\d [A-Z][a-z]{2} \d{4} [\d:.]+ # Connection with master lost\.\n4:S [^\n]+ \* Connecting to MASTER redis-leader:6379\n/);
    expect(follower.match(/Full resync from master: /g)?.length).toBeGreaterThanOrEqual(3);

    // With the leader's Service gone, a write fails in Predis and PHP prints the fatal error (status 200: display_errors is on).
    await run('kubectl delete service redis-leader');
    // CoreDNS's cache keeps the answer up to 30 s.
    await run('sleep 35');
    expect(await php('cmd=set&key=messages&value=two')).toBe('<br />\n<b>Fatal error</b>:  Uncaught Predis\\Connection\\ConnectionException: php_network_getaddresses: getaddrinfo failed: Name or service not known [tcp://redis-leader:6379] in /usr/local/lib/php/Predis/Connection/AbstractConnection.php:155\n');
  });
});
