import { describe, expect, it } from 'vitest';
import { hpaChart } from './hpa-chart';
import { ageText } from './age';

describe('hpaChart', () => {
  it('scales replicas to max and puts the CPU target at mid-height', () => {
    const c = hpaChart({ namespace: 'default', name: 'h', target: 'Deployment/x', min: 1, max: 10, cpuTarget: 50, points: [
      { time: 0, replicas: 1, cpu: 0 }, { time: 1000, replicas: 10, cpu: 100 },
    ] }, 100, 54);
    // 1 of 10 replicas: 52 − 0.1 × 50 = 47; 10 of 10 at the top (2).
    expect(c.replicas).toBe('0,47 100,2');
    expect(c.cpu).toBe('0,52 100,2');
    expect(c.targetY).toBe(27);
  });

  it('draws nothing without points and skips unknown CPU', () => {
    expect(hpaChart({ namespace: 'd', name: 'h', target: '', min: 1, max: 3, points: [] }, 10, 10).replicas).toBe('');
    const c = hpaChart({ namespace: 'd', name: 'h', target: '', min: 1, max: 2, points: [{ time: 0, replicas: 1 }, { time: 5, replicas: 2, cpu: 10 }] }, 10, 14);
    expect(c.cpu.split(' ').length).toBe(1);
  });
});

describe('ageText', () => {
  it.each([[0, '0s'], [119_000, '119s'], [120_000, '2m'], [7_199_000, '119m'], [7_200_000, '2h'], [48 * 3600_000, '2d']])('%i ms → %s', (ms, s) => expect(ageText(ms)).toBe(s));
});
