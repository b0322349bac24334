/**
 * The pure parts of kubectl's generators (create deployment/service, run,
 * expose). Expected texts are kubectl v1.35.2's (pkg/generate, pkg/cmd/run,
 * pkg/cmd/create/create_service.go, apimachinery's validation messages),
 * checked against the real binary by scripts/real-kubectl/scenarios/errors-create.sh.
 */
import { describe, expect, it } from 'vitest';
import { containerNameFromImage, goAtoi, parsePorts, portNameErrors } from './create.js';
import { applyOverrides, generatePod, isValidImageReference, parseEnvs, parseLabelsFlag, parsePairs } from './run.js';
import { exposeService } from './expose.js';

describe('create deployment container names (sanitizeAndUniquify)', () => {
  it('keeps the last path segment without tag or digest', () => {
    expect(containerNameFromImage('registry.example.com:5000/team/nginx:1.27')).toBe('nginx');
    expect(containerNameFromImage('nginx@sha256:abc')).toBe('nginx');
  });
  it('turns _ and . into - and appends a random suffix', () => {
    expect(containerNameFromImage('my_registry/My_App:v1', () => 'x7k2p')).toBe('My-App-x7k2p');
    expect(containerNameFromImage('app.v2', () => 'abcde')).toBe('app-v2-abcde');
  });
});

describe('create service --tcp (parsePorts)', () => {
  it('takes a port, a target number or a target name', () => {
    expect(parsePorts('80')).toEqual({ port: 80, targetPort: 80 });
    expect(parsePorts('80:8080')).toEqual({ port: 80, targetPort: 8080 });
    expect(parsePorts('80:http')).toEqual({ port: 80, targetPort: 'http' });
    expect(parsePorts('0')).toEqual({ port: 0, targetPort: 0 });
  });
  it('refuses what strconv and the port validators refuse', () => {
    expect(() => parsePorts('abc')).toThrow('strconv.ParseUint: parsing "abc": invalid syntax');
    expect(() => parsePorts('70000')).toThrow('strconv.ParseUint: parsing "70000": value out of range');
    expect(() => parsePorts('80:0')).toThrow('must be between 1 and 65535, inclusive');
    expect(() => parsePorts('80:')).toThrow('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)');
  });
  it('lists every port-name rule a name breaks, in order', () => {
    expect(portNameErrors('a--b')).toEqual(['must not contain consecutive hyphens']);
    expect(portNameErrors('-http-')).toEqual(['must not begin or end with a hyphen']);
    expect(portNameErrors('averyveryverylongname')).toEqual(['must be no more than 15 characters']);
  });
  it('reads integers as strconv.Atoi does', () => {
    expect(goAtoi('+80')).toBe(80);
    expect(goAtoi('-1')).toBe(-1);
    expect(() => goAtoi('8o')).toThrow('strconv.Atoi: parsing "8o": invalid syntax');
  });
});

describe('run', () => {
  it('parses --labels as generate.ParseLabels', () => {
    expect(parseLabelsFlag('a=b,c=d')).toEqual({ a: 'b', c: 'd' });
    expect(() => parseLabelsFlag('a=b,c')).toThrow('unexpected label spec: c');
    expect(() => parseLabelsFlag('a=b=c')).toThrow('unexpected label spec: a=b=c');
    expect(() => parseLabelsFlag('=b')).toThrow('unexpected empty label key');
  });
  it('parses --env and --annotations', () => {
    expect(parseEnvs(['A=1', 'B='])).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '' }]);
    expect(() => parseEnvs(['A'])).toThrow('invalid env: A');
    expect(() => parseEnvs(['=1'])).toThrow('invalid env: =1');
    expect(() => parseEnvs(['1A=x'])).toThrow('invalid env: 1A=x');
    expect(() => parsePairs(['a', 'b=1', '=c'], 'annotations')).toThrow('invalid annotations format: a, =c');
  });
  it('accepts image references as distribution/reference does', () => {
    for (const ok of ['nginx', 'nginx:1.27', 'localhost:5000/app:v1', 'registry.k8s.io/pause:3.10', 'a/b_c/d__e', `nginx@sha256:${'a'.repeat(64)}`]) expect(isValidImageReference(ok), ok).toBe(true);
    for (const bad of ['bad image', 'NGINX', 'nginx:', 'nginx@sha256:abc', '-nginx']) expect(isValidImageReference(bad), bad).toBe(false);
  });
  it('builds the pod in the Go structs\' field order', () => {
    const pod = generatePod({ name: 'x', image: 'nginx', labels: { run: 'x' }, port: '80', env: ['A=1'], restart: '', command: false, args: ['a'], pullPolicy: 'Never', privileged: true, stdin: true, tty: true });
    const c = (pod.spec as { containers: Record<string, unknown>[] }).containers[0];
    expect(Object.keys(c)).toEqual(['name', 'image', 'args', 'ports', 'env', 'resources', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty']);
    expect(Object.keys(pod.spec as object)).toEqual(['containers', 'restartPolicy', 'dnsPolicy']);
    expect(() => generatePod({ name: 'x', image: 'nginx', labels: {}, port: 'abc', env: [], restart: '', command: false, args: [] })).toThrow('strconv.Atoi: parsing "abc": invalid syntax');
  });
  it('applies --overrides by --override-type', () => {
    const pod = generatePod({ name: 'x', image: 'nginx', labels: { run: 'x' }, env: [], restart: '', command: false, args: [] });
    const merged = applyOverrides(pod, '{"spec":{"containers":[{"name":"y"}]}}', 'merge') as unknown as { spec: { containers: unknown[] } };
    expect(merged.spec.containers).toEqual([{ name: 'y', resources: {} }]);
    expect(() => applyOverrides(pod, 'not json', '')).toThrow('Invalid JSON Patch');
    expect(() => applyOverrides(pod, '{}', 'foo')).toThrow('invalid override type: foo');
  });
});

describe('expose', () => {
  const base = { name: 'web', selector: 'app=web', port: '', protocol: '', targetPort: '', labels: 'app=web', type: '', externalIP: '', loadBalancerIP: '', sessionAffinity: '', clusterIP: '' };
  it('names several ports port-N and points each at itself', () => {
    const svc = exposeService({ ...base, port: '80,81' }, new Map());
    expect((svc.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'port-2', protocol: 'TCP', port: 81, targetPort: 81 },
    ]);
  });
  it('takes introspected protocols, splitting a port served on two', () => {
    const svc = exposeService({ ...base, port: '53' }, new Map([['53', ['UDP', 'TCP']]]));
    expect((svc.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'port-1-udp', protocol: 'UDP', port: 53, targetPort: 53 },
      { name: 'port-1-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
    ]);
  });
  it('refuses a bad port and an unknown session affinity', () => {
    expect(() => exposeService({ ...base, port: 'abc' }, new Map())).toThrow('strconv.Atoi: parsing "abc": invalid syntax');
    expect(() => exposeService({ ...base, port: '80', sessionAffinity: 'Foo' }, new Map())).toThrow('unknown session affinity: Foo');
  });
});
