import { describe, expect, it } from 'vitest';
import { processSecurity, runAsNonRootError } from './security-context.js';
import type { ImageInfo } from '../images/catalogue.js';

const pod = (sc?: object) => ({ metadata: { name: 'p', namespace: 'default', uid: 'u-1' }, spec: { securityContext: sc } });
const image = (over: Partial<ImageInfo> = {}) => over as ImageInfo;

describe('processSecurity', () => {
  it('the container\'s fields over the pod\'s; the defaulted {} is none', () => {
    expect(processSecurity(pod({}), { name: 'c', securityContext: {} })).toBeUndefined();
    expect(processSecurity(pod({ runAsUser: 1000, fsGroup: 2000, supplementalGroups: [4000] }), { name: 'c', securityContext: { runAsUser: 2000, allowPrivilegeEscalation: false } }))
      .toEqual({ runAsUser: 2000, groups: [4000, 2000], fsGroup: 2000, noNewPrivs: true });
  });
});

// kuberuntime verifyRunAsNonRoot's texts (pkg/kubelet/kuberuntime/security_context_others.go).
describe('runAsNonRootError', () => {
  const c = (sc: object) => ({ name: 'c', securityContext: sc });
  it('an image that runs as root, a named USER, an explicit runAsUser 0', () => {
    expect(runAsNonRootError(pod(), c({ runAsNonRoot: true }), image())).toBe('container has runAsNonRoot and image will run as root (pod: "p_default(u-1)", container: c)');
    expect(runAsNonRootError(pod(), c({ runAsNonRoot: true }), image({ uid: 100, account: { uid: 100, gid: 101, name: 'curl_user', group: 'curl_group', home: '/home/curl_user' } })))
      .toBe('container has runAsNonRoot and image has non-numeric user (curl_user), cannot verify user is non-root (pod: "p_default(u-1)", container: c)');
    expect(runAsNonRootError(pod({ runAsNonRoot: true }), c({ runAsUser: 0 }), image())).toBe('container\'s runAsUser breaks non-root policy (pod: "p_default(u-1)", container: c)');
    expect(runAsNonRootError(pod({ runAsNonRoot: true }), c({ runAsUser: 1000 }), image())).toBeUndefined();
    expect(runAsNonRootError(pod(), c({}), image())).toBeUndefined();
  });
});
