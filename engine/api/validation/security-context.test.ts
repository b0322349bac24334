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
