/**
 * The public hosts' answers and the bundled examples: the redirect chain https://k8s.io/examples/<path> takes,
 * the 404s around it, and the bundle itself (every file decodes, says where it comes from, and names only images
 * the registries of the catalogue hold).
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { examplePaths, exampleFile, webAnswer, EXAMPLES_RAW_PREFIX } from './web.js';
import { INTERNET_HOSTS, internetHostOf, mentionsInternetHost } from './hosts.js';
import { lookupImage } from '../../images/catalogue.js';
import sources from './k8s-examples.sources.json';

describe('the hosts behind https://k8s.io/examples/', () => {
  it('k8s.io sends every path to kubernetes.io, which serves /examples/ itself; the raw file in kubernetes/website main too', () => {
    const a = webAnswer('https', 'k8s.io', '/examples/pods/simple-pod.yaml');
    expect([a.status, a.headers.Location]).toEqual([301, 'https://kubernetes.io/examples/pods/simple-pod.yaml']);
    const b = webAnswer('https', 'kubernetes.io', '/examples/pods/simple-pod.yaml');
    expect([b.status, b.body]).toEqual([200, exampleFile('pods/simple-pod.yaml')]);
    const c = webAnswer('https', 'raw.githubusercontent.com', `${EXAMPLES_RAW_PREFIX}pods/simple-pod.yaml`);
    expect([c.status, c.body]).toEqual([200, exampleFile('pods/simple-pod.yaml')]);
    expect(c.headers['Content-Length']).toBe(String(c.body.length));
  });

  it('the page\'s .properties files are served as bytes of no registered type, the YAML files as application/yaml', () => {
    const props = webAnswer('https', 'kubernetes.io', '/examples/configmap/game.properties');
    expect([props.status, props.headers['Content-Type'], props.headers['Content-Length']]).toEqual([200, 'application/octet-stream', '157']);
    expect(webAnswer('https', 'kubernetes.io', '/examples/configmap/ui-env-file.properties').headers['Content-Length']).toBe('42');
    expect(webAnswer('https', 'kubernetes.io', '/examples/pods/simple-pod.yaml').headers['Content-Type']).toBe('application/yaml');
  });

  it('plain http goes to https first; a path outside the bundle is a 404 with the CDN\'s own body', () => {
    expect(webAnswer('http', 'raw.githubusercontent.com', '/x').headers.Location).toBe('https://raw.githubusercontent.com/x');
    const missing = webAnswer('https', 'raw.githubusercontent.com', `${EXAMPLES_RAW_PREFIX}pods/no-such.yaml`);
    expect([missing.status, missing.statusText, missing.body]).toEqual([404, 'Not Found', '404: Not Found']);
    expect(webAnswer('https', 'kubernetes.io', '/examples/').status).toBe(404);
  });

  it('knows its hosts by name and address, and which words name them', () => {
    for (const [host, ips] of Object.entries(INTERNET_HOSTS)) for (const ip of ips) expect(internetHostOf(ip)).toBe(host);
    expect(mentionsInternetHost(['-LO', 'https://k8s.io/examples/pods/simple-pod.yaml'])).toBe(true);
    expect(mentionsInternetHost(['http://K8S.IO'])).toBe(true);
    expect(mentionsInternetHost(['https://example.com/k8s.io', 'k8s.io.example.com'])).toBe(false);
  });
});

describe('the bundled examples', () => {
  const paths = examplePaths();

  it('are the files the documentation applies most, each with its source recorded', () => {
    expect(paths.length).toBeGreaterThanOrEqual(50);
    for (const p of ['pods/simple-pod.yaml', 'application/deployment.yaml', 'application/php-apache.yaml', 'application/web/web.yaml', 'admin/dns/busybox.yaml', 'controllers/job.yaml']) expect(paths).toContain(p);
    expect(Object.keys((sources as { files: Record<string, unknown> }).files).sort()).toEqual([...paths].sort());
  });

  // The bundle holds other files the pages use too (nginx-default.conf).
  const manifests = paths.filter((p) => /\.ya?ml$/.test(p));

  it('decode as YAML into objects with apiVersion and kind, in conventional block layout (not KYAML)', () => {
    for (const p of manifests) {
      const text = exampleFile(p)!;
      expect(text.startsWith('---\n{'), p).toBe(false);
      const docs = parseAllDocuments(text).map((d) => d.toJS() as { apiVersion?: string; kind?: string } | null).filter((d) => d !== null);
      expect(docs.length, p).toBeGreaterThan(0);
      for (const d of docs) expect([typeof d!.apiVersion, typeof d!.kind], p).toEqual(['string', 'string']);
    }
  });

  it('name only images the registries hold, so their pods start', () => {
    const images = new Set<string>();
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) k === 'image' && typeof v === 'string' ? images.add(v) : walk(v);
    };
    for (const p of manifests) for (const d of parseAllDocuments(exampleFile(p)!)) walk(d.toJS());
    const missing = [...images].filter((i) => !lookupImage(i).ok);
    // The pod failure policy task's config-issue Job names an image that does not exist, on purpose. WordPress
    // (the Persistent Volumes tutorial) is not simulated: its pod waits for a claim no StorageClass provisions.
    expect(missing).toEqual(['wordpress:6.2.1-apache', 'non-existing-repo/non-existing-image:example']);
    expect(images.size).toBeGreaterThan(10);
  });
});
