import { describe, expect, it } from 'vitest';
import { podRequests } from '../../framework/pod-info.js';
import fc from 'fast-check';
import { fitsAll, fitsRequest, leastAllocatedScore, leastRequestedScore, REASON_INSUFFICIENT_CPU, REASON_INSUFFICIENT_MEMORY, REASON_TOO_MANY_PODS } from './fit.js';
import { balancedScore } from './balanced-allocation.js';

// The objects fitsRequest reads and the plain numbers (NodeNumbers) fitsAll and the scores read, alike.
const node = (cpu: number, mem: number, pods: number, usedCpu = 0, usedMem = 0, podCount = 0) => ({
  allocatable: { milliCPU: cpu, memory: mem, ephemeralStorage: 0, allowedPodNumber: pods },
  requested: { milliCPU: usedCpu, memory: usedMem, ephemeralStorage: 0 },
  nonZeroRequested: { milliCPU: usedCpu, memory: usedMem, ephemeralStorage: 0 },
  pods: { size: podCount },
  podCount, allowedPodNumber: pods,
  allocatableMilliCPU: cpu, allocatableMemory: mem, allocatableEphemeralStorage: 0,
  requestedMilliCPU: usedCpu, requestedMemory: usedMem, requestedEphemeralStorage: 0,
  nonZeroMilliCPU: usedCpu, nonZeroMemory: usedMem,
});

describe('NodeResourcesFit', () => {
  it('reason texts are the real ones', () => {
    expect([REASON_INSUFFICIENT_CPU, REASON_INSUFFICIENT_MEMORY, REASON_TOO_MANY_PODS]).toEqual(['Insufficient cpu', 'Insufficient memory', 'Too many pods']);
  });
  it('reports every missing resource, and marks requests larger than the node as unresolvable', () => {
    const r = fitsRequest({ milliCPU: 1500, memory: 100, ephemeralStorage: 0 }, node(2000, 1000, 110, 1000, 950));
    expect(r.map((x) => [x.reason, x.unresolvable])).toEqual([['Insufficient cpu', false], ['Insufficient memory', false]]);
    expect(fitsRequest({ milliCPU: 3000, memory: 0, ephemeralStorage: 0 }, node(2000, 1000, 110))[0].unresolvable).toBe(true);
    expect(fitsRequest({ milliCPU: 0, memory: 0, ephemeralStorage: 0 }, node(2000, 1000, 2, 0, 0, 2)).map((x) => x.reason)).toEqual(['Too many pods']);
    expect(fitsRequest({ milliCPU: 1000, memory: 50, ephemeralStorage: 0 }, node(2000, 1000, 110, 1000, 950))).toEqual([]);
  });
  it('fitsAll (the allocation-free check) agrees with fitsRequest finding nothing missing', () => {
    const amount = fc.integer({ min: 0, max: 4000 });
    fc.assert(fc.property(amount, amount, amount, amount, amount, amount, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }),
      (reqCpu, reqMem, cpu, mem, usedCpu, usedMem, pods, podCount, gpuReq, gpuCap) => {
        const req = { milliCPU: reqCpu, memory: reqMem, ephemeralStorage: 0, scalar: new Map([['nvidia.com/gpu', gpuReq]]) };
        const n = { ...node(cpu, mem, pods, usedCpu, usedMem, podCount), allocatable: { ...node(cpu, mem, pods).allocatable, scalar: new Map([['nvidia.com/gpu', gpuCap]]) } };
        return fitsAll(req, n) === (fitsRequest(req, n).length === 0);
      }), { numRuns: 2000 });
  });
  it('counts init containers as a max, sidecars and overhead as additions', () => {
    const r = podRequests({
      initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }],
      containers: [{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } }, { name: 'b', resources: { requests: { cpu: '500m' } } }],
      overhead: { cpu: '250m' },
    });
    expect(r.milliCPU).toBe(2250);
    expect(r.memory).toBe(2 ** 30);
    const side = podRequests({
      initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } }, { name: 'i', resources: { requests: { cpu: '1' } } }],
      containers: [{ name: 'a', resources: { requests: { cpu: '500m' } } }],
    });
    // sidecar 1 + main 0.5 = 1.5 running; init 1 runs beside the sidecar = 2
    expect(side.milliCPU).toBe(2000);
    expect(podRequests({ containers: [{ name: 'a' }] }, true)).toMatchObject({ milliCPU: 100, memory: 200 * 1024 * 1024 });
  });
  it('LeastAllocated and BalancedAllocation scores', () => {
    expect(leastRequestedScore(2000, 4000)).toBe(50);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    expect(leastAllocatedScore({ milliCPU: 1000, memory: 0, ephemeralStorage: 0 }, node(4000, 1000, 110, 1000, 500))).toBe(Math.trunc((50 + 50) / 2));
    expect(balancedScore([500, 100], [1000, 1000])).toBe(80);
    expect(balancedScore([500, 500], [1000, 1000])).toBe(100);
  });
});
