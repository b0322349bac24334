/**
 * The /etc/hosts and hostname the kubelet gives a pod (kubelet_pods.go managedHostsFileContent,
 * GeneratePodHostNameAndDomain): localhost and the IPv6 names, the pod's IP with its hostname (its FQDN first
 * under a subdomain), then "# Entries added by HostAliases." with one line per alias.
 */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/meta.js';
import { boot, busyboxPod, execIn } from '../../test/scenarios/network-helpers.js';

const HEADER = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
  + 'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

const podIP = (c: ReturnType<typeof boot>, name: string) => (c.client().get('pods', 'default', name) as KObject & { status: { podIP: string } }).status.podIP;

describe('/etc/hosts and the hostname in a pod', () => {
  it('a plain pod: its name and IP', () => {
    const c = boot(3);
    c.client().create('pods', 'default', busyboxPod('plain'));
    c.advance(30_000);
    expect(execIn(c, 'plain', ['cat', '/etc/hosts']).stdout).toBe(`${HEADER}${podIP(c, 'plain')}\tplain\n`);
    expect(execIn(c, 'plain', ['hostname']).stdout).toBe('plain\n');
  });

  it('spec.hostname, spec.subdomain and spec.hostAliases', () => {
    const c = boot(3);
    const pod = busyboxPod('named');
    pod.spec = { ...(pod.spec as object), hostname: 'db-0', subdomain: 'db', hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }, { ip: '10.1.2.4', hostnames: ['baz'] }] };
    c.client().create('pods', 'default', pod);
    c.advance(30_000);
    expect(execIn(c, 'named', ['cat', '/etc/hosts']).stdout).toBe(`${HEADER}${podIP(c, 'named')}\tdb-0.db.default.svc.cluster.local\tdb-0\n`
      + '\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n10.1.2.4\tbaz\n');
    expect(execIn(c, 'named', ['hostname']).stdout).toBe('db-0\n');
    expect(execIn(c, 'named', ['sh', '-c', 'echo $HOSTNAME; cat /etc/hostname']).stdout).toBe('db-0\ndb-0\n');
  });
});
