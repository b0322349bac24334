import { describe, expect, it } from 'vitest';
import { dotAt, dotGrid } from './dots';

describe('dense pod grid', () => {
  it('fits as many 9px squares at an 11px pitch as the width allows', () => {
    // 9 + 10 × 11 = 119: eleven squares fit in 119px, not in 118px.
    expect(dotGrid(100, 119)).toEqual({ columns: 11, rows: 10, height: 110 });
    expect(dotGrid(100, 118).columns).toBe(10);
  });

  it('finds the pod under the pointer, and none in the gaps or past the end', () => {
    expect(dotAt(0, 0, 10, 25)).toBe(0);
    expect(dotAt(11 * 3 + 4, 11 * 2 + 8, 10, 25)).toBe(23);
    expect(dotAt(11 * 3 + 10, 0, 10, 25)).toBeUndefined();
    expect(dotAt(11 * 6, 11 * 2, 10, 25)).toBeUndefined();
    expect(dotAt(-1, 0, 10, 25)).toBeUndefined();
  });
});

import { snapshotInterval, SNAPSHOT_INTERVAL_MS } from './server';

describe('snapshotInterval', () => {
  it('redraws small clusters four times a second and 2,000 pods once a second', () => {
    expect(snapshotInterval(20)).toBe(SNAPSHOT_INTERVAL_MS);
    expect(snapshotInterval(2000)).toBe(1000);
    expect(snapshotInterval(150_000)).toBe(2000);
  });
});
