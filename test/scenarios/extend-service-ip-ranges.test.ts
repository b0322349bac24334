/**
 * The kubernetes.io task "Extend Service IP Ranges" (content/en/docs/tasks/network/extend-service-ip-ranges.md), step
 * by step on a cluster started as the page's is, with a 10.96.0.0/28 Service range (kubeadm's --service-cidr).
 * Expected outputs: the page's, with what v1.35 changed since it was written: kubectl 1.35's "deleted from default
 * namespace", and the reason the servicecidrs controller gives a ServiceCIDR held by its addresses
 * (networking/v1 ServiceCIDRReasonTerminating, pkg/controller/servicecidrs; the page still shows the alpha's
 * OrphanIPAddress). The lab has no jq: the ClusterIPs are printed with -o jsonpath.
 * The addresses are drawn at random (ipallocator.go: a random offset, then the next free one), so only which
 * addresses they can be is fixed: the /28's fourteen less the `kubernetes` Service's 10.96.0.1 and kube-dns's
 * 10.96.0.10, then the /24's upper band (calculateRangeOffset keeps 10.96.0.1-16 for static allocation).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const AGE = String.raw`\d+[smhd]`;
const NEWCIDR1 = `cat <<EOF | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: newcidr1
spec:
  cidrs:
  - 10.96.0.0/24
EOF`;
const createServices = (from: number, to: number) => `for i in $(seq ${from} ${to}); do kubectl create service clusterip "test-$i" --tcp 80 -o jsonpath='{.spec.clusterIP}{"\\n"}'; done`;
const lastOctet = (ip: string) => Number(ip.split('.')[3]);

async function taskCluster() {
  return interactiveSession([], 7, undefined, { podNetwork: { serviceSubnet: '10.96.0.0/28' } });
}

describe('Extend Service IP Ranges', () => {
  it('fills the /28, extends it with a ServiceCIDR, and deletes that once its Services are gone', async () => {
    const { run } = await taskCluster();
    expect((await run('kubectl get servicecidr')).out).toMatch(new RegExp(`^NAME         CIDRS          AGE\nkubernetes   10\\.96\\.0\\.0/28   ${AGE}\n$`));
    expect((await run('kubectl get service kubernetes')).out)
      .toMatch(new RegExp(`^NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT\\(S\\)   AGE\nkubernetes   ClusterIP   10\\.96\\.0\\.1    <none>        443/TCP   ${AGE}\n$`));
    expect((await run('kubectl get ipaddress 10.96.0.1')).out).toBe('NAME        PARENTREF\n10.96.0.1   services/default/kubernetes\n');
    // The range is kube-apiserver's flag, as kubeadm --service-cidr writes it into the static pod.
    expect((await run('kubectl get pod -n kube-system kube-apiserver-control-plane -o yaml | grep service-cluster-ip-range')).out).toBe('    - --service-cluster-ip-range=10.96.0.0/28\n');

    // 14 addresses, 2 taken: twelve Services get one, the thirteenth finds the range full.
    const full = await run(createServices(1, 13));
    const lines = full.out.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[12]).toBe('error: failed to create ClusterIP service: Internal error occurred: failed to allocate a serviceIP: range is full');
    expect(lines.slice(0, 12).map(lastOctet).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]);
    expect(lines.slice(0, 12).every((ip) => ip.startsWith('10.96.0.'))).toBe(true);

    expect((await run(NEWCIDR1)).out).toBe('servicecidr.networking.k8s.io/newcidr1 created\n');
    const more = (await run(createServices(13, 16))).out.trimEnd().split('\n');
    expect(more).toHaveLength(4);
    for (const ip of more) {
      expect(ip).toMatch(/^10\.96\.0\.\d+$/);
      expect(lastOctet(ip)).toBeGreaterThanOrEqual(17);
      expect(lastOctet(ip)).toBeLessThanOrEqual(254);
    }
    expect(new Set(more).size).toBe(4);

    // kube-controller-manager's servicecidrs controller has protected it and marked it ready.
    const cidr = JSON.parse((await run('kubectl get servicecidr newcidr1 -o json')).out);
    expect(cidr.metadata.finalizers).toEqual(['networking.k8s.io/service-cidr-finalizer']);
    expect(cidr.status.conditions).toEqual([{ lastTransitionTime: expect.any(String), message: 'Kubernetes Service CIDR is ready', reason: '', status: 'True', type: 'Ready' }]);

    expect((await run('kubectl delete servicecidr newcidr1 --wait=false')).out).toBe('servicecidr.networking.k8s.io "newcidr1" deleted\n');
    const held = (await run('kubectl get servicecidr newcidr1 -o yaml')).out;
    expect(held).toMatch(new RegExp([
      String.raw`^apiVersion: networking\.k8s\.io/v1`,
      'kind: ServiceCIDR',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: \\|',
      String.raw`      \{"apiVersion":"networking\.k8s\.io/v1","kind":"ServiceCIDR","metadata":\{"annotations":\{\},"name":"newcidr1"\},"spec":\{"cidrs":\["10\.96\.0\.0/24"\]\}\}`,
      '  creationTimestamp: "[^"]+"',
      '  deletionGracePeriodSeconds: 0',
      '  deletionTimestamp: "[^"]+"',
      '  finalizers:',
      '  - networking.k8s.io/service-cidr-finalizer',
      '  name: newcidr1',
      '  resourceVersion: "\\d+"',
      '  uid: [0-9a-f-]{36}',
      'spec:',
      '  cidrs:',
      String.raw`  - 10\.96\.0\.0/24`,
      'status:',
      '  conditions:',
      '  - lastTransitionTime: "[^"]+"',
      '    message: There are still IPAddresses referencing the ServiceCIDR, please remove',
      '      them or create a new ServiceCIDR',
      '    reason: Terminating',
      '    status: "False"',
      '    type: Ready',
      '$',
    ].join('\n')));

    // A ServiceCIDR being deleted allocates nothing: the /28 is still full.
    expect((await run('kubectl create service clusterip extra --tcp 80')).out)
      .toBe('error: failed to create ClusterIP service: Internal error occurred: failed to allocate a serviceIP: range is full\n');

    expect((await run('for i in $(seq 13 16); do kubectl delete service "test-$i" ; done')).out)
      .toBe([13, 14, 15, 16].map((i) => `service "test-${i}" deleted from default namespace\n`).join(''));
    // The controller keeps the finalizer for 10 s after the deletion began, for the allocators to have let go of it.
    await run('sleep 10');
    const gone = await run('kubectl get servicecidr newcidr1');
    expect(gone.out).toBe('Error from server (NotFound): servicecidrs.networking.k8s.io "newcidr1" not found\n');
    expect(gone.status).toBe(1);
  });

  it('takes a Service asking for an address of a new range, refuses one outside every ServiceCIDR', async () => {
    const { run } = await taskCluster();
    const ask = (name: string, ip: string) => run(`kubectl create service clusterip ${name} --tcp 80 --clusterip=${ip}`);
    expect((await ask('early', '10.96.1.10')).out)
      .toBe('error: failed to create ClusterIP service: Service "early" is invalid: spec.clusterIPs: Invalid value: ["10.96.1.10"]: failed to allocate IP 10.96.1.10: the provided network does not match the current range\n');
    expect((await run('kubectl create -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata:\n  name: extra\nspec:\n  cidrs:\n  - 10.96.1.0/24\nEOF')).out)
      .toBe('servicecidr.networking.k8s.io/extra created\n');
    expect((await ask('inside', '10.96.1.10')).out).toBe('service/inside created\n');
    expect((await run('kubectl get ipaddress 10.96.1.10')).out).toBe('NAME         PARENTREF\n10.96.1.10   services/default/inside\n');
    expect((await ask('taken', '10.96.1.10')).out)
      .toBe('error: failed to create ClusterIP service: Service "taken" is invalid: spec.clusterIPs: Invalid value: ["10.96.1.10"]: failed to allocate IP 10.96.1.10: provided IP is already allocated\n');
    // The network and broadcast addresses belong to no allocator.
    expect((await ask('edge', '10.96.1.255')).out).toContain('failed to allocate IP 10.96.1.255: the provided network does not match the current range\n');
    expect((await run('kubectl get servicecidr')).out).toMatch(new RegExp(`^NAME         CIDRS          AGE\nextra        10\\.96\\.1\\.0/24   ${AGE}\nkubernetes   10\\.96\\.0\\.0/28   ${AGE}\n$`));

    // Deleting a ServiceCIDR that is the only one holding an allocated address is held, with the condition saying why.
    expect((await run('kubectl delete servicecidr extra --wait=false')).out).toBe('servicecidr.networking.k8s.io "extra" deleted\n');
    await run('sleep 30');
    const describe = (await run('kubectl describe servicecidr extra')).out;
    expect(describe).toMatch(new RegExp([
      '^Name:         extra',
      'Labels:       <none>',
      'Annotations:  <none>',
      'CIDRs:        10\\.96\\.1\\.0/24',
      'Status:',
      'Conditions:',
      '  Type   Status  LastTransitionTime               Reason       Message',
      '  ----   ------  ------------------               ------       -------',
      '  Ready  False   \\w{3}, \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000  Terminating  There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new ServiceCIDR',
      'Events:  <none>',
      '$',
    ].join('\n')));
    await run('kubectl delete service inside');
    await run('sleep 1');
    expect((await run('kubectl get servicecidr extra')).status).toBe(1);
  });

  it('describes an IPAddress with its parent reference', async () => {
    const { run } = await taskCluster();
    expect((await run('kubectl describe ipaddress 10.96.0.10')).out).toBe([
      'Name:         10.96.0.10',
      'Labels:       ipaddress.kubernetes.io/ip-family=IPv4',
      '              ipaddress.kubernetes.io/managed-by=ipallocator.k8s.io',
      'Annotations:  <none>',
      'Parent Reference:',
      '  Group:      ',
      '  Resource:   services',
      '  Namespace:  kube-system',
      '  Name:       kube-dns',
      'Events:       <none>',
      '',
    ].join('\n'));
  });

  it('refuses invalid ServiceCIDRs and a change of their CIDRs, and changes nothing', async () => {
    const { run } = await taskCluster();
    const create = (cidrs: string) => run(`kubectl create -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata:\n  name: bad\nspec:\n  cidrs: ${cidrs}\nEOF`);
    expect((await create('[]')).out).toBe('The ServiceCIDR "bad" is invalid: spec.cidrs: Required value: at least one CIDR required\n');
    expect((await create('["10.96.0.0/33"]')).out).toBe('The ServiceCIDR "bad" is invalid: spec.cidrs[0]: Invalid value: "10.96.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)\n');
    expect((await create('["10.96.0.1/24"]')).out).toBe('The ServiceCIDR "bad" is invalid: spec.cidrs[0]: Invalid value: "10.96.0.1/24": must not have bits set beyond the prefix length\n');
    expect((await create('["10.96.1.0/24", "10.96.2.0/24"]')).out)
      .toBe('The ServiceCIDR "bad" is invalid: spec.cidrs: Invalid value: {"CIDRs":["10.96.1.0/24","10.96.2.0/24"]}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64\n');
    expect((await run('kubectl get servicecidr -o name')).out).toBe('servicecidr.networking.k8s.io/kubernetes\n');

    expect((await create('["10.96.1.0/24"]')).out).toBe('servicecidr.networking.k8s.io/bad created\n');
    expect((await run(`kubectl patch servicecidr bad --type=merge -p '{"spec":{"cidrs":["10.96.2.0/24"]}}'`)).out)
      .toBe('The ServiceCIDR "bad" is invalid: spec.cidrs[0]: Invalid value: "10.96.2.0/24": field is immutable\n');
    // A single-stack ServiceCIDR may become dual-stack (kubernetes/kubernetes#131263).
    expect((await run(`kubectl patch servicecidr bad --type=merge -p '{"spec":{"cidrs":["10.96.1.0/24","2001:db8::/64"]}}'`)).out).toBe('servicecidr.networking.k8s.io/bad patched\n');
    expect((await run(`kubectl get servicecidr bad -o jsonpath='{.spec.cidrs}'`)).out).toBe('["10.96.1.0/24","2001:db8::/64"]');
  });
});
