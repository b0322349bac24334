/**
 * A command's question to the person at the terminal (rm, cp and mv's prompts, kubeadm reset's [y/N]): whether
 * standard input is the terminal, and one answer line read from it or from the pipe or file that replaces it.
 * Loads with the commands that ask (files.ts, kubeadm.ts), never with the page.
 */
import type { ProcessContext } from '../process.js';
import { blockLineReader } from '../stdin-reader.js';
import { isatty } from './test.js';

/** isatty(0). */
export function stdinIsTerminal(ctx: ProcessContext): boolean {
  return isatty(ctx, 0);
}

/**
 * One line of input, without its newline, or null at end of input: typed at the terminal when standard input is
 * the terminal's (in `kubelab script` nobody types, so that is end of input), else read from standard input, which
 * the line's other commands share (stdin-reader.ts: a pipe's block is this command's, `read` after it gets what is
 * left). One reader per command run, so a second question reads on from its buffer (rm -i a b). `seeksBack`: a stdio
 * program (rm, find), which gives a file's rest back to the next command at exit; kubeadm and su's PAM do not.
 */
export function lineReader(ctx: ProcessContext, seeksBack = false): () => Promise<string | null> {
  let read: (() => Promise<string | null>) | undefined;
  return async () => {
    if (stdinIsTerminal(ctx)) {
      if (!ctx.terminal.interactive) return null;
      let answer: string | null = null;
      await ctx.terminal.interactive('', async (line) => ((answer = line), null));
      return answer;
    }
    read ??= blockLineReader(ctx.stdin, seeksBack);
    return read();
  };
}

/**
 * gnulib's yesno(): prints `question` on stderr, reads a line and answers whether it matches the locale's
 * yes-expression, `^[yY]` in the C.UTF-8 locale the node's shell has (rpmatch; glibc's C locale YESEXPR).
 * End of input is no.
 */
export function yesno(ctx: ProcessContext): (question: string) => Promise<boolean> {
  const read = lineReader(ctx, true);
  return async (question) => {
    ctx.stderr.write(question);
    return /^[yY]/.test((await read()) ?? '');
  };
}
