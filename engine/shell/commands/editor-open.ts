/**
 * vi/vim/nano: open a file in the terminal's full-screen editor (engine/shell/editor), which writes it when the user
 * writes and says what the real editor says about a file the user may not read or write. Loads on first use (lazy.ts).
 */
import type { CommandSpec, EditedFile, ProcessContext } from '../process.js';
import { ERRNO_TEXT, FsError } from '../vfs.js';

export const NO_FULL_SCREEN = (name: string) => `${name}: this terminal cannot open a full-screen editor (script mode); write files with cat <<EOF > FILE`;

/**
 * vim's :w! on a file the user may not write (bufwrite.c buf_write): one the user owns is made writable for the write
 * and given its mode back; another is removed and written anew with its mode, which works where the folder lets the
 * user remove it (the new file is the user's). Otherwise the write fails as it did (`refused`).
 */
function forcedWrite(ctx: ProcessContext, path: string, text: string, refused: FsError): void {
  const st = ctx.fs.stat(path);
  if (!st || !ctx.fs.chmod) throw refused;
  const mode = st.mode ?? 0o644;
  if (st.owner === ctx.fs.user) {
    ctx.fs.chmod(path, { mode: mode | 0o200 });
    try {
      ctx.fs.writeFile(path, text);
    } finally {
      ctx.fs.chmod(path, { mode });
    }
    return;
  }
  ctx.fs.remove(path);
  ctx.fs.writeFile(path, text);
  ctx.fs.chmod(path, { mode: mode & 0o777 });
}

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
          write: (text, force) => {
            try {
              try {
                ctx.fs.writeFile(path, text);
              } catch (e) {
                if (!(force && e instanceof FsError && e.code === 'EACCES')) throw e;
                forcedWrite(ctx, path, text, e);
              }
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

