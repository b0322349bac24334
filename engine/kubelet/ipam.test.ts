import { describe, expect, it } from 'vitest';
import { PodIPRange } from './ipam.js';

describe('host-local IPAM of a node', () => {
  it('hands out the next free address after the last one, skipping the bridge (.1) and wrapping after .254', () => {
    const r = new PodIPRange('10.244.3.0/24');
    expect([r.allocate(), r.allocate(), r.allocate()]).toEqual(['10.244.3.2', '10.244.3.3', '10.244.3.4']);
    r.mark('10.244.3.2', false);
    // A freed address is not reused before the range wraps (host-local's lastReservedIP).
    expect(r.allocate()).toBe('10.244.3.5');
    for (let i = 6; i <= 254; i++) expect(r.allocate()).toBe(`10.244.3.${i}`);
    expect(r.allocate()).toBe('10.244.3.2');
  });

  it('skips addresses of pods adopted after a restart and ignores addresses outside its range', () => {
    const r = new PodIPRange('10.244.0.0/24');
    r.mark('10.244.0.2', true);
    r.mark('172.18.0.2', true);
    r.mark('10.244.1.3', true);
    expect(r.allocate()).toBe('10.244.0.3');
    expect(r.allocate()).toBe('10.244.0.4');
  });

  it('a full range gives .254 again; a freed address is found on the next turn', () => {
    const r = new PodIPRange('10.244.0.0/24');
    for (let i = 0; i < 253; i++) r.allocate();
    expect(r.allocate()).toBe('10.244.0.254');
    expect(r.allocate()).toBe('10.244.0.254');
    r.mark('10.244.0.100', false);
    expect(r.allocate()).toBe('10.244.0.100');
    expect(r.allocate()).toBe('10.244.0.254');
  });

  it('forgets every lease when the node loses power, but keeps its place', () => {
    const r = new PodIPRange('10.244.0.0/24');
    r.allocate();
    r.allocate();
    r.clear();
    expect(r.allocate()).toBe('10.244.0.4');
    for (let i = 5; i <= 254; i++) r.allocate();
    expect(r.allocate()).toBe('10.244.0.2');
  });
});

describe('host-local IPAM over a wider block', () => {
  it('counts across octets and stops before broadcast', () => {
    const r = new PodIPRange('10.244.128.0/17');
    expect(r.allocate()).toBe('10.244.128.2');
    for (let i = 0; i < 252; i++) r.allocate();
    expect(r.allocate()).toBe('10.244.128.255');
    expect(r.allocate()).toBe('10.244.129.0');
    for (let i = 0; i < 32_765 - 256; i++) r.allocate();
    // The block's last pod address, then (full) that address again.
    expect(r.allocate()).toBe('10.244.255.254');
    expect(r.allocate()).toBe('10.244.255.254');
  });
});
