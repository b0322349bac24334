/** vi/vim/nano: open a file in the terminal's full-screen editor (engine/shell/editor) and save it back. */
import type { CommandSpec, EditedFile } from '../process.js';
import { ERRNO_TEXT, FsError } from '../vfs.js';
import { fsErrorText } from './util.js';

export const NO_FULL_SCREEN = (name: string) => `${name}: this terminal cannot open a full-screen editor (script mode); write files with cat <<EOF > FILE`;

function editor(name: string): CommandSpec {
  return {
    name,
    summary: name === 'nano' ? 'Nano\'s ANOther editor' : 'Vi IMproved, a programmer\'s text editor',
    async run(ctx) {
      const file = ctx.argv.slice(1).find((a) => !a.startsWith('-') && !a.startsWith('+'));
      if (!ctx.terminal.edit) {
        ctx.stderr.write(NO_FULL_SCREEN(name) + '\n');
        return 1;
      }
      const path = file ? ctx.fs.resolve(ctx.cwd, file) : '';
      let st;
      let content = '';
      // What the editor says on opening and does on writing (editor.ts): the file as this user may use it.
      let opened: EditedFile | undefined;
      let wrote = false;
      if (path) {
        opened = {
          name: file!,
          // vim names the file relative to the working folder in what it says after opening (fname shortening).
          shortName: path.startsWith(`${ctx.cwd}/`) ? path.slice(ctx.cwd.length + 1) : file!,
          write: (text) => {
            try {
              ctx.fs.writeFile(path, text);
              wrote = true;
              return undefined;
            } catch (e) {
              return e instanceof FsError ? ERRNO_TEXT[e.code] : (e as Error).message;
            }
          },
        };
        try {
          st = ctx.fs.stat(path);
          if (st?.type !== 'dir') content = (st && ctx.fs.readFile(path)) ?? '';
          if (!st) opened.state = 'new';
        } catch {
          opened.state = 'denied';
        }
        // vim: a file it could not read is 'readonly' too ("must use w! now", fileio.c readfile()).
        opened.readonly = opened.state === 'denied' || (!!st && !(ctx.fs.access?.(path, 2) ?? true));
      }
      if (st?.type === 'dir') {
        ctx.stderr.write(`${name}: ${file} is a directory\n`);
        return 1;
      }
      const saved = await ctx.terminal.edit(path || 'untitled', content, opened);
      // A terminal whose editor hands the text back instead of writing it as the user writes.
      if (saved !== null && !wrote) opened?.write(saved);
      return 0;
    },
  };
}

export const vi = editor('vi');
export const vim = editor('vim');
export const nano = editor('nano');

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
