/**
 * A learner exploring what the API server serves beyond the workloads: `kubectl api-resources`, the deprecated
 * componentstatuses before and after the scheduler's manifest leaves /etc/kubernetes/manifests, the IPAddress a new
 * Service's ClusterIP gets, and API Priority and Fairness' FlowSchemas. Expected rows and texts from a real v1.35
 * kubeadm cluster's `kubectl api-resources` and from the upstream source (componentstatus rest.go/validator.go, the
 * HTTP prober's dial error, flowcontrol bootstrap/default.go, printers.go's printFlowSchemaList, which sorts by
 * matchingPrecedence then name).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../engine/shell/interactive-test-helpers.js';
import { STATIC_POD_REACTION_MS } from '../../engine/sim/manifests.js';

/** The table's cells, cut at the header's column starts (an empty SHORTNAMES cell stays empty). */
function rows(table: string): string[][] {
  const [header, ...lines] = table.trimEnd().split('\n');
  const starts = [...header.matchAll(/\S+/g)].map((m) => m.index!);
  return lines.map((l) => starts.map((s, i) => l.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).trim()));
}

/** text/tabwriter's padding for these tables: each column as wide as its widest cell plus 3 spaces, the last unpadded. */
function table(lines: string[][]): string {
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)) + 3);
  return lines.map((l) => l.map((c, i) => (i < l.length - 1 ? c.padEnd(widths[i]) : c)).join('')).join('\n') + '\n';
}

describe('exploring the API a kubeadm v1.35 cluster serves', () => {
  it('lists the resources a real v1.35 cluster lists, with their short names, versions and scope', async () => {
    const { run } = await interactiveSession();
    const r = await run('kubectl api-resources');
    expect(r.status).toBe(0);
    const got = rows(r.out);
    const expected = [
      ['componentstatuses', 'cs', 'v1', 'false', 'ComponentStatus'],
      ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition'],
      ['apiservices', '', 'apiregistration.k8s.io/v1', 'false', 'APIService'],
      ['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
      ['flowschemas', '', 'flowcontrol.apiserver.k8s.io/v1', 'false', 'FlowSchema'],
      ['prioritylevelconfigurations', '', 'flowcontrol.apiserver.k8s.io/v1', 'false', 'PriorityLevelConfiguration'],
      ['ipaddresses', 'ip', 'networking.k8s.io/v1', 'false', 'IPAddress'],
      ['servicecidrs', '', 'networking.k8s.io/v1', 'false', 'ServiceCIDR'],
      ['runtimeclasses', '', 'node.k8s.io/v1', 'false', 'RuntimeClass'],
      ['mutatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', 'false', 'MutatingWebhookConfiguration'],
      ['validatingadmissionpolicies', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicy'],
      ['validatingadmissionpolicybindings', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingAdmissionPolicyBinding'],
      ['validatingwebhookconfigurations', '', 'admissionregistration.k8s.io/v1', 'false', 'ValidatingWebhookConfiguration'],
      ['csinodes', '', 'storage.k8s.io/v1', 'false', 'CSINode'],
    ];
    for (const row of expected) expect(got).toContainEqual(row);
    // Sorted by group, then name: the core group first, then admissionregistration.k8s.io, apiextensions.k8s.io and
    // apiregistration.k8s.io before apps.
    const names = got.map((c) => `${c[0]}.${c[2]}`);
    expect(names.indexOf('mutatingwebhookconfigurations.admissionregistration.k8s.io/v1')).toBe(names.indexOf('services.v1') + 1);
    expect(names.indexOf('customresourcedefinitions.apiextensions.k8s.io/v1')).toBe(names.indexOf('validatingwebhookconfigurations.admissionregistration.k8s.io/v1') + 1);
    expect(names.indexOf('apiservices.apiregistration.k8s.io/v1')).toBe(names.indexOf('customresourcedefinitions.apiextensions.k8s.io/v1') + 1);
    expect(names.indexOf('controllerrevisions.apps/v1')).toBe(names.indexOf('apiservices.apiregistration.k8s.io/v1') + 1);
    expect(names.indexOf('flowschemas.flowcontrol.apiserver.k8s.io/v1')).toBe(names.indexOf('events.events.k8s.io/v1') + 1);
    // Two resources share the short name ev: kubectl takes the core one and says so (client-go's shortcutExpander),
    // as it does on any v1.35 cluster; the full name is not ambiguous.
    expect((await run('kubectl get ev -A')).out.split('\n')[0]).toBe(`${WARNING} short name "ev" could also match lower priority resource events.events.k8s.io`);
    expect((await run('kubectl get events -A')).out.split('\n')[0]).toMatch(/^NAMESPACE +LAST SEEN/);
    // events.k8s.io/v1's own schema (note, regarding), not core/v1 Event's.
    expect((await run('kubectl explain events.note --api-version=events.k8s.io/v1')).out).toBe(
      'GROUP:      events.k8s.io\nKIND:       Event\nVERSION:    v1\n\nFIELD: note <string>\n\n\nDESCRIPTION:\n    note is a human-readable description of the status of this operation.\n    Maximal length of the note is 1kB, but libraries should be prepared to\n    handle values up to 64kB.\n    \n\n');
  });

  it('shows componentstatuses healthy, then the scheduler Unhealthy once its static pod is gone, with the deprecation warning', async () => {
    const { run, cluster } = await interactiveSession();
    const warning = `${WARNING} v1 ComponentStatus is deprecated in v1.19+\n`;
    expect((await run('kubectl get cs')).out).toBe(warning + table([
      ['NAME', 'STATUS', 'MESSAGE', 'ERROR'],
      ['scheduler', 'Healthy', 'ok', ''],
      ['controller-manager', 'Healthy', 'ok', ''],
      ['etcd-0', 'Healthy', 'ok', ''],
    ]));
    await run('sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/');
    cluster.advance(STATIC_POD_REACTION_MS + 2_000);
    const refused = 'Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused';
    const after = await run('kubectl get componentstatuses');
    expect(after.out.startsWith(warning)).toBe(true);
    expect(rows(after.out.slice(warning.length))).toEqual([
      ['scheduler', 'Unhealthy', refused, ''],
      ['controller-manager', 'Healthy', 'ok', ''],
      ['etcd-0', 'Healthy', 'ok', ''],
    ]);
    const missing = await run('kubectl get cs foo');
    expect(missing.out).toBe(`${warning}Error from server: Component not found: foo\n`);
    expect(missing.status).toBe(1);
  });

  it('finds an IPAddress named by a new Service\'s ClusterIP, pointing back at the Service', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create deployment web --image=nginx');
    await run('kubectl expose deployment web --port=80');
    const ip = (await run(`kubectl get svc web -o jsonpath='{.spec.clusterIP}'`)).out;
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    const out = (await run('kubectl get ipaddresses')).out;
    expect(rows(out)).toEqual(expect.arrayContaining([['10.96.0.1', 'services/default/kubernetes'], ['10.96.0.10', 'services/kube-system/kube-dns'], [ip, 'services/default/web']]));
    expect(out.split('\n')[0]).toMatch(/^NAME +PARENTREF$/);
    expect((await run(`kubectl get ip ${ip} -o jsonpath='{.metadata.labels}'`)).out)
      .toBe('{"ipaddress.kubernetes.io/ip-family":"IPv4","ipaddress.kubernetes.io/managed-by":"ipallocator.k8s.io"}');
    expect((await run('kubectl get servicecidrs')).out).toMatch(/^NAME +CIDRS +AGE\nkubernetes +10\.96\.0\.0\/12 +\d+m\n$/);
  });

  it('lists the API Priority and Fairness FlowSchemas by matching precedence', async () => {
    const { run } = await interactiveSession();
    const out = (await run('kubectl get flowschemas')).out;
    const age = rows(out)[0][4];
    expect(age).toMatch(/^\d+m$/);
    expect(out).toBe(table([
      ['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL'],
      ['exempt', 'exempt', '1', '<none>', age, 'False'],
      ['probes', 'exempt', '2', '<none>', age, 'False'],
      ['system-leader-election', 'leader-election', '100', 'ByUser', age, 'False'],
      ['system-node-high', 'node-high', '400', 'ByUser', age, 'False'],
      ['system-nodes', 'system', '500', 'ByUser', age, 'False'],
      ['kube-controller-manager', 'workload-high', '800', 'ByNamespace', age, 'False'],
      ['kube-scheduler', 'workload-high', '800', 'ByNamespace', age, 'False'],
      ['kube-system-service-accounts', 'workload-high', '900', 'ByNamespace', age, 'False'],
      ['service-accounts', 'workload-low', '9000', 'ByUser', age, 'False'],
      ['global-default', 'global-default', '9900', 'ByUser', age, 'False'],
      ['catch-all', 'catch-all', '10000', 'ByUser', age, 'False'],
    ]));
    expect(rows((await run('kubectl get prioritylevelconfigurations')).out).map((r) => r.slice(0, 6))).toEqual([
      ['catch-all', 'Limited', '5', '<none>', '<none>', '<none>'],
      ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>'],
      ['global-default', 'Limited', '20', '128', '6', '50'],
      ['leader-election', 'Limited', '10', '16', '4', '50'],
      ['node-high', 'Limited', '40', '64', '6', '50'],
      ['system', 'Limited', '30', '64', '6', '50'],
      ['workload-high', 'Limited', '40', '128', '6', '50'],
      ['workload-low', 'Limited', '100', '128', '6', '50'],
    ]);
  });
});
