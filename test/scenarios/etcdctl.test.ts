/**
 * etcdctl and etcdutl v3.6.6 in kubeadm's etcd static pod (registry.k8s.io/etcd:3.6.6-0, distroless): the CKA
 * backup path through `kubectl exec`, the TLS the client port demands, and what the image does not have.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';
import { clusterID, memberID } from '../../engine/etcd/keyspace.js';

const EXEC = 'kubectl -n kube-system exec etcd-control-plane --';
const TLS = '--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key';
const CTL = `${EXEC} etcdctl --endpoints=https://127.0.0.1:2379 ${TLS}`;

describe('etcd identities', () => {
  it('derive member and cluster IDs as etcd does (the defaults of a bare `etcd`: 8e9e05c52164694d, cdf818194e3a8c32)', () => {
    const id = memberID(['http://localhost:2380']);
    expect(id.toString(16)).toBe('8e9e05c52164694d');
    expect(clusterID([id]).toString(16)).toBe('cdf818194e3a8c32');
  });
});

describe('etcdctl in the etcd pod', () => {
  it('prints its version; the image has no shell, ls or env, and the node has no etcdctl', async () => {
    const { run } = await interactiveSession();
    expect(await run(`${EXEC} etcdctl version`)).toEqual({ out: 'etcdctl version: 3.6.6\nAPI version: 3.6\n', status: 0 });
    expect((await run(`${EXEC} etcdutl version`)).out).toBe('etcdutl version: 3.6.6\nAPI version: 3.6\n');
    for (const bin of ['ls', 'sh', 'env ETCDCTL_API=3 etcdctl version']) {
      const r = await run(`${EXEC} ${bin}`);
      expect(r.out).toMatch(new RegExp(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${bin.split(' ')[0]}": executable file not found in \\$PATH: unknown\\n$`));
      expect(r.status).toBe(1);
    }
    expect(await run('etcdctl version')).toEqual({ out: 'bash: etcdctl: command not found\n', status: 127 });
  });

  it('without the client certificate waits out --command-timeout and fails as the retry interceptor reports it', async () => {
    const { run, cluster } = await interactiveSession();
    let t = cluster.clock.now();
    const plain = await run(`${EXEC} etcdctl member list`);
    expect(cluster.clock.now() - t).toBeGreaterThanOrEqual(5000);
    expect(plain.status).toBe(1);
    const lines = plain.out.split('\n');
    const warn = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(warn).toMatchObject({
      level: 'warn', logger: 'etcd-client', caller: 'v3/retry_interceptor.go:65', msg: 'retrying of unary invoker failed',
      method: '/etcdserverpb.Cluster/MemberList', attempt: 0,
      error: 'rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "error reading server preface: EOF"',
    });
    expect(warn.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(warn.target).toMatch(/^etcd-endpoints:\/\/0xc000[0-9a-f]{6}\/127\.0\.0\.1:2379$/);
    expect(lines.slice(1).join('\n')).toBe('Error: context deadline exceeded\ncommand terminated with exit code 1\n');
    // The log line and the error go to stderr, nothing to stdout.
    t = cluster.clock.now();
    expect(await run(`${EXEC} etcdctl --command-timeout=2s member list 2>/dev/null`)).toEqual({ out: '', status: 1 });
    expect(cluster.clock.now() - t).toBeGreaterThanOrEqual(2000);
    expect(cluster.clock.now() - t).toBeLessThan(5000);

    expect((await run(`${EXEC} etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt member list`)).out)
      .toContain('desc = \\"error reading server preface: remote error: tls: certificate required\\""}\nError: context deadline exceeded\n');
    expect((await run(`${EXEC} etcdctl --endpoints=https://127.0.0.1:2379 member list`)).out)
      .toContain('tls: failed to verify certificate: x509: certificate signed by unknown authority');
    // Files are read before anything is dialled: at once, exit 128.
    t = cluster.clock.now();
    expect(await run(`${EXEC} etcdctl ${TLS.replace('server.key', 'nope.key')} member list`))
      .toEqual({ out: 'Error: open /etc/kubernetes/pki/etcd/nope.key: no such file or directory\ncommand terminated with exit code 128\n', status: 128 });
    expect(await run(`${EXEC} etcdctl ${TLS.replace('server.key', 'peer.key')} member list`))
      .toEqual({ out: 'Error: tls: private key does not match public key\ncommand terminated with exit code 128\n', status: 128 });
    expect(cluster.clock.now() - t).toBeLessThan(1000);
  });

  it('lists the member, checks health and status with kubeadm\'s certificates', async () => {
    const { run } = await interactiveSession();
    const id = memberID(['https://172.18.0.2:2380']).toString(16);
    expect((await run(`${CTL} member list`)).out).toBe(`${id}, started, control-plane, https://172.18.0.2:2380, https://172.18.0.2:2379, false\n`);
    const w = id.length;
    const dash = (n: number) => '-'.repeat(n + 2);
    const border = `+${dash(Math.max(w, 2))}+${dash(7)}+${dash(13)}+${dash(23)}+${dash(23)}+${dash(10)}+\n`;
    const idHead = `${' '.repeat(Math.floor((w - 2) / 2))}ID${' '.repeat(w - 2 - Math.floor((w - 2) / 2))}`;
    expect((await run(`${CTL} member list -w table`)).out).toBe(
      `${border}| ${idHead} | STATUS  |     NAME      |       PEER ADDRS        |      CLIENT ADDRS       | IS LEARNER |\n${border}` +
      `| ${id} | started | control-plane | https://172.18.0.2:2380 | https://172.18.0.2:2379 |      false |\n${border}`);
    const json = JSON.parse((await run(`${CTL} member list -w json`)).out.replace(/:(\d{16,})/g, ':"$1"')) as { header: Record<string, string>; members: Record<string, unknown>[] };
    expect(BigInt(json.members[0].ID as string).toString(16)).toBe(id);
    expect(json.members[0]).toMatchObject({ name: 'control-plane', peerURLs: ['https://172.18.0.2:2380'], clientURLs: ['https://172.18.0.2:2379'] });
    expect((await run(`${CTL} endpoint health`)).out).toMatch(/^https:\/\/127\.0\.0\.1:2379 is healthy: successfully committed proposal: took = \d+\.\d+ms\n$/);
    const status = (await run(`${CTL} endpoint status`)).out;
    expect(status).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:2379, ${id}, 3\\.6\\.6, 3\\.6\\.0, \\d+ kB, \\d+ kB, 0%, 2\\.1 GB, true, false, 2, (\\d+), \\1, , , false\\n$`));
    expect((await run(`${CTL} endpoint status -w table`)).out.split('\n')[1]).toBe(
      '|        ENDPOINT        |       ID        | VERSION | STORAGE VERSION | DB SIZE | IN USE | PERCENTAGE NOT IN USE | QUOTA  | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS | DOWNGRADE TARGET VERSION | DOWNGRADE ENABLED |'
        .replace('       ID        ', `${' '.repeat(Math.floor((w - 2) / 2) + 1)}ID${' '.repeat(w - 2 - Math.floor((w - 2) / 2) + 1)}`));
  });

  it('gets the API server\'s keys as kube-apiserver lays them out, and deletes behind its back', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create deployment web --image=nginx');
    await run('kubectl expose deployment web --port=80');
    await run('kubectl wait --for=condition=Available deploy/web --timeout=60s');
    const keys = (await run(`${CTL} get /registry --prefix --keys-only`)).out;
    for (const k of ['/registry/deployments/default/web', '/registry/services/specs/default/web', '/registry/minions/control-plane',
      '/registry/clusterroles/cluster-admin', '/registry/leases/kube-node-lease/worker-1']) expect(keys).toContain(`\n${k}\n\n`);
    expect(keys).toMatch(/\n\/registry\/pods\/default\/web-[a-z0-9]+-[a-z0-9]{5}\n\n/);
    const ordered = keys.split('\n').filter(Boolean);
    expect(ordered).toEqual([...ordered].sort());
    expect((await run(`${CTL} get /registry/deployments --prefix --keys-only --limit 1`)).out).toBe('/registry/deployments/default/web\n\n');
    expect((await run(`${CTL} get /registry/deployments/default/web --print-value-only`)).out).toMatch(/^k8s\u0000\n.+"name":"web"/s);
    expect((await run(`${CTL} get /registry/deployments --prefix --count-only`)).out).toBe('Error: --count-only is only for `--write-out=fields`\ncommand terminated with exit code 128\n');
    expect((await run(`${CTL} get /registry/deployments --prefix --count-only -w fields`)).out).toMatch(/"Count" : 2\n$/);
    expect((await run(`${CTL} del /registry/deployments/default/web`)).out).toBe('1\n');
    expect(cluster.store.get('deployments.apps', 'default/web')).toBeUndefined();
    expect((await run('kubectl get deploy web')).out).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });

  it('saves a snapshot into the /var/lib/etcd hostPath; etcdutl reads and restores it', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create configmap backed-up --from-literal=a=b');
    const saved = await run(`${CTL} snapshot save /var/lib/etcd/snapshot.db`);
    const lines = saved.out.trimEnd().split('\n');
    expect(lines.slice(0, 6).map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
      'created temporary db file', 'opened snapshot stream; downloading', 'fetching snapshot', 'completed snapshot read; closing', 'fetched snapshot', 'saved']);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', caller: 'snapshot/v3_snapshot.go:83', path: '/var/lib/etcd/snapshot.db.part' });
    expect(JSON.parse(lines[4])).toMatchObject({ endpoint: 'https://127.0.0.1:2379', 'etcd-version': '3.6.0' });
    expect(lines.slice(6)).toEqual(['Snapshot saved at /var/lib/etcd/snapshot.db', 'Server version 3.6.0']);
    expect(saved.status).toBe(0);
    // On the node: root's only.
    expect((await run('ls -l /var/lib/etcd/snapshot.db')).out).toBe("ls: cannot access '/var/lib/etcd/snapshot.db': Permission denied\n");
    expect((await run('sudo ls -l /var/lib/etcd/snapshot.db')).out).toMatch(/^-rw------- 1 root root \d+ /);
    const revision = cluster.store.currentRevision();

    await run('kubectl delete configmap backed-up');
    const status = (await run(`${EXEC} etcdutl snapshot status /var/lib/etcd/snapshot.db -w table`)).out.split('\n');
    expect(status[1]).toBe('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE | VERSION |');
    expect(status[3]).toMatch(new RegExp(`^\\| [0-9a-f]{1,8} \\|\\s+${revision} \\|\\s+\\d+ \\|\\s+\\d+ kB \\|   3\\.6\\.0 \\|$`));
    expect((await run(`${EXEC} etcdutl snapshot status /var/lib/etcd/nope.db`)).out).toBe('Error: stat /var/lib/etcd/nope.db: no such file or directory\ncommand terminated with exit code 1\n');

    const restored = await run(`${EXEC} etcdutl snapshot restore /var/lib/etcd/snapshot.db --data-dir /var/lib/etcd/restored`);
    expect(restored.status).toBe(0);
    expect(restored.out.split('\n').map((l) => l.split('\t').slice(1, 4).join(' '))).toEqual([
      'info snapshot/v3_snapshot.go:305 restoring snapshot', 'info schema/membership.go:138 Trimming membership information from the backend...',
      'info membership/cluster.go:424 added member', 'info snapshot/v3_snapshot.go:333 restored snapshot', '']);
    expect(restored.out).toContain('"added-peer-id": "8e9e05c52164694d", "added-peer-peer-urls": ["http://localhost:2380"]');
    expect((await run('sudo ls -1 /var/lib/etcd/restored/member/snap')).out).toBe('0000000000000001-0000000000000001.snap\ndb\n');
    expect((await run(`${EXEC} etcdutl snapshot restore /var/lib/etcd/snapshot.db --data-dir /var/lib/etcd/restored`)).out)
      .toBe('Error: data-dir "/var/lib/etcd/restored" not empty or could not be read\ncommand terminated with exit code 1\n');
  });

  it('answers --help, unknown commands and flags as cobra does for etcdctl', async () => {
    const { run } = await interactiveSession();
    const help = (await run(`${EXEC} etcdctl --help`)).out;
    expect(help.startsWith('NAME:\n  etcdctl - A simple command line client for etcd3.\n\nUSAGE:\n  etcdctl [flags]\n\nVERSION:\n  3.6.6\n\nAPI VERSION:\n  3.6\n\nCOMMANDS:\n  alarm disarm\t\t\tDisarms all alarms\n')).toBe(true);
    expect(help).toContain('\n  role revoke-permission\tRevokes a key from a role\n  snapshot save\t\t\tStores an etcd node backend snapshot to a given file\n');
    expect(help).toContain('\nOPTIONS:\n      --cacert=""\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle\n');
    expect(help.endsWith('  -w, --write-out="simple"\t\t\tset the output format (fields, json, protobuf, simple, table)\n\n')).toBe(true);
    expect(await run(`${EXEC} etcdctl memebr`)).toEqual({ out: 'Error: unknown command "memebr" for "etcdctl"\n\nDid you mean this?\n\tmember\n\nRun \'etcdctl --help\' for usage.\ncommand terminated with exit code 1\n', status: 1 });
    const flag = await run(`${EXEC} etcdctl get --foo`);
    expect(flag.out).toMatch(/^Error: unknown flag: --foo\nNAME:\n  get - Gets the key or a range of keys\n\nUSAGE:\n  etcdctl get \[options\] <key> \[range_end\] \[flags\]\n\nOPTIONS:\n/);
    expect(flag.status).toBe(1);
    expect((await run(`${EXEC} etcdctl --endpoints`)).out).toMatch(/^Error: flag needs an argument: --endpoints\n/);
    // etcdutl keeps cobra's default templates.
    expect((await run(`${EXEC} etcdutl --help`)).out).toMatch(/^An administrative command line tool for etcd3\.\n\nUsage:\n  etcdutl \[command\]\n\nAvailable Commands:\n  completion  Generate completion script\n/);
    expect(await run(`${EXEC} etcdutl snapshot status --foo`)).toEqual({
      out: 'Error: unknown flag: --foo\nUsage:\n  etcdutl snapshot status <filename> [flags]\n\nFlags:\n  -h, --help   help for status\n\n'
        + 'Global Flags:\n  -w, --write-out string   set the output format (fields, json, protobuf, simple, table) (default "simple")\n\ncommand terminated with exit code 1\n',
      status: 1,
    });
  });
});
