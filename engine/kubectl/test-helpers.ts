/**
 * A minimal process context for running kubectl without the shell: an
 * in-memory filesystem, captured stdout/stderr, virtual-clock sleep. Used by
 * the kubectl tests (the shell has its own, full implementation).
 */
import type { Cluster } from '../cluster.js';
import type { FileStat, ProcessContext, VirtualFileSystem } from '../shell/process.js';
import { kubectl } from './index.js';

export class MemFS implements VirtualFileSystem {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/']);
  resolve(cwd: string, path: string): string {
    const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
    const parts: string[] = [];
    for (const p of abs.split('/')) {
      if (!p || p === '.') continue;
      if (p === '..') parts.pop();
      else parts.push(p);
    }
    return '/' + parts.join('/');
  }
  stat(path: string): FileStat | undefined {
    if (this.files.has(path)) return { type: 'file', size: this.files.get(path)!.length, mtimeMs: 0 };
    if (this.dirs.has(path)) return { type: 'dir', size: 0, mtimeMs: 0 };
    return undefined;
  }
  readFile(path: string): string | undefined {
    return this.files.get(path);
  }
  writeFile(path: string, content: string): void {
    this.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', true);
    this.files.set(path, content);
  }
  appendFile(path: string, content: string): void {
    this.writeFile(path, (this.files.get(path) ?? '') + content);
  }
  readDir(path: string): string[] | undefined {
    if (!this.dirs.has(path)) return undefined;
    const prefix = path === '/' ? '/' : path + '/';
    const out = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p !== path && p.startsWith(prefix)) out.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...out].sort();
  }
  mkdir(path: string, _recursive?: boolean): void {
    let cur = '';
    for (const p of path.split('/').filter(Boolean)) {
      cur += '/' + p;
      this.dirs.add(cur);
    }
  }
  remove(path: string): boolean {
    return this.files.delete(path) || this.dirs.delete(path);
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order written, as a terminal shows them. */
  output: string;
}

export interface Runner {
  fs: MemFS;
  env: Record<string, string>;
  /** Runs one kubectl command line (already split into words, without "kubectl"). */
  run(args: string[], opts?: { stdin?: string; abortAfterMs?: number }): Promise<RunResult>;
}

export function kubectlRunner(cluster: Cluster, fs = new MemFS()): Runner {
  const env: Record<string, string> = { HOME: '/root' };
  fs.mkdir('/root');
  return {
    fs,
    env,
    async run(args, opts = {}) {
      let stdout = '';
      let stderr = '';
      let output = '';
      const aborters: (() => void)[] = [];
      let aborted = false;
      const ctx: ProcessContext = {
        argv: ['kubectl', ...args],
        stdin: {
          readAll: async () => opts.stdin ?? '',
          async *lines() { for (const l of (opts.stdin ?? '').split('\n')) yield l; },
        },
        stdout: { write: (t) => { stdout += t; output += t; } },
        stderr: { write: (t) => { stderr += t; output += t; } },
        env: { ...env },
        cwd: '/root',
        fs,
        signal: {
          get aborted() { return aborted; },
          onAbort(fn) { aborters.push(fn); return () => { const i = aborters.indexOf(fn); if (i >= 0) aborters.splice(i, 1); }; },
        },
        cluster,
        sleep: (ms) => new Promise<void>((resolve) => { cluster.clock.schedule(ms, resolve); }),
        terminal: { isTTY: false, columns: 120, rows: 40 },
      };
      const p = Promise.resolve(kubectl.run(ctx));
      if (opts.abortAfterMs !== undefined) {
        cluster.clock.schedule(opts.abortAfterMs, () => { aborted = true; for (const f of [...aborters]) f(); });
        // Let the command start, then drive virtual time until it finishes.
        let done = false;
        void p.then(() => { done = true; });
        for (let i = 0; i < 10_000 && !done; i++) {
          await Promise.resolve();
          // A held clock waits for real work (a lazily loaded verb, help texts), as the shell's script driver does.
          if (cluster.clock.held()) { i--; await new Promise((r) => setTimeout(r, 0)); continue; }
          if (!done && !cluster.clock.step()) break;
        }
      }
      const code = await p;
      return { code, stdout, stderr, output };
    },
  };
}

/** The output of `line` in a `runScript` transcript: up to the next prompt (the runner ends unterminated output with a newline). */
export function outputOf(transcript: string, line: string): string {
  const start = transcript.indexOf(`$ ${line}\n`);
  if (start < 0) throw new Error(`the transcript has no line: ${line}`);
  const rest = transcript.slice(start + line.length + 3);
  const end = rest.indexOf('\n$ ');
  return end < 0 ? rest : rest.slice(0, end + 1);
}
