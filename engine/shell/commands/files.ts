/**
 * File commands that share their error phrasing: touch, mkdir, rm, cp, mv, rmdir.
 * (One file for the family because they share one helper each; each is its own CommandSpec.)
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { basename, FsError } from '../vfs.js';
import { fsErrorText, lstatOf, parseArgs, q, sq, usageFailure } from './util.js';

const missing = (ctx: ProcessContext, name: string) => {
  ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
  return 1;
};

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
      a = parseArgs('mkdir', ctx.argv.slice(1), [{ short: 'p', long: 'parents', key: 'p' }, { short: 'v', long: 'verbose', key: 'v' }]);
    } catch (e) {
      return usageFailure(ctx, 'mkdir', e);
    }
    if (a.operands.length === 0) return missing(ctx, 'mkdir');
    let status = 0;
    for (const d of a.operands) {
      const p = ctx.fs.resolve(ctx.cwd, d);
      try {
        ctx.fs.mkdir(p, !!a.flags.p);
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

export const rm: CommandSpec = {
  name: 'rm',
  summary: 'remove files or directories',
  run(ctx) {
    let a;
    try {
      a = parseArgs('rm', ctx.argv.slice(1), [{ short: 'r', long: 'recursive', key: 'r' }, { short: 'R', key: 'r' }, { short: 'f', long: 'force', key: 'f' }, { short: 'v', long: 'verbose', key: 'v' }, { short: 'i', key: 'i' }]);
    } catch (e) {
      return usageFailure(ctx, 'rm', e);
    }
    if (a.operands.length === 0) {
      if (a.flags.f) return 0;
      return missing(ctx, 'rm');
    }
    let status = 0;
    for (const f of a.operands) {
      const p = ctx.fs.resolve(ctx.cwd, f);
      try {
        // rm removes a link, not what it names (unless a trailing slash has the kernel follow it).
        const st = f.endsWith('/') ? ctx.fs.stat(p) : lstatOf(ctx.fs, p);
        if (!st) {
          if (!a.flags.f) { ctx.stderr.write(`rm: cannot remove ${sq(f)}: No such file or directory\n`); status = 1; }
          continue;
        }
        if (st.type === 'dir' && !a.flags.r) { ctx.stderr.write(`rm: cannot remove ${sq(f)}: Is a directory\n`); status = 1; continue; }
      } catch (e) {
        ctx.stderr.write(`rm: cannot remove ${sq(f)}: ${fsErrorText(e)}\n`);
        status = 1;
        continue;
      }
      if (!removeTree(ctx, p, f, !!a.flags.v)) status = 1;
    }
    return status;
  },
};

/**
 * rm -r's walk: a folder's entries first (each refused one reported: write on its folder, and in /tmp, which is
 * sticky, owning the file), then the folder itself once it is empty. False when something stayed.
 */
function removeTree(ctx: ProcessContext, abs: string, typed: string, verbose: boolean): boolean {
  let ok = true;
  let names: string[] = [];
  let isDir = false;
  try {
    isDir = lstatOf(ctx.fs, abs)?.type === 'dir';
    if (isDir) names = ctx.fs.readDir(abs) ?? [];
  } catch (e) {
    ctx.stderr.write(`rm: cannot remove ${sq(typed)}: ${fsErrorText(e)}\n`);
    return false;
  }
  for (const n of names) ok = removeTree(ctx, `${abs === '/' ? '' : abs}/${n}`, `${typed.replace(/\/+$/, '')}/${n}`, verbose) && ok;
  if (!ok) return false;
  try {
    ctx.fs.remove(abs, true);
  } catch (e) {
    ctx.stderr.write(`rm: cannot remove ${sq(typed)}: ${fsErrorText(e)}\n`);
    return false;
  }
  if (verbose) ctx.stdout.write(`removed ${isDir ? 'directory ' : ''}${sq(typed)}\n`);
  return true;
}

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
 * cp's copy of `from` (a file, or a folder with -r) to `to`: the copy is the caller's, with the source's mode. A link
 * is followed unless `keep` (-r, -a, -P, -d: cp's DEREF_NEVER), which copies the link itself.
 */
function copyTree(ctx: ProcessContext, from: string, to: string, src: string, dst: string, keep = false): void {
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
    return;
  }
  if (st.type === 'file') {
    let text;
    try {
      text = ctx.fs.readFile(from) ?? '';
    } catch (e) {
      throw new CopyError(`cannot open ${sq(src)} for reading: ${fsErrorText(e)}`);
    }
    const existed = ctx.fs.stat(to);
    try {
      ctx.fs.writeFile(to, text);
    } catch (e) {
      throw new CopyError(`cannot create regular file ${sq(dst)}: ${fsErrorText(e)}`);
    }
    if (!existed && st.mode !== undefined) ctx.fs.chmod?.(to, { mode: st.mode & 0o777 });
    return;
  }
  try {
    ctx.fs.mkdir(to, true);
  } catch (e) {
    throw new CopyError(`cannot create directory ${sq(dst)}: ${fsErrorText(e)}`);
  }
  let names;
  try {
    names = ctx.fs.readDir(from) ?? [];
  } catch (e) {
    throw new CopyError(`cannot access ${sq(src)}: ${fsErrorText(e)}`);
  }
  for (const c of names) copyTree(ctx, `${from}/${c}`, `${to}/${c}`, `${src}/${c}`, `${dst}/${c}`, keep);
}

/** A copy's failure, already in cp's words. */
class CopyError extends Error {}

function copyOrMove(name: 'cp' | 'mv'): CommandSpec {
  return {
    name,
    summary: name === 'cp' ? 'copy files and directories' : 'move (rename) files',
    run(ctx) {
      let a;
      try {
        a = parseArgs(name, ctx.argv.slice(1), [{ short: 'r', long: 'recursive', key: 'r' }, { short: 'R', key: 'r' }, { short: 'f', long: 'force', key: 'f' }, { short: 'v', long: 'verbose', key: 'v' }, { short: 'a', long: 'archive', key: 'r' }, { short: 'i', key: 'i' }, { short: 'P', long: 'no-dereference', key: 'P' }, { short: 'd', key: 'P' }]);
      } catch (e) {
        return usageFailure(ctx, name, e);
      }
      const ops = a.operands;
      // cp follows links unless copying recursively or told not to; mv moves the link itself.
      const keep = name === 'mv' || !!(a.flags.r || a.flags.P);
      if (ops.length === 0) return missing(ctx, name);
      if (ops.length === 1) {
        ctx.stderr.write(`${name}: missing destination file operand after ${q(ops[0])}\nTry '${name} --help' for more information.\n`);
        return 1;
      }
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
      let status = 0;
      for (const src of ops.slice(0, -1)) {
        const srcAbs = ctx.fs.resolve(ctx.cwd, src);
        // The target as coreutils names it: the destination, or the folder and the source's name.
        const shownTarget = destIsDir ? `${dest.replace(/\/+$/, '')}/${basename(srcAbs)}` : dest;
        try {
          const st = keep ? lstatOf(ctx.fs, srcAbs) : ctx.fs.stat(srcAbs);
          if (!st) throw new FsError('ENOENT', srcAbs);
          if (st.type === 'dir' && name === 'cp' && !a.flags.r) { ctx.stderr.write(`cp: -r not specified; omitting directory ${sq(src)}\n`); status = 1; continue; }
        } catch (e) {
          ctx.stderr.write(`${name}: cannot stat ${sq(src)}: ${fsErrorText(e)}\n`);
          status = 1;
          continue;
        }
        const target = destIsDir ? `${destAbs === '/' ? '' : destAbs}/${basename(srcAbs)}` : destAbs;
        try {
          if (name === 'mv') {
            if (target === srcAbs) throw new CopyError(`${sq(src)} and ${sq(shownTarget)} are the same file`);
            if (target.startsWith(`${srcAbs}/`)) throw new CopyError(`cannot move ${sq(src)} to a subdirectory of itself, ${sq(shownTarget)}`);
            try {
              // rename(2): the file keeps its owner and mode; both folders must be writable.
              if (ctx.fs.rename) ctx.fs.rename(srcAbs, target);
              else { copyTree(ctx, srcAbs, target, src, shownTarget, true); ctx.fs.remove(srcAbs, true); }
            } catch (e) {
              if (e instanceof CopyError) throw e;
              throw new CopyError(`cannot move ${sq(src)} to ${sq(shownTarget)}: ${fsErrorText(e)}`);
            }
          } else copyTree(ctx, srcAbs, target, src, shownTarget, keep);
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
