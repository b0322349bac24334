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
