/**
 * File commands that share their error phrasing: touch, mkdir, rm, cp, mv, rmdir.
 * (One file for the family because they share one helper each; each is its own CommandSpec.)
 */
import type { CommandSpec, FileStat, ProcessContext } from '../process.js';
import { stdinIsTerminal, yesno } from './answer.js';
import { modeText } from './ls.js';
import { basename, FsError } from '../vfs.js';
import { fsErrorText, lstatOf, parseArgs, q, sq, usageError, usageFailure } from './util.js';
import { applyMode } from './perms.js';

const missing = (ctx: ProcessContext, name: string) => usageError(ctx, name, 'missing operand');

/**
 * The name coreutils shows for the file the kernel refused: the operand as typed (`typed`, which resolved to
 * `abs`), a file under it (rm -r) or a folder above it (mkdir -p) named the same way.
 */
function shown(typed: string, abs: string, failed: string): string {
  if (failed === abs) return typed;
  if (failed.startsWith(`${abs}/`)) return typed.replace(/\/+$/, '') + failed.slice(abs.length);
  const up = abs.split('/').length - failed.split('/').length;
  return up > 0 ? typed.split('/').slice(0, -up).join('/') || failed : failed;
}

export const touch: CommandSpec = {
  name: 'touch',
  summary: 'change file timestamps',
  run(ctx) {
    const ops = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (ops.length === 0) return missing(ctx, 'touch');
    let status = 0;
    for (const f of ops) {
      const p = ctx.fs.resolve(ctx.cwd, f);
      try {
        if (ctx.fs.stat(p)) (ctx.fs as { touch?: (p: string) => void }).touch?.(p);
        else ctx.fs.writeFile(p, '');
      } catch (e) {
        ctx.stderr.write(`touch: cannot touch ${sq(f)}: ${fsErrorText(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
};

export const mkdir: CommandSpec = {
  name: 'mkdir',
  summary: 'make directories',
  run(ctx) {
    let a;
    try {
      a = parseArgs('mkdir', ctx.argv.slice(1), [{ short: 'p', long: 'parents', key: 'p' }, { short: 'v', long: 'verbose', key: 'v' }, { short: 'm', long: 'mode', key: 'm', value: true }]);
    } catch (e) {
      return usageFailure(ctx, 'mkdir', e);
    }
    // -m MODE (mode_adjust over a=rwx): the folder gets exactly that mode, the umask only masking a clause without a
    // who; parents -p makes keep the usual mode.
    let mode: number | undefined;
    if (typeof a.flags.m === 'string') {
      mode = applyMode(a.flags.m, 0o777, true, (ctx.fs as { umask?: number }).umask);
      if (mode === undefined) {
        ctx.stderr.write(`mkdir: invalid mode ‘${a.flags.m}’\n`);
        return 1;
      }
    }
    if (a.operands.length === 0) return missing(ctx, 'mkdir');
    let status = 0;
    for (const d of a.operands) {
      const p = ctx.fs.resolve(ctx.cwd, d);
      try {
        ctx.fs.mkdir(p, !!a.flags.p);
        if (mode !== undefined) ctx.fs.chmod?.(p, { mode });
        if (a.flags.v) ctx.stdout.write(`mkdir: created directory ${q(d)}\n`);
      } catch (e) {
        // mkdir -p names the folder it could not make (`/etc/foo` of `/etc/foo/bar`).
        ctx.stderr.write(`mkdir: cannot create directory ${q(e instanceof FsError && e.code === 'EACCES' ? shown(d, p, e.path) : d)}: ${fsErrorText(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
};

/** rm's --interactive=WHEN words (rm.c's interactive_args), each with the mode it selects. */
const WHEN: [string, RmInteractive][] = [['never', 'never'], ['no', 'never'], ['none', 'never'], ['once', 'once'], ['always', 'always'], ['yes', 'always']];
type RmInteractive = 'never' | 'once' | 'always';

/**
 * rm's -f, -i, -I and --interactive[=WHEN]: the last one given wins (rm.c's main). Undefined: none given (rm.c's
 * RMI_SOMETIMES, which asks only about write-protected files on a terminal). The long option, whose argument is
 * optional, is taken out of `args` here; a WHEN that is no unambiguous abbreviation of a word is argmatch's error.
 */
function interactiveOption(args: string[]): { mode?: RmInteractive; rest: string[]; bad?: string } {
  let mode: RmInteractive | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { rest.push(...args.slice(i)); break; }
    const long = /^--(in[a-z]*)(?:=(.*))?$/.exec(a);
    if (long && 'interactive'.startsWith(long[1])) {
      const when = long[2];
      if (when === undefined) mode = 'always';
      else {
        const hits = WHEN.filter(([w]) => w.startsWith(when));
        const exact = WHEN.find(([w]) => w === when);
        const modes = new Set(hits.map(([, m]) => m));
        if (!exact && (when === '' || modes.size !== 1)) return { rest, bad: `invalid argument ${sq(when)} for '--interactive'\nValid arguments are:\n  - 'never', 'no', 'none'\n  - 'once'\n  - 'always', 'yes'` };
        mode = (exact ?? hits[0])[1];
      }
      continue;
    }
    if (/^--f/.test(a) && 'force'.startsWith(a.slice(2))) mode = 'never';
    else if (/^-[^-]/.test(a)) for (const c of a.slice(1)) mode = c === 'f' ? 'never' : c === 'i' ? 'always' : c === 'I' ? 'once' : mode;
    rest.push(a);
  }
  return { mode, rest };
}

/** What remove.c's prompt and excise answer for one entry. */
type RmStatus = 'ok' | 'accepted' | 'declined' | 'error';

/** file_type(): the words rm's questions use for a file. */
const fileType = (st: { type: string; size: number }) => (st.type === 'dir' ? 'directory' : st.type === 'link' ? 'symbolic link' : st.size === 0 ? 'regular empty file' : 'regular file');

export const rm: CommandSpec = {
  name: 'rm',
  summary: 'remove files or directories',
  async run(ctx) {
    const opt = interactiveOption(ctx.argv.slice(1));
    if (opt.bad) {
      return usageError(ctx, 'rm', opt.bad);
    }
    let a;
    try {
      a = parseArgs('rm', opt.rest, [
        { short: 'r', long: 'recursive', key: 'r' }, { short: 'R', key: 'r' }, { short: 'f', long: 'force', key: 'f' }, { short: 'v', long: 'verbose', key: 'v' },
        { short: 'i', key: 'i' }, { short: 'I', key: 'I' }, { short: 'd', long: 'dir', key: 'd' },
      ]);
    } catch (e) {
      return usageFailure(ctx, 'rm', e);
    }
    // -f also ignores missing files; a later -i or -I takes that back (rm.c's main).
    const interactive = opt.mode === 'once' ? undefined : opt.mode;
    const ignoreMissing = opt.mode === 'never';
    const recursive = !!a.flags.r;
    const n = a.operands.length;
    if (n === 0) {
      if (ignoreMissing) return 0;
      return missing(ctx, 'rm');
    }
    const ask = yesno(ctx);
    if (opt.mode === 'once' && (recursive || n > 3) && !(await ask(`rm: remove ${n} ${n === 1 ? 'argument' : 'arguments'}${recursive ? ' recursively' : ''}? `))) return 0;
    const stdinTty = stdinIsTerminal(ctx);
    let failed = false;
    const fail = (shown: string, why: string): RmStatus => {
      ctx.stderr.write(`rm: cannot remove ${sq(shown)}: ${why}\n`);
      failed = true;
      return 'error';
    };

    /**
     * remove.c's prompt(): with -i every entry, and on a terminal (not with -f) one the user may not write, is asked
     * about; a folder with entries twice, whether to descend into it and, once emptied, whether to remove it.
     */
    const prompt = async (abs: string, shown: string, st: FileStat, descend: boolean, empty: boolean): Promise<RmStatus> => {
      if (interactive === 'never') return 'ok';
      // write_protected_non_symlink: a link's permissions mean nothing, so only -i asks about one.
      const wp = (interactive === 'always' || stdinTty) && st.type !== 'link' && !(ctx.fs.access?.(abs, 2) ?? true);
      if (!wp && interactive !== 'always') return 'ok';
      const guarded = wp ? 'write-protected ' : '';
      const question = st.type === 'dir' && descend && !empty ? `descend into ${guarded}directory` : `remove ${guarded}${fileType(st)}`;
      return (await ask(`rm: ${question} ${sq(shown)}? `)) ? 'accepted' : 'declined';
    };

    const excise = (abs: string, shown: string, isDir: boolean): RmStatus => {
      try {
        ctx.fs.remove(abs, true);
      } catch (e) {
        return fail(shown, fsErrorText(e));
      }
      if (a.flags.v) ctx.stdout.write(`removed ${isDir ? 'directory ' : ''}${sq(shown)}\n`);
      return 'ok';
    };

    /**
     * rm_fts for one entry and, for a folder, what is under it first: a folder whose entry stayed (declined or
     * refused) is left without a question, as mark_ancestor_dirs does.
     */
    const visit = async (abs: string, shown: string, st: FileStat): Promise<RmStatus> => {
      if (st.type !== 'dir') {
        const p = await prompt(abs, shown, st, false, false);
        return p === 'declined' ? p : excise(abs, shown, false);
      }
      if (!recursive && !a.flags.d) return fail(shown, 'Is a directory');
      let names: string[];
      try {
        names = ctx.fs.readDir(abs) ?? [];
      } catch (e) {
        return fail(shown, fsErrorText(e));
      }
      if (!recursive && names.length > 0) return fail(shown, 'Directory not empty');
      const p = await prompt(abs, shown, st, true, names.length === 0);
      if (p === 'declined') return p;
      if (p === 'accepted' && names.length === 0) return excise(abs, shown, true);
      let kept = false;
      for (const name of names) {
        const child = `${abs === '/' ? '' : abs}/${name}`;
        const childShown = `${shown.replace(/\/+$/, '')}/${name}`;
        let cst;
        try {
          cst = lstatOf(ctx.fs, child);
        } catch (e) {
          kept = fail(childShown, fsErrorText(e)) !== 'ok' || kept;
          continue;
        }
        if (cst) kept = !/^(ok|accepted)$/.test(await visit(child, childShown, cst)) || kept;
      }
      if (kept) return 'declined';
      const again = await prompt(abs, shown, st, false, true);
      return again === 'declined' ? again : excise(abs, shown, true);
    };

    for (const f of a.operands) {
      const p = ctx.fs.resolve(ctx.cwd, f);
      let st;
      try {
        // rm removes a link, not what it names (unless a trailing slash has the kernel follow it).
        st = f.endsWith('/') ? ctx.fs.stat(p) : lstatOf(ctx.fs, p);
      } catch (e) {
        fail(f, fsErrorText(e));
        continue;
      }
      if (!st) {
        if (!ignoreMissing) fail(f, 'No such file or directory');
        continue;
      }
      await visit(p, f, st);
    }
    return failed ? 1 : 0;
  },
};

export const rmdir: CommandSpec = {
  name: 'rmdir',
  summary: 'remove empty directories',
  run(ctx) {
    const ops = ctx.argv.slice(1).filter((x) => !x.startsWith('-'));
    if (ops.length === 0) return missing(ctx, 'rmdir');
    let status = 0;
    for (const d of ops) {
      const p = ctx.fs.resolve(ctx.cwd, d);
      try {
        const st = ctx.fs.stat(p);
        if (!st) throw new FsError('ENOENT', p);
        if (st.type !== 'dir') throw new FsError('ENOTDIR', p);
        ctx.fs.remove(p, false);
      } catch (e) {
        ctx.stderr.write(`rmdir: failed to remove ${sq(d)}: ${fsErrorText(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
};

/**
 * What cp and mv do with a destination that exists (copy.h's Interactive_type): ask (-i), keep it and fail (mv -n,
 * I_ALWAYS_NO), keep it quietly (cp -n on Ubuntu 24.04, I_ALWAYS_SKIP), replace it without asking (mv -f), or, unset,
 * replace it (mv asks on a terminal when it is write-protected).
 */
type Clobber = 'ask' | 'no' | 'skip' | 'yes' | undefined;

interface CopyOptions {
  clobber: Clobber;
  /** cp -f: a destination that cannot be opened is removed and made anew (copy.c's unlink_dest_after_failed_open). */
  force: boolean;
  /** cp -p, -a: the copy keeps the source's mode; otherwise the source's mode less the umask, as open(2) makes it. */
  preserve: boolean;
  verbose: boolean;
  umask: number;
  ask(question: string): Promise<boolean>;
}

/**
 * copy.c's overwrite_ok: the question about an existing destination, with its mode when the user may not write it
 * (`replace …, overriding mode 0444 (r--r--r--)?` for mv and cp -f, `unwritable … try anyway?` for cp).
 */
function overwriteOk(ctx: ProcessContext, name: string, abs: string, shown: string, st: FileStat, replace: boolean, o: CopyOptions): Promise<boolean> {
  if (ctx.fs.access?.(abs, 2) ?? true) return o.ask(`${name}: overwrite ${sq(shown)}? `);
  const mode = st.mode ?? 0o644;
  const octal = (mode & 0o7777).toString(8).padStart(4, '0');
  const text = modeText(st.type, mode).slice(1);
  return o.ask(replace ? `${name}: replace ${sq(shown)}, overriding mode ${octal} (${text})? ` : `${name}: unwritable ${sq(shown)} (mode ${octal}, ${text}); try anyway? `);
}

/**
 * cp's copy of `from` (a file, or a folder with -r) to `to`; the copy is the caller's. A link is followed unless
 * `keep` (-r, -a, -P, -d: cp's DEREF_NEVER), which copies the link itself. False when an existing file was kept
 * because the user said no (cp then exits 1, saying nothing more).
 */
async function copyTree(ctx: ProcessContext, from: string, to: string, src: string, dst: string, o: CopyOptions, keep = false): Promise<boolean> {
  const st = (keep ? lstatOf(ctx.fs, from) : ctx.fs.stat(from))!;
  if (st.type === 'link') {
    try {
      // A file in the way is replaced (copy.c unlinks it first when the source is not a regular file).
      const old = lstatOf(ctx.fs, to);
      if (old && old.type !== 'dir') ctx.fs.remove(to);
      ctx.fs.symlink!(st.target!, to);
    } catch (e) {
      throw new CopyError(`cannot create symbolic link ${sq(dst)}: ${fsErrorText(e)}`);
    }
    return true;
  }
  const mode = (st.mode ?? (st.type === 'dir' ? 0o755 : 0o644)) & (o.preserve ? 0o7777 : 0o777 & ~o.umask);
  let existed;
  try {
    existed = ctx.fs.stat(to);
  } catch (e) {
    throw new CopyError(`cannot stat ${sq(dst)}: ${fsErrorText(e)}`);
  }
  if (st.type === 'file') {
    if (existed?.type === 'file') {
      if (o.clobber === 'skip') return true;
      if (o.clobber === 'ask' && !(await overwriteOk(ctx, 'cp', to, dst, existed, o.force, o))) return false;
    }
    let text;
    try {
      text = ctx.fs.readFile(from) ?? '';
    } catch (e) {
      throw new CopyError(`cannot open ${sq(src)} for reading: ${fsErrorText(e)}`);
    }
    try {
      try {
        ctx.fs.writeFile(to, text);
      } catch (e) {
        if (!(o.force && existed && e instanceof FsError && e.code === 'EACCES')) throw e;
        try {
          ctx.fs.remove(to);
        } catch (e2) {
          throw new CopyError(`cannot remove ${sq(dst)}: ${fsErrorText(e2)}`);
        }
        if (o.verbose) ctx.stdout.write(`removed ${sq(dst)}\n`);
        existed = undefined;
        ctx.fs.writeFile(to, text);
      }
    } catch (e) {
      if (e instanceof CopyError) throw e;
      throw new CopyError(`cannot create regular file ${sq(dst)}: ${fsErrorText(e)}`);
    }
    // A new file is created with the source's mode, which open(2) masks with the umask; an existing one keeps its own.
    if (!existed || o.preserve) ctx.fs.chmod?.(to, { mode });
    return true;
  }
  try {
    ctx.fs.mkdir(to, true);
    if (!existed || o.preserve) ctx.fs.chmod?.(to, { mode });
  } catch (e) {
    throw new CopyError(`cannot create directory ${sq(dst)}: ${fsErrorText(e)}`);
  }
  let names;
  try {
    names = ctx.fs.readDir(from) ?? [];
  } catch (e) {
    throw new CopyError(`cannot access ${sq(src)}: ${fsErrorText(e)}`);
  }
  let ok = true;
  for (const c of names) ok = (await copyTree(ctx, `${from}/${c}`, `${to}/${c}`, `${src}/${c}`, `${dst}/${c}`, o, keep)) && ok;
  return ok;
}

/** A copy's failure, already in cp's words. */
class CopyError extends Error {}

/**
 * Ubuntu 24.04's cp -n (Debian's coreutils 9.4-3, bug #1058752): upstream 9.4's `not replacing` failure is reverted
 * to skipping quietly, and every use of -n is warned about when the options are read.
 */
const CP_N_WARNING = 'cp: warning: behavior of -n is non-portable and may change in future; use --update=none instead\n';

const COPY_FLAGS = [{ short: 'f', long: 'force', key: 'f' }, { short: 'v', long: 'verbose', key: 'v' }, { short: 'i', long: 'interactive', key: 'i' }, { short: 'n', long: 'no-clobber', key: 'n' }];
const CP_FLAGS = [
  ...COPY_FLAGS, { short: 'r', long: 'recursive', key: 'r' }, { short: 'R', key: 'r' }, { short: 'a', long: 'archive', key: 'a' }, { short: 'p', key: 'p' },
  { short: 'P', long: 'no-dereference', key: 'P' }, { short: 'd', key: 'P' },
];

/** The last of -f, -i and -n (cp: of -i and -n), as cp.c's and mv.c's option loops leave x.interactive. */
function clobberOption(name: 'cp' | 'mv', args: string[]): Clobber {
  let c: Clobber;
  const set: Record<string, Clobber> = name === 'cp' ? { i: 'ask', n: 'skip' } : { i: 'ask', n: 'no', f: 'yes' };
  for (const a of args) {
    if (a === '--') break;
    const long = /^--([a-z-]+)$/.exec(a)?.[1];
    if (long) {
      const hit = ['interactive', 'no-clobber', 'force'].find((l) => l.startsWith(long));
      if (hit && set[hit === 'no-clobber' ? 'n' : hit[0]]) c = set[hit === 'no-clobber' ? 'n' : hit[0]];
    } else if (/^-[^-]/.test(a)) for (const ch of a.slice(1)) c = set[ch] ?? c;
  }
  return c;
}

function copyOrMove(name: 'cp' | 'mv'): CommandSpec {
  return {
    name,
    summary: name === 'cp' ? 'copy files and directories' : 'move (rename) files',
    async run(ctx) {
      let a;
      try {
        a = parseArgs(name, ctx.argv.slice(1), name === 'cp' ? CP_FLAGS : COPY_FLAGS);
      } catch (e) {
        return usageFailure(ctx, name, e);
      }
      const clobber = clobberOption(name, ctx.argv.slice(1));
      if (name === 'cp' && a.flags.n) ctx.stderr.write(CP_N_WARNING);
      const ops = a.operands;
      // cp follows links unless copying recursively or told not to; mv moves the link itself.
      const keep = name === 'mv' || !!(a.flags.r || a.flags.a || a.flags.P);
      if (ops.length === 0) return missing(ctx, name);
      if (ops.length === 1) return usageError(ctx, name, `missing destination file operand after ${q(ops[0])}`);
      const dest = ops[ops.length - 1];
      const destAbs = ctx.fs.resolve(ctx.cwd, dest);
      let destSt;
      try {
        destSt = ctx.fs.stat(destAbs);
      } catch (e) {
        ctx.stderr.write(`${name}: cannot stat ${sq(dest)}: ${fsErrorText(e)}\n`);
        return 1;
      }
      const destIsDir = destSt?.type === 'dir';
      if (ops.length > 2 && !destIsDir) {
        ctx.stderr.write(`${name}: target ${q(dest)}: ${destSt ? 'Not a directory' : 'No such file or directory'}\n`);
        return 1;
      }
      const o: CopyOptions = {
        clobber, force: !!a.flags.f, preserve: !!(a.flags.a || a.flags.p), verbose: !!a.flags.v,
        umask: (ctx.fs as { umask?: number }).umask ?? 0o022, ask: yesno(ctx),
      };
      let status = 0;
      for (const src of ops.slice(0, -1)) {
        const srcAbs = ctx.fs.resolve(ctx.cwd, src);
        // The target as coreutils names it: the destination, or the folder and the source's name.
        const shownTarget = destIsDir ? `${dest.replace(/\/+$/, '')}/${basename(srcAbs)}` : dest;
        try {
          const st = keep ? lstatOf(ctx.fs, srcAbs) : ctx.fs.stat(srcAbs);
          if (!st) throw new FsError('ENOENT', srcAbs);
          if (st.type === 'dir' && name === 'cp' && !a.flags.r && !a.flags.a) { ctx.stderr.write(`cp: -r not specified; omitting directory ${sq(src)}\n`); status = 1; continue; }
        } catch (e) {
          ctx.stderr.write(`${name}: cannot stat ${sq(src)}: ${fsErrorText(e)}\n`);
          status = 1;
          continue;
        }
        const target = destIsDir ? `${destAbs === '/' ? '' : destAbs}/${basename(srcAbs)}` : destAbs;
        try {
          if (target === srcAbs && clobber !== 'no' && clobber !== 'skip') throw new CopyError(`${sq(src)} and ${sq(shownTarget)} are the same file`);
          if (name === 'mv') {
            if (target.startsWith(`${srcAbs}/`)) throw new CopyError(`cannot move ${sq(src)} to a subdirectory of itself, ${sq(shownTarget)}`);
            // copy.c's abandon_move: -n keeps the destination; -i asks, and so does a terminal when it is write-protected.
            const existing = target === srcAbs ? undefined : ctx.fs.stat(target);
            if (existing && existing.type !== 'dir') {
              if (clobber === 'no') throw new CopyError(`not replacing ${sq(shownTarget)}`);
              if ((clobber === 'ask' || (clobber === undefined && stdinIsTerminal(ctx) && !(ctx.fs.access?.(target, 2) ?? true))) && !(await overwriteOk(ctx, 'mv', target, shownTarget, existing, true, o))) {
                status = 1;
                continue;
              }
            }
            try {
              // rename(2): the file keeps its owner and mode; both folders must be writable.
              if (ctx.fs.rename) ctx.fs.rename(srcAbs, target);
              else { await copyTree(ctx, srcAbs, target, src, shownTarget, o, true); ctx.fs.remove(srcAbs, true); }
            } catch (e) {
              if (e instanceof CopyError) throw e;
              throw new CopyError(`cannot move ${sq(src)} to ${sq(shownTarget)}: ${fsErrorText(e)}`);
            }
          } else if (!(await copyTree(ctx, srcAbs, target, src, shownTarget, o, keep))) {
            status = 1;
            continue;
          }
          if (a.flags.v) ctx.stdout.write(`${name === 'mv' ? 'renamed ' : ''}${sq(src)} -> ${sq(shownTarget)}\n`);
        } catch (e) {
          if (!(e instanceof CopyError)) throw e;
          ctx.stderr.write(`${name}: ${e.message}\n`);
          status = 1;
        }
      }
      return status;
    },
  };
}

export const cp = copyOrMove('cp');
export const mv = copyOrMove('mv');
