/** less/more (vi, vim and nano, which load on first use, are editor-open.ts). */
import type { CommandSpec } from '../process.js';
import { FsError } from '../vfs.js';
import { fsErrorText } from './util.js';

/** less/more: without a pager in the page, print the whole file (as `less` does when output is not a terminal). */
export function pager(name: string): CommandSpec {
  return {
    name,
    summary: 'opposite of more',
    async run(ctx) {
      const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
      if (files.length === 0) { ctx.stdout.write(await ctx.stdin.readAll()); return 0; }
      let status = 0;
      for (const f of files) {
        let t;
        try {
          t = ctx.fs.readFile(ctx.fs.resolve(ctx.cwd, f));
          if (t === undefined) throw new FsError('ENOENT', f);
        } catch (e) {
          ctx.stderr.write(`${f}: ${fsErrorText(e)}\n`);
          status = 1;
          continue;
        }
        ctx.stdout.write(t);
      }
      return status;
    },
  };
}
export const less = pager('less');
export const more = pager('more');
