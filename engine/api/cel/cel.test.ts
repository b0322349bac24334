/**
 * The CEL module against cel-go's texts (google/cel-go common/errors.go ToDisplayString: `ERROR: <input>:L:C: msg`, the
 * source line and a caret, column 1-based; checker/errors.go: `undeclared reference to '%s' (in container '%s')`,
 * `found no matching overload for '%s' applied to '%s'`) and Kubernetes' CEL library (k8s.io/apiserver/pkg/cel/library:
 * lists.go, regex.go, urls.go, quantity.go), as kube-apiserver compiles a policy's expressions (`object`, `oldObject`,
 * `request`, `params` declared dyn; plugin/cel/compile.go: "must evaluate to bool").
 */
import { describe, expect, it } from 'vitest';
import { compile } from './cel.js';

const VARS = ['object', 'oldObject', 'request', 'params'];
const error = (e: string, returnTypes?: ('bool' | 'string')[]) => compile(e, { variables: VARS, returnTypes }).error;
const run = (e: string, act: Record<string, unknown> = {}) => {
  const r = compile(e, { variables: VARS });
  if (r.error) throw new Error(r.error);
  return r.program!.evaluate(act);
};

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'xnginx', labels: { app: 'web' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'nginx:1.14' }, { name: 'b', image: 'busybox' }] } } },
};

describe('compile errors in cel-go\'s format', () => {
  it('an undeclared variable or function is an undeclared reference at its position', () => {
    expect(error('foo == 1')).toBe("compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n | foo == 1\n | ^");
    expect(error('object.x == 1 && bar(1)')).toBe("compilation failed: ERROR: <input>:1:21: undeclared reference to 'bar' (in container '')\n | object.x == 1 && bar(1)\n | ....................^");
  });

  it('int, uint and double do not mix: no matching overload, reported at the operator', () => {
    expect(error('1 + 1u == 2u')).toBe("compilation failed: ERROR: <input>:1:3: found no matching overload for '_+_' applied to '(int, uint)'\n | 1 + 1u == 2u\n | ..^");
    expect(error("'a'.startsWith(1)")).toBe("compilation failed: ERROR: <input>:1:15: found no matching overload for 'startsWith' applied to 'string.(int)'\n | 'a'.startsWith(1)\n | ..............^");
  });

  it('an expression that ends too early is a syntax error at the end', () => {
    expect(error('object.spec.replicas <=')).toMatch(/^compilation failed: ERROR: <input>:1:24: Syntax error: mismatched input '<EOF>' expecting /);
  });

  it('the return type is checked when it is known; dyn passes', () => {
    expect(error("'abc'", ['bool'])).toBe('must evaluate to bool');
    expect(error('1 == 1', ['string'])).toBe('must evaluate to string');
    expect(error('object.spec.replicas', ['bool'])).toBeUndefined();
  });
});

describe('evaluation', () => {
  it('reads the object as JSON: whole numbers are int, has() tests presence, a missing key is an error', () => {
    expect(run('object.spec.replicas <= 5', { object: deployment })).toEqual({ value: true });
    expect(run('object.spec.replicas + 1', { object: deployment })).toEqual({ value: 4 });
    expect(run('has(object.spec.replicas) && !has(object.spec.paused)', { object: deployment })).toEqual({ value: true });
    expect(run('object.spec.paused == true', { object: deployment })).toEqual({ error: 'no such key: paused' });
    expect(run('oldObject == null', { object: deployment, oldObject: null })).toEqual({ value: true });
    expect(run('params.data.max == "3"', { params: { data: { max: '3' } } })).toEqual({ value: true });
  });

  it('macros and the string functions learners use', () => {
    expect(run("object.spec.template.spec.containers.all(c, c.image.contains(':'))", { object: deployment })).toEqual({ value: false });
    expect(run("object.spec.template.spec.containers.exists_one(c, c.image.startsWith('busy'))", { object: deployment })).toEqual({ value: true });
    expect(run('object.spec.template.spec.containers.map(c, c.name)', { object: deployment })).toEqual({ value: ['a', 'b'] });
    expect(run("object.spec.template.spec.containers.filter(c, c.image.endsWith('1.14')).size() == 1", { object: deployment })).toEqual({ value: true });
    expect(run("object.metadata.name.startsWith('x') && object.metadata.name.matches('^x[a-z]+$')", { object: deployment })).toEqual({ value: true });
    expect(run("'a,b'.split(',').join('-') + 'ABC'.lowerAscii()")).toEqual({ value: 'a-babc' });
    expect(run("'app' in object.metadata.labels", { object: deployment })).toEqual({ value: true });
    expect(run("object.metadata.?annotations.?owner.orValue('none')", { object: deployment })).toEqual({ value: 'none' });
  });

  it('Kubernetes\' list, regex, url and quantity functions', () => {
    expect(run('[1, 2, 3].isSorted() && [3, 1, 2].sum() == 6 && [3, 1, 2].min() == 1 && [3, 1, 2].max() == 3')).toEqual({ value: true });
    expect(run('[1, 2, 3].indexOf(2) == 1 && [1, 2, 1].lastIndexOf(1) == 2')).toEqual({ value: true });
    expect(run("'abc 123 def 456'.find('[0-9]+') == '123' && 'abc 123 def 456'.findAll('[0-9]+') == ['123', '456']")).toEqual({ value: true });
    expect(run("url('https://example.com:8443/a/b?x=1').getHostname() == 'example.com' && url('https://example.com:8443/a/b').getPort() == '8443'")).toEqual({ value: true });
    expect(run("isURL('https://example.com') && !isURL('not a url')")).toEqual({ value: true });
    expect(run("quantity('1Gi').isGreaterThan(quantity('512Mi')) && quantity('500m').compareTo(quantity('0.5')) == 0 && isQuantity('100m')")).toEqual({ value: true });
    expect(run("'a-b-c'.replace('-', '_') == 'a_b_c' && 'abc'.charAt(1) == 'b'")).toEqual({ value: true });
  });

  it('cel-go\'s lists, sets and strings extensions as Kubernetes v1.35 enables them', () => {
    expect(run('[1, 2, 3].slice(1, 3) == [2, 3] && [[1], [2, [3]]].flatten() == [1, 2, [3]] && [1, 1, 2].distinct() == [1, 2]')).toEqual({ value: true });
    expect(run("[3, 1, 2].sort() == [1, 2, 3] && ['b', 'a'].sort() == ['a', 'b'] && [1, 2].reverse() == [2, 1] && lists.range(3) == [0, 1, 2]")).toEqual({ value: true });
    expect(run('[7, 8].first().value() == 7 && [7, 8].last().value() == 8 && ![].first().hasValue()')).toEqual({ value: true });
    expect(run('[1, 2, 3].slice(2, 1)')).toEqual({ error: 'cannot slice(2, 1), start index must be less than or equal to end index' });
    expect(run('[1, 2, 3].slice(0, 4)')).toEqual({ error: 'cannot slice(0, 4), list is length 3' });
    expect(run('sets.contains([1, 2, 3], [3, 1]) && sets.equivalent([1, 2], [2, 1, 1]) && !sets.intersects([1], [2])')).toEqual({ value: true });
    expect(run("strings.quote('say \"hi\"') + ' ' + '%s has %d items, %.1f%%'.format(['cart', 3, 12.5])")).toEqual({ value: '"say \\"hi\\"" cart has 3 items, 12.5%' });
  });

  it('Kubernetes\' ip, cidr, format and semver libraries', () => {
    expect(run("ip('10.0.0.1').family() == 4 && ip('::1').isLoopback() && string(ip('2001:db8:0:0:0:0:0:1')) == '2001:db8::1' && !ip.isCanonical('2001:DB8::1')")).toEqual({ value: true });
    expect(run("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1')) && cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.0.0.0/8').prefixLength() == 8")).toEqual({ value: true });
    expect(run("isIP('1.2.3.4') && !isIP('1.2.3') && isCIDR('fd00::/64') && !isCIDR('10.0.0.0')")).toEqual({ value: true });
    expect(run("ip('010.0.0.1')")).toEqual({ error: 'IP Address "010.0.0.1" parse error during conversion from string: ParseAddr("010.0.0.1"): IPv4 field has octet with leading zero' });
    expect(run("isIP('1.2.3.4::') || isCIDR('1.2.3.4::/64')")).toEqual({ value: false });
    expect(run("ip('fe80::1%eth0')")).toEqual({ error: 'IP address "fe80::1%eth0" with zone value is not allowed' });
    expect(run("ip('12345::')")).toEqual({ error: 'IP Address "12345::" parse error during conversion from string: ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")' });
    expect(run("cidr('10.0.0.0')")).toEqual({ error: 'network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0"): no \'/\'' });
    expect(run("!format.named('dns1123Label').value().validate('my-name').hasValue() && !format.named('nope').hasValue()")).toEqual({ value: true });
    expect(run("format.dns1123Label().validate('My_Name').value()")).toEqual({ value: [
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"] });
    expect(run("semver('1.2.3').major() == 1 && semver('1.0.0-alpha').isLessThan(semver('1.0.0')) && semver('v1.2', true) == semver('1.2.0') && isSemver('1.2.3') && !isSemver('1.2')")).toEqual({ value: true });
    expect(run("semver('1.2')")).toEqual({ error: 'No Major.Minor.Patch elements found' });
  });
});
