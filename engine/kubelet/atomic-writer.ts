/**
 * The layout the kubelet's AtomicWriter gives a ConfigMap, Secret, projected
 * or downward API volume (pkg/volume/util/atomic_writer.go): the payload in a
 * directory named for the instant it was written (os.MkdirTemp's pattern
 * `..2006_01_02_15_04_05.` plus a random number), a symlink `..data` to it
 * (swapped in one rename on each update), and each of the payload's
 * top-level names a symlink `NAME -> ..data/NAME`.
 */
import type { FileContent } from './container-fs.js';
import { fnv32a, Random } from '../util/random.js';
import { rfc3339 } from '../util/time.js';

export interface AtomicVolume {
  /** The mount path. */
  dir: string;
  /** When the payload was written, and what seeds the random part of its directory's name (atomicWriterDir). */
  writtenAt: number;
  seed: string;
  /** On tmpfs (Secret and projected volumes: a memory-backed emptyDir wraps them), else on the node's disk. */
  tmpfs: boolean;
  /** The payload, by path relative to the volume. */
  files: Record<string, FileContent>;
  /** Each file's permission bits: the item's mode, else the volume's defaultMode (0644 when the pod says none). */
  modes?: Record<string, number>;
  /** A subPath mount: only that file (or folder) of the payload, bound at `dir` as it was at start, with no links. */
  subPath?: string;
}

/** `ls -l`'s mode column of a regular file with permission bits `mode`. */
export function fileModeString(mode: number): string {
  return '-' + [6, 3, 0].map((s) => ((mode >> s) & 4 ? 'r' : '-') + ((mode >> s) & 2 ? 'w' : '-') + ((mode >> s) & 1 ? 'x' : '-')).join('');
}

/** `..2026_01_01_00_02_01.2571203867`: the instant in UTC, then MkdirTemp's random uint32 (seeded by the volume). */
export function atomicWriterDir(nowMs: number, seed: string): string {
  const stamp = rfc3339(nowMs).slice(0, 19).replace(/[-T:]/g, '_');
  const r = new Random(fnv32a(seed));
  return `..${stamp}.${r.int(65536) * 65536 + r.int(65536)}`;
}
