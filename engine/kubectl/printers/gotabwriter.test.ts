import { describe, expect, it } from 'vitest';
import { formatTabbed } from './gotabwriter.js';

describe('Go text/tabwriter blocks', () => {
  it('aligns each block of tabbed lines on its own', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx\n    Port:\t<none>\n';
    expect(formatTabbed(text, 0, 2)).toBe('Name:       web\nNamespace:  default\nContainers:\n  nginx:\n    Image:  nginx\n    Port:   <none>\n');
  });
  it('nests columns inside a block (Events table)', () => {
    const text = 'Events:\n  Type\tReason\tAge\n  ----\t------\t----\n  Normal\tScheduled\t5s\n';
    expect(formatTabbed(text, 0, 2)).toBe('Events:\n  Type    Reason     Age\n  ----    ------     ----\n  Normal  Scheduled  5s\n');
  });
});
