/**
 * Tab completion: command names in command position, otherwise the command's
 * own completer (kubectl's verbs, kinds, names via CommandSpec.complete), and
 * file names as the fallback, as bash-completion does.
 */
import { BUILTINS } from './builtins.js';
import { executable } from './binary.js';
import type { VirtualFileSystem } from './process.js';
import { KEYWORDS } from './parser.js';
import type { Completion } from './line-editor.js';
import type { Session } from './session.js';

const BREAK = /[\s;|&()<>]/;

export function completeLine(outer: Session, line: string, cursor: number): Completion {
  // Logged in elsewhere (`ssh`, `sudo -i`), the word is completed in that shell: its directory, names and files.
  const session = outer.foreground;
  let start = cursor;
  while (start > 0 && !BREAK.test(line[start - 1])) start--;
  const word = line.slice(start, cursor);
  const before = line.slice(0, start);
  const segment = before.split(/&&|\|\||[;|(]/).pop() ?? '';
  const sh = session.shell;
  if (segment.trim() === '' && !word.includes('/')) {
    const names = new Set([...commandFiles(sh.fs, sh.getVar('PATH'), sh.cwd), ...Object.keys(BUILTINS), ...sh.aliases.keys(), ...sh.functions.keys(), ...[...KEYWORDS].filter((k) => /^[a-z]/.test(k))]);
    return { start, candidates: [...names].filter((n) => n.startsWith(word)).sort() };
  }
  const words = segment.trim().split(/\s+/).filter(Boolean);
  let cmd = words[0];
  const alias = cmd !== undefined ? sh.aliases.get(cmd) : undefined;
  if (alias) {
    const aw = alias.trim().split(/\s+/);
    cmd = aw[0];
    words.splice(0, 1, ...aw);
  }
  const spec = cmd ? session.registry.get(cmd) : undefined;
  if (spec?.complete) {
    try {
      const got = spec.complete([...words, word], { cluster: session.cluster!, fs: session.fs, cwd: sh.cwd });
      const filtered = got.filter((c) => c.startsWith(word));
      if (filtered.length) return { start, candidates: [...new Set(filtered)].sort() };
    } catch {
      // A completer's failure must not break typing; fall back to file names.
    }
  }
  return { start, candidates: completePath(session, word) };
}

/** The executable files in PATH's folders: the programs a name in command position may be (bash's command completion). */
function commandFiles(fs: VirtualFileSystem, path: string | undefined, cwd: string): string[] {
  const names: string[] = [];
  for (const dir of (path ?? '').split(':')) {
    const d = dir || cwd;
    try {
      for (const n of fs.readDir(d) ?? []) if (executable(fs, `${d === '/' ? '' : d}/${n}`)) names.push(n);
    } catch {
      // A folder the user may not read completes nothing.
    }
  }
  return names;
}

export function completePath(session: Session, word: string): string[] {
  const sh = session.shell;
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const partial = word.slice(slash + 1);
  const home = sh.getVar('HOME') ?? '/';
  // What the learner may list (sh.fs is the learner's view): a folder it cannot read completes nothing.
  const dirAbs = sh.fs.resolve(sh.cwd, dirPart.startsWith('~') ? home + dirPart.slice(1) : dirPart || '.');
  try {
    return (sh.fs.readDir(dirAbs) ?? [])
      .filter((e) => e.startsWith(partial) && (partial.startsWith('.') || !e.startsWith('.')))
      .map((e) => dirPart + e + (sh.fs.stat(`${dirAbs === '/' ? '' : dirAbs}/${e}`)?.type === 'dir' ? '/' : ''));
  } catch {
    return [];
  }
}
