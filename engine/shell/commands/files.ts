/**
 * File commands that share their error phrasing: touch, mkdir, rm, cp, mv, rmdir.
 * (One file for the family because they share one helper each; each is its own CommandSpec.)
 */
import type { CommandSpec, ProcessContext } from '../process.js';
import { basename, FsError, ERRNO_TEXT } from '../vfs.js';
import { parseArgs, q, sq, usageFailure } from './util.js';

const missing = (ctx: ProcessContext, name: string) => {
  ctx.stderr.write(`${name}: missing operand\nTry '${name} --help' for more information.\n`);
  return 1;
};

export const touch: CommandSpec = {
  name: 'touch',
  summary: 'change file timestamps',
  run(ctx) {
    const ops = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (ops.length === 0) return missing(ctx, 'touch');
    let status = 0;
    for (const f of ops) {
      const p = ctx.fs.resolve(ctx.cwd, f);
      if (ctx.fs.stat(p)) { (ctx.fs as { touch?: (p: string) => void }).touch?.(p); continue; }
      try {
        ctx.fs.writeFile(p, '');
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        ctx.stderr.write(`touch: cannot touch ${sq(f)}: ${ERRNO_TEXT[e.code]}\n`);
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
      try {
        ctx.fs.mkdir(ctx.fs.resolve(ctx.cwd, d), !!a.flags.p);
        if (a.flags.v) ctx.stdout.write(`mkdir: created directory ${q(d)}\n`);
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        ctx.stderr.write(`mkdir: cannot create directory ${q(d)}: ${ERRNO_TEXT[e.code]}\n`);
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
      const st = ctx.fs.stat(p);
      if (!st) {
        if (!a.flags.f) { ctx.stderr.write(`rm: cannot remove ${sq(f)}: No such file or directory\n`); status = 1; }
        continue;
      }
      if (st.type === 'dir' && !a.flags.r) { ctx.stderr.write(`rm: cannot remove ${sq(f)}: Is a directory\n`); status = 1; continue; }
      ctx.fs.remove(p, true);
      if (a.flags.v) ctx.stdout.write(`removed ${sq(f)}\n`);
    }
    return status;
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
      const st = ctx.fs.stat(p);
      try {
        if (!st) throw new FsError('ENOENT', p);
        if (st.type !== 'dir') throw new FsError('ENOTDIR', p);
        ctx.fs.remove(p, false);
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        ctx.stderr.write(`rmdir: failed to remove ${sq(d)}: ${ERRNO_TEXT[e.code]}\n`);
        status = 1;
      }
    }
    return status;
  },
};

function copyTree(ctx: ProcessContext, from: string, to: string): void {
  const st = ctx.fs.stat(from)!;
  if (st.type === 'file') { ctx.fs.writeFile(to, ctx.fs.readFile(from) ?? ''); return; }
  ctx.fs.mkdir(to, true);
  for (const c of ctx.fs.readDir(from) ?? []) copyTree(ctx, `${from}/${c}`, `${to}/${c}`);
}

function copyOrMove(name: 'cp' | 'mv'): CommandSpec {
  return {
    name,
    summary: name === 'cp' ? 'copy files and directories' : 'move (rename) files',
    run(ctx) {
      let a;
      try {
        a = parseArgs(name, ctx.argv.slice(1), [{ short: 'r', long: 'recursive', key: 'r' }, { short: 'R', key: 'r' }, { short: 'f', long: 'force', key: 'f' }, { short: 'v', long: 'verbose', key: 'v' }, { short: 'a', long: 'archive', key: 'r' }, { short: 'i', key: 'i' }]);
      } catch (e) {
        return usageFailure(ctx, name, e);
      }
      const ops = a.operands;
      if (ops.length === 0) return missing(ctx, name);
      if (ops.length === 1) {
        ctx.stderr.write(`${name}: missing destination file operand after ${q(ops[0])}\nTry '${name} --help' for more information.\n`);
        return 1;
      }
      const dest = ops[ops.length - 1];
      const destAbs = ctx.fs.resolve(ctx.cwd, dest);
      const destIsDir = ctx.fs.stat(destAbs)?.type === 'dir';
      if (ops.length > 2 && !destIsDir) {
        ctx.stderr.write(`${name}: target ${q(dest)}: ${ctx.fs.stat(destAbs) ? 'Not a directory' : 'No such file or directory'}\n`);
        return 1;
      }
      let status = 0;
      for (const src of ops.slice(0, -1)) {
        const srcAbs = ctx.fs.resolve(ctx.cwd, src);
        const st = ctx.fs.stat(srcAbs);
        if (!st) { ctx.stderr.write(`${name}: cannot stat ${sq(src)}: No such file or directory\n`); status = 1; continue; }
        if (st.type === 'dir' && name === 'cp' && !a.flags.r) { ctx.stderr.write(`cp: -r not specified; omitting directory ${sq(src)}\n`); status = 1; continue; }
        const target = destIsDir ? `${destAbs === '/' ? '' : destAbs}/${basename(srcAbs)}` : destAbs;
        try {
          copyTree(ctx, srcAbs, target);
          if (name === 'mv') ctx.fs.remove(srcAbs, true);
          if (a.flags.v) ctx.stdout.write(`${name === 'mv' ? 'renamed ' : ''}${sq(src)} -> ${sq(destIsDir ? `${dest.replace(/\/$/, '')}/${basename(srcAbs)}` : dest)}\n`);
        } catch (e) {
          if (!(e instanceof FsError)) throw e;
          ctx.stderr.write(`${name}: cannot create regular file ${sq(dest)}: ${ERRNO_TEXT[e.code]}\n`);
          status = 1;
        }
      }
      return status;
    },
  };
}

export const cp = copyOrMove('cp');
export const mv = copyOrMove('mv');
