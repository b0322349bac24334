/**
 * A container's text filters (busybox's applets; a Debian image's coreutils, sed and mawk): `seq`, `sort`,
 * `uniq -c`, `cut`, `tr`, `sed`, `awk`, `base64 -d`, `tee` … in the lines learners type inside a pod, such as
 * `for i in $(seq 10); do wget -qO- web; done | sort | uniq -c` to see a Service spread its requests.
 *
 * They run the node shell's implementations of the same tools (engine/shell/commands): on valid input the
 * GNU tools, busybox's applets and mawk print the same bytes, so one implementation serves all three. The
 * container shell's pipes hand each stage its whole input as text, and these filters never wait on the virtual
 * clock, so one runs to its end while the shell's driver holds the clock (a `load` step), like code loading.
 *
 * Loaded on first use (shell.ts), with the node shell's lazily loaded tools behind it.
 */
import { ContainerFS } from './container-fs.js';
import type { CommandSpec, Input, ProcessContext, VirtualFileSystem } from '../shell/process.js';
import { StringInput } from '../shell/streams.js';
import { FsError } from '../shell/vfs.js';
import { base64, tee } from '../shell/commands/misc.js';
import { awk, basename, cut, dirname, paste, rev, sed, seq, sort, tac, tr, uniq } from '../shell/commands/lazy.js';

/** The filters this module runs, by name; an image has one only if its catalogue entry lists the binary. */
const TOOLS: Record<string, CommandSpec> = {
  awk, base64, basename, cut, dirname, paste, rev, sed, seq, sort, tac, tee, tr, uniq,
};

export const TEXT_TOOLS: ReadonlySet<string> = new Set(Object.keys(TOOLS));

export interface TextToolResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** A write into a directory that does not exist fails (tee /nope/x), where ContainerFS.write would make it. */
function writeIn(fs: ContainerFS, p: string, content: string): void {
  const dir = p.slice(0, p.lastIndexOf('/')) || '/';
  if (!fs.dirs.has(dir)) throw new FsError('ENOENT', p);
  if (fs.dirs.has(p)) throw new FsError('EISDIR', p);
  fs.write(p, content);
}

/** The container's files as the node tools' file system: what `cut -d: -f1 /etc/passwd` or `tee /tmp/x` touch. */
function containerFiles(fs: ContainerFS, read: (path: string) => string | undefined): VirtualFileSystem {
  return {
    resolve: (cwd, p) => ContainerFS.normalize(cwd, p),
    stat(p) {
      const text = read(p);
      if (text !== undefined) return { type: 'file', size: text.length, mtimeMs: 0 };
      return fs.dirs.has(p) ? { type: 'dir', size: 4096, mtimeMs: 0 } : undefined;
    },
    readFile: read,
    writeFile: (p, content) => writeIn(fs, p, content),
    appendFile: (p, content) => writeIn(fs, p, (fs.files.get(p) ?? '') + content),
    readDir: (p) => (fs.dirs.has(p) ? fs.list(p) : undefined),
    mkdir: (p) => fs.mkdirp(p),
    remove: (p) => fs.files.delete(p),
  };
}

const NEVER_ABORTED = { aborted: false, onAbort: () => () => {} };

/**
 * busybox's applets word a file they cannot open their own way (checked with busybox 1.35 on this machine):
 * mostly `TOOL: FILE: ERROR`, uniq's `can't open 'FILE'`, and sed and awk exit 1 where GNU sed and mawk exit 2.
 */
const BUSYBOX_OPEN_ERRORS: [RegExp, string, number?][] = [
  [/^sort: cannot read: (.*)$/gm, 'sort: $1'],
  [/^uniq: (.*): (No such file or directory|Is a directory)$/gm, "uniq: can't open '$1': $2"],
  [/^sed: can't read (.*)$/gm, 'sed: $1', 1],
  [/^awk: cannot open (.*) \((.*)\)$/gm, 'awk: $1: $2', 1],
  [/^tac: failed to open '(.*)' for reading: (.*)$/gm, 'tac: $1: $2'],
  [/^rev: cannot open (.*)$/gm, 'rev: $1'],
];

/** The node's GNU texts as the image's own tools print them: busybox's wording, or GNU's in the C locale (no locale is set in an image: ASCII quotes). */
function asImagePrints(tool: string, r: TextToolResult, flavour: 'busybox' | 'bash'): TextToolResult {
  if (r.stderr === '') return r;
  if (flavour === 'bash') return { ...r, stderr: r.stderr.replace(/[‘’]/g, "'") };
  let { stderr, status } = r;
  for (const [re, to, code] of BUSYBOX_OPEN_ERRORS) {
    if (!re.source.startsWith(`^${tool}:`)) continue;
    const next = stderr.replace(re, to);
    if (next !== stderr && code !== undefined && status !== 0) status = code;
    stderr = next;
  }
  return { ...r, stderr, status };
}

/**
 * Runs filter `argv[0]` over `stdin` in the container whose files are `fs` (`read` also sees other processes'
 * roots). Never rejects: whatever the tool throws becomes its stderr and status 2, as a crashed process.
 */
export async function runTextTool(argv: string[], stdin: string, env: Record<string, string>, cwd: string, fs: ContainerFS, read: (path: string) => string | undefined, flavour: 'busybox' | 'bash'): Promise<TextToolResult> {
  let stdout = '';
  let stderr = '';
  try {
    const spec = TOOLS[argv[0]];
    const input: Input = new StringInput(stdin);
    const ctx = {
      argv,
      stdin: input,
      stdout: { write: (t: string) => { stdout += t; } },
      stderr: { write: (t: string) => { stderr += t; } },
      env,
      cwd,
      fs: containerFiles(fs, read),
      signal: NEVER_ABORTED,
      // The shell's driver holds the virtual clock for the whole run (see the module comment).
      hold: () => () => {},
      sleep: async () => {},
      terminal: { isTTY: false, columns: 80, rows: 24 },
    } as unknown as ProcessContext;
    const status = await spec.run(ctx);
    return asImagePrints(argv[0], { stdout, stderr, status }, flavour);
  } catch (e) {
    return { stdout, stderr: stderr + `${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`, status: 2 };
  }
}
