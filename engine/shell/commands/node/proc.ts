/**
 * The node's /proc files that free, uptime and nproc read, for `cat` and the
 * other file readers: meminfo (Linux 6.8's fields, show_val_kb's layout),
 * loadavg, uptime and cpuinfo, from the same figures the tools print
 * (machine.ts), so `grep MemAvailable /proc/meminfo` and `free -k` agree.
 */
import type { FileStat, ProcessContext, VirtualFileSystem } from '../../process.js';
import { currentNodeName, nodeHost } from './host.js';
import { cpuCount, loadAverages, memInfo, mountTable, uptimeSeconds } from './machine.js';
import { nodeProcesses } from './processes.js';

/**
 * meminfo's line: the label padded to 16 columns, the figure right-aligned in 8 (wider figures push on), " kB" for
 * sizes; HardwareCorrupted has its own "%5lu" after a space.
 */
function line(label: string, value: number, kb = true): string {
  if (label === 'HardwareCorrupted') return `HardwareCorrupted: ${String(value).padStart(5)} kB\n`;
  return `${`${label}:`.padEnd(16)}${String(value).padStart(8)}${kb ? ' kB' : ''}\n`;
}

export function meminfoText(ctx: ProcessContext): string | undefined {
  const h = nodeHost(ctx.cluster, currentNodeName(ctx));
  if (!h) return undefined;
  const m = memInfo(ctx.cluster, h);
  const sReclaimable = Math.min(Math.floor(m.totalKiB * 0.02), Math.floor(m.cacheKiB / 4));
  const cached = m.cacheKiB - sReclaimable;
  const sUnreclaim = Math.floor(m.totalKiB * 0.012);
  const kernelStack = 4_800 + Math.floor(m.usedKiB / 200);
  const pageTables = 3_000 + Math.floor(m.usedKiB / 100);
  const percpu = 1_024 * cpuCount(h);
  const anon = Math.max(0, m.usedKiB - sUnreclaim - kernelStack - pageTables - percpu);
  const activeAnon = Math.floor(anon / 20);
  const inactiveAnon = anon + m.sharedKiB - activeAnon;
  const file = m.buffersKiB + cached - m.sharedKiB;
  const activeFile = Math.floor(file * 0.55);
  const inactiveFile = file - activeFile;
  const commitLimit = Math.floor(m.totalKiB / 2);
  const directMap4k = 133_120;
  const directMap2M = Math.ceil((m.totalKiB + 262_144 - directMap4k) / 2048) * 2048;
  const rows: Array<[string, number, boolean?]> = [
    ['MemTotal', m.totalKiB], ['MemFree', m.freeKiB], ['MemAvailable', m.availableKiB], ['Buffers', m.buffersKiB], ['Cached', cached], ['SwapCached', 0],
    ['Active', activeAnon + activeFile], ['Inactive', inactiveAnon + inactiveFile], ['Active(anon)', activeAnon], ['Inactive(anon)', inactiveAnon],
    ['Active(file)', activeFile], ['Inactive(file)', inactiveFile], ['Unevictable', 0], ['Mlocked', 0], ['SwapTotal', 0], ['SwapFree', 0],
    ['Zswap', 0], ['Zswapped', 0], ['Dirty', 112], ['Writeback', 0], ['AnonPages', anon], ['Mapped', Math.floor(cached * 0.3)], ['Shmem', m.sharedKiB],
    ['KReclaimable', sReclaimable], ['Slab', sReclaimable + sUnreclaim], ['SReclaimable', sReclaimable], ['SUnreclaim', sUnreclaim],
    ['KernelStack', kernelStack], ['PageTables', pageTables], ['SecPageTables', 0], ['NFS_Unstable', 0], ['Bounce', 0], ['WritebackTmp', 0],
    ['CommitLimit', commitLimit], ['Committed_AS', m.usedKiB * 2], ['VmallocTotal', 34_359_738_367], ['VmallocUsed', 22_676], ['VmallocChunk', 0],
    ['Percpu', percpu], ['HardwareCorrupted', 0], ['AnonHugePages', 0], ['ShmemHugePages', 0], ['ShmemPmdMapped', 0], ['FileHugePages', 0],
    ['FilePmdMapped', 0], ['Unaccepted', 0], ['HugePages_Total', 0, false], ['HugePages_Free', 0, false], ['HugePages_Rsvd', 0, false],
    ['HugePages_Surp', 0, false], ['Hugepagesize', 2048], ['Hugetlb', 0], ['DirectMap4k', directMap4k], ['DirectMap2M', directMap2M], ['DirectMap1G', 0],
  ];
  return rows.map(([l, v, kb]) => line(l, v, kb !== false)).join('');
}

/** /proc/loadavg: the three averages, running/total scheduling entities, the last PID handed out. */
export function loadavgText(ctx: ProcessContext): string | undefined {
  const h = nodeHost(ctx.cluster, currentNodeName(ctx));
  if (!h) return undefined;
  const [a, b, c] = loadAverages(ctx.cluster, h);
  // Go programs run a dozen threads each: the total counts threads, not processes.
  const threads = nodeProcesses(ctx.cluster, h, ctx.fs).reduce((n, p) => n + (p.stat.includes('l') ? 12 : 1), 0) + 64;
  return `${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} 1/${threads} ${h.nextPid - 7}\n`;
}

/** /proc/uptime: seconds up, and the seconds all CPUs together spent idle. */
export function uptimeText(ctx: ProcessContext): string | undefined {
  const h = nodeHost(ctx.cluster, currentNodeName(ctx));
  if (!h) return undefined;
  const up = uptimeSeconds(ctx.cluster, h);
  const busy = loadAverages(ctx.cluster, h)[2] * up;
  const idle = Math.max(0, up * cpuCount(h) - busy);
  return `${up.toFixed(2)} ${idle.toFixed(2)}\n`;
}

/** The flags of a Cascade Lake vCPU under KVM, as a cloud VM of this size reports them. */
export const CPU_FLAGS = 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat avx512_vnni md_clear arch_capabilities';

/** /proc/cpuinfo's bogomips, which lscpu shows too. */
export const BOGOMIPS = '5600.39';

export function cpuinfoText(ctx: ProcessContext): string | undefined {
  const h = nodeHost(ctx.cluster, currentNodeName(ctx));
  if (!h) return undefined;
  const n = cpuCount(h);
  let out = '';
  for (let i = 0; i < n; i++) {
    // Two hyperthreads per core, as cloud vCPUs come.
    out += `processor\t: ${i}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.80GHz\nstepping\t: 7\nmicrocode\t: 0xffffffff\n`
      + `cpu MHz\t\t: 2800.198\ncache size\t: 33792 KB\nphysical id\t: 0\nsiblings\t: ${n}\ncore id\t\t: ${Math.floor(i / 2)}\ncpu cores\t: ${Math.ceil(n / 2)}\n`
      + `apicid\t\t: ${i}\ninitial apicid\t: ${i}\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 13\nwp\t\t: yes\nflags\t\t: ${CPU_FLAGS}\n`
      + `bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs taa mmio_stale_data retbleed eibrs_pbrsb bhi\nbogomips\t: ${BOGOMIPS}\n`
      + 'clflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: 46 bits physical, 48 bits virtual\npower management:\n\n';
  }
  return out;
}

/**
 * /proc/mounts (and /proc/self/mounts, the same file): the mount table mount, findmnt and df read, in the kernel's
 * format (octal escapes for a space, tab, newline or backslash in a path; dump and pass always 0).
 */
export function mountsText(ctx: ProcessContext): string | undefined {
  const h = nodeHost(ctx.cluster, currentNodeName(ctx));
  if (!h) return undefined;
  const esc = (s: string) => s.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return mountTable(ctx.cluster, h).map((m) => `${esc(m.source)} ${esc(m.target)} ${m.type} ${m.options ?? 'rw'} 0 0\n`).join('');
}

const PROC_FILES = ['cpuinfo', 'loadavg', 'meminfo', 'mounts', 'self', 'uptime'];

/**
 * The shell's files with the node's /proc over them, for one command that names a /proc file: its readers
 * (cat, grep, awk, head…) read the files as they are at that moment. /proc's files report a size of 0, as the kernel's do.
 */
export function withProcFiles(fs: VirtualFileSystem, ctx: ProcessContext): VirtualFileSystem {
  const dir: FileStat = { type: 'dir', size: 0, mtimeMs: ctx.cluster.clock.now() };
  const file: FileStat = { type: 'file', size: 0, mtimeMs: ctx.cluster.clock.now() };
  // Over the shell's own view, so its user's checks (and what only it does, as rename) still apply elsewhere.
  return Object.assign(Object.create(fs) as VirtualFileSystem, {
    stat: (path: string) => (path === '/proc' || path === '/proc/self' ? dir : path === '/proc/self/mounts' || (PROC_FILES.includes(path.slice(6)) && path.startsWith('/proc/')) ? file : fs.stat(path)),
    readFile: (path: string) => (path.startsWith('/proc/') ? procFile(ctx, path) : undefined) ?? fs.readFile(path),
    readDir: (path: string) => (path === '/proc' ? PROC_FILES : path === '/proc/self' ? ['mounts'] : fs.readDir(path)),
  });
}

/** The /proc files known here, by path. */
export function procFile(ctx: ProcessContext, path: string): string | undefined {
  if (!ctx.cluster) return undefined;
  switch (path) {
    case '/proc/meminfo': return meminfoText(ctx);
    case '/proc/loadavg': return loadavgText(ctx);
    case '/proc/uptime': return uptimeText(ctx);
    case '/proc/cpuinfo': return cpuinfoText(ctx);
    case '/proc/mounts': case '/proc/self/mounts': return mountsText(ctx);
    default: return undefined;
  }
}
