/**
 * df (GNU coreutils 9.4) on the node the shell is on: its mounts from
 * machine.ts (the root disk, boot's tmpfs mounts, and each pod's token and
 * secret tmpfs volumes, sandbox shm and container overlays as a kubeadm node
 * lists them), in 1K blocks, -h/-H (human_readable's ceiling rounding), -T,
 * -t/-x type filters, FILE operands, --total, and getopt's errors.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { getoptLong, type LongOption } from './getopt.js';
import { currentNodeName, nodeHost } from './host.js';
import { mountTable, mounts, type Mount } from './machine.js';
import { humanCeil } from './units.js';

const TRY = "Try 'df --help' for more information.\n";

const LONGS: LongOption[] = [
  { name: 'all', key: 'a' }, { name: 'block-size', key: 'B', arg: 'required' }, { name: 'human-readable', key: 'h' }, { name: 'si', key: 'H' },
  { name: 'inodes', key: 'i' }, { name: 'local', key: 'l' }, { name: 'print-type', key: 'T' }, { name: 'type', key: 't', arg: 'required' },
  { name: 'exclude-type', key: 'x', arg: 'required' }, { name: 'total', key: 'total' }, { name: 'portability', key: 'P' }, { name: 'sync', key: 'sync' },
  { name: 'no-sync', key: 'no-sync' }, { name: 'help', key: 'help' }, { name: 'version', key: 'version' }, { name: 'output', key: 'output', arg: 'optional' },
];

/** Use%: used over what a non-root user could have, rounded up; "-" for a filesystem with nothing. */
function percent(m: Mount): string {
  const total = m.used + m.avail;
  if (total === 0) return '-';
  const u = m.used * 100;
  return `${Math.floor(u / total) + (u % total ? 1 : 0)}%`;
}

type Column = { header: string; min: number; left: boolean };

/** coreutils' table: each column as wide as its widest cell (and its minimum), one space apart; the last not padded. */
export function dfTable(rows: string[][], cols: Column[]): string {
  const widths = cols.map((c, i) => Math.max(c.min, ...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => {
    if (i === cols.length - 1) return cell;
    return cols[i].left ? cell.padEnd(widths[i]) : cell.padStart(widths[i]);
  }).join(' ') + '\n').join('');
}

export const df: CommandSpec = {
  name: 'df',
  summary: 'report file system space usage',
  run(ctx: ProcessContext) {
    const r = getoptLong(ctx.argv.slice(1), 'aB:iF:hHklmPTt:vx:', LONGS);
    if ('error' in r) { ctx.stderr.write(`df: ${r.error}\n${TRY}`); return 1; }
    let human: 0 | 1024 | 1000 = 0;
    let printType = false;
    let total = false;
    let all = false;
    const only: string[] = [];
    const exclude: string[] = [];
    for (const { key, value } of r.options) {
      if (key === 'h') human = 1024;
      else if (key === 'H') human = 1000;
      else if (key === 'k') human = 0;
      else if (key === 'T') printType = true;
      else if (key === 'a') all = true;
      else if (key === 'total') total = true;
      else if (key === 't') only.push(value!);
      else if (key === 'x') exclude.push(value!);
      else if (key === 'help') { ctx.stdout.write('Usage: df [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default.\n'); return 0; }
      else if (key === 'version') { ctx.stdout.write('df (GNU coreutils) 9.4\n'); return 0; }
    }
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) return 1;
    // -a: the filesystems of no blocks too (sysfs, proc, cgroup2…), as /proc/mounts lists them.
    let list = all ? mountTable(ctx.cluster, h) : mounts(ctx.cluster, h);
    let status = 0;
    if (r.operands.length) {
      const picked: Mount[] = [];
      for (const operand of r.operands) {
        const path = ctx.fs.resolve(ctx.cwd, operand);
        const known = ctx.fs.stat(path) || list.some((m) => m.target === path || m.target.startsWith(path + '/'));
        if (!known) { ctx.stderr.write(`df: ${operand}: No such file or directory\n`); status = 1; continue; }
        // The mount whose target is the longest prefix of the path holds it.
        const m = list.filter((x) => path === x.target || path.startsWith(x.target === '/' ? '/' : x.target + '/')).sort((a, b) => b.target.length - a.target.length)[0];
        if (m) picked.push(m);
      }
      if (picked.length === 0) return status;
      list = picked;
    }
    if (only.length) list = list.filter((m) => only.includes(m.type));
    if (exclude.length) list = list.filter((m) => !exclude.includes(m.type));
    if (list.length === 0) { ctx.stderr.write('df: no file systems processed\n'); return 1; }
    const size = (kib: number) => (human ? humanCeil(kib * 1024, human) : String(kib));
    const cols: Column[] = [
      { header: 'Filesystem', min: 14, left: true },
      ...(printType ? [{ header: 'Type', min: 4, left: true }] : []),
      { header: human ? 'Size' : '1K-blocks', min: 5, left: false },
      { header: 'Used', min: 5, left: false },
      { header: human ? 'Avail' : 'Available', min: 5, left: false },
      { header: 'Use%', min: 4, left: false },
      { header: 'Mounted on', min: 0, left: true },
    ];
    const row = (m: Mount) => [m.source, ...(printType ? [m.type] : []), size(m.blocks), size(m.used), size(m.avail), percent(m), m.target];
    const rows = [cols.map((c) => c.header), ...list.map(row)];
    if (total) {
      const sum = list.reduce((a, m) => ({ ...a, blocks: a.blocks + m.blocks, used: a.used + m.used, avail: a.avail + m.avail }), { source: 'total', type: '-', target: '-', blocks: 0, used: 0, avail: 0 } as Mount);
      rows.push(row(sum));
    }
    ctx.stdout.write(dfTable(rows, cols));
    return status;
  },
};
