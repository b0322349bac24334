import { beforeAll, describe, expect, it } from 'vitest';
import { humanDuration } from './duration.js';
import { podSummary } from './tables/pods.js';
import { executeJSONPath, parseJSONPath } from './jsonpath.js';
import { toJSON, toYAML } from './yaml.js';
import { customColumnCells, loadLazyPrinters, parseCustomColumns, parseOutput, OutputFormatError, GET_OUTPUT_FORMATS } from './output.js';
import { TabWriter } from './tabwriter.js';
import { tableFor } from './table.js';
import { formatHPAMetrics } from './tables/workloads.js';
import './tables/index.js';

beforeAll(loadLazyPrinters);

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H;

describe('HumanDuration (apimachinery duration_test.go cases)', () => {
  it.each([
    [S, '1s'], [70 * S, '70s'], [190 * S, '3m10s'], [70 * M, '70m'], [47 * H, '47h'], [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'], [367 * D, '367d'], [(365 * 2 * 24 + 25) * H, '2y1d'], [(365 * 8 * 24 + 2) * H, '8y'],
    [-2 * S, '<invalid>'], [-500, '0s'], [5 * M, '5m'], [3 * H + 4 * M, '3h4m'], [10 * H, '10h'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

const NOW = Date.parse('2026-01-01T01:00:00Z');
const pod = (status: object, spec: object = { containers: [{ name: 'a' }] }, meta: object = {}) => ({ metadata: { name: 'p', ...meta }, spec, status });

describe('pod STATUS, READY and RESTARTS (printPod)', () => {
  it('running and ready', () => {
    expect(podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }] }), NOW))
      .toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
  });
  it('waiting reason wins over phase, restarts show the last termination', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:59:35Z' } } }] });
    expect(podSummary(p, NOW)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (25s ago)' });
  });
  it('terminated without reason shows the exit code or signal', () => {
    expect(podSummary(pod({ phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 2 } } }] }), NOW).status).toBe('ExitCode:2');
    expect(podSummary(pod({ phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }] }), NOW).status).toBe('Signal:9');
  });
  it('init containers: progress, failure, waiting reason', () => {
    const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] };
    expect(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: { running: {} } }], containerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }] }, spec), NOW))
      .toEqual({ ready: '0/1', status: 'Init:1/2', restarts: '0' });
    expect(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, spec), NOW).status).toBe('Init:CrashLoopBackOff');
    expect(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, spec), NOW).status).toBe('Init:Error');
    expect(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 3 } } }] }, spec), NOW).status).toBe('Init:ExitCode:3');
  });
  it('sidecar (restartable init) containers count in READY', () => {
    const spec = { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [{ name: 'a' }] };
    const st = { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [{ name: 's', started: true, ready: true, state: { running: {} } }], containerStatuses: [{ name: 'a', ready: true, state: { running: {} } }] };
    expect(podSummary(pod(st, spec), NOW)).toEqual({ ready: '2/2', status: 'Running', restarts: '0' });
  });
  it('Completed with a container still running becomes Running or NotReady', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    const cs = [{ name: 'a', ready: true, state: { running: {} } }, { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }];
    expect(podSummary(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: cs }, spec), NOW).status).toBe('Running');
    expect(podSummary(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: cs }, spec), NOW).status).toBe('NotReady');
  });
  it('deletion: Terminating, or Unknown on a lost node; not for finished pods', () => {
    const del = { deletionTimestamp: '2026-01-01T01:00:30Z' };
    expect(podSummary(pod({ phase: 'Running' }, undefined, del), NOW).status).toBe('Terminating');
    expect(podSummary(pod({ phase: 'Running', reason: 'NodeLost' }, undefined, del), NOW).status).toBe('Unknown');
    expect(podSummary(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, undefined, del), NOW).status).toBe('Completed');
  });
  it('scheduling gates and pending', () => {
    expect(podSummary(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), NOW).status).toBe('SchedulingGated');
    expect(podSummary(pod({ phase: 'Pending' }), NOW)).toEqual({ ready: '0/1', status: 'Pending', restarts: '0' });
    expect(podSummary(pod({ phase: 'Failed', reason: 'Evicted' }), NOW).status).toBe('Evicted');
  });
});

describe('table rows', () => {
  it('node STATUS and ROLES', () => {
    const node = { metadata: { name: 'n1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }], nodeInfo: { kubeletVersion: 'v1.35.0' } } };
    expect(tableFor('nodes').row(node as never, { now: NOW, wide: false }).slice(0, 5)).toEqual(['n1', 'NotReady,SchedulingDisabled', 'control-plane', '60m', 'v1.35.0']);
  });
  it('service columns: ClusterIP, pending LoadBalancer, NodePort ports', () => {
    const svc = { metadata: { name: 's', creationTimestamp: '2026-01-01T00:59:00Z' }, spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'web' } }, status: { loadBalancer: {} } };
    expect(tableFor('services').row(svc as never, { now: NOW, wide: true })).toEqual(['s', 'LoadBalancer', '10.96.0.20', '<pending>', '80:30080/TCP', '60s', 'app=web']);
  });
  it('deployment READY and wide SELECTOR', () => {
    const d = { metadata: { name: 'web', creationTimestamp: '2026-01-01T00:58:00Z' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(tableFor('deployments.apps').row(d as never, { now: NOW, wide: true })).toEqual(['web', '2/3', '3', '2', '2m', 'nginx', 'nginx:1.25', 'app=web']);
  });
  it('hpa TARGETS', () => {
    const spec = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];
    expect(formatHPAMetrics(spec, undefined)).toBe('cpu: <unknown>/50%');
    expect(formatHPAMetrics(spec, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 80 } } }])).toBe('cpu: 80%/50%');
    expect(formatHPAMetrics([], undefined)).toBe('<none>');
  });
});

describe('tab writer', () => {
  it('pads columns to the widest cell plus three, minimum six', () => {
    let out = '';
    const w = new TabWriter((t) => { out += t; });
    w.write('NAME\tREADY\tAGE\nweb-1\t1/1\t5s\na\tb\tc\n');
    w.flush();
    expect(out).toBe('NAME    READY   AGE\nweb-1   1/1     5s\na       b       c\n');
  });
});

describe('jsonpath (client-go dialect)', () => {
  const data = { kind: 'List', items: [
    { metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } }, status: { phase: 'Running' }, spec: { containers: [{ image: 'nginx' }, { image: 'redis' }] } },
    { metadata: { name: 'b' }, status: { phase: 'Pending' }, spec: { containers: [{ image: 'busybox' }] } },
  ] };
  const run = (t: string) => executeJSONPath(parseJSONPath(t), data);
  it('selects, ranges, filters and slices', () => {
    expect(run('{.items[*].metadata.name}')).toBe('a b');
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}')).toBe('a\tRunning\nb\tPending\n');
    expect(run('{.items[?(@.status.phase=="Running")].metadata.name}')).toBe('a');
    expect(run('{.items[-1:].metadata.name}')).toBe('b');
    expect(run('{..image}')).toBe('nginx redis busybox');
    expect(run("{.items[0].metadata.labels['app.kubernetes.io/name']}")).toBe('x');
    expect(run('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}')).toBe('x');
    expect(run('name: {.items[1].metadata}')).toBe('name: {"name":"b"}');
    expect(run('{.items[0].nope}')).toBe('');
    expect(run('{.kind}')).toBe('List');
  });
  it('custom columns print <none> and Go maps', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image,LABELS:.metadata.labels,X:.nope');
    expect(customColumnCells(cols, data.items[0])).toEqual(['a', 'nginx,redis', 'map[app.kubernetes.io/name:x]', '<none>']);
    expect(() => parseCustomColumns('NAME')).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
  });
  it('rejects unknown output formats with the allowed list', () => {
    expect(() => parseOutput('bogus', GET_OUTPUT_FORMATS, () => undefined)).toThrow(new OutputFormatError('unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml'));
    expect(() => parseOutput('jsonpath={.a', GET_OUTPUT_FORMATS, () => undefined)).toThrow('error parsing jsonpath {.a, unclosed action');
  });
});

describe('yaml and json output (sigs.k8s.io/yaml, encoding/json)', () => {
  it('matches what real kubectl prints for the same object', () => {
    // Expected text: kubectl v1.35.2 `create configmap x --from-literal=... --dry-run=client -o yaml`.
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {
      colon: 'a:b', dash: '- x', dq: 'say "hi"', e: '', float: '1.5', hash: 'a #b', ml: 'line1\nline2\n', ml2: 'line1\nline2', ml3: 'a\n\nb\n\n',
      msg: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      n: '12', oct: '0755', pct: '%x', plain: 'this is a long plain string without colon that goes on and on and on for more than eighty characters total',
      sp: ' lead', sq: "it's", star: '*x', t: 'true', tilde: '~', ts: '2024-01-01T00:00:00Z', y: 'y',
    } };
    expect(toYAML(cm)).toBe(`apiVersion: v1
data:
  colon: a:b
  dash: '- x'
  dq: say "hi"
  e: ""
  float: "1.5"
  hash: 'a #b'
  ml: |
    line1
    line2
  ml2: |-
    line1
    line2
  ml3: |+
    a

    b

  msg: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available:
    3 No preemption victims found for incoming pod.'
  "n": "12"
  oct: "0755"
  pct: '%x'
  plain: this is a long plain string without colon that goes on and on and on for
    more than eighty characters total
  sp: ' lead'
  sq: it's
  star: '*x'
  t: "true"
  tilde: "~"
  ts: "2024-01-01T00:00:00Z"
  "y": "y"
kind: ConfigMap
metadata:
  name: x
`);
  });
  it('lists of maps, empty values, json escaping', () => {
    expect(toYAML({ a: [{ b: 1, c: [] }, { d: {} }], e: null, f: false })).toBe('a:\n- b: 1\n  c: []\n- d: {}\ne: null\nf: false\n');
    expect(toJSON({ b: '<x>', a: [1, { c: true }], d: {} })).toBe('{\n    "a": [\n        1,\n        {\n            "c": true\n        }\n    ],\n    "b": "\\u003cx\\u003e",\n    "d": {}\n}');
  });
});

describe('table fast paths print what the text paths print', () => {
  it('writeCells lines up exactly as write of the joined line, tabs/newlines in cells and wide characters included', () => {
    const rows = [['NAME', 'READY', 'STATUS'], ['日本語🙂', '1/1', 'Running'], ['a\tb', '0/1', 'x'], ['c', 'multi\nline', 'y'], ['pod-1', '2/2', 'Terminating']];
    let viaText = '';
    const a = new TabWriter((t) => { viaText += t; });
    for (const r of rows) a.write(r.join('\t') + '\n');
    a.flush();
    let viaCells = '';
    const b = new TabWriter((t) => { viaCells += t; });
    for (const r of rows) b.writeCells(r);
    b.flush();
    expect(viaCells).toBe(viaText);
    // Go's tabwriter counts runes: '日本語🙂' (a surrogate pair last) is 4 wide, padded to the column's 'pod-1' + 3 = 8.
    expect(viaCells.split('\n')[1]).toBe('日本語🙂    1/1     Running');
  });

  it('AGE follows `now` although ages are memoised per instant', () => {
    const h = tableFor('configmaps');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2026-01-01T00:00:00Z' } };
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const age = (now: number) => h.row(cm, { now, wide: false }).at(-1);
    expect(age(t0 + 70 * S)).toBe('70s');
    expect(age(t0 + 190 * S)).toBe('3m10s');
    expect(age(t0 + 70 * S)).toBe('70s');
  });
});
