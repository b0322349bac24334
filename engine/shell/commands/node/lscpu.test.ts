/**
 * lscpu on a node, against a real util-linux lscpu of a GCE VM with this vCPU (16 of them, on a 144-column
 * terminal): the same tree, padding and wrapping. Its Flags list is not this node's /proc/cpuinfo's (it has no
 * mpx), so that row is checked for its wrapping only, and its BogoMIPS is that VM's.
 */
import { describe, expect, it } from 'vitest';
import { cpuList, lscpuRows, renderLscpu } from './lscpu.js';

const REAL_16 = `Architecture:             x86_64
  CPU op-mode(s):         32-bit, 64-bit
  Address sizes:          46 bits physical, 48 bits virtual
  Byte Order:             Little Endian
CPU(s):                   16
  On-line CPU(s) list:    0-15
Vendor ID:                GenuineIntel
  Model name:             Intel(R) Xeon(R) CPU @ 2.80GHz
    CPU family:           6
    Model:                85
    Thread(s) per core:   2
    Core(s) per socket:   8
    Socket(s):            1
    Stepping:             7
    BogoMIPS:             5600.44
Virtualization features:  
  Hypervisor vendor:      KVM
  Virtualization type:    full
Caches (sum of all):      
  L1d:                    256 KiB (8 instances)
  L1i:                    256 KiB (8 instances)
  L2:                     8 MiB (8 instances)
  L3:                     33 MiB (1 instance)
NUMA:                     
  NUMA node(s):           1
  NUMA node0 CPU(s):      0-15
Vulnerabilities:          
  Gather data sampling:   Not affected
  Itlb multihit:          Not affected
  L1tf:                   Not affected
  Mds:                    Not affected
  Meltdown:               Not affected
  Mmio stale data:        Vulnerable: Clear CPU buffers attempted, no microcode; SMT Host state unknown
  Reg file data sampling: Not affected
  Retbleed:               Mitigation; Enhanced IBRS
  Spec rstack overflow:   Not affected
  Spec store bypass:      Mitigation; Speculative Store Bypass disabled via prctl and seccomp
  Spectre v1:             Mitigation; usercopy/swapgs barriers and __user pointer sanitization
  Spectre v2:             Mitigation; Enhanced / Automatic IBRS; IBPB conditional; RSB filling; PBRSB-eIBRS SW sequence; BHI SW loop, KVM SW loo
                          p
  Srbds:                  Not affected
  Tsx async abort:        Vulnerable: Clear CPU buffers attempted, no microcode; SMT Host state unknown
`;

describe('lscpu', () => {
  it('prints the tree a real 16-vCPU VM of this CPU prints, wrapped at the terminal\'s width', () => {
    const rows = lscpuRows(16).map(([d, k, v]): [number, string, string] => [d, k, k === 'BogoMIPS' ? '5600.44' : v]);
    const out = renderLscpu(rows, 144);
    const flags = /^ {4}Flags: {16}.*\n(?: {26}.*\n)*/m.exec(out)![0];
    expect(out.replace(flags, '')).toBe(REAL_16);
    // The flags wrap every 118 characters, word or not, as libsmartcols wraps a cell.
    expect(flags.split('\n').filter(Boolean).slice(0, -1).every((l) => l.length === 144)).toBe(true);
  });

  it('does not wrap into a pipe; small nodes list their CPUs and caches', () => {
    const out = renderLscpu(lscpuRows(2));
    expect(out).toContain('CPU(s):                   2\n  On-line CPU(s) list:    0,1\n');
    expect(out).toContain('    Thread(s) per core:   2\n    Core(s) per socket:   1\n');
    expect(out).toContain('  L1d:                    32 KiB (1 instance)\n  L1i:                    32 KiB (1 instance)\n  L2:                     1 MiB (1 instance)\n');
    expect(out).toMatch(/^ {2}Spectre v2: {13}Mitigation; Enhanced \/ Automatic IBRS; IBPB conditional; RSB filling; PBRSB-eIBRS SW sequence; BHI SW loop, KVM SW loop$/m);
    expect([1, 4].map(cpuList)).toEqual(['0', '0-3']);
  });
});
