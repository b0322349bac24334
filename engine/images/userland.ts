/**
 * Which userland's /etc/passwd and /etc/group an image carries (userdb.ts holds the files): known without
 * loading them, so that the kubelet loads them only for a pod whose containers have some.
 */
import type { ImageInfo } from './catalogue.js';

export const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost';
/** `FROM busybox` (its Dockerfile in kubernetes/contrib and kubernetes test/images): busybox's files and tools. */
const SERVE_HOSTNAME = 'registry.k8s.io/serve_hostname';

export function userland(image: Pick<ImageInfo, 'binaries' | 'repository' | 'version'>): 'alpine' | 'debian' | 'busybox' | undefined {
  const b = image.binaries;
  const repo = image.repository;
  if (!b.has('sh') || repo.endsWith('/ubuntu')) return undefined;
  if ((repo === 'docker.io/library/alpine' && !/^3\.(1[0-6]|[0-9])(\.|$)/.test(image.version)) || repo === AGNHOST) return 'alpine';
  return b.has('apk') ? undefined : b.has('apt-get') || b.has('bash') ? 'debian' : repo.endsWith('/busybox') || repo === SERVE_HOSTNAME ? 'busybox' : undefined;
}
