/**
 * kubernetes.io's "Run a Single-Instance Stateful Application" (content/en/docs/tasks/run-application/
 * run-single-instance-stateful-application.md): mysql:9 in a Deployment over a hostPath PersistentVolume, a
 * headless Service, and `kubectl run -it --rm --image=mysql:9 --restart=Never mysql-client -- mysql -h mysql
 * -ppassword`. Expected texts: the page's outputs; docker-library/mysql's docker-entrypoint.sh (its mysql_log
 * format and docker_verify_minimum_env's message) and recorded `docker logs` of the 9.x images (a first start of
 * 9.3.0 with MYSQL_ROOT_PASSWORD; 9.5.0 started without a password variable, 2025-12-22); a recorded mysql 9.3.0
 * monitor session (banner, SHOW DATABASES, CREATE DATABASE, exit → Bye); the libmysql client's error texts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVolumeControllers } from '../../engine/controllers/volume/loader.js';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

beforeAll(async () => {
  await loadVolumeControllers();
});

/** A lab of `workers` workers; `typed` are the lines typed into the interactive sessions (kubectl exec -it, run -it) in turn. */
const lab = (typed: string[], workers = 1) => interactiveSession(typed, 5, workers);

const TIME = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+00:00';
const SERVER_TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z';
const STATEMENT_PROMPT = /^mysql> /;

describe('Run a Single-Instance Stateful Application', () => {
  it('deploys mysql:9 on the claim, and the client connects through the Service and keeps a database on the volume', async () => {
    const { run, screen, cluster } = await lab(['', 'SHOW DATABASES;', 'CREATE DATABASE employee;', 'show databases', ';', 'exit', 'show databases;', 'quit']);
    expect((await run('kubectl apply -f https://k8s.io/examples/application/mysql/mysql-pv.yaml')).out).toBe('persistentvolume/mysql-pv-volume created\npersistentvolumeclaim/mysql-pv-claim created\n');
    expect((await run('kubectl apply -f https://k8s.io/examples/application/mysql/mysql-deployment.yaml')).out).toBe('service/mysql created\ndeployment.apps/mysql created\n');
    await run('sleep 5');
    // While it initializes: "1 desired | 1 updated | 1 total | 0 available | 1 unavailable", the pod template's container as the page lists it.
    const describe = (await run('kubectl describe deployment mysql')).out;
    expect(describe).toContain('Replicas:           1 desired | 1 updated | 1 total | 0 available | 1 unavailable\nStrategyType:       Recreate\n');
    expect(describe).toContain('    Image:      mysql:9\n');
    expect(describe).toContain('      MYSQL_ROOT_PASSWORD:  password\n    Mounts:\n      /var/lib/mysql from mysql-persistent-storage (rw)\n');
    expect(describe).toContain('    Type:          PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:     mysql-pv-claim\n    ReadOnly:      false\n');
    expect(describe).toMatch(/Available {6}False {3}MinimumReplicasUnavailable\n/);
    await run('sleep 25');
    expect((await run('kubectl get pods -l app=mysql')).out).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nmysql-[a-z0-9]{8,10}-[a-z0-9]{5} +1\/1 +Running +0 +30s\n$/);
    const pvc = (await run('kubectl describe pvc mysql-pv-claim')).out;
    // The page: "Status: Bound", "Volume: mysql-pv-volume", the binder's two annotations, "Capacity: 20Gi", "Access Modes: RWO".
    expect(pvc).toContain('Status:        Bound\nVolume:        mysql-pv-volume\n');
    expect(pvc).toContain('Annotations:   pv.kubernetes.io/bind-completed: yes\n               pv.kubernetes.io/bound-by-controller: yes\n');
    expect(pvc).toContain('Capacity:      20Gi\nAccess Modes:  RWO\n');

    const logs = (await run('kubectl logs deploy/mysql')).out.split('\n');
    expect(logs[0]).toMatch(new RegExp(`^${TIME} \\[Note\\] \\[Entrypoint\\]: Entrypoint script for MySQL Server 9\\.5\\.0-1\\.el9 started\\.$`));
    expect(logs[1]).toMatch(new RegExp(`^${TIME} \\[Note\\] \\[Entrypoint\\]: Switching to dedicated user 'mysql'$`));
    expect(logs[3]).toMatch(new RegExp(`^${TIME} \\[Note\\] \\[Entrypoint\\]: Initializing database files$`));
    expect(logs[5]).toMatch(new RegExp(`^${SERVER_TIME} 0 \\[System\\] \\[MY-013169\\] \\[Server\\] /usr/sbin/mysqld \\(mysqld 9\\.5\\.0\\) initializing of server in progress as process 79$`));
    expect(logs).toContain("'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'");
    expect(logs.filter((l) => l.endsWith('[Entrypoint]: MySQL init process done. Ready for start up.'))).toHaveLength(1);
    expect(logs.at(-2)).toMatch(new RegExp(`^${SERVER_TIME} 0 \\[System\\] \\[MY-010931\\] \\[Server\\] /usr/sbin/mysqld: ready for connections\\. Version: '9\\.5\\.0'  socket: '/var/run/mysqld/mysqld\\.sock'  port: 3306  MySQL Community Server - GPL\\.$`));

    // The page: "If you don't see a command prompt, try pressing enter." then, after Enter, "mysql>".
    const client = await run('kubectl run -it --rm --image=mysql:9 --restart=Never mysql-client -- mysql -h mysql -ppassword');
    expect(client.out).toBe("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\npod \"mysql-client\" deleted from default namespace\n");
    expect(screen.text).toMatch(STATEMENT_PROMPT);
    expect(screen.text).toContain(`mysql> \nmysql> SHOW DATABASES;
+--------------------+
| Database           |
+--------------------+
| information_schema |
| mysql              |
| performance_schema |
| sys                |
+--------------------+
4 rows in set (0.004 sec)

mysql> CREATE DATABASE employee;
Query OK, 1 row affected (0.007 sec)

mysql> show databases
    -> ;
+--------------------+
| Database           |
+--------------------+
| employee           |
| information_schema |
| mysql              |
| performance_schema |
| sys                |
+--------------------+
5 rows in set (0.004 sec)

mysql> exit
Bye
`);
    // The database is a directory of the volume: a new pod (Recreate) on the node finds it.
    expect((await run('ssh worker-1 sudo ls /mnt/data')).out).toBe('#innodb_redo\n#innodb_temp\nemployee\nmysql\nperformance_schema\nsys\n');
    await run('kubectl delete pod -l app=mysql');
    await run('sleep 10');
    const again = (await run('kubectl logs deploy/mysql')).out;
    expect(again).not.toContain('Initializing database files');
    expect(again).toMatch(/\[Entrypoint\]: Entrypoint script for MySQL Server 9\.5\.0-1\.el9 started\.\n'\/var\/lib\/mysql\/mysql\.sock' -> '\/var\/run\/mysqld\/mysqld\.sock'\n/);
    await run('kubectl run -it --rm --image=mysql:9 --restart=Never mysql-client -- mysql -h mysql -ppassword');
    expect(screen.text).toMatch(/mysql> show databases;\n\+-+\+\n\| Database {11}\|\n\+-+\+\n\| employee/);

    // Deleting a deployment, as the page does it.
    expect((await run('kubectl delete deployment,svc mysql')).out).toBe('deployment.apps "mysql" deleted from default namespace\nservice "mysql" deleted from default namespace\n');
    expect((await run('kubectl delete pvc mysql-pv-claim')).out).toBe('persistentvolumeclaim "mysql-pv-claim" deleted from default namespace\n');
    expect((await run('kubectl delete pv mysql-pv-volume')).out).toBe('persistentvolume "mysql-pv-volume" deleted\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('crashes without a password variable, as the entrypoint exits 1 on an empty data directory', async () => {
    const { run } = await lab([]);
    await run('kubectl run db --image=mysql:9');
    await run('sleep 40');
    expect((await run('kubectl get pod db --no-headers')).out).toMatch(/^db +0\/1 +(CrashLoopBackOff|Error) +[23] \(\d+s ago\) +40s\n$/);
    const lines = (await run('kubectl logs db')).out.split('\n');
    expect(lines.slice(0, 3).map((l) => l.replace(/^\S+ \S+ /, ''))).toEqual([
      '[Note] [Entrypoint]: Entrypoint script for MySQL Server 9.5.0-1.el9 started.',
      "[Note] [Entrypoint]: Switching to dedicated user 'mysql'",
      '[Note] [Entrypoint]: Entrypoint script for MySQL Server 9.5.0-1.el9 started.',
    ]);
    expect(lines.slice(3).join('\n')).toMatch(new RegExp(`^${TIME} \\[ERROR\\] \\[Entrypoint\\]: Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD
$`));
    expect((await run('kubectl get pod db -o jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}')).out).toBe('1');
  });

  it('refuses a data directory holding another volume\'s files, and the client\'s errors', async () => {
    const { run } = await lab([]);
    // The PersistentVolume task's index.html is still in the node's /mnt/data.
    await run(`ssh worker-1 'sudo mkdir /mnt/data; sudo sh -c "echo Hello > /mnt/data/index.html"'`);
    await run('kubectl apply -f https://k8s.io/examples/application/mysql/mysql-pv.yaml');
    await run('kubectl apply -f https://k8s.io/examples/application/mysql/mysql-deployment.yaml');
    await run('sleep 30');
    const logs = (await run('kubectl logs deploy/mysql')).out;
    expect(logs).toMatch(new RegExp(`\\n${SERVER_TIME} 0 \\[ERROR\\] \\[MY-010457\\] \\[Server\\] --initialize specified but the data directory has files in it\\. Aborting\\.\\n${SERVER_TIME} 0 \\[ERROR\\] \\[MY-013236\\] \\[Server\\] The designated data directory /var/lib/mysql/ is unusable\\. You can remove all files that the server added to it\\.\\n${SERVER_TIME} 0 \\[ERROR\\] \\[MY-010119\\] \\[Server\\] Aborting\\n`));
    await run('kubectl run c1 --image=mysql:9 --restart=Never -- mysql -h nosuch -ppassword');
    await run('kubectl run c2 --image=mysql:9 --restart=Never -- mysql -h mysql -ppassword');
    await run('kubectl run c3 --image=mysql:9 --restart=Never -- mysql');
    await run('sleep 10');
    const warning = 'mysql: [Warning] Using a password on the command line interface can be insecure.\n';
    expect((await run('kubectl logs c1')).out).toBe(`${warning}ERROR 2005 (HY000): Unknown MySQL server host 'nosuch' (-2)\n`);
    // The headless Service has no ready address: its name resolves to nothing.
    expect((await run('kubectl logs c2')).out).toBe(`${warning}ERROR 2005 (HY000): Unknown MySQL server host 'mysql' (-2)\n`);
    expect((await run('kubectl logs c3')).out).toBe("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)\n");
  });
});
