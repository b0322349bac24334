/**
 * ServiceCIDR validation as kube-apiserver v1.35 words it: pkg/apis/networking/validation (ValidateServiceCIDR,
 * ValidateServiceCIDRUpdate after kubernetes/kubernetes#131263) over k8s.io/apimachinery's IsValidCIDR
 * (pkg/util/validation/ip.go: ParseCIDRSloppy, then netip.ParsePrefix's strictness, then the canonical form).
 */
import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../errors.js';
import type { KObject } from '../meta.js';
import { isValidCIDR, validateServiceCIDR, validateServiceCIDRUpdate } from './servicecidrs.js';
import { Cluster } from '../../cluster.js';
import { isStatusError } from '../errors.js';

const sc = (cidrs: unknown, name = 'newcidr1') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name }, spec: { cidrs } }) as unknown as KObject;
const texts = (errs: ReturnType<typeof isValidCIDR>) => errs.map(fieldErrorText);

describe('IsValidCIDR', () => {
  it('takes a masked, canonical CIDR of either family', () => {
    for (const v of ['10.96.0.0/12', '0.0.0.0/0', '192.168.1.0/24', '2001:db8::/64', 'fd00:10:96::/112', '::/0']) expect(isValidCIDR('c', v)).toEqual([]);
  });

  it('words each way a value can be wrong', () => {
    expect(texts(isValidCIDR('c', '10.96.0.0'))).toEqual(['c: Invalid value: "10.96.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(texts(isValidCIDR('c', '10.96.0.256/24'))).toEqual(['c: Invalid value: "10.96.0.256/24": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(texts(isValidCIDR('c', '2001:db8:::/64'))).toEqual(['c: Invalid value: "2001:db8:::/64": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(texts(isValidCIDR('c', '010.96.0.0/12'))).toEqual(['c: Invalid value: "010.96.0.0/12": must not have leading 0s in IP or prefix length']);
    expect(texts(isValidCIDR('c', '10.96.0.0/012'))).toEqual(['c: Invalid value: "10.96.0.0/012": must not have leading 0s in IP or prefix length']);
    expect(texts(isValidCIDR('c', '::ffff:10.96.0.0/108'))).toEqual(['c: Invalid value: "::ffff:10.96.0.0/108": must not have an IPv4-mapped IPv6 address']);
    expect(texts(isValidCIDR('c', '10.96.0.5/24'))).toEqual(['c: Invalid value: "10.96.0.5/24": must not have bits set beyond the prefix length']);
    expect(texts(isValidCIDR('c', '2001:db8::1/64'))).toEqual(['c: Invalid value: "2001:db8::1/64": must not have bits set beyond the prefix length']);
    expect(texts(isValidCIDR('c', '2001:DB8::/64'))).toEqual(['c: Invalid value: "2001:DB8::/64": must be in canonical form ("2001:db8::/64")']);
    expect(texts(isValidCIDR('c', '2001:db8:0:0::/64'))).toEqual(['c: Invalid value: "2001:db8:0:0::/64": must be in canonical form ("2001:db8::/64")']);
  });
});

describe('ValidateServiceCIDR', () => {
  const errs = (o: KObject) => validateServiceCIDR(o).map(fieldErrorText);

  it('wants one or two CIDRs, one per family, each valid', () => {
    expect(errs(sc(['10.96.0.0/24']))).toEqual([]);
    expect(errs(sc(['10.96.0.0/24', '2001:db8::/64']))).toEqual([]);
    expect(errs(sc([]))).toEqual(['spec.cidrs: Required value: at least one CIDR required']);
    expect(errs(sc(['10.1.0.0/24', '10.2.0.0/24', '2001:db8::/64'])))
      .toEqual(['spec.cidrs: Invalid value: {"CIDRs":["10.1.0.0/24","10.2.0.0/24","2001:db8::/64"]}: may only hold up to 2 values']);
    expect(errs(sc(['2001:db8::/64', 'fd00::/64'])))
      .toEqual(['spec.cidrs: Invalid value: {"CIDRs":["2001:db8::/64","fd00::/64"]}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64']);
    expect(errs(sc(['10.96.0.1/24', '2001:db8::1/64']))).toEqual([
      'spec.cidrs[0]: Invalid value: "10.96.0.1/24": must not have bits set beyond the prefix length',
      'spec.cidrs[1]: Invalid value: "2001:db8::1/64": must not have bits set beyond the prefix length',
    ]);
  });

  it('names are DNS subdomains', () => {
    expect(errs(sc(['10.96.0.0/24'], 'New_CIDR'))).toEqual([
      'metadata.name: Invalid value: "New_CIDR": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ]);
  });
});

describe('ValidateServiceCIDRUpdate', () => {
  const errs = (next: string[], prev: string[]) => validateServiceCIDRUpdate(sc(next), sc(prev)).map(fieldErrorText);

  it('keeps the CIDRs, but lets a single-stack ServiceCIDR gain the other family', () => {
    expect(errs(['10.96.0.0/24'], ['10.96.0.0/24'])).toEqual([]);
    expect(errs(['10.96.1.0/24'], ['10.96.0.0/24'])).toEqual(['spec.cidrs[0]: Invalid value: "10.96.1.0/24": field is immutable']);
    expect(errs(['2001:db8::/64', '10.96.0.0/24'], ['10.96.0.0/24', '2001:db8::/64'])).toEqual([
      'spec.cidrs[0]: Invalid value: "2001:db8::/64": field is immutable',
      'spec.cidrs[1]: Invalid value: "10.96.0.0/24": field is immutable',
    ]);
    expect(errs(['10.96.0.0/24', '2001:db8::/64'], ['10.96.0.0/24'])).toEqual([]);
    expect(errs(['10.96.1.0/24', '2001:db8::/64'], ['10.96.0.0/24'])).toEqual(['spec.cidrs[0]: Invalid value: "10.96.1.0/24": field is immutable']);
    expect(errs(['10.96.0.0/24', '10.97.0.0/24'], ['10.96.0.0/24']))
      .toEqual(['spec.cidrs: Invalid value: {"CIDRs":["10.96.0.0/24","10.97.0.0/24"]}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64']);
    expect(errs(['10.96.0.0/24'], ['10.96.0.0/24', '2001:db8::/64'])).toEqual(['spec.cidrs: Invalid value: ["10.96.0.0/24"]: field is immutable']);
  });
});

describe('the stored default ServiceCIDR', () => {
  it('is the computed one, unchanged, once a client writes a ServiceCIDR; a refused write stores nothing new', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    const before = client.get('servicecidrs.networking.k8s.io', undefined, 'kubernetes');
    expect(before.status).toEqual({ conditions: [{ lastTransitionTime: before.metadata.creationTimestamp, message: 'Kubernetes Service CIDR is ready', reason: '', status: 'True', type: 'Ready' }] });
    let refused: unknown;
    try { client.create('servicecidrs.networking.k8s.io', undefined, sc(['10.200.0.1/24'])); } catch (e) { refused = e; }
    expect(isStatusError(refused) && refused.code).toBe(422);
    expect(client.get('servicecidrs.networking.k8s.io', undefined, 'kubernetes')).toEqual(before);
    expect(client.list('servicecidrs.networking.k8s.io', undefined).items).toHaveLength(1);
  });

  it('in a lab with the default range: a Service may ask for an address of a learner\'s ServiceCIDR, which goes 10 s after its delete', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    client.create('servicecidrs.networking.k8s.io', undefined, sc(['10.200.0.0/24'], 'extra'));
    c.clock.advance(1000);
    const svc = client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.200.0.7', ports: [{ port: 80 }] } } as unknown as KObject);
    expect((svc.spec as { clusterIPs: string[] }).clusterIPs).toEqual(['10.200.0.7']);
    // Inside the default /12: another ServiceCIDR holds every address of this one, so nothing holds its deletion but the grace period.
    client.create('servicecidrs.networking.k8s.io', undefined, sc(['10.96.0.0/24'], 'inner'));
    c.clock.advance(1000);
    client.delete('servicecidrs.networking.k8s.io', undefined, 'inner');
    c.clock.advance(9000);
    expect(client.get('servicecidrs.networking.k8s.io', undefined, 'inner').metadata.deletionTimestamp).toBeDefined();
    c.clock.advance(1000);
    expect(client.list('servicecidrs.networking.k8s.io', undefined).items.map((o) => o.metadata.name)).toEqual(['extra', 'kubernetes']);
  });

  it('while kube-controller-manager is down: no finalizer nor condition (the allocators take it as ready), synced when it is back', () => {
    const c = new Cluster({ seed: 3 }).boot();
    const client = c.client();
    c.stopComponent('kube-controller-manager');
    client.create('servicecidrs.networking.k8s.io', undefined, sc(['10.200.0.0/24'], 'extra'));
    c.clock.advance(5000);
    const bare = client.get('servicecidrs.networking.k8s.io', undefined, 'extra');
    expect([bare.metadata.finalizers, bare.status]).toEqual([undefined, {}]);
    const svc = client.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.200.0.7', ports: [{ port: 80 }] } } as unknown as KObject);
    expect((svc.spec as { clusterIP: string }).clusterIP).toBe('10.200.0.7');
    c.startComponent('kube-controller-manager');
    c.clock.advance(1000);
    const synced = client.get('servicecidrs.networking.k8s.io', undefined, 'extra') as unknown as { metadata: { finalizers: string[] }; status: { conditions: { status: string; message: string }[] } };
    expect(synced.metadata.finalizers).toEqual(['networking.k8s.io/service-cidr-finalizer']);
    expect(synced.status.conditions.map((x) => [x.status, x.message])).toEqual([['True', 'Kubernetes Service CIDR is ready']]);
  });
});
