import { describe, expect, it } from 'vitest';
import * as nodename from './nodename/index.js';
import * as nodeports from './nodeports/index.js';
import * as nodeunschedulable from './nodeunschedulable/index.js';
import * as queuesort from './queuesort/index.js';
import type { PodInfo } from '../framework/pod-info.js';

describe('NodeUnschedulable', () => {
  it('rejects cordoned nodes unless the unschedulable taint is tolerated', () => {
    expect(nodeunschedulable.ERR_REASON_UNSCHEDULABLE).toBe('node(s) were unschedulable');
    expect(nodeunschedulable.fits(true, [])).toBe(false);
    expect(nodeunschedulable.fits(false, [])).toBe(true);
    expect(nodeunschedulable.fits(true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }])).toBe(true);
  });
});

describe('NodeName', () => {
  it('matches only the named node', () => {
    expect(nodename.ERR_REASON).toBe("node(s) didn't match the requested node name");
    expect(nodename.fits('a', 'b')).toBe(false);
    expect(nodename.fits('a', 'a')).toBe(true);
    expect(nodename.fits('', 'b')).toBe(true);
  });
});

describe('NodePorts', () => {
  it('conflicts on the same protocol/port, with 0.0.0.0 overlapping every IP', () => {
    expect(nodeports.ERR_REASON).toBe("node(s) didn't have free ports for the requested pod ports");
    const used = new Map([['TCP/80', new Map([['10.0.0.1', 1]])]]);
    expect(nodeports.fits([{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }], used)).toBe(false);
    expect(nodeports.fits([{ ip: '10.0.0.2', protocol: 'TCP', port: 80 }], used)).toBe(true);
    expect(nodeports.fits([{ ip: '0.0.0.0', protocol: 'UDP', port: 80 }], used)).toBe(true);
  });
});

describe('PrioritySort', () => {
  it('orders by priority, then by queue time', () => {
    const q = (priority: number, timestamp: number) => ({ info: { priority } as PodInfo, timestamp, initialAttemptTimestamp: timestamp, attempts: 0, unschedulableCount: 0, consecutiveErrorsCount: 0, backoffExpiration: 0, unschedulablePlugins: new Set<string>() });
    expect(queuesort.less(q(10, 5), q(0, 1))).toBe(true);
    expect(queuesort.less(q(0, 1), q(0, 5))).toBe(true);
    expect(queuesort.less(q(0, 5), q(0, 1))).toBe(false);
  });
});
