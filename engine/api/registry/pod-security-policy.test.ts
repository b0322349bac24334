/**
 * The Pod Security Standards' checks, one by one, against the fixtures and expected reasons and details of
 * k8s.io/pod-security-admission v0.35 policy/check_*_test.go (the Go structs written as the pods' JSON), and the
 * order and version selection of policy/registry.go.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS, evaluatePod, forbiddenDetail, forbiddenReason, MAX_VERSION } from './pod-security-policy.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** The version of check `id` in force at v1.`minor`. */
function check(id: string, minor = MAX_VERSION) {
  const c = CHECKS.find((x) => x.id === id)!;
  return [...c.versions].reverse().find((v) => v.min <= minor)!.check;
}

const sc = (name: string, securityContext?: Any, more: Any = {}) => ({ name, ...(securityContext === undefined ? {} : { securityContext }), ...more });

function expectForbidden(result: { allowed: boolean; reason?: string; detail?: string }, reason: string, detail: string) {
  expect(result).toEqual({ allowed: false, reason, detail });
}

describe('baseline checks', () => {
  it('appArmorProfile: pod, containers and annotations that set another type than RuntimeDefault or Localhost', () => {
    const f = check('appArmorProfile');
    for (const [meta, spec] of [
      [{ annotations: { 'container.apparmor.security.beta.kubernetes.io/test': 'runtime/default', env: 'prod' } }, {}],
      [{ annotations: { 'container.apparmor.security.beta.kubernetes.io/test': 'localhost/sec-profile01' } }, {}],
      [{}, { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }],
      [{}, { containers: [sc('foo', { appArmorProfile: { type: 'RuntimeDefault' } })] }],
    ]) expect(f(meta, spec).allowed).toBe(true);
    expectForbidden(f({}, { securityContext: { appArmorProfile: { type: 'Unconfined' } } }), 'forbidden AppArmor profile', 'pod must not set AppArmor profile type to "Unconfined"');
    expectForbidden(f({}, { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } }, containers: [sc('foo', { appArmorProfile: { type: 'Unconfined' } })] }),
      'forbidden AppArmor profile', 'container "foo" must not set AppArmor profile type to "Unconfined"');
    expectForbidden(f({}, { initContainers: [sc('bar', { appArmorProfile: { type: 'Unconfined' } })], containers: [sc('foo')] }),
      'forbidden AppArmor profile', 'container "bar" must not set AppArmor profile type to "Unconfined"');
    const annotations = {
      'container.apparmor.security.beta.kubernetes.io/': 'bogus',
      'container.apparmor.security.beta.kubernetes.io/a': '',
      'container.apparmor.security.beta.kubernetes.io/b': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/c': 'localhost/',
      'container.apparmor.security.beta.kubernetes.io/d': 'localhost/foo',
      'container.apparmor.security.beta.kubernetes.io/e': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/f': 'unknown',
    };
    expectForbidden(f({ annotations }, {}), 'forbidden AppArmor profiles',
      'annotations must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/="bogus"", "container.apparmor.security.beta.kubernetes.io/e="unconfined"", "container.apparmor.security.beta.kubernetes.io/f="unknown""');
  });

  it('capabilities_baseline: capabilities beyond the default set', () => {
    expectForbidden(check('capabilities_baseline')({}, { containers: [sc('a', { capabilities: { add: ['FOO', 'BAR'] } }), sc('b', { capabilities: { add: ['BAR', 'BAZ'] } })] }),
      'non-default capabilities', 'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add');
  });

  it('hostNamespaces, hostPathVolumes, hostPorts', () => {
    expectForbidden(check('hostNamespaces')({}, { hostNetwork: true, hostPID: true, hostIPC: true }), 'host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true');
    expectForbidden(check('hostPathVolumes')({}, { volumes: [{ name: 'a', hostPath: {} }, { name: 'b', hostPath: {} }, { name: 'c', emptyDir: {} }] }), 'hostPath volumes', 'volumes "a", "b"');
    const ports = (...hostPorts: number[]) => hostPorts.map((hostPort) => ({ hostPort }));
    expectForbidden(check('hostPorts')({}, { containers: [sc('a', undefined, { ports: ports(0) }), sc('b', undefined, { ports: ports(0, 20) })] }), 'hostPort', 'container "b" uses hostPort 20');
    expectForbidden(check('hostPorts')({}, { containers: [sc('a', undefined, { ports: ports(0) }), sc('b', undefined, { ports: ports(0, 10, 20) }), sc('c', undefined, { ports: ports(0, 10, 30) })] }),
      'hostPort', 'containers "b", "c" use hostPorts 10, 20, 30');
  });

  it('hostProbesAndHostLifecycle (v1.34+): any host in a probe or lifecycle handler', () => {
    const f = check('hostProbesAndHostLifecycle');
    expect(f({}, { containers: [sc('a', undefined, { livenessProbe: { httpGet: { port: 80 } }, lifecycle: { preStop: { tcpSocket: { port: 80 } } } })] }).allowed).toBe(true);
    expectForbidden(f({}, { containers: [sc('a', undefined, { livenessProbe: { httpGet: { host: '127.0.0.1' } }, readinessProbe: { tcpSocket: { host: '::1' } }, startupProbe: { httpGet: { host: 'localhost' } } })] }),
      'probe or lifecycle host', 'container "a" uses probe or lifecycle hosts "127.0.0.1", "::1", "localhost"');
    expectForbidden(f({}, { containers: [sc('e', undefined, { lifecycle: { preStop: { httpGet: { host: 'another.invalid.host' } } } })] }),
      'probe or lifecycle host', 'container "e" uses probe or lifecycle host "another.invalid.host"');
    expectForbidden(f({}, { containers: [
      sc('valid'),
      sc('invalid1', undefined, { livenessProbe: { httpGet: { host: 'a.com' } } }),
      sc('invalid2', undefined, { lifecycle: { preStop: { tcpSocket: { host: 'b.com' } } }, startupProbe: { httpGet: { host: 'a.com' } } }),
    ] }), 'probe or lifecycle host', 'containers "invalid1", "invalid2" use probe or lifecycle hosts "a.com", "b.com"');
    expectForbidden(f({}, { initContainers: [sc('init', undefined, { livenessProbe: { httpGet: { host: 'invalid.init.host' } } })] }),
      'probe or lifecycle host', 'container "init" uses probe or lifecycle host "invalid.init.host"');
    // Not a check before v1.34.
    expect(CHECKS.find((c) => c.id === 'hostProbesAndHostLifecycle')!.versions[0].min).toBe(34);
  });

  it('privileged, procMount, windowsHostProcess', () => {
    expectForbidden(check('privileged')({}, { containers: [sc('a'), sc('b', {}), sc('c', { privileged: false }), sc('d', { privileged: true }), sc('e', { privileged: true })] }),
      'privileged', 'containers "d", "e" must not set securityContext.privileged=true');
    const procMounts = [sc('a'), sc('b', {}), sc('c', { procMount: 'Default' }), sc('d', { procMount: 'Unmasked' }), sc('e', { procMount: 'other' })];
    expectForbidden(check('procMount')({}, { containers: procMounts, hostUsers: true }), 'procMount', 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"');
    // Baseline allows any procMount in a user namespace from v1.35; restricted does not.
    expect(check('procMount')({}, { containers: procMounts, hostUsers: false }).allowed).toBe(true);
    expect(check('procMount', 34)({}, { containers: procMounts, hostUsers: false }).allowed).toBe(false);
    expectForbidden(check('procMount_restricted')({}, { containers: procMounts, hostUsers: false }), 'procMount', 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"');
    expectForbidden(check('windowsHostProcess')({}, {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [sc('a'), sc('b', {}), sc('c', { windowsOptions: {} }), sc('d', { windowsOptions: { hostProcess: false } }), sc('e', { windowsOptions: { hostProcess: true } }), sc('f', { windowsOptions: { hostProcess: true } })],
    }), 'hostProcess', 'pod and containers "e", "f" must not set securityContext.windowsOptions.hostProcess=true');
  });

  it('seLinuxOptions: types, user and role; container_engine_t from v1.31', () => {
    const f = check('seLinuxOptions');
    const containers = [
      sc('a', { seLinuxOptions: { type: 'container_t' } }), sc('b', { seLinuxOptions: { type: 'container_init_t' } }), sc('c', { seLinuxOptions: { type: 'container_kvm_t' } }),
      sc('d', { seLinuxOptions: { type: 'container_engine_t' } }), sc('e', { seLinuxOptions: { type: 'bar' } }), sc('f', { seLinuxOptions: { user: 'bar' } }), sc('g', { seLinuxOptions: { role: 'baz' } }),
    ];
    expectForbidden(f({}, { securityContext: { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } }, containers }),
      'seLinuxOptions', 'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set');
    expectForbidden(f({}, { securityContext: { seLinuxOptions: { type: 'bad' } } }), 'seLinuxOptions', 'pod set forbidden securityContext.seLinuxOptions: type "bad"');
    expectForbidden(f({}, { securityContext: { seLinuxOptions: { user: 'bad' } } }), 'seLinuxOptions', 'pod set forbidden securityContext.seLinuxOptions: user may not be set');
    expectForbidden(check('seLinuxOptions', 30)({}, { containers: [containers[3]] }), 'seLinuxOptions', 'container "d" set forbidden securityContext.seLinuxOptions: type "container_engine_t"');
  });

  it('seccompProfile_baseline: annotations before v1.19, the fields after', () => {
    const old = check('seccompProfile_baseline', 18);
    expectForbidden(old({ annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, {}), 'seccompProfile', 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"');
    expectForbidden(old({
      annotations: {
        'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
        'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined',
        'container.seccomp.security.alpha.kubernetes.io/b': 'unknown',
        'container.seccomp.security.alpha.kubernetes.io/c': 'runtime/default',
      },
    }, { containers: [sc('a'), sc('b'), sc('c')] }), 'seccompProfile',
    'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="unconfined", container.seccomp.security.alpha.kubernetes.io/b="unknown", seccomp.security.alpha.kubernetes.io/pod="unconfined"');
    const f = check('seccompProfile_baseline');
    const unconfined = { seccompProfile: { type: 'Unconfined' } };
    expectForbidden(f({}, { securityContext: unconfined }), 'seccompProfile', 'pod must not set securityContext.seccompProfile.type to "Unconfined"');
    expectForbidden(f({}, { securityContext: unconfined, containers: [sc('a'), sc('b', {}), sc('c', unconfined), sc('d', unconfined), sc('e', { seccompProfile: { type: 'RuntimeDefault' } })] }),
      'seccompProfile', 'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"');
  });

  it('sysctls: the safe set grows at v1.27, v1.29 and v1.32', () => {
    const sysctls = (...names: string[]) => ({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });
    expectForbidden(check('sysctls')({}, sysctls('a', 'b', 'kernel.shm_rmid_forced')), 'forbidden sysctls', 'a, b');
    expectForbidden(check('sysctls', 26)({}, sysctls('net.ipv4.ip_local_reserved_ports')), 'forbidden sysctls', 'net.ipv4.ip_local_reserved_ports');
    expect(check('sysctls', 27)({}, sysctls('net.ipv4.ip_local_reserved_ports')).allowed).toBe(true);
    expectForbidden(check('sysctls', 28)({}, sysctls('net.ipv4.tcp_keepalive_time')), 'forbidden sysctls', 'net.ipv4.tcp_keepalive_time');
    expect(check('sysctls', 29)({}, sysctls('net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes')).allowed).toBe(true);
    expectForbidden(check('sysctls', 31)({}, sysctls('net.ipv4.tcp_rmem')), 'forbidden sysctls', 'net.ipv4.tcp_rmem');
    expect(check('sysctls', 32)({}, sysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem')).allowed).toBe(true);
  });
});

describe('restricted checks', () => {
  it('allowPrivilegeEscalation: must be false; a Windows pod passes from v1.25', () => {
    const containers = [sc('a'), sc('b', {}), sc('c', { allowPrivilegeEscalation: true }), sc('d', { allowPrivilegeEscalation: false })];
    expectForbidden(check('allowPrivilegeEscalation')({}, { containers }), 'allowPrivilegeEscalation != false', 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false');
    expect(check('allowPrivilegeEscalation')({}, { os: { name: 'windows' }, containers: [sc('a')] }).allowed).toBe(true);
    expectForbidden(check('allowPrivilegeEscalation')({}, { os: { name: 'linux' }, containers: [sc('a')] }), 'allowPrivilegeEscalation != false', 'container "a" must set securityContext.allowPrivilegeEscalation=false');
    expect(check('allowPrivilegeEscalation', 24)({}, { os: { name: 'windows' }, containers: [sc('a')] }).allowed).toBe(false);
  });

  it('capabilities_restricted: drop ALL, add at most NET_BIND_SERVICE', () => {
    const spec = { containers: [
      sc('a', { capabilities: { add: ['FOO', 'BAR'] } }),
      sc('b', { capabilities: { add: ['BAR', 'BAZ'] } }),
      sc('c', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } }),
    ] };
    expectForbidden(check('capabilities_restricted')({}, spec), 'unrestricted capabilities',
      'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add');
    expect(check('capabilities_restricted')({}, { os: { name: 'windows' }, containers: [sc('a')] }).allowed).toBe(true);
    expectForbidden(check('capabilities_restricted')({}, { os: { name: 'linux' }, containers: [sc('a')] }), 'unrestricted capabilities', 'container "a" must set securityContext.capabilities.drop=["ALL"]');
  });

  it('restrictedVolumes: only the listed sources; each volume named by its first restricted source', () => {
    const allowed = ['emptyDir', 'secret', 'persistentVolumeClaim', 'downwardAPI', 'configMap', 'projected', 'csi', 'ephemeral', 'image'].map((s, i) => ({ name: `a${i + 1}`, [s]: {} }));
    const restricted = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos']
      .map((s, i) => ({ name: `b${i + 1}`, [s]: {} }));
    expectForbidden(check('restrictedVolumes')({}, { volumes: [...allowed, ...restricted, { name: 'c1' }] }), 'restricted volume types',
      'volumes "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "c1"'
      + ' use restricted volume types '
      + '"awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", '
      + '"hostPath", "iscsi", "nfs", "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "unknown", "vsphereVolume"');
  });

  it('runAsNonRoot: explicit false first, then the containers that leave it unset; a user-namespaced pod passes from v1.35', () => {
    const f = check('runAsNonRoot');
    expectForbidden(f({}, { containers: [sc('a')] }), 'runAsNonRoot != true', 'pod or container "a" must set securityContext.runAsNonRoot=true');
    expectForbidden(f({}, { securityContext: { runAsNonRoot: false }, containers: [sc('a')] }), 'runAsNonRoot != true', 'pod must not set securityContext.runAsNonRoot=false');
    expectForbidden(f({}, { securityContext: { runAsNonRoot: true }, containers: [sc('a'), sc('b', {}), sc('c', { runAsNonRoot: false }), sc('d', { runAsNonRoot: false }), sc('e', { runAsNonRoot: true })] }),
      'runAsNonRoot != true', 'containers "c", "d" must not set securityContext.runAsNonRoot=false');
    expectForbidden(f({}, { containers: [sc('a'), sc('b', {}), sc('d', { runAsNonRoot: true })] }), 'runAsNonRoot != true', 'pod or containers "a", "b" must set securityContext.runAsNonRoot=true');
    expect(f({}, { hostUsers: false }).allowed).toBe(true);
    expect(check('runAsNonRoot', 34)({}, { hostUsers: false, containers: [sc('a')] }).allowed).toBe(false);
  });

  it('runAsUser (v1.23+): never 0', () => {
    const f = check('runAsUser');
    expectForbidden(f({}, { securityContext: { runAsUser: 0 } }), 'runAsUser=0', 'pod must not set runAsUser=0');
    expect(f({}, { securityContext: { runAsUser: 1000 } }).allowed).toBe(true);
    expectForbidden(f({}, { containers: [sc('a'), sc('b', {}), sc('c', { runAsUser: 0 }), sc('d', { runAsUser: 0 }), sc('e', { runAsUser: 1 })] }), 'runAsUser=0', 'containers "c", "d" must not set runAsUser=0');
    expect(f({}, { hostUsers: false, securityContext: { runAsUser: 0 } }).allowed).toBe(true);
  });

  it('seccompProfile_restricted: RuntimeDefault or Localhost on the pod or every container', () => {
    const f = check('seccompProfile_restricted');
    const unconfined = { seccompProfile: { type: 'Unconfined' } };
    expectForbidden(f({}, { containers: [sc('a')] }), 'seccompProfile', 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"');
    expect(f({}, { os: { name: 'windows' }, containers: [sc('a')] }).allowed).toBe(true);
    expectForbidden(f({}, { securityContext: unconfined }), 'seccompProfile', 'pod must not set securityContext.seccompProfile.type to "Unconfined"');
    expectForbidden(f({}, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [sc('a'), sc('b', {}), sc('c', unconfined), sc('d', unconfined), sc('e', { seccompProfile: { type: 'Localhost' } })] }),
      'seccompProfile', 'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"');
    expectForbidden(f({}, { containers: [sc('a'), sc('b', {}), sc('c', { seccompProfile: { type: 'RuntimeDefault' } })] }),
      'seccompProfile', 'pod or containers "a", "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"');
  });
});

describe('levels and versions (policy/registry.go)', () => {
  const nginx = { containers: [{ name: 'nginx', image: 'nginx' }] };

  it('latest is v1.35, the newest version any check has; a later pinned version evaluates as it', () => {
    expect(MAX_VERSION).toBe(35);
    const spec = { hostUsers: false, containers: [{ name: 'c', securityContext: { procMount: 'Unmasked' } }] };
    expect(evaluatePod({ level: 'baseline', version: undefined }, {}, spec).allowed).toBe(true);
    expect(evaluatePod({ level: 'baseline', version: 99 }, {}, spec).allowed).toBe(true);
    expect(forbiddenReason(evaluatePod({ level: 'baseline', version: 34 }, {}, spec))).toBe('procMount');
  });

  it('privileged allows everything; restricted reports baseline\'s reasons first, each group by check ID', () => {
    const spec = { hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }], containers: [{ name: 'c', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } }] };
    expect(evaluatePod({ level: 'privileged', version: undefined }, {}, spec)).toEqual({ allowed: true, reasons: [], details: [] });
    expect(forbiddenReason(evaluatePod({ level: 'baseline', version: undefined }, {}, spec))).toBe('non-default capabilities, host namespaces, hostPath volumes, privileged');
    // Restricted's capabilities and volumes checks replace baseline's.
    expect(forbiddenReason(evaluatePod({ level: 'restricted', version: undefined }, {}, spec)))
      .toBe('host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume types, runAsNonRoot != true, seccompProfile');
  });

  it('a version before a check existed does not run it', () => {
    // v1.21: no capabilities_restricted (so baseline's applies), no runAsUser; v1.7: no allowPrivilegeEscalation either.
    expect(forbiddenReason(evaluatePod({ level: 'restricted', version: 21 }, {}, nginx))).toBe('allowPrivilegeEscalation != false, runAsNonRoot != true, seccompProfile');
    expect(forbiddenReason(evaluatePod({ level: 'restricted', version: 7 }, {}, nginx))).toBe('runAsNonRoot != true');
  });

  it('the detail joins each reason with its detail in parentheses (the docs\' nginx example)', () => {
    expect(forbiddenDetail(evaluatePod({ level: 'restricted', version: undefined }, {}, nginx))).toBe(
      'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
  });
});
