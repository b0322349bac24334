import { describe, expect, it } from 'vitest';
import { lookupImage } from './catalogue.js';

describe('image catalogue lookups', () => {
  it('answers a reference the same way every time, also after many other references were asked about', () => {
    const first = lookupImage('nginx:1.25');
    expect(first.ok && first.image.name).toBe('docker.io/library/nginx:1.25');
    expect(lookupImage('nginx:1.25')).toEqual(first);
    // distribution/reference's errors, as containerd reports them
    expect(lookupImage('Nginx:1.25')).toEqual({ ok: false, error: 'invalid reference format: repository name must be lowercase' });
    const missing = lookupImage('nginx:1.255');
    expect(missing).toEqual({ ok: false, error: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.255": failed to resolve image: docker.io/library/nginx:1.255: not found' });
    for (let i = 0; i < 5000; i++) expect(lookupImage(`example.invalid/app-${i}:v1`).ok).toBe(false);
    expect(lookupImage('nginx:1.25')).toEqual(first);
    expect(lookupImage('nginx:1.255')).toEqual(missing);
    expect(lookupImage('Nginx:1.25')).toEqual({ ok: false, error: 'invalid reference format: repository name must be lowercase' });
  });
});

describe('nginx images carry the /etc/os-release of the Debian release they are built on', () => {
  // The official nginx images' PKG_RELEASE names the Debian release (`1~bookworm`); os-release must agree.
  it.each(['nginx:1.25', 'nginx:1.28', 'nginx:1.29', 'nginx', 'nginx:stable'])('%s', (ref) => {
    const r = lookupImage(ref);
    if (!r.ok) throw new Error(r.error);
    const release = /~(\w+)$/.exec(r.image.env.PKG_RELEASE ?? '')?.[1];
    expect(release).toMatch(/^(bookworm|trixie)$/);
    const osRelease = r.image.files['/etc/os-release'] ?? '';
    expect(osRelease).toContain(`VERSION_CODENAME=${release}\n`);
    expect(osRelease).toMatch(/^PRETTY_NAME="Debian GNU\/Linux (12|13) \((bookworm|trixie)\)"\nNAME="Debian GNU\/Linux"\n/);
  });
});

describe('registry.k8s.io/serve_hostname', () => {
  // The tags gcr.io/google-containers/serve_hostname carried (mirrored to k8s.gcr.io, then registry.k8s.io), as 2018
  // mirrors of that registry list them; the Makefiles pushed v1.2 and v1.4, never "1.4" or "v1.3".
  it.each(['1.1', '1.2', '1.3', 'v1.2', 'v1.4', 'latest'])('%s can be pulled', (tag) => {
    const r = lookupImage(`registry.k8s.io/serve_hostname:${tag}`);
    expect(r.ok && [r.image.entrypoint, r.image.ports]).toEqual([['/serve_hostname'], [9376]]);
  });
  it.each(['1.4', 'v1.3'])('%s is not found', (tag) => {
    expect(lookupImage(`registry.k8s.io/serve_hostname:${tag}`)).toEqual({ ok: false, error: `rpc error: code = NotFound desc = failed to pull and unpack image "registry.k8s.io/serve_hostname:${tag}": failed to resolve image: registry.k8s.io/serve_hostname:${tag}: not found` });
  });
});
