import { describe, expect, it } from 'vitest';
import { FieldSet, keyElement, pathString } from './fieldset.js';

describe('FieldSet', () => {
  // structured-merge-diff fieldpath/serialize_test.go: sets in their FieldsV1 form, which must read and write back as they are.
  const SERIALIZED = [
    String.raw`{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\"name\":\"first\"}":{},"k:{\"name\":\"second\"}":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{},"k:{\"port\":443,\"protocol\":\"udp\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\"aa\"":{},"v:\"ab\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}`,
    String.raw`{"f:aaa":{"k:{\"name\":\"second\"}":{"v:3":{"f:aab":{}}},"v:3":{},"v:true":{}},"f:aab":{"f:aaa":{},"f:aaf":{"k:{\"port\":443,\"protocol\":\"udp\"}":{"k:{\"port\":443,\"protocol\":\"tcp\"}":{}}},"k:{\"name\":\"first\"}":{}},"f:aac":{"f:aaa":{"v:1":{}},"f:aac":{},"v:3":{"k:{\"name\":\"second\"}":{}}},"f:aad":{"f:aac":{"v:1":{}},"f:aaf":{"k:{\"name\":\"first\"}":{"k:{\"name\":\"first\"}":{}}},"i:1":{"i:1":{},"i:3":{"v:true":{}}}},"f:aae":{"f:aae":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"k:{\"port\":443,\"protocol\":\"udp\"}":{}},"i:4":{"f:aaf":{}}},"f:aaf":{"i:1":{"f:aac":{}},"i:2":{},"i:3":{}},"k:{\"name\":\"first\"}":{"f:aad":{"f:aaf":{}}},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"f:aaa":{"f:aad":{}}},"k:{\"port\":443,\"protocol\":\"udp\"}":{"f:aac":{},"k:{\"name\":\"first\"}":{"i:3":{}},"k:{\"port\":443,\"protocol\":\"udp\"}":{"i:4":{}}},"v:1":{"f:aac":{"i:4":{}},"f:aaf":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{}},"v:2":{"f:aad":{"f:aaf":{}},"i:1":{}},"v:3":{"f:aaa":{},"k:{\"name\":\"first\"}":{},"i:2":{}},"v:\"aa\"":{"f:aab":{"f:aaf":{}},"f:aae":{},"k:{\"name\":\"first\"}":{"f:aad":{}},"i:2":{}},"v:\"ab\"":{"f:aaf":{"i:4":{}},"k:{\"port\":443,\"protocol\":\"tcp\"}":{},"k:{\"port\":443,\"protocol\":\"udp\"}":{},"v:1":{"k:{\"port\":443,\"protocol\":\"udp\"}":{}},"i:1":{"f:aae":{"i:4":{}}}},"v:true":{"k:{\"name\":\"second\"}":{"f:aaa":{}},"i:2":{"k:{\"port\":443,\"protocol\":\"tcp\"}":{}}},"i:1":{"i:3":{"f:aaf":{}}},"i:2":{"f:aae":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"v:1":{}}},"i:3":{"f:aab":{"v:true":{"v:\"aa\"":{}}},"f:aaf":{},"i:1":{}},"i:4":{"v:\"aa\"":{"f:aab":{"k:{\"name\":\"second\"}":{}}}}}`,
    String.raw`{"f:spec":{".":{},"f:apps":{".":{},"k:{\"name\":\" app-💻\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"name\":\"port 🔑\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}},"k:{\"name\":\" app-🚀\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"name\":\"port-✅ \"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}}}}}`,
  ];

  it.each(SERIALIZED.map((s, i) => [i, s]))('reads and writes FieldsV1 back unchanged (%i)', (_i, text) => {
    expect(JSON.stringify(FieldSet.fromJSON(JSON.parse(text as string)).toJSON())).toBe(text);
  });

  it('writes a path that is a member and has members below with "."', () => {
    const s = FieldSet.of(['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:app'], ['f:spec', 'f:replicas']);
    expect(s.toJSON()).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
  });

  it('unions, subtracts and intersects member paths, dropping subtrees left empty', () => {
    const a = FieldSet.of(['f:spec', 'f:replicas'], ['f:spec', 'f:paused'], ['f:data', 'f:a']);
    const b = FieldSet.of(['f:spec', 'f:replicas'], ['f:data', 'f:b']);
    expect(a.union(b).toJSON()).toEqual({ 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:spec': { 'f:paused': {}, 'f:replicas': {} } });
    expect(a.difference(b).toJSON()).toEqual({ 'f:data': { 'f:a': {} }, 'f:spec': { 'f:paused': {} } });
    expect(a.intersection(b).toJSON()).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(FieldSet.of(['f:data', 'f:a']).difference(a).empty()).toBe(true);
  });

  it('subtracts a member with everything below it only in the recursive difference', () => {
    const a = FieldSet.of(['f:status', 'f:phase'], ['f:spec', 'f:replicas']);
    const status = FieldSet.of(['f:status']);
    expect(a.difference(status).toJSON()).toEqual(a.toJSON());
    expect(a.recursiveDifference(status).toJSON()).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('lists member paths with a node\'s members before its children', () => {
    const s = FieldSet.of(['f:spec', 'f:template', 'f:spec', 'f:containers', keyElement([['name', 'nginx']]), 'f:image'], ['f:spec', 'f:replicas']);
    expect([...s.paths()].map(pathString)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image']);
  });

  it('prints paths as conflict messages do (fieldpath.Path.String)', () => {
    expect(pathString(['f:spec', 'f:ports', keyElement([['protocol', 'TCP'], ['port', 80]])])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"example.com/a"'])).toBe('.metadata.finalizers[="example.com/a"]');
  });
});
