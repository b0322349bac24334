/**
 * ln, readlink and realpath as GNU coreutils 9.4 has them (ln.c, readlink.c, realpath.c, relpath.c, and gnulib's
 * canonicalize.c, which readlink -f/-e/-m and realpath share), over the node's symbolic and hard links (vfs.ts).
 * Not here: ln's backups (-b, -S), its prompt (-i), and realpath's -L and --relative-base.
 */
import type { CommandSpec, ProcessContext, VirtualFileSystem } from '../process.js';
import { basename, dirname, FsError } from '../vfs.js';
import { fsErrorText, lstatOf, parseArgs, quotef, sq, usageError, usageFailure } from './util.js';

/** What canonicalize_filename_mode asks to exist: every component, all but the last, or none. */
type Existence = 'existing' | 'all-but-last' | 'missing';

/** -f, -e, -m (readlink; realpath's default is -f's). */
const CAN: Record<string, Existence | undefined> = { f: 'all-but-last', e: 'existing', m: 'missing' };

/** Which of `keys` (one letter each) was given last, or ''. */
const lastOf = (order: string[], keys: string) => order.filter((k) => keys.includes(k)).pop() ?? '';


/**
 * canonicalize_filename_mode: `name` from the physical working folder with `.`, `..` and every link resolved, the
 * components `mode` asks for existing; or why not. After 20 links a link met twice with the same rest of the name is a
 * loop (ELOOP; -m keeps the name as it is). `logical` (realpath -s) resolves no link and checks only the last name.
 */
export function canonicalize(fs: VirtualFileSystem, cwd: string, name: string, mode: Existence, logical = false): string | FsError {
  if (name === '') return new FsError('ENOENT', name);
  const out: string[] = [];
  if (!name.startsWith('/')) {
    const here = canonicalize(fs, '/', cwd, 'missing');
    if (typeof here === 'string') out.push(...here.split('/').filter(Boolean));
  }
  const rest = name.split('/').reverse();
  const seen = new Set<string>();
  for (let links = 0; rest.length;) {
    const c = rest.pop()!;
    if (c === '' || c === '.') continue;
    if (c === '..') { out.pop(); continue; }
    const path = `/${[...out, c].join('/')}`;
    const last = rest.every((r) => r === '');
    let st;
    try {
      st = lstatOf(fs, path);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      if (mode !== 'missing') return e;
    }
    if (st?.type === 'link' && !logical) {
      if (links < 20) links++;
      else {
        const key = `${out.join('/')}\0${[c, ...[...rest].reverse()].join('/')}`;
        if (seen.has(key)) {
          if (mode !== 'missing') return new FsError('ELOOP', name);
          out.push(c);
          continue;
        }
        seen.add(key);
      }
      rest.push(...st.target!.split('/').reverse());
      if (st.target!.startsWith('/')) out.length = 0;
      continue;
    }
    if (!st && mode !== 'missing' && !(logical && !last)) {
      // Below a file the name cannot exist (ENOTDIR); a missing last name is what -f allows.
      const underFile = out.length > 0 && fs.stat(`/${out.join('/')}`)?.type !== 'dir';
      if (underFile || !(mode === 'all-but-last' && last)) return new FsError(underFile ? 'ENOTDIR' : 'ENOENT', name);
    }
    out.push(c);
  }
  return `/${out.join('/')}`;
}

/** relpath: canonical `to` as seen from canonical folder `from` (`..` up to their common folder, then down). */
export function relpath(to: string, from: string): string {
  const a = to.split('/').filter(Boolean);
  const b = from.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...b.slice(i).map(() => '..'), ...a.slice(i)].join('/') || '.';
}

export const readlink: CommandSpec = {
  name: 'readlink',
  summary: 'print resolved symbolic links or canonical file names',
  run(ctx) {
    let a;
    try {
      a = parseArgs('readlink', ctx.argv.slice(1), [
        { short: 'f', long: 'canonicalize', key: 'f' }, { short: 'e', long: 'canonicalize-existing', key: 'e' }, { short: 'm', long: 'canonicalize-missing', key: 'm' },
        { short: 'n', long: 'no-newline', key: 'n' }, { short: 'q', long: 'quiet', key: 'q' }, { short: 's', long: 'silent', key: 'q' },
        { short: 'v', long: 'verbose', key: 'v' }, { short: 'z', long: 'zero', key: 'z' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'readlink', e);
    }
    if (a.operands.length === 0) return usageError(ctx, 'readlink', 'missing operand');
    const can = CAN[lastOf(a.order, 'fem')];
    let newline = !a.flags.n;
    if (a.operands.length > 1 && a.flags.n) {
      ctx.stderr.write('readlink: ignoring --no-newline with multiple arguments\n');
      newline = true;
    }
    // Quiet unless -v (the last of -q, -s and -v wins).
    const verbose = lastOf(a.order, 'qv') === 'v';
    let status = 0;
    for (const f of a.operands) {
      let value: string | FsError;
      try {
        value = can ? canonicalize(ctx.fs, ctx.cwd, f, can) : ctx.fs.readlink!(ctx.fs.resolve(ctx.cwd, f));
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        value = e;
      }
      if (value instanceof FsError) {
        status = 1;
        if (verbose) ctx.stderr.write(`readlink: ${quotef(f)}: ${fsErrorText(value)}\n`);
        continue;
      }
      ctx.stdout.write(value + (newline ? (a.flags.z ? '\0' : '\n') : ''));
    }
    return status;
  },
};

export const realpath: CommandSpec = {
  name: 'realpath',
  summary: 'print the resolved path',
  run(ctx) {
    let a;
    try {
      a = parseArgs('realpath', ctx.argv.slice(1), [
        { short: 'e', long: 'canonicalize-existing', key: 'e' }, { short: 'm', long: 'canonicalize-missing', key: 'm' },
        { short: 's', long: 'strip', key: 's' }, { long: 'no-symlinks', key: 's' }, { short: 'P', long: 'physical', key: 'P' },
        { short: 'q', long: 'quiet', key: 'q' }, { short: 'z', long: 'zero', key: 'z' }, { long: 'relative-to', key: 'to', value: true },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'realpath', e);
    }
    if (a.operands.length === 0) return usageError(ctx, 'realpath', 'missing operand');
    const mode = CAN[lastOf(a.order, 'em') || 'f']!;
    const logical = lastOf(a.order, 'sP') === 's';
    const fail = (f: string, e: FsError) => ctx.stderr.write(`realpath: ${quotef(f)}: ${fsErrorText(e)}\n`);
    let base: string | undefined;
    if (typeof a.flags.to === 'string') {
      const to = canonicalize(ctx.fs, ctx.cwd, a.flags.to, mode, logical);
      if (to instanceof FsError) { fail(a.flags.to, to); return 1; }
      base = to;
    }
    let status = 0;
    for (const f of a.operands) {
      const value = canonicalize(ctx.fs, ctx.cwd, f, mode, logical);
      if (value instanceof FsError) {
        status = 1;
        if (!a.flags.q) fail(f, value);
        continue;
      }
      ctx.stdout.write((base === undefined ? value : relpath(value, base)) + (a.flags.z ? '\0' : '\n'));
    }
    return status;
  },
};

/** One link ln makes: its source as given, where it goes (`dest` as ln names it). */
interface LinkJob { source: string; dest: string }

export const ln: CommandSpec = {
  name: 'ln',
  summary: 'make links between files',
  run(ctx) {
    let a;
    try {
      a = parseArgs('ln', ctx.argv.slice(1), [
        { short: 's', long: 'symbolic', key: 's' }, { short: 'f', long: 'force', key: 'f' }, { short: 'n', long: 'no-dereference', key: 'n' },
        { short: 'v', long: 'verbose', key: 'v' }, { short: 'r', long: 'relative', key: 'r' }, { short: 'T', long: 'no-target-directory', key: 'T' },
        { short: 't', long: 'target-directory', key: 't', value: true }, { short: 'L', long: 'logical', key: 'L' }, { short: 'P', long: 'physical', key: 'P' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'ln', e);
    }
    const fs = ctx.fs;
    const abs = (p: string) => fs.resolve(ctx.cwd, p);
    const ops = a.operands;
    const into = typeof a.flags.t === 'string' ? a.flags.t : undefined;
    if (into !== undefined) {
      let st;
      try {
        st = fs.stat(abs(into));
        if (!st) throw new FsError('ENOENT', into);
      } catch (e) {
        ctx.stderr.write(`ln: failed to access ${sq(into)}: ${fsErrorText(e)}\n`);
        return 1;
      }
      if (st.type !== 'dir') { ctx.stderr.write(`ln: target ${sq(into)} is not a directory\n`); return 1; }
    }
    if (ops.length === 0) return usageError(ctx, 'ln', 'missing file operand');
    if (a.flags.r && !a.flags.s) { ctx.stderr.write('ln: cannot do --relative without --symbolic\n'); return 1; }
    // -L and -P: the last given says whether a hard link to a link is to the link itself (the default) or what it names.
    const logical = lastOf(a.order, 'LP') === 'L';
    let jobs: LinkJob[];
    const inDir = (dir: string) => ops.map((s) => ({ source: s, dest: `${dir.endsWith('/') ? dir : `${dir}/`}${basename(s)}` }));
    if (a.flags.T) {
      if (into !== undefined) { ctx.stderr.write('ln: cannot combine --target-directory and --no-target-directory\n'); return 1; }
      if (ops.length !== 2) return usageError(ctx, 'ln', ops.length < 2 ? `missing destination file operand after ${sq(ops[0])}` : `extra operand ${sq(ops[2])}`);
      jobs = [{ source: ops[0], dest: ops[1] }];
    } else if (into !== undefined) jobs = inDir(into);
    else if (ops.length === 1) jobs = inDir('.');
    else {
      // The last operand is a folder to link into when it is one (through a link unless -n).
      const dir = ops.pop()!;
      let st;
      let why: unknown;
      try {
        st = a.flags.n ? lstatOf(fs, abs(dir)) : fs.stat(abs(dir));
      } catch (e) {
        why = e;
      }
      if (st?.type === 'dir') jobs = inDir(dir);
      else if (ops.length === 1) jobs = [{ source: ops[0], dest: dir }];
      else {
        ctx.stderr.write(`ln: target ${sq(dir)}: ${fsErrorText(why ?? new FsError(st ? 'ENOTDIR' : 'ENOENT', dir))}\n`);
        return 1;
      }
    }
    let status = 0;
    for (const job of jobs) if (!makeLink(ctx, job, { symbolic: !!a.flags.s, force: !!a.flags.f, relative: !!a.flags.r, logical, verbose: !!a.flags.v })) status = 1;
    return status;
  },
};

/** do_link: one link, with ln's checks before replacing what is there (-f) and its words for each failure. */
function makeLink(ctx: ProcessContext, { source, dest }: LinkJob, opts: { symbolic: boolean; force: boolean; relative: boolean; logical: boolean; verbose: boolean }): boolean {
  const fs = ctx.fs;
  const destAbs = fs.resolve(ctx.cwd, dest);
  const fail = (text: string) => {
    ctx.stderr.write(`ln: ${text}\n`);
    return false;
  };
  let made = source;
  let existing: string | undefined;
  if (!opts.symbolic) {
    // A hard link's source must be there, and not a folder.
    const srcAbs = fs.resolve(ctx.cwd, source);
    try {
      const st = opts.logical ? fs.stat(srcAbs) : lstatOf(fs, srcAbs);
      if (!st) throw new FsError('ENOENT', srcAbs);
      if (st.type === 'dir') return fail(`${quotef(source)}: hard link not allowed for directory`);
      existing = opts.logical ? fs.realpath!(srcAbs) : srcAbs;
    } catch (e) {
      return fail(`failed to access ${sq(source)}: ${fsErrorText(e)}`);
    }
  } else if (opts.relative) {
    // convert_abs_rel: the source from the link's own folder, both canonical (missing parts allowed).
    const from = canonicalize(fs, ctx.cwd, source, 'missing');
    const at = canonicalize(fs, ctx.cwd, dirname(dest.startsWith('/') ? dest : `./${dest}`), 'missing');
    if (typeof from === 'string' && typeof at === 'string') made = relpath(from, at);
  }
  const create = () => (existing !== undefined ? fs.link!(existing, destAbs) : fs.symlink!(made, destAbs));
  let err: unknown;
  try {
    create();
  } catch (e) {
    err = e;
  }
  if (err instanceof FsError && err.code === 'EEXIST' && opts.force) {
    const old = lstatOf(fs, destAbs);
    if (old?.type === 'dir') return fail(`${quotef(dest)}: cannot overwrite directory`);
    // Replacing the destination by a link to itself would lose it (same_nameat).
    const self = fs.realpath?.(fs.resolve(ctx.cwd, made));
    if (old?.type !== 'link' && self !== undefined && self === fs.realpath?.(destAbs)) return fail(`${sq(made)} and ${sq(dest)} are the same file`);
    err = undefined;
    try {
      fs.remove(destAbs);
      create();
    } catch (e) {
      err = e;
    }
  }
  if (err !== undefined) {
    const why = fsErrorText(err);
    // An empty target gets both names (ln.c: `*source`).
    if (opts.symbolic) return fail(`failed to create symbolic link ${sq(dest)}${made ? '' : ` -> ${sq(made)}`}: ${why}`);
    return fail(`failed to create hard link ${sq(dest)}${(err as FsError).code === 'EEXIST' ? '' : ` => ${sq(source)}`}: ${why}`);
  }
  if (opts.verbose) ctx.stdout.write(`${sq(dest)} ${opts.symbolic ? '-' : '='}> ${sq(made)}\n`);
  return true;
}
