/**
 * networking.k8s.io/v1 IPAddress as a stored kind (engine/api/registry/ipaddresses.ts) and what is left of
 * ServiceCIDR's (registry/servicecidrs.ts), through kubectl on a booted cluster, against kube-apiserver v1.35:
 *  - ValidateIPAddress / ValidateIPAddressUpdate's texts (pkg/apis/networking/validation), AlreadyExists, delete;
 *  - an IPAddress reserves its address: the ClusterIP allocator (ipallocator.go) creates one per address it gives and
 *    answers ErrAllocated when one exists, deletes it on release;
 *  - the repair loop (ipallocator/controller/repairip.go): a missing IPAddress is recreated at the informers'
 *    3-minute resync, an allocator's IPAddress whose Service is gone is deleted after a minute, with their events;
 *  - ServiceCIDR status sent with the main resource is kept in v1.35 (the strategy clears nothing,
 *    kubernetes/kubernetes#137680), and kube-apiserver's default-servicecidr controller recreates `kubernetes`.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const ip = (name: string, parentRef: string, labels = '') =>
  `kubectl create -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"IPAddress","metadata":{"name":"${name}"${labels ? `,"labels":${labels}` : ''}},"spec":{"parentRef":${parentRef}}}'`;
const REF = (name: string) => `{"resource":"services","namespace":"default","name":"${name}"}`;
const MANAGED = '{"ipaddress.kubernetes.io/managed-by":"ipallocator.k8s.io"}';

describe('IPAddress', () => {
  it('is validated as kube-apiserver v1.35 validates it, and a refused write stores nothing', async () => {
    const { run } = await interactiveSession([], 7);
    expect((await run(ip('10.96.0.010', 'null'))).out).toBe([
      'The IPAddress "10.96.0.010" is invalid: ',
      '* metadata.name: Invalid value: "10.96.0.010": must not have leading 0s',
      '* spec.parentRef: Required value',
      '',
    ].join('\n'));
    expect((await run(ip('2001:DB8::1', '{"group":"Bad_Group","resource":"a/b","name":"..","namespace":"x%"}'))).out).toBe([
      'The IPAddress "2001:DB8::1" is invalid: ',
      '* metadata.name: Invalid value: "2001:DB8::1": must be in canonical form ("2001:db8::1")',
      "* spec.parentRef.group: Invalid value: \"Bad_Group\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "* spec.parentRef.resource: Invalid value: \"a/b\": may not contain '/'",
      "* spec.parentRef.name: Invalid value: \"..\": may not be '..'",
      "* spec.parentRef.namespace: Invalid value: \"x%\": may not contain '%'",
      '',
    ].join('\n'));
    expect((await run(ip('::ffff:10.0.0.1', REF('x')))).out)
      .toBe('The IPAddress "::ffff:10.0.0.1" is invalid: metadata.name: Invalid value: "::ffff:10.0.0.1": must not be an IPv4-mapped IPv6 address\n');
    expect((await run(ip('web', '{}'))).out).toBe([
      'The IPAddress "web" is invalid: ',
      '* metadata.name: Invalid value: "web": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      '* spec.parentRef.resource: Required value',
      '* spec.parentRef.name: Required value',
      '',
    ].join('\n'));
    expect((await run('kubectl get ipaddress')).out).toBe('NAME         PARENTREF\n10.96.0.1    services/default/kubernetes\n10.96.0.10   services/kube-system/kube-dns\n');

    // The cluster-scoped group "" of a Service is left out (omitempty); any namespace is optional.
    expect((await run(ip('10.96.0.100', '{"resource":"services","name":"x"}'))).out).toBe('ipaddress.networking.k8s.io/10.96.0.100 created\n');
    expect((await run(ip('10.96.0.100', REF('y')))).out).toBe('Error from server (AlreadyExists): error when creating "STDIN": ipaddresses.networking.k8s.io "10.96.0.100" already exists\n');
    expect((await run(`kubectl patch ipaddress 10.96.0.100 --type=merge -p '{"spec":{"parentRef":{"name":"other"}}}'`)).out)
      .toBe('The IPAddress "10.96.0.100" is invalid: spec.parentRef: Invalid value: {"Group":"","Resource":"services","Namespace":"","Name":"other"}: field is immutable\n');
    expect((await run(`kubectl label ipaddress 10.96.0.100 team=net`)).out).toBe('ipaddress.networking.k8s.io/10.96.0.100 labeled\n');
    // printIPAddress: no namespace, no segment for it.
    expect((await run('kubectl get ip 10.96.0.100')).out).toBe('NAME          PARENTREF\n10.96.0.100   services/x\n');
    expect((await run('kubectl describe ipaddress 10.96.0.100')).out).toBe([
      'Name:         10.96.0.100',
      'Labels:       team=net',
      'Annotations:  <none>',
      'Parent Reference:',
      '  Group:      ',
      '  Resource:   services',
      '  Namespace:  ',
      '  Name:       x',
      'Events:       <none>',
      '',
    ].join('\n'));
    expect((await run('kubectl delete ipaddress 10.96.0.100')).out).toBe('ipaddress.networking.k8s.io "10.96.0.100" deleted\n');
    expect((await run('kubectl get ip 10.96.0.100')).out).toBe('Error from server (NotFound): ipaddresses.networking.k8s.io "10.96.0.100" not found\n');
  });

  it('reserves its address: the allocator gives it to no Service until it is deleted, and writes and deletes its own', async () => {
    // A /28: fourteen addresses, the kubernetes Service's 10.96.0.1 and kube-dns's 10.96.0.10 taken.
    const { run } = await interactiveSession([], 7, undefined, { podNetwork: { serviceSubnet: '10.96.0.0/28' } });
    expect((await run(ip('10.96.0.5', REF('reserved')))).out).toBe('ipaddress.networking.k8s.io/10.96.0.5 created\n');
    expect((await run('kubectl create service clusterip asked --tcp=80 --clusterip=10.96.0.5')).out)
      .toBe('error: failed to create ClusterIP service: Service "asked" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.5"]: failed to allocate IP 10.96.0.5: provided IP is already allocated\n');
    // Every other free address is drawn before the range is full: the reserved one never is.
    const drawn = (await run(`for i in $(seq 1 12); do kubectl create service clusterip "s-$i" --tcp 80 -o jsonpath='{.spec.clusterIP}{"\\n"}'; done`)).out.trimEnd().split('\n');
    expect(drawn[11]).toBe('error: failed to create ClusterIP service: Internal error occurred: failed to allocate a serviceIP: range is full');
    expect(drawn.slice(0, 11).map((a) => Number(a.split('.')[3])).sort((a, b) => a - b)).toEqual([2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14]);
    // Each address the allocator gave has its IPAddress, labelled as the allocator labels them.
    const s1 = drawn[0];
    const obj = JSON.parse((await run(`kubectl get ipaddress ${s1} -o json`)).out);
    expect(obj.metadata.labels).toEqual({ 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' });
    expect(obj.spec).toEqual({ parentRef: { name: 's-1', namespace: 'default', resource: 'services' } });
    // A refused Service gives back the IPAddress its allocation wrote.
    expect((await run('kubectl delete service s-1')).out).toBe('service "s-1" deleted from default namespace\n');
    expect((await run(`kubectl get ip ${s1}`)).status).toBe(1);
    expect((await run(`kubectl create service clusterip bad_name --tcp=80 --clusterip=${s1}`)).out).toMatch(/^error: failed to create ClusterIP service: Service "bad_name" is invalid: metadata.name: Invalid value/);
    expect((await run(`kubectl get ip ${s1}`)).status).toBe(1);

    // Deleting the reservation frees the address.
    expect((await run('kubectl delete ip 10.96.0.5')).out).toBe('ipaddress.networking.k8s.io "10.96.0.5" deleted\n');
    expect((await run('kubectl create service clusterip asked --tcp=80 --clusterip=10.96.0.5')).out).toBe('service/asked created\n');
    expect((await run('kubectl get ip 10.96.0.5')).out).toBe('NAME        PARENTREF\n10.96.0.5   services/default/asked\n');
  });

  it('is repaired: a ClusterIP without one gets it back at the resync, a leaked one of the allocator goes after a minute', async () => {
    const { run } = await interactiveSession([], 7);
    await run('kubectl create service clusterip web --tcp=80 --clusterip=10.96.0.50');
    expect((await run('kubectl delete ipaddress 10.96.0.50')).out).toBe('ipaddress.networking.k8s.io "10.96.0.50" deleted\n');
    expect((await run('kubectl get ip 10.96.0.50')).status).toBe(1);
    // Freed: the allocator would give it to another Service, until the repair loop takes it back for web.
    await run('sleep 180');
    expect((await run('kubectl get ip 10.96.0.50')).out).toBe('NAME         PARENTREF\n10.96.0.50   services/default/web\n');
    expect((await run('kubectl get events --field-selector involvedObject.name=web -o custom-columns=TYPE:.type,REASON:.reason,FROM:.reportingComponent,MESSAGE:.message')).out).toBe([
      'TYPE      REASON                  FROM                            MESSAGE',
      'Warning   ClusterIPNotAllocated   ipallocator-repair-controller   Cluster IP [IPv4]: 10.96.0.50 is not allocated; repairing',
      '',
    ].join('\n'));

    // The allocator's label on an address no Service holds: deleted once a minute old. Without it, left alone.
    expect((await run(ip('10.96.0.60', REF('gone'), MANAGED))).out).toBe('ipaddress.networking.k8s.io/10.96.0.60 created\n');
    expect((await run(ip('10.96.0.61', REF('gone')))).out).toBe('ipaddress.networking.k8s.io/10.96.0.61 created\n');
    await run('sleep 59');
    expect((await run('kubectl get ip 10.96.0.60 10.96.0.61 -o name')).out).toBe('ipaddress.networking.k8s.io/10.96.0.60\nipaddress.networking.k8s.io/10.96.0.61\n');
    await run('sleep 2');
    expect((await run('kubectl get ip 10.96.0.60')).status).toBe(1);
    expect((await run('kubectl get events --field-selector involvedObject.kind=IPAddress -o custom-columns=TYPE:.type,REASON:.reason,OBJECT:.involvedObject.name,MESSAGE:.message')).out).toBe([
      'TYPE      REASON                  OBJECT       MESSAGE',
      'Warning   IPAddressNotAllocated   10.96.0.60   IPAddress: 10.96.0.60 for Service default/gone appears to have leaked: cleaning up',
      '',
    ].join('\n'));
    await run('sleep 300');
    expect((await run('kubectl get ip 10.96.0.61 -o name')).out).toBe('ipaddress.networking.k8s.io/10.96.0.61\n');

    // The allocator's IPAddress of a Service that no longer holds the address: a wrong reference, deleted at once.
    expect((await run(ip('10.96.0.62', REF('web'), MANAGED))).out).toBe('ipaddress.networking.k8s.io/10.96.0.62 created\n');
    expect((await run('kubectl get ip 10.96.0.62')).status).toBe(1);
    expect((await run('kubectl get events --field-selector reason=IPAddressWrongReference -o custom-columns=MESSAGE:.message --no-headers')).out)
      .toBe('IPAddress: 10.96.0.62 for Service default/web has a wrong reference; cleaning up\n');
  });
});

describe('ServiceCIDR, what the v1.35 registry and kube-apiserver do', () => {
  it('keeps a status sent with the main resource on create and takes it on update', async () => {
    const { run } = await interactiveSession([], 7);
    const foo = '{"type":"Foo","status":"True","reason":"Mine","message":"sent","lastTransitionTime":"2025-01-01T00:00:00Z"}';
    expect((await run(`kubectl create -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"ServiceCIDR","metadata":{"name":"extra"},"spec":{"cidrs":["10.100.0.0/24"]},"status":{"conditions":[${foo}]}}'`)).out)
      .toBe('servicecidr.networking.k8s.io/extra created\n');
    const types = () => run(`kubectl get servicecidr extra -o jsonpath='{range .status.conditions[*]}{.type}={.reason};{end}'`);
    // kube-controller-manager's servicecidrs controller adds Ready beside it.
    expect((await types()).out).toBe('Foo=Mine;Ready=;');
    expect((await run(`kubectl get servicecidr extra -o json | sed 's/"Mine"/"Changed"/' | kubectl replace -f -`)).out).toBe('servicecidr.networking.k8s.io/extra replaced\n');
    expect((await types()).out).toBe('Foo=Changed;Ready=;');
    // The status subresource takes only the status; the main resource's spec stays immutable.
    expect((await run(`kubectl patch servicecidr extra --subresource=status --type=merge -p '{"spec":{"cidrs":["10.200.0.0/24"]},"status":{"conditions":[]}}'`)).out)
      .toBe('servicecidr.networking.k8s.io/extra patched\n');
    expect((await run(`kubectl get servicecidr extra -o jsonpath='{.spec.cidrs}'`)).out).toBe('["10.100.0.0/24"]');
  });

  it('has kube-apiserver recreate the default one at its 10-second sync once a deletion has gone through', async () => {
    const { run } = await interactiveSession([], 7);
    // Another ServiceCIDR holds every address of the default one, so its deletion is not held.
    await run(`kubectl create -f - <<< '{"apiVersion":"networking.k8s.io/v1","kind":"ServiceCIDR","metadata":{"name":"wide"},"spec":{"cidrs":["10.96.0.0/11"]}}'`);
    expect((await run('kubectl delete servicecidr kubernetes --wait=false')).out).toBe('servicecidr.networking.k8s.io "kubernetes" deleted\n');
    const deleted = JSON.parse((await run('kubectl get servicecidr kubernetes -o json')).out).metadata.deletionTimestamp as string;
    // kube-controller-manager lets it go 10 s after the deletion began; kube-apiserver's next sync recreates it.
    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      await run('sleep 1');
      const r = await run(`kubectl get servicecidr kubernetes -o jsonpath='{.metadata.creationTimestamp} {.metadata.deletionTimestamp}'`);
      seen.push(r.status === 0 ? r.out.trim() : 'gone');
    }
    expect(seen.slice(0, 9).every((s) => s.startsWith('2026') && s.endsWith(deleted))).toBe(true);
    expect(seen).toContain('gone');
    const back = seen[seen.length - 1];
    expect(back).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Its creation is on the controller's 10-second beat from the server's start (the lab's clock starts on a minute).
    expect(Number(back.slice(17, 19)) % 10).toBe(0);
    const sc = JSON.parse((await run('kubectl get servicecidr kubernetes -o json')).out);
    expect(sc.spec).toEqual({ cidrs: ['10.96.0.0/12'] });
    expect(sc.metadata.finalizers).toEqual(['networking.k8s.io/service-cidr-finalizer']);
    expect(sc.status.conditions).toEqual([{ lastTransitionTime: expect.any(String), message: 'Kubernetes Service CIDR is ready', reason: '', status: 'True', type: 'Ready' }]);
    // The apply of its status first (Apply before Update), then the create and kube-controller-manager's two updates.
    expect((await run(`kubectl get servicecidr kubernetes --show-managed-fields -o jsonpath='{range .metadata.managedFields[*]}{.manager}:{.operation}:{.subresource};{end}'`)).out)
      .toBe('kubernetes-service-cidr-controller:Apply:status;kube-apiserver:Update:;kube-controller-manager:Update:;kube-controller-manager:Update:status;');
  });
});
