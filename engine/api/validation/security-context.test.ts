import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';

/*
 * pkg/apis/core/validation ValidateSecurityContext: the value is the internal core.SecurityContext, which
 * field.Invalid has rendered with json.Marshal since apimachinery 1.34 (no json tags: Go names, every field).
 */
describe('a container securityContext the API server refuses', () => {
  const create = (securityContext: object) => {
    const client = new Cluster({ seed: 1 }).boot().client();
    try {
      client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', securityContext }] } } as never);
      return 'created';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('privileged with allowPrivilegeEscalation false', () => {
    expect(create({ privileged: true, allowPrivilegeEscalation: false })).toBe('Pod "p" is invalid: spec.containers[0].securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
  });

  it('CAP_SYS_ADMIN added with allowPrivilegeEscalation false (only that spelling); a uid out of range', () => {
    expect(create({ allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } })).toMatch(/Invalid value: \{"Capabilities":\{"Add":\["CAP_SYS_ADMIN"\],"Drop":null\},.*: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN$/);
    expect(create({ allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } })).toBe('created');
    expect(create({ runAsUser: -1 })).toBe('Pod "p" is invalid: spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive');
  });
});

/*
 * validatePodSpecSecurityContext and the rest of ValidateSecurityContext (pkg/apis/core/validation, release-1.35):
 * IsValidUserID/IsValidGroupID ranges, the policies' supported values (sets.List: sorted), sysctl names and
 * ValidateHostSysctl, validateSeccompProfileField, ValidateAppArmorProfileField, ValidateProcMountType.
 */
describe('a pod securityContext the API server refuses', () => {
  const create = (spec: object, securityContext?: object) => {
    const client = new Cluster({ seed: 1 }).boot().client();
    try {
      client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', securityContext }], ...spec } } as never);
      return 'created';
    } catch (e) {
      return (e as Error).message;
    }
  };
  const RANGE = 'must be between 0 and 2147483647, inclusive';

  it('ids out of range and unknown policies, in validatePodSpecSecurityContext\'s order', () => {
    expect(create({ securityContext: { supplementalGroupsPolicy: 'Loose', fsGroupChangePolicy: 'Sometimes', supplementalGroups: [1000, -5], runAsUser: -1, fsGroup: 2147483648 } })).toBe(
      `Pod "p" is invalid: [spec.securityContext.fsGroup: Invalid value: 2147483648: ${RANGE}, spec.securityContext.runAsUser: Invalid value: -1: ${RANGE}, `
      + `spec.securityContext.supplementalGroups[1]: Invalid value: -5: ${RANGE}, spec.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: "Always", "OnRootMismatch", `
      + 'spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Loose": supported values: "Merge", "Strict"]');
    expect(create({ securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000], fsGroupChangePolicy: 'OnRootMismatch', supplementalGroupsPolicy: 'Strict' } })).toBe('created');
  });

  it('sysctls: names, duplicates, and the host namespaces they would change', () => {
    expect(create({ securityContext: { sysctls: [{ name: 'Net.Core', value: '1' }, { name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'kernel.shm_rmid_forced', value: '0' }] } })).toBe(
      'Pod "p" is invalid: [spec.securityContext.sysctls[0].name: Invalid value: "Net.Core": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$, '
      + 'spec.securityContext.sysctls[2].name: Duplicate value: "kernel.shm_rmid_forced"]');
    expect(create({ hostNetwork: true, hostIPC: true, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }, { name: 'kernel.msgmax', value: '1' }] } })).toBe(
      'Pod "p" is invalid: [spec.securityContext.sysctls[0].name: Invalid value: "net.core.somaxconn": may not be specified when \'hostNetwork\' is true, '
      + 'spec.securityContext.sysctls[1].name: Invalid value: "kernel.msgmax": may not be specified when \'hostIPC\' is true]');
  });

  it('shareProcessNamespace with hostPID is reported under the internal PodSecurityContext', () => {
    expect(create({ shareProcessNamespace: true, hostPID: true })).toBe('Pod "p" is invalid: spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled');
  });

  it('seccomp and AppArmor profiles, at pod and container level', () => {
    expect(create({ securityContext: { seccompProfile: { type: 'Default' }, appArmorProfile: { type: 'Localhost' } } })).toBe(
      'Pod "p" is invalid: [spec.securityContext.seccompProfile.type: Unsupported value: "Default": supported values: "Localhost", "RuntimeDefault", "Unconfined", '
      + 'spec.securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost]');
    expect(create({}, { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x.json' } })).toBe(
      'Pod "p" is invalid: spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: {"Type":"RuntimeDefault","LocalhostProfile":"x.json"}: can only be set when seccomp type is Localhost');
    expect(create({}, { seccompProfile: { type: 'Localhost', localhostProfile: '/etc/../x.json' }, appArmorProfile: { type: 'Localhost', localhostProfile: ' k8s ' } })).toBe(
      'Pod "p" is invalid: [spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "/etc/../x.json": must be a relative path, '
      + 'spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "/etc/../x.json": must not contain \'..\', '
      + 'spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: " k8s ": must not be padded with whitespace]');
    expect(create({}, { appArmorProfile: { type: 'Unconfined', localhostProfile: 'k8s' } })).toBe('Pod "p" is invalid: spec.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: "k8s": can only be set when AppArmor type is Localhost');
  });

  it('container ids and procMount', () => {
    expect(create({}, { runAsGroup: 2147483648, procMount: 'Unmasked' })).toBe(
      `Pod "p" is invalid: [spec.containers[0].securityContext.runAsGroup: Invalid value: 2147483648: ${RANGE}, spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": \`hostUsers\` must be false to use \`Unmasked\`]`);
    expect(create({}, { procMount: 'Masked' })).toBe('Pod "p" is invalid: spec.containers[0].securityContext.procMount: Unsupported value: "Masked": supported values: "Default", "Unmasked"');
  });
});
