/**
 * The pod and pod template warnings, case by case from kubernetes v1.35's pkg/api/pod/warnings_test.go
 * (TestWarnings, TestTemplateOnlyWarnings), which compares the warnings as a set of the expected size: the lists
 * are compared sorted here. The Go structs of those cases are written as the v1 JSON that decodes to them.
 */
import { describe, expect, it } from 'vitest';
import { cidrWarnings, ipWarnings, podWarnings, registryWarnings } from './warnings.js';
import type { KObject } from '../meta.js';

const sorted = (a: string[]) => [...a].sort();
const volumes = (...v: unknown[]) => ({ volumes: v });
const projected = (...sources: unknown[]) => volumes({ name: 'foo', projected: { sources } });

const CASES: [string, Record<string, unknown>, Record<string, unknown> | undefined, string[]][] = [
  ['photon', volumes({ name: 'p', photonPersistentDisk: {} }), undefined, ['spec.volumes[0].photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+']],
  ['gitRepo', volumes({ name: 's', gitRepo: {} }), undefined, ['spec.volumes[0].gitRepo: deprecated in v1.11']],
  ['scaleIO', volumes({ name: 's', scaleIO: {} }), undefined, ['spec.volumes[0].scaleIO: deprecated in v1.16, non-functional in v1.22+']],
  ['flocker', volumes({ name: 's', flocker: {} }), undefined, ['spec.volumes[0].flocker: deprecated in v1.22, non-functional in v1.25+']],
  ['storageOS', volumes({ name: 's', storageos: {} }), undefined, ['spec.volumes[0].storageOS: deprecated in v1.22, non-functional in v1.25+']],
  ['quobyte', volumes({ name: 's', quobyte: {} }), undefined, ['spec.volumes[0].quobyte: deprecated in v1.22, non-functional in v1.25+']],
  ['glusterfs', volumes({ name: 's', glusterfs: {} }), undefined, ['spec.volumes[0].glusterfs: deprecated in v1.25, non-functional in v1.26+']],
  ['CephFS', volumes({ name: 's', cephfs: {} }), undefined, ['spec.volumes[0].cephfs: deprecated in v1.28, non-functional in v1.31+']],
  ['rbd', volumes({ name: 's', rbd: {} }), undefined, ['spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+']],
  ['overlapping paths in a configmap volume', volumes({ name: 'Test', configMap: { name: 'foo', items: [{ key: 'foo', path: 'test' }, { key: 'bar', path: 'test' }] } }), undefined,
    ['volume "Test" (ConfigMap "foo"): overlapping paths: "test" with "test"']],
  ['overlapping paths in a configmap volume - dir path into a file', volumes({ name: 'Test', configMap: { name: 'foo', items: [{ key: 'foo', path: 'test' }, { key: 'bar', path: 'test/app' }] } }), undefined,
    ['volume "Test" (ConfigMap "foo"): overlapping paths: "test/app" with "test"']],
  ['overlapping paths in a secret volume', volumes({ name: 'Test', secret: { secretName: 'foo', items: [{ key: 'foo', path: 'test' }, { key: 'bar', path: 'test' }] } }), undefined,
    ['volume "Test" (Secret "foo"): overlapping paths: "test" with "test"']],
  ['overlapping paths in projected volume - service account and config',
    projected({ configMap: { name: 'Test', items: [{ key: 'foo', path: 'test' }] } }, { serviceAccountToken: { path: 'test' } }), undefined,
    ['volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (ConfigMap "Test")']],
  ['overlapping paths in projected volume - secret and config map',
    projected({ secret: { name: 'TestSecret', items: [{ key: 'mykey', path: 'test' }] } }, { configMap: { name: 'TestConfigMap', items: [{ key: 'mykey', path: 'test/test1' }] } }), undefined,
    ['volume "foo" (Projected): overlapping paths: "test/test1" (ConfigMap "TestConfigMap") with "test" (Secret "TestSecret")']],
  ['overlapping paths in projected volume - multiple sources',
    projected(
      { clusterTrustBundle: { signerName: 'Test', path: 'test/test' } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' }, path: 'test' }] } },
      { secret: { name: 'Test', items: [{ key: 'foo', path: 'test' }] } },
      { serviceAccountToken: { path: 'test' } },
    ), undefined, [
      'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test" (ClusterTrustBundle "Test")',
      'volume "foo" (Projected): overlapping paths: "test" (Secret "Test") with "test/test" (ClusterTrustBundle "Test")',
      'volume "foo" (Projected): overlapping paths: "test" (Secret "Test") with "test" (DownwardAPI)',
      'volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test/test" (ClusterTrustBundle "Test")',
      'volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (DownwardAPI)',
      'volume "foo" (Projected): overlapping paths: "test" (ServiceAccountToken) with "test" (Secret "Test")',
    ]],
  ['overlapping paths in projected volume - ServiceAccount vs. DownwardAPI',
    projected({ serviceAccountToken: { path: 'test/test2' } }, {
      downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' }, path: 'test' }, { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' }, path: 'test' }] },
    }), undefined, [
      'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test2" (ServiceAccountToken)',
      'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test/test2" (ServiceAccountToken)',
      'volume "foo" (Projected): overlapping paths: "test" (DownwardAPI) with "test" (DownwardAPI)',
    ]],
  ['empty sources in projected volume', projected({}), undefined, ['volume "foo" (Projected) has no sources provided']],
  ['duplicate hostAlias', { hostAliases: [{ ip: '1.1.1.1' }, { ip: '1.1.1.1' }, { ip: '1.1.1.1' }] }, undefined,
    ['spec.hostAliases[1].ip: duplicate ip "1.1.1.1"', 'spec.hostAliases[2].ip: duplicate ip "1.1.1.1"']],
  ['duplicate imagePullSecret', { imagePullSecrets: [{ name: 'a' }, { name: 'a' }, { name: 'a' }] }, undefined,
    ['spec.imagePullSecrets[1].name: duplicate name "a"', 'spec.imagePullSecrets[2].name: duplicate name "a"']],
  ['empty imagePullSecret', { imagePullSecrets: [{}] }, undefined, ['spec.imagePullSecrets[0].name: invalid empty name ""']],
  ['duplicate env', {
    initContainers: [{ env: [{ name: 'a', value: 'a' }, { name: 'a', value: 'a' }, { name: 'a', value: 'other' }, { name: 'a' }, { name: 'a', value: '$(a)' }, { name: 'a', valueFrom: {} }, { name: 'a', value: '$(a) $(a)' }] }],
    containers: [{ env: [{ name: 'b', value: 'b' }, { name: 'b', value: 'b' }, { name: 'b', value: 'other' }, { name: 'b' }, { name: 'b', value: '$(b)' }, { name: 'b', valueFrom: {} }, { name: 'b', value: '$(b) $(b)' }] }],
  }, undefined, [1, 2, 3, 4, 5].flatMap((i) => [
    `spec.initContainers[0].env[${i}]: hides previous definition of "a", which may be dropped when using apply`,
    `spec.containers[0].env[${i}]: hides previous definition of "b", which may be dropped when using apply`,
  ])],
  ['fractional resources', (() => {
    const resources = { cpu: '100m', memory: '4m', 'ephemeral-storage': '4m' };
    return { initContainers: [{ resources: { requests: resources, limits: resources } }], containers: [{ resources: { requests: resources, limits: resources } }], overhead: resources };
  })(), undefined, [
    ...['initContainers', 'containers'].flatMap((c) => ['requests', 'limits'].flatMap((r) => ['ephemeral-storage', 'memory'].map((k) =>
      `spec.${c}[0].resources.${r}[${k}]: fractional byte value "4m" is invalid, must be an integer`))),
    'spec.overhead[ephemeral-storage]: fractional byte value "4m" is invalid, must be an integer',
    'spec.overhead[memory]: fractional byte value "4m" is invalid, must be an integer',
  ]],
  ['node labels in nodeSelector', {
    nodeSelector: { 'beta.kubernetes.io/arch': 'true', 'beta.kubernetes.io/os': 'true', 'failure-domain.beta.kubernetes.io/region': 'true', 'failure-domain.beta.kubernetes.io/zone': 'true', 'beta.kubernetes.io/instance-type': 'true' },
  }, undefined, [
    'spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
    'spec.nodeSelector[beta.kubernetes.io/instance-type]: deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
    'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
    'spec.nodeSelector[failure-domain.beta.kubernetes.io/region]: deprecated since v1.17; use "topology.kubernetes.io/region" instead',
    'spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]: deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  ]],
  ['node labels in affinity requiredDuringSchedulingIgnoredDuringExecution', {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo' }, { key: 'beta.kubernetes.io/arch' }, { key: 'beta.kubernetes.io/os' }] }] } } },
  }, undefined, [
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead',
    'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
  ]],
  ['node labels in affinity preferredDuringSchedulingIgnoredDuringExecution', {
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ preference: { matchExpressions: [{ key: 'foo' }, { key: 'failure-domain.beta.kubernetes.io/zone' }] } }] } },
  }, undefined, [
    'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[1].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  ]],
  ['node labels in topologySpreadConstraints', {
    topologySpreadConstraints: [{ topologyKey: 'foo', labelSelector: {} }, { topologyKey: 'beta.kubernetes.io/arch', labelSelector: {} }],
  }, undefined, ['spec.topologySpreadConstraints[1].topologyKey: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead']],
  ['annotations', { containers: [{ name: 'foo' }] }, {
    annotations: {
      foo: 'bar',
      'scheduler.alpha.kubernetes.io/critical-pod': 'true',
      'seccomp.security.alpha.kubernetes.io/pod': 'default',
      'container.seccomp.security.alpha.kubernetes.io/foo': 'default',
      'security.alpha.kubernetes.io/sysctls': 'a,b,c',
      'security.alpha.kubernetes.io/unsafe-sysctls': 'd,e,f',
    },
  }, [
    'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
    'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
    'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/foo]: non-functional in v1.27+; use the "seccompProfile" field instead',
    'metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
    'metadata.annotations[security.alpha.kubernetes.io/unsafe-sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
  ]],
  ['seccomp fields', {
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'foo', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }],
  }, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'default', 'container.seccomp.security.alpha.kubernetes.io/foo': 'default' } }, []],
  ['pod with ephemeral volume source 200Mi', volumes({ name: 'ephemeral-volume', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '200Mi' } } } } } }), undefined, []],
  ['pod with ephemeral volume source 200m', volumes({ name: 'ephemeral-volume', ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '200m' } } } } } }), undefined,
    ['spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "200m" is invalid, must be an integer']],
  ['terminationGracePeriodSeconds is negative', { terminationGracePeriodSeconds: -1 }, undefined,
    ['spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1']],
  ['null LabelSelector in topologySpreadConstraints', { topologySpreadConstraints: [{ labelSelector: {} }, {}] }, undefined,
    ['spec.topologySpreadConstraints[1].labelSelector: a null labelSelector results in matching no pod']],
  ['null LabelSelector in PodAffinity', {
    affinity: {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }, {}],
        preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: {} } }, { podAffinityTerm: {} }],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} }, {}],
        preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: {} } }, { podAffinityTerm: {} }],
      },
    },
  }, undefined, [
    'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod',
    'spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
    'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null labelSelector results in matching no pod',
    'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
  ]],
  ['one container, two ports, same protocol, port and hostPort, different hostIP', {
    containers: [{ name: 'foo', ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 80, hostIP: '10.0.0.1' }, { containerPort: 80, protocol: 'TCP', hostPort: 80, hostIP: '10.0.0.2' }] }],
  }, undefined, []],
  ['two containers, one port each, different protocols, same port', {
    containers: [{ name: 'foo', ports: [{ containerPort: 80, protocol: 'UDP' }] }, { name: 'bar', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
  }, undefined, []],
  ['duplicate container ports with same port and protocol', { containers: [{ name: 'foo', ports: [{ containerPort: 80, protocol: 'UDP' }, { containerPort: 80, protocol: 'UDP' }] }] }, undefined,
    ['spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]']],
  ['one container port hostIP set without host port set', { containers: [{ name: 'foo', ports: [{ containerPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }] }] }, undefined,
    ['spec.containers[0].ports[0]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}']],
  ['duplicate container ports with one host port set and one without', {
    containers: [{ name: 'foo', ports: [{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }] }],
  }, undefined, [
    'spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]',
    'spec.containers[0].ports[1]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:80 Protocol:UDP HostIP:10.0.0.1}',
  ]],
  ['duplicate container ports without one host IP set and two with', {
    containers: [{
      name: 'foo',
      ports: [{ containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP', hostIP: '10.0.0.2' }],
    }],
  }, undefined, [
    'spec.containers[0].ports[1]: dangerously ambiguous port definition with spec.containers[0].ports[0]',
    'spec.containers[0].ports[2]: dangerously ambiguous port definition with spec.containers[0].ports[1]',
  ]],
  ['duplicate containers with same port and protocol', {
    containers: [{ name: 'foo', ports: [{ containerPort: 80, protocol: 'UDP' }] }, { name: 'bar', ports: [{ containerPort: 80, protocol: 'UDP' }] }],
  }, undefined, ['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]']],
  ['update duplicate container ports in two containers', {
    containers: [
      { name: 'foo1', ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 180, hostPort: 80, protocol: 'TCP' }, { containerPort: 80, hostPort: 80, protocol: 'TCP' }] },
      { name: 'foo', ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 80, hostPort: 80, protocol: 'TCP' }] },
    ],
  }, undefined, [
    'spec.containers[0].ports[2]: duplicate port definition with spec.containers[0].ports[0]',
    'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]',
    'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[2]',
    'spec.containers[1].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
    'spec.containers[1].ports[1]: duplicate port definition with spec.containers[0].ports[2]',
    'spec.containers[1].ports[1]: duplicate port definition with spec.containers[1].ports[0]',
  ]],
  ['create duplicate container ports name in containers and sidecar containers', {
    initContainers: [{ name: 'foo1', restartPolicy: 'Always', ports: [{ containerPort: 80, protocol: 'UDP', name: 'test' }] }],
    containers: [{ name: 'foo', ports: [{ containerPort: 8090, protocol: 'TCP', name: 'test' }] }],
  }, undefined, [
    'spec.containers[0].ports[0]: duplicate port name "test" with spec.initContainers[0].ports[0], services and probes that select ports by name will use spec.initContainers[0].ports[0]',
  ]],
];

describe('pod warnings (pkg/api/pod/warnings.go)', () => {
  for (const [name, spec, meta, expected] of CASES) {
    it(name, () => {
      expect(sorted(podWarnings(spec, meta ?? {}, ''))).toEqual(sorted(expected));
      expect(sorted(podWarnings(spec, meta ?? {}))).toEqual(sorted(expected));
    });
  }

  it('no warnings for what the no-warnings benchmark holds', () => {
    const resources = { cpu: '100m', memory: '4M', 'ephemeral-storage': '4G' };
    const env = [{ name: 'a' }, { name: 'b' }];
    const c = (n: string) => ({ name: n, env, resources: { requests: resources, limits: resources } });
    expect(podWarnings({
      nodeSelector: { foo: 'bar', baz: 'quux' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo' }] }] } } },
      topologySpreadConstraints: [{ topologyKey: 'foo', labelSelector: {} }],
      hostAliases: [{ ip: '1.1.1.1' }, { ip: '2.2.2.2' }],
      imagePullSecrets: [{ name: 'secret1' }, { name: 'secret2' }],
      initContainers: [c('init1'), c('init2')],
      containers: [c('container1'), c('container2')],
      overhead: resources,
      volumes: [{ name: 'a' }, { name: 'b' }],
    }, { annotations: { foo: 'bar' } })).toEqual([]);
  });

  it('a template\'s AppArmor annotation without a field is warned of; a Pod\'s is not here (the pod strategy warns of it)', () => {
    const meta = { annotations: { 'container.apparmor.security.beta.kubernetes.io/foo': 'unconfined' } };
    expect(podWarnings({ containers: [{ name: 'foo' }] }, meta, 'template')).toEqual([
      'template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/foo]: deprecated since v1.30; use the "appArmorProfile" field instead',
    ]);
    expect(podWarnings({ securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [{ name: 'foo' }] }, meta, 'template')).toEqual([]);
    expect(podWarnings({ containers: [{ name: 'foo', securityContext: { appArmorProfile: { type: 'Unconfined' } } }] }, meta, 'template')).toEqual([]);
    expect(podWarnings({ containers: [{ name: 'foo' }] }, meta)).toEqual([]);
  });
});

const obj = (o: Record<string, unknown>): KObject => ({ metadata: {}, ...o }) as KObject;

describe('the registries\' WarningsOnCreate and WarningsOnUpdate', () => {
  const deployment = (generation: number, name = 'web') => obj({
    metadata: { name, generation },
    spec: { template: { spec: { nodeSelector: { 'beta.kubernetes.io/os': 'linux' }, containers: [{ name: 'c' }] } } },
  });
  const NODE_SELECTOR = 'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead';

  it('a workload warns of a dotted name on create, and of its template on an update only when the generation changes', () => {
    expect(registryWarnings('deployments.apps', deployment(1, 'web.v1'), undefined)).toEqual([
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
      NODE_SELECTOR,
    ]);
    expect(registryWarnings('deployments.apps', deployment(2), deployment(1))).toEqual([NODE_SELECTOR]);
    expect(registryWarnings('deployments.apps', deployment(1), deployment(1))).toEqual([]);
    // kubernetes#114412's release note: Pods, ReplicaSets, Deployments, Jobs, CronJobs and ReplicationControllers.
    expect(registryWarnings('daemonsets.apps', deployment(1, 'agent.v1'), undefined)).toEqual([NODE_SELECTOR]);
    expect(registryWarnings('replicasets.apps', deployment(1, 'web.v1'), undefined)[0]).toMatch(/^metadata\.name: this is used in Pod names/);
  });

  it('a Pod warns at create only; a PodTemplate\'s paths start at template', () => {
    const pod = obj({ metadata: { name: 'a.b' }, spec: { terminationGracePeriodSeconds: -1, containers: [{ name: 'c' }] } });
    expect(registryWarnings('pods', pod, undefined)).toEqual([
      'metadata.name: this is used in the Pod\'s hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    ]);
    expect(registryWarnings('pods', pod, pod)).toEqual([]);
    // applyAppArmorVersionSkew: an annotation no container field backs, unless the pod's own profile is the one it names.
    const apparmor = (podProfile?: unknown) => obj({
      metadata: { name: 'aa', annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' } },
      spec: { securityContext: podProfile ? { appArmorProfile: podProfile } : {}, containers: [{ name: 'c' }] },
    });
    expect(registryWarnings('pods', apparmor(), undefined)).toEqual([
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: deprecated since v1.30; use the "appArmorProfile" field instead',
    ]);
    expect(registryWarnings('pods', apparmor({ type: 'RuntimeDefault' }), undefined)).toEqual([]);
    expect(registryWarnings('pods', apparmor({ type: 'Unconfined' }), undefined)).toHaveLength(1);
    const pt = obj({ metadata: { name: 'pt.1' }, template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 80, protocol: 'TCP' }] }] } } });
    expect(registryWarnings('podtemplates', pt, undefined)).toEqual(['template.spec.containers[0].ports[1]: duplicate port definition with template.spec.containers[0].ports[0]']);
  });

  it('a CronJob\'s template is under spec.jobTemplate.spec.template; a TZ in its schedule is warned of on update', () => {
    const cj = (generation: number) => obj({
      metadata: { name: 'cj', generation },
      spec: { schedule: 'CRON_TZ=UTC 0 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', resources: { limits: { memory: '0.5' } } }] } } } } },
    });
    expect(registryWarnings('cronjobs.batch', cj(1), undefined)).toEqual([
      'spec.jobTemplate.spec.template.spec.containers[0].resources.limits[memory]: fractional byte value "500m" is invalid, must be an integer',
    ]);
    expect(registryWarnings('cronjobs.batch', cj(1), cj(1))).toEqual([
      'cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
    ]);
  });

  it('a StatefulSet warns of its claims\' fractional storage and a negative revisionHistoryLimit, on every update', () => {
    const sts = obj({ metadata: { name: 'db.x', generation: 1 }, spec: { revisionHistoryLimit: -1, template: { spec: { containers: [{ name: 'c' }] } }, volumeClaimTemplates: [{ spec: { resources: { requests: { storage: '1.5' } } } }] } });
    expect(registryWarnings('statefulsets.apps', sts, undefined)).toEqual([
      'spec.volumeClaimTemplates[0].resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended',
    ]);
    expect(registryWarnings('statefulsets.apps', sts, sts)).toEqual([
      'spec.volumeClaimTemplates[0].Spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended',
    ]);
  });

  it('PersistentVolumes and claims: the beta storage class annotation, Recycle, deprecated sources', () => {
    const annotations = { 'volume.beta.kubernetes.io/storage-class': 'slow' };
    expect(registryWarnings('persistentvolumes', obj({ metadata: { name: 'pv', annotations }, spec: { persistentVolumeReclaimPolicy: 'Recycle', rbd: {} } }), undefined)).toEqual([
      'metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead',
      'spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.',
      'spec.rbd: deprecated in v1.28, non-functional in v1.31+',
    ]);
    expect(registryWarnings('persistentvolumeclaims', obj({ metadata: { name: 'c', annotations }, spec: { resources: { requests: { storage: '100m' } } } }), undefined)).toEqual([
      'metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead',
      'spec.resources.requests[storage]: fractional byte value "100m" is invalid, must be an integer',
    ]);
  });

  it('RuntimeClasses warn of deprecated node labels in scheduling.nodeSelector; Nodes of configSource and externalID', () => {
    expect(registryWarnings('runtimeclasses.node.k8s.io', obj({ metadata: { name: 'rc' }, handler: 'runc', scheduling: { nodeSelector: { 'beta.kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' } } }), undefined))
      .toEqual(['scheduling.nodeSelector: deprecated since v1.14; use "kubernetes.io/arch" instead']);
    expect(registryWarnings('nodes', obj({ metadata: { name: 'n' }, spec: { externalID: 'i-1', configSource: { configMap: {} } } }), undefined)).toEqual([
      'spec.configSource: the feature is removed',
      'spec.externalID: this field is deprecated, and is unused by Kubernetes',
    ]);
  });

  it('Services (pkg/api/service/warnings.go)', () => {
    expect(registryWarnings('services', obj({ metadata: { name: 's' }, spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], sessionAffinity: 'ClientIP', loadBalancerIP: '1.2.3.4' } }), undefined)).toEqual([
      'spec.loadBalancerIP is ignored for headless services',
      'spec.SessionAffinity is ignored for headless services',
    ]);
    expect(registryWarnings('services', obj({ metadata: { name: 's' }, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], sessionAffinity: 'None', externalIPs: ['192.0.2.1'], trafficDistribution: 'PreferClose' } }), undefined)).toEqual([
      'spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"',
    ]);
    expect(registryWarnings('services', obj({ metadata: { name: 's' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], sessionAffinity: 'None' } }), undefined)).toEqual([]);
  });

  it('GetWarningsForIP and GetWarningsForCIDR (k8s.io/apimachinery v0.35 pkg/util/validation/ip_test.go cases)', () => {
    const ip = 'spec.clusterIPs[0]';
    expect(ipWarnings(ip, '192.12.2.2')).toEqual([]);
    expect(ipWarnings(ip, '2001:db8::2')).toEqual([]);
    expect(ipWarnings(ip, '192.012.2.2')).toEqual([`${ip}: non-standard IP address "192.012.2.2" will be considered invalid in a future Kubernetes release: use "192.12.2.2"`]);
    expect(ipWarnings(ip, '::ffff:192.12.2.2')).toEqual([`${ip}: non-standard IP address "::ffff:192.12.2.2" will be considered invalid in a future Kubernetes release: use "192.12.2.2"`]);
    expect(ipWarnings('spec.loadBalancerIP', '2001:db8:0:0::2')).toEqual(['spec.loadBalancerIP: IPv6 address "2001:db8:0:0::2" should be in RFC 5952 canonical format ("2001:db8::2")']);
    const r = 'spec.loadBalancerSourceRanges[0]';
    expect(cidrWarnings(r, '192.12.2.0/24')).toEqual([]);
    expect(cidrWarnings(r, '2001:db8::/64')).toEqual([]);
    expect(cidrWarnings(r, '192.012.2.0/24')).toEqual([`${r}: non-standard CIDR value "192.012.2.0/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`]);
    expect(cidrWarnings(r, '192.12.2.0/024')).toEqual([`${r}: non-standard CIDR value "192.12.2.0/024" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`]);
    expect(cidrWarnings(r, '::ffff:192.12.2.0/120')).toEqual([`${r}: non-standard CIDR value "::ffff:192.12.2.0/120" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`]);
    expect(cidrWarnings(r, '192.12.2.8/24')).toEqual([`${r}: CIDR value "192.12.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)`]);
    expect(cidrWarnings(r, '192.012.2.8/24')).toEqual([
      `${r}: CIDR value "192.012.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)`,
      `${r}: non-standard CIDR value "192.012.2.8/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`,
    ]);
    expect(cidrWarnings(r, '2001:db8:0:0::/64')).toEqual([`${r}: IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")`]);
  });
});
