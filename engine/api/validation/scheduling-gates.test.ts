/**
 * spec.schedulingGates through the API server, with the texts of
 * pkg/apis/core/validation (validateSchedulingGates, ValidatePodCreate,
 * validateOnlyDeletedSchedulingGates, the gated pod's nodeSelector and node
 * affinity rules, validateOnlyAddedTolerations) and the pod strategy's
 * SchedulingGated condition (pkg/registry/core/pod/strategy.go).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../meta.js';
import { apiServerOnly, rejected } from '../test-helpers.js';
import { gatedPlacementCode, POD_UPDATE_FORBIDDEN, podSpecDiffCode } from './pod.js';

type Spec = Record<string, unknown>;

const pod = (name: string, spec: Spec): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.6' }], ...spec } });

const gates = (...names: string[]) => names.map((name) => ({ name }));

const AFFINITY = {
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } },
};

function setup() {
  const c = apiServerOnly(5);
  const client = c.client();
  const patch = (name: string, ops: unknown[]) => client.patch('pods', 'default', name, 'json', ops);
  return { c, client, patch };
}

describe('creating a gated pod', () => {
  it('writes PodScheduled=False, reason SchedulingGated, at the create', () => {
    const { c, client } = setup();
    c.advance(1_500);
    const p = client.create('pods', 'default', pod('test-pod', { schedulingGates: gates('example.com/foo', 'example.com/bar') }));
    expect((p.status as Spec).conditions).toEqual([{
      type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: p.metadata.creationTimestamp,
      reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates',
    }]);
    expect((client.create('pods', 'default', pod('free', {})).status as Spec).conditions).toBeUndefined();
  });

  it('gate names are qualified names, each at most once; the error is on the item', () => {
    const { c, client } = setup();
    const err = rejected(c, () => client.create('pods', 'default', pod('bad', { schedulingGates: gates('example.com/foo', 'example.com/foo', '-bad-') })));
    expect(err.message).toBe('Pod "bad" is invalid: [spec.schedulingGates[1]: Duplicate value: "example.com/foo", '
      + 'spec.schedulingGates[2]: Invalid value: "-bad-": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character '
      + '(e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')]');
  });

  it('a pod may not name its node while it has gates', () => {
    const { c, client } = setup();
    const err = rejected(c, () => client.create('pods', 'default', pod('bound', { nodeName: 'node-1', schedulingGates: gates('a') })));
    expect(err.message).toBe('Pod "bound" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared');
  });

  it('the binding subresource refuses a gated pod', () => {
    const { c } = setup();
    c.client().create('pods', 'default', pod('g', { schedulingGates: gates('a') }));
    const err = rejected(c, () => c.client().bind('default', 'g', 'node-1'));
    expect(err.status.code).toBe(409);
    expect(err.message).toBe('Operation cannot be fulfilled on pods/binding "g": pod g has non-empty .spec.schedulingGates');
  });
});

describe('the gated pod\'s placement rules, lazily loaded', () => {
  it('before they have loaded, a placement change gets the general refusal and starts the load', async () => {
    const { c, client } = setup();
    client.create('pods', 'default', pod('p', { schedulingGates: gates('a') }));
    expect(gatedPlacementCode.loaded()).toBeUndefined();
    const err = rejected(c, () => client.patch('pods', 'default', 'p', 'merge', { spec: { nodeSelector: { zone: 'a' } } }));
    expect(err.message.startsWith(`Pod "p" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`)).toBe(true);
    await gatedPlacementCode.load();
    client.patch('pods', 'default', 'p', 'merge', { spec: { nodeSelector: { zone: 'a' } } });
  });
});

describe('updating a gated pod', () => {
  beforeAll(() => Promise.all([gatedPlacementCode.load(), podSpecDiffCode.load()]));

  it('gates may be removed, never added; each new name is reported at its index', () => {
    const { c, client, patch } = setup();
    client.create('pods', 'default', pod('p', { schedulingGates: gates('a', 'b') }));
    const err = rejected(c, () => patch('p', [{ op: 'add', path: '/spec/schedulingGates/-', value: { name: 'c' } }]));
    expect(err.message).toBe('Pod "p" is invalid: spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate \'c\'');
    // Replacing a gate is an addition too.
    const swap = rejected(c, () => patch('p', [{ op: 'replace', path: '/spec/schedulingGates/0/name', value: 'z' }]));
    expect(swap.message).toBe('Pod "p" is invalid: spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate \'z\'');
    patch('p', [{ op: 'remove', path: '/spec/schedulingGates/0' }]);
    expect(client.get('pods', 'default', 'p').spec).toMatchObject({ schedulingGates: gates('b') });
    patch('p', [{ op: 'remove', path: '/spec/schedulingGates' }]);
    expect((client.get('pods', 'default', 'p').spec as Spec).schedulingGates).toBeUndefined();
    const again = rejected(c, () => patch('p', [{ op: 'add', path: '/spec/schedulingGates', value: gates('a') }]));
    expect(again.message).toBe('Pod "p" is invalid: spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate \'a\'');
  });

  it('a gated pod\'s nodeSelector may gain entries; once ungated it is immutable again', () => {
    const { c, client } = setup();
    client.create('pods', 'default', pod('p', { schedulingGates: gates('a'), nodeSelector: { disk: 'ssd' } }));
    const merge = (p: unknown) => client.patch('pods', 'default', 'p', 'merge', p);
    merge({ spec: { nodeSelector: { zone: 'a' } } });
    expect((client.get('pods', 'default', 'p').spec as Spec).nodeSelector).toEqual({ disk: 'ssd', zone: 'a' });
    const err = rejected(c, () => merge({ spec: { nodeSelector: { disk: 'hdd' } } }));
    expect(err.message).toBe('Pod "p" is invalid: spec.nodeSelector: Invalid value: {"disk":"hdd","zone":"a"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)');
    // Removing the last gate and adding an entry in one update: the old pod was gated, so it is allowed.
    merge({ spec: { schedulingGates: null, nodeSelector: { rack: '1' } } });
    const ungated = rejected(c, () => merge({ spec: { nodeSelector: { row: '2' } } }));
    expect(ungated.message.startsWith(`Pod "p" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n  core.PodSpec{\n`)).toBe(true);
    expect(ungated.message).toContain('  \tNodeSelector: map[string]string{\n  \t\t"disk": "ssd",\n  \t\t"rack": "1",\n+ \t\t"row":  "2",\n  \t\t"zone": "a",\n  \t},\n');
  });

  it('required node affinity may only gain requirements inside the existing terms', () => {
    const { c, client, patch } = setup();
    client.create('pods', 'default', pod('p', { schedulingGates: gates('a'), affinity: AFFINITY }));
    const terms = '/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms';
    patch('p', [{ op: 'add', path: `${terms}/0/matchExpressions/-`, value: { key: 'kubernetes.io/arch', operator: 'Exists' } }]);
    const changed = rejected(c, () => patch('p', [{ op: 'replace', path: `${terms}/0/matchExpressions/0/values`, value: ['windows'] }]));
    expect(changed.message).toBe('Pod "p" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]: Invalid value: '
      + '{"MatchExpressions":[{"Key":"kubernetes.io/os","Operator":"In","Values":["windows"]},{"Key":"kubernetes.io/arch","Operator":"Exists","Values":null}],"MatchFields":null}: '
      + 'only additions are allowed (no mutations or deletions)');
    const added = rejected(c, () => patch('p', [{ op: 'add', path: `${terms}/-`, value: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] } }]));
    expect(added.message).toBe('Pod "p" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid value: '
      + '[{"MatchExpressions":[{"Key":"kubernetes.io/os","Operator":"In","Values":["linux"]},{"Key":"kubernetes.io/arch","Operator":"Exists","Values":null}],"MatchFields":null},'
      + '{"MatchExpressions":null,"MatchFields":[{"Key":"metadata.name","Operator":"In","Values":["n"]}]}]: no additions/deletions to non-empty NodeSelectorTerms list are allowed');
    // A pod without required affinity may be given any.
    client.create('pods', 'default', pod('q', { schedulingGates: gates('a') }));
    client.patch('pods', 'default', 'q', 'merge', { spec: { affinity: AFFINITY } });
    expect((client.get('pods', 'default', 'q').spec as Spec).affinity).toEqual(AFFINITY);
    // Pod affinity is not a scheduling directive that may change.
    const podAffinity = rejected(c, () => client.patch('pods', 'default', 'q', 'merge', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { a: 'b' } } }] } } } }));
    // The unchanged node affinity prints without types; the new pod affinity, a value where there was nil, with
    // them, at go-cmp's verbosity for a new value (the selector under it elided), on lines of its own past 80 columns.
    expect(podAffinity.message).toBe(`Pod "q" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n${[
      '  core.PodSpec{',
      '  \t... // 15 identical fields',
      '  \tSubdomain:         "",',
      '  \tSetHostnameAsFQDN: nil,',
      '  \tAffinity: &core.Affinity{',
      '  \t\tNodeAffinity: &{RequiredDuringSchedulingIgnoredDuringExecution: &{NodeSelectorTerms: {{MatchExpressions: {{Key: "kubernetes.io/os", Operator: "In", Values: {"linux"}}}}}}},',
      '- \t\tPodAffinity:  nil,',
      '+ \t\tPodAffinity: &core.PodAffinity{',
      '+ \t\t\tRequiredDuringSchedulingIgnoredDuringExecution: []core.PodAffinityTerm{{LabelSelector: &v1.LabelSelector{...}, TopologyKey: "zone"}},',
      '+ \t\t},',
      '  \t\tPodAntiAffinity: nil,',
      '  \t},',
      '  \tSchedulerName: "default-scheduler",',
      '  \tTolerations:   {{Key: "node.kubernetes.io/not-ready", Operator: "Exists", Effect: "NoExecute", TolerationSeconds: &300}, {Key: "node.kubernetes.io/unreachable", Operator: "Exists", Effect: "NoExecute", TolerationSeconds: &300}},',
      '  \t... // 16 identical fields',
      '  }',
    ].join('\n')}\n`);
  });
});

describe('tolerations on update (any pod)', () => {
  it('may be added and have their tolerationSeconds changed, but not be modified or removed', () => {
    const { c, client, patch } = setup();
    const t = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    client.create('pods', 'default', pod('p', { tolerations: [t] }));
    patch('p', [{ op: 'add', path: '/spec/tolerations/-', value: { key: 'x', operator: 'Exists', effect: 'NoSchedule' } }]);
    patch('p', [{ op: 'replace', path: '/spec/tolerations/0/tolerationSeconds', value: 5 }]);
    const err = rejected(c, () => patch('p', [{ op: 'replace', path: '/spec/tolerations/0/key', value: 'other' }]));
    expect(err.message).toBe('Pod "p" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');
  });
});
