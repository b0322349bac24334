/**
 * lscpu (util-linux 2.39, Ubuntu 24.04) on the node: the tree its libsmartcols table prints, from the same vCPU
 * /proc/cpuinfo describes (a Cascade Lake Xeon @ 2.80GHz under KVM, two threads per core). Names are padded to
 * the widest one; on a terminal a value too long for the line wraps at its width, character by character.
 * The cache and vulnerability lines are those a GCE VM of this CPU reports.
 */
import type { CommandSpec, ProcessContext } from '../../process.js';
import { currentNodeName, nodeHost } from './host.js';
import { cpuCount } from './machine.js';
import { BOGOMIPS, CPU_FLAGS } from './proc.js';

const VULNERABILITIES: [string, string][] = [
  ['Gather data sampling', 'Not affected'],
  ['Itlb multihit', 'Not affected'],
  ['L1tf', 'Not affected'],
  ['Mds', 'Not affected'],
  ['Meltdown', 'Not affected'],
  ['Mmio stale data', 'Vulnerable: Clear CPU buffers attempted, no microcode; SMT Host state unknown'],
  ['Reg file data sampling', 'Not affected'],
  ['Retbleed', 'Mitigation; Enhanced IBRS'],
  ['Spec rstack overflow', 'Not affected'],
  ['Spec store bypass', 'Mitigation; Speculative Store Bypass disabled via prctl and seccomp'],
  ['Spectre v1', 'Mitigation; usercopy/swapgs barriers and __user pointer sanitization'],
  ['Spectre v2', 'Mitigation; Enhanced / Automatic IBRS; IBPB conditional; RSB filling; PBRSB-eIBRS SW sequence; BHI SW loop, KVM SW loop'],
  ['Srbds', 'Not affected'],
  ['Tsx async abort', 'Vulnerable: Clear CPU buffers attempted, no microcode; SMT Host state unknown'],
];

/** cpulist_create: `0`, `0,1`, `0-3`. */
export function cpuList(n: number): string {
  return n === 1 ? '0' : n === 2 ? '0,1' : `0-${n - 1}`;
}

/** size_to_human_string with a space and the three-letter suffix: 32768 → `32 KiB`. */
function human(kib: number): string {
  return kib >= 1024 ? `${kib / 1024} MiB` : `${kib} KiB`;
}

const instances = (n: number) => `(${n} instance${n === 1 ? '' : 's'})`;

/** The rows of `lscpu` for a node of `n` vCPUs: [depth, name, value]. */
export function lscpuRows(n: number): [number, string, string][] {
  const threads = n > 1 ? 2 : 1;
  const cores = Math.ceil(n / threads);
  return [
    [0, 'Architecture', 'x86_64'], [1, 'CPU op-mode(s)', '32-bit, 64-bit'], [1, 'Address sizes', '46 bits physical, 48 bits virtual'], [1, 'Byte Order', 'Little Endian'],
    [0, 'CPU(s)', String(n)], [1, 'On-line CPU(s) list', cpuList(n)],
    [0, 'Vendor ID', 'GenuineIntel'], [1, 'Model name', 'Intel(R) Xeon(R) CPU @ 2.80GHz'],
    [2, 'CPU family', '6'], [2, 'Model', '85'], [2, 'Thread(s) per core', String(threads)], [2, 'Core(s) per socket', String(cores)], [2, 'Socket(s)', '1'],
    [2, 'Stepping', '7'], [2, 'BogoMIPS', BOGOMIPS], [2, 'Flags', CPU_FLAGS],
    [0, 'Virtualization features', ''], [1, 'Hypervisor vendor', 'KVM'], [1, 'Virtualization type', 'full'],
    [0, 'Caches (sum of all)', ''],
    [1, 'L1d', `${human(32 * cores)} ${instances(cores)}`], [1, 'L1i', `${human(32 * cores)} ${instances(cores)}`],
    [1, 'L2', `${human(1024 * cores)} ${instances(cores)}`], [1, 'L3', `33 MiB ${instances(1)}`],
    [0, 'NUMA', ''], [1, 'NUMA node(s)', '1'], [1, 'NUMA node0 CPU(s)', cpuList(n)],
    [0, 'Vulnerabilities', ''], ...VULNERABILITIES.map(([k, v]): [number, string, string] => [1, k, v]),
  ];
}

/** The table: names padded to the widest plus one space; values wrapped to `columns` on a terminal. */
export function renderLscpu(rows: [number, string, string][], columns?: number): string {
  const names = rows.map(([d, k]) => `${'  '.repeat(d)}${k}:`);
  const w = Math.max(...names.map((s) => s.length)) + 1;
  const room = columns !== undefined && columns > w ? columns - w : Infinity;
  let out = '';
  rows.forEach(([, , v], i) => {
    const parts: string[] = [];
    for (let k = 0; k < v.length; k += room) parts.push(v.slice(k, k + room));
    out += names[i].padEnd(w) + (parts.length ? parts.join(`\n${' '.repeat(w)}`) : '') + '\n';
  });
  return out;
}

export const lscpu: CommandSpec = {
  name: 'lscpu',
  summary: 'display information about the CPU architecture',
  run(ctx: ProcessContext) {
    const h = ctx.cluster ? nodeHost(ctx.cluster, currentNodeName(ctx)) : undefined;
    if (!h) return 1;
    ctx.stdout.write(renderLscpu(lscpuRows(cpuCount(h)), ctx.terminal.isTTY ? ctx.terminal.columns : undefined));
    return 0;
  },
};
