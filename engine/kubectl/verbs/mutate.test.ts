/**
 * The argument checks the mutating verbs share. Expected texts are those of
 * cli-runtime's builder.go and kubectl's cmdutil helpers (v1.35), and what the
 * real kubectl v1.35.2 printed for the same lines (scenarios/errors-mutate.sh).
 */
import { describe, expect, it } from 'vitest';
import { MISSING_RESOURCE, checkBuilderArgs, resourcesAndPairs } from './mutate.js';
import { labelChangeMessage } from './label.js';
import { taintConflicts } from './taint.js';

const noMapping = () => {};

describe('checkBuilderArgs', () => {
  it('reports what the builder finds before any request, in its order', () => {
    expect(() => checkBuilderArgs({ args: [] }, noMapping)).toThrow(MISSING_RESOURCE);
    expect(() => checkBuilderArgs({ args: ['pod', 'a'], selectAll: true }, noMapping)).toThrow('name cannot be provided when a selector is specified');
    expect(() => checkBuilderArgs({ args: ['pod'], selectAll: true, labelSelector: 'a=b' }, noMapping)).toThrow("setting 'all' parameter but found a non empty selector. ");
    expect(() => checkBuilderArgs({ args: ['pod/a'], labelSelector: 'a=b' }, noMapping)).toThrow('selectors and the all flag cannot be used when passing resource/name arguments');
    expect(() => checkBuilderArgs({ args: [], selectAll: true }, noMapping)).toThrow('at least one resource must be specified to use a selector');
    expect(() => checkBuilderArgs({ args: ['deploy'] }, noMapping)).toThrow('resource(s) were provided, but no name was specified');
    expect(() => checkBuilderArgs({ args: ['deploy/web', 'x'] }, noMapping)).toThrow('there is no need to specify a resource type as a separate argument');
    expect(() => checkBuilderArgs({ args: ['a/b/c'] }, noMapping)).toThrow('arguments in resource/name form may not have more than one slash');
    expect(() => checkBuilderArgs({ args: ['pod'], paths: true }, noMapping)).toThrow('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  });
  it('accepts names, a lone type with an empty selector allowed, and paths', () => {
    expect(() => checkBuilderArgs({ args: ['pod', 'a', 'b'] }, noMapping)).not.toThrow();
    expect(() => checkBuilderArgs({ args: ['deploy'], allowEmptySelector: true }, noMapping)).not.toThrow();
    expect(() => checkBuilderArgs({ args: [], paths: true }, noMapping)).not.toThrow();
  });
  it('resolves the type before saying that no name was given', () => {
    expect(() => checkBuilderArgs({ args: ['foo'] }, () => { throw new Error('the server doesn\'t have a resource type "foo"'); })).toThrow('resource type "foo"');
  });
});

describe('resourcesAndPairs (cmdutil.GetResourcesAndPairs)', () => {
  it('a word starting with = is a resource; a resource after a pair is an error', () => {
    expect(resourcesAndPairs(['pod', 'solo', '=b'], 'label')).toEqual({ resources: ['pod', 'solo', '=b'], pairs: [] });
    expect(resourcesAndPairs(['pod', 'solo', 'a=b', 'c-'], 'label')).toEqual({ resources: ['pod', 'solo'], pairs: ['a=b', 'c-'] });
    expect(() => resourcesAndPairs(['deploy', 'web', 'nginx=x', 'extra'], 'image')).toThrow('all resources must be specified before image changes: extra');
  });
});

describe('labelChangeMessage (label.go updateDataChangeMsg)', () => {
  it('compares the JSON before and after', () => {
    expect(labelChangeMessage({ labels: { a: '1' } }, { labels: { a: '1' } }, false)).toBe('not labeled');
    expect(labelChangeMessage({ labels: { a: '1' } }, { labels: { a: '1', b: '2' } }, false)).toBe('labeled');
    expect(labelChangeMessage({ labels: { a: '1', b: '2' } }, { labels: { a: '1' } }, false)).toBe('unlabeled');
    // --overwrite never says unlabeled; an object without labels gains `"labels":{}`.
    expect(labelChangeMessage({ labels: { a: '1', b: '2' } }, { labels: { a: '1' } }, true)).toBe('labeled');
    expect(labelChangeMessage({}, { labels: {} }, false)).toBe('labeled');
  });
});

describe('taintConflicts', () => {
  it('lists key=effect of each removed taint that is also added', () => {
    expect(taintConflicts([{ key: 'a', value: 'b', effect: 'NoSchedule' }], [{ key: 'a', effect: 'NoSchedule' }])).toEqual(['a=NoSchedule']);
    expect(taintConflicts([{ key: 'a', effect: 'NoSchedule' }], [{ key: 'a' }])).toEqual(['a=']);
    expect(taintConflicts([{ key: 'a', effect: 'NoSchedule' }], [{ key: 'a', effect: 'NoExecute' }])).toEqual([]);
  });
});
