/**
 * Records what this machine's GNU diff and cmp print (diffutils 3.8; the algorithm and texts are 3.10's too, see
 * engine/shell/commands/diff/) for pairs of files: seeded random pairs (edits of a common text, as a learner's two
 * manifests are, and unrelated ones), each under several option sets, plus folders, errors and usage lines, into
 * engine/shell/fixtures/diff-real.json, which engine/shell/commands/diff/diff.test.ts compares with.
 * Run: npx tsx scripts/shell-fixtures/record-diff.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** mulberry32: the cases are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(20261129);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const int = (n: number) => Math.floor(rnd() * n);

const WORDS = ['a', 'b', 'c', 'd', 'e', 'x', 'y', '', 'apiVersion: v1', 'kind: Pod', '  name: web', '  replicas: 3', 'metadata:', 'spec:', '  - name: nginx', 'A', ' a', 'a ', '\ta', 'a  b', 'a b', '}', '{'];

function randomLines(n: number, alphabet: readonly string[]): string[] {
  return Array.from({ length: n }, () => pick(alphabet));
}

/** A text and an edited copy: lines deleted, inserted, changed, moved. */
function editedPair(): [string[], string[]] {
  const alphabet = rnd() < 0.5 ? WORDS.slice(0, 8) : WORDS;
  const a = randomLines(int(rnd() < 0.2 ? 120 : 30), rnd() < 0.3 ? alphabet.slice(0, 3) : alphabet);
  const b = [...a];
  const edits = int(6) + 1;
  for (let k = 0; k < edits; k++) {
    const at = int(b.length + 1);
    const what = int(4);
    if (what === 0 && b.length) b.splice(at, 1 + int(3));
    else if (what === 1) b.splice(at, 0, ...randomLines(1 + int(3), alphabet));
    else if (what === 2 && b.length) b.splice(at, 1, pick(alphabet));
    else if (b.length > 2) {
      const [m] = b.splice(int(b.length), 1);
      b.splice(int(b.length), 0, m);
    }
  }
  return [a, b];
}

const text = (lines: string[], complete: boolean) => (lines.length ? lines.join('\n') + (complete ? '\n' : '') : '');

const OPTION_SETS: string[][] = [
  [], ['-u'], ['-c'], ['-U', '1'], ['-U0'], ['-C', '1'], ['-y'], ['-y', '-W', '50'], ['-y', '--suppress-common-lines'], ['-y', '--left-column'],
  ['-b'], ['-w'], ['-i'], ['-B'], ['-Bu'], ['-Z'], ['-e'], ['-n'], ['-f'], ['-q'], ['-s'], ['-d'], ['-u', '-b'], ['-t'], ['-T', '-u'],
  ['-D', 'NEW'], ['-p', '-u'], ['-E'], ['-I', '^x'], ['--suppress-blank-empty', '-u'], ['-y', '-t', '-W', '40'], ['--horizon-lines=5', '-u'],
];

interface Case { files: Record<string, string | null>; mtimes: Record<string, number>; argv: string[]; stdout: string; stderr: string; status: number; stdin?: string }
const cases: Case[] = [];
const env = { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', TZ: 'UTC', HOME: '/root' };
/** The files' times: 2026-01-01T00:00:00.123Z and a minute later. */
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0, 123);
const T1 = T0 + 60_000;

function record(files: Record<string, string | null>, argv: string[], stdin?: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'diffrec-'));
  const mtimes: Record<string, number> = {};
  let k = 0;
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    if (content === null) mkdirSync(p, { recursive: true });
    else {
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, content);
      mtimes[name] = k++ % 2 ? T1 : T0;
      // touch's decimal seconds: utimes(2) through a float would land a nanosecond off.
      spawnSync('touch', ['-d', `@${Math.floor(mtimes[name] / 1000)}.${String(mtimes[name] % 1000).padStart(3, '0')}`, p]);
    }
  }
  const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env, encoding: 'utf8', input: stdin ?? '' });
  rmSync(dir, { recursive: true });
  cases.push({ files, mtimes, argv, stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1, ...(stdin !== undefined ? { stdin } : {}) });
}

for (let n = 0; n < 160; n++) {
  const [a, b] = rnd() < 0.8 ? editedPair() : [randomLines(int(15), WORDS.slice(0, 5)), randomLines(int(15), WORDS.slice(0, 5))];
  const files = { a: text(a, rnd() < 0.85), b: text(b, rnd() < 0.85) };
  const opts = n < OPTION_SETS.length ? OPTION_SETS[n] : pick(OPTION_SETS);
  record(files, ['diff', ...opts, 'a', 'b']);
  if (n % 4 === 0) record(files, ['diff', '-u', 'a', 'b']);
}
// Larger manifests with a few edits: the identical ends, discarded lines and shifted boundaries at work.
for (let n = 0; n < 12; n++) {
  const base = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? '' : `  key${i % 23}: value${i % 11}`));
  const b = [...base];
  for (let k = 0; k < 8; k++) b.splice(int(b.length), int(3), ...randomLines(int(3), WORDS));
  record({ 'old.yaml': text(base, true), 'new.yaml': text(b, true) }, ['diff', ...pick([[], ['-u'], ['-c']]), 'old.yaml', 'new.yaml']);
}
// Folders, errors and usage.
const tree = { 'd1/f': 'x\n', 'd2/f': 'y\n', 'd1/same': 's\n', 'd2/same': 's\n', 'd1/sub/s': 's\n', 'd2/sub/s': 't\n', 'd2/o2': 'o\n', 'd1/only1': null, 'd1/sub2/z': 'z\n', a: 'a\nb\n', b: 'a\nc\n' };
for (const argv of [
  ['diff', 'd1', 'd2'], ['diff', '-r', 'd1', 'd2'], ['diff', '-ru', 'd1', 'd2'], ['diff', '-rq', 'd1', 'd2'], ['diff', '-rN', 'd1', 'd2'], ['diff', '-rs', 'd1', 'd2'],
  ['diff', '-r', '-x', 'sub*', 'd1', 'd2'], ['diff', 'd1/f', 'd2'], ['diff', 'd1', 'd2/f'], ['diff', 'a', 'd1'], ['diff', '-N', 'a', 'nope'], ['diff', '-N', 'nope', 'a'],
  ['diff', 'a', 'nope'], ['diff', 'nope', 'nope2'], ['diff', '-s', 'a', 'a'], ['diff', '-q', 'a', 'b'], ['diff', 'a'], ['diff'], ['diff', 'a', 'b', 'c'],
  ['diff', '-j', 'a', 'b'], ['diff', '--foo', 'a', 'b'], ['diff', '-C'], ['diff', '--label'], ['diff', '--brief=x', 'a', 'b'], ['diff', '--co', 'a', 'b'],
  ['diff', '--color=bad', 'a', 'b'], ['diff', '-W', 'x', '-y', 'a', 'b'], ['diff', '-C', 'x', 'a', 'b'], ['diff', '-U', '-1', 'a', 'b'], ['diff', '-c', '-u', 'a', 'b'],
  ['diff', '-', 'd1'], ['diff', '--color=always', '-u', 'a', 'b'], ['diff', '--color=always', 'a', 'b'], ['diff', '--color=always', '-c', 'a', 'b'], ['diff', '--color=always', '-y', 'a', 'b'],
  ['diff', '--label', 'x', '--label', 'y', '-u', 'a', 'b'], ['diff', '--label', 'x', '--label', 'y', '--label', 'z', 'a', 'b'], ['diff', '-u', 'a', '-'], ['diff', '-', 'b'],
  ['diff', 'd1/only1', 'd2/o2'], ['diff', '--normal', 'a', 'b'], ['diff', '-5', '-u', 'a', 'b'], ['diff', '--unified=1', 'a', 'b'], ['diff', '--context', 'a', 'b'],
  ['diff', '--from-file=a', 'b', 'd1/f'], ['diff', '--to-file=b', 'a', 'd1/f'], ['diff', '--ig', 'a', 'b'], ['diff', '-r', 'd1', 'd2', '--brief'], ['diff', '--', '-r', 'a'],
  ['cmp', 'a', 'b'], ['cmp', 'a', 'a'], ['cmp', '-l', 'a', 'b'], ['cmp', '-b', 'a', 'b'], ['cmp', '-s', 'a', 'b'], ['cmp', 'a', 'nope'], ['cmp', 'a'], ['cmp'],
  ['cmp', 'a', 'd1'], ['cmp', 'd1', 'a'], ['cmp', '-x', 'a', 'b'], ['cmp', 'a', 'b', 'c', 'd', 'e'], ['cmp', '-n', '2', 'a', 'b'], ['cmp', '-i', '2', 'a', 'b'],
  ['cmp', 'a', 'b', '2', '2'], ['cmp', '-l', '-s', 'a', 'b'], ['cmp', '-bl', 'a', 'b'], ['cmp', '--verbose', 'a', 'b'], ['cmp', 'a', 'd1/f'], ['cmp', 'd1/f', 'd1/same'],
  ['cmp', '-i', 'x', 'a', 'b'], ['cmp', '-n', 'x', 'a', 'b'], ['cmp', '-', 'b'],
  ['diff', '-I', '[', 'a', 'b'], ['diff', '-I', 'a\\(', 'a', 'b'], ['diff', '-I', '^c', '-I', '^b', 'a', 'b'], ['diff', '-W', '0', '-y', 'a', 'b'],
  ['diff', '-W', '5', '-W', '6', '-y', 'a', 'b'], ['diff', '--tabsize=0', 'a', 'b'], ['diff', '-y', 'a', 'a'], ['diff', '-D', 'X', 'a', 'a'], ['diff', '-rc', 'd1', 'd2'],
  ['diff', '-r', '--label', 'L', 'd1', 'd2'], ['diff', '-u', '--', 'a', 'b'], ['cmp', '-l', '-n', '1', 'a', 'b'], ['cmp', '--bytes=1K', 'a', 'b'],
]) record(tree, argv, argv.includes('-') ? 'a\nB\nc\n' : undefined);
record({ bin1: 'x\0y\n', bin2: 'x\0z\n', t: 'text\n' }, ['diff', 'bin1', 'bin2']);
record({ bin1: 'x\0y\n', bin2: 'x\0z\n', t: 'text\n' }, ['diff', '-q', 'bin1', 't']);
record({ bin1: 'x\0y\n', bin2: 'x\0y\n' }, ['diff', '-s', 'bin1', 'bin2']);
record({ bin1: 'x\0y\n', bin2: 'x\0z\n' }, ['diff', '-a', 'bin1', 'bin2']);
record({ 'my file': 'a\n', 'd1/my file': 'b\n', 'd2/my file': 'c\n' }, ['diff', '-ru', 'd1', 'd2']);
for (const [x, y] of [['a\n', 'a\nb\n'], ['a\nb\n', 'a\n'], ['', 'a\n'], ['abc', 'abd'], ['a\nb\nc\n', 'a\nb\nx\n'], ['same\n', 'same\n'], ['ab\0c\n', 'ab\0d\n'], ['ä\n', 'ö\n']]) {
  for (const argv of [['cmp', 'x', 'y'], ['cmp', '-l', 'x', 'y'], ['cmp', '-b', 'x', 'y'], ['diff', 'x', 'y']]) record({ x, y }, argv);
}

const versions = ['diff --version', 'cmp --version'].map((c) => spawnSync('sh', ['-c', c], { env, encoding: 'utf8' }).stdout.split('\n')[0]);
mkdirSync('engine/shell/fixtures', { recursive: true });
writeFileSync('engine/shell/fixtures/diff-real.json', JSON.stringify({ versions, cases }, null, 1) + '\n');
console.log(`${cases.length} cases recorded with ${versions.join('; ')}`);
