/**
 * A pod's DNS: dnsPolicy and dnsConfig as the API server validates them (pkg/apis/core/validation
 * validatePodDNSConfig, v1.35: 3 nameservers, 32 search paths of 2,048 characters, RelaxedDNSSearchValidation GA),
 * the resolv.conf the kubelet's GetPodDNS makes and containerd writes (parseDNSOptions: search, nameservers,
 * options), and the resolvers that read it. The docs' example is "DNS for Services and Pods" (Pod's DNS Config);
 * its sample output predates containerd, which writes the search line first.
 *
 * The node is a kubeadm node with systemd-resolved: kubeadm points the kubelet at /run/systemd/resolve/resolv.conf
 * (the uplink server, the network's gateway here), so Default pods get that server and never the 127.0.0.53 stub.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const DNS_EXAMPLE = `apiVersion: v1
kind: Pod
metadata:
  namespace: default
  name: dns-example
spec:
  containers:
    - name: test
      image: nginx
  dnsPolicy: "None"
  dnsConfig:
    nameservers:
      - 192.0.2.1 # this is an example
    searches:
      - ns1.svc.cluster-domain.example
      - my.dns.search.suffix
    options:
      - name: ndots
        value: "2"
      - name: edns0
`;

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: ["sleep", "3600"]
${spec}`;

describe("a pod's DNS config", () => {
  it("dnsPolicy None takes only the pod's dnsConfig; Default the node's uplink server; ClusterFirst the cluster's", async () => {
    const { run } = await interactiveSession();
    await run(`cat > dns-example.yaml <<'EOF'\n${DNS_EXAMPLE}EOF`);
    await run(`cat > default.yaml <<'EOF'\n${pod('upstream', '  dnsPolicy: Default\n')}EOF`);
    await run(`cat > merged.yaml <<'EOF'\n${pod('merged', '  dnsConfig:\n    nameservers: ["1.1.1.1"]\n    searches: ["corp.example"]\n    options:\n    - name: ndots\n      value: "1"\n    - name: single-request\n')}EOF`);
    expect((await run('kubectl apply -f dns-example.yaml -f default.yaml -f merged.yaml')).out).toBe('pod/dns-example created\npod/upstream created\npod/merged created\n');
    await run('kubectl run plain --image=busybox:1.36 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/dns-example pod/upstream pod/merged pod/plain --timeout=120s');

    expect((await run('kubectl exec dns-example -- cat /etc/resolv.conf')).out)
      .toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n');
    // systemd-resolved's uplink file has `search .`, which the kubelet's parser drops.
    expect((await run('kubectl exec upstream -- cat /etc/resolv.conf')).out).toBe('nameserver 172.18.0.1\n');
    // A dnsConfig is appended to the cluster's: servers and search domains after, options merged by name.
    expect((await run('kubectl exec merged -- cat /etc/resolv.conf')).out)
      .toBe('search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:1 single-request\n');
    expect((await run('kubectl exec plain -- cat /etc/resolv.conf')).out)
      .toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('each pod resolves through its own first nameserver: CoreDNS forwards public names, the uplink knows no cluster names, a server that is not there times out', async () => {
    const { run } = await interactiveSession();
    await run(`cat > default.yaml <<'EOF'\n${pod('upstream', '  dnsPolicy: Default\n')}EOF`);
    await run(`cat > none.yaml <<'EOF'\n${pod('nowhere', '  dnsPolicy: None\n  dnsConfig:\n    nameservers: ["192.0.2.1"]\n')}EOF`);
    await run('kubectl apply -f default.yaml -f none.yaml');
    await run('kubectl run plain --image=busybox:1.36 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/upstream pod/nowhere pod/plain --timeout=120s');

    // busybox 1.36 nslookup's parse_reply: a reply without the AA bit is announced, for the A and the AAAA query.
    const forwarded = (server: string, sep: string) => `Server:\t\t${server}\nAddress:\t${server}${sep}53\n\nNon-authoritative answer:\nName:\tkubernetes.io\nAddress: 75.2.60.5\n\nNon-authoritative answer:\n\n`;
    expect((await run('kubectl exec plain -- nslookup kubernetes.io')).out).toBe(forwarded('10.96.0.10', ':'));
    expect((await run('kubectl exec upstream -- nslookup kubernetes.io')).out).toBe(forwarded('172.18.0.1', ':'));
    const outside = await run('kubectl exec upstream -- nslookup kubernetes.default.svc.cluster.local');
    expect(outside.out).toBe("Server:\t\t172.18.0.1\nAddress:\t172.18.0.1:53\n\n** server can't find kubernetes.default.svc.cluster.local: NXDOMAIN\n\n** server can't find kubernetes.default.svc.cluster.local: NXDOMAIN\n\ncommand terminated with exit code 1\n");
    // The cluster's names are CoreDNS's own: answered with authority.
    expect((await run('kubectl exec plain -- nslookup kubernetes.default.svc.cluster.local')).out).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n');
    expect((await run('kubectl exec upstream -- wget -qO- http://kubernetes.default.svc')).out).toBe("wget: bad address 'kubernetes.default.svc'\ncommand terminated with exit code 1\n");
    expect((await run('kubectl exec nowhere -- nslookup kubernetes.io')).out).toBe(';; connection timed out; no servers could be reached\n\ncommand terminated with exit code 1\n');
  });

  it('the API server refuses what validatePodDNSConfig refuses, and stores nothing', async () => {
    const { run } = await interactiveSession();
    const apply = async (name: string, spec: string) => {
      await run(`cat > ${name}.yaml <<'EOF'\n${pod(name, spec)}EOF`);
      return (await run(`kubectl apply -f ${name}.yaml`)).out;
    };
    expect(await apply('a', '  dnsPolicy: None\n'))
      .toBe('The Pod "a" is invalid: spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None\n');
    expect(await apply('b', '  dnsPolicy: None\n  dnsConfig:\n    searches: ["x.example"]\n'))
      .toBe('The Pod "b" is invalid: spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None\n');
    expect(await apply('c', '  dnsConfig:\n    nameservers: ["1.1.1.1", "not-an-ip"]\n    searches: ["Bad_Domain.example", "_sip._tcp.example.com", "ok.example."]\n    options:\n    - value: "1"\n'))
      .toBe('The Pod "c" is invalid: \n'
        + '* spec.dnsConfig.nameservers[1]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)\n'
        + "* spec.dnsConfig.searches[0]: Invalid value: \"Bad_Domain.example\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')\n"
        + '* spec.dnsConfig.options[0]: Required value: must not be empty\n');
    // apimachinery v0.35's ErrorBody writes a slice as JSON.
    expect(await apply('d', '  dnsConfig:\n    nameservers: ["1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4"]\n'))
      .toBe('The Pod "d" is invalid: spec.dnsConfig.nameservers: Invalid value: ["1.1.1.1","1.0.0.1","8.8.8.8","8.8.4.4"]: must not have more than 3 nameservers\n');
    expect((await run('kubectl get pods -o name')).out).toBe('');
  });

  it('the kubelet cuts a server list the cluster DNS makes too long, and says so on the pod (DNSConfigForming)', async () => {
    const { run } = await interactiveSession();
    await run(`cat > four.yaml <<'EOF'\n${pod('four', '  dnsConfig:\n    nameservers: ["1.1.1.1", "1.0.0.1", "8.8.8.8"]\n')}EOF`);
    await run('kubectl apply -f four.yaml');
    await run('kubectl wait --for=condition=Ready pod/four --timeout=120s');
    expect((await run('kubectl exec four -- grep nameserver /etc/resolv.conf')).out).toBe('nameserver 10.96.0.10\nnameserver 1.1.1.1\nnameserver 1.0.0.1\n');
    const events = (await run("kubectl get events --field-selector reason=DNSConfigForming -o jsonpath='{.items[*].type}|{.items[*].message}'")).out;
    expect(events).toBe('Warning|Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 1.0.0.1');
  });
});

describe("the node's resolver files", () => {
  it('/etc/resolv.conf is systemd-resolved\'s stub; the uplink file the kubelet reads names the network\'s gateway', async () => {
    const { run } = await interactiveSession();
    const stub = (await run('cat /etc/resolv.conf')).out;
    expect(stub.startsWith('# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n')).toBe(true);
    expect(stub.endsWith('\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n')).toBe(true);
    expect((await run('grep -v "^#" /run/systemd/resolve/resolv.conf')).out).toBe('\nnameserver 172.18.0.1\nsearch .\n');
  });
});
