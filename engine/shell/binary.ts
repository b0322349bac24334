/**
 * The node's programs as files (programs.ts writes them): each is a stand-in for its ELF binary, the 16 bytes of
 * an x86-64 ELF identification (so `cat` and `head -c4` show the magic) followed by the program it runs, as the
 * shell's registry names it, and the size of the real binary, which `ls -l` and `stat` report. Copying the file
 * (`cp`, `cat >`) copies what it is: the copy runs the same program and has the same size.
 *
 * How the shell finds a command by name is here too, so `type`, `which`, `command -v`, `hash`, completion and the
 * interpreter agree: bash's find_user_command walks PATH and takes the first executable regular file; a file
 * that is there but not executable is kept and answered if nothing better comes (exec then says "Permission denied").
 */
import type { VirtualFileSystem } from './process.js';

/** e_ident of a 64-bit little-endian System V ELF file. */
export const ELF_IDENT = '\x7fELF\x02\x01\x01' + '\0'.repeat(9);

/** The file's bytes for `program` (a registry name) whose real binary has `size` bytes (none: just these bytes). */
export function binaryText(program: string, size?: number): string {
  return `${ELF_IDENT}${program}\0${size ?? ''}`;
}

/** The program a stand-in runs and the size it stands for; undefined for any other content. */
export function binaryOf(content: string): { program: string; size?: number } | undefined {
  if (content.charCodeAt(0) !== 0x7f || !content.startsWith(ELF_IDENT)) return undefined;
  const rest = content.slice(ELF_IDENT.length);
  const nul = rest.indexOf('\0');
  const size = rest.slice(nul + 1);
  return nul > 0 && /^[0-9]*$/.test(size) ? { program: rest.slice(0, nul), size: size ? Number(size) : undefined } : undefined;
}

/** A data file of which only the size matters (etcd's preallocated WAL segments): NULs, then its size in bytes. */
const SIZED = '\0\0\0\0';
export const sizedText = (size: number): string => `${SIZED}${size}`;

/** The size `content` stands for (a program's or a sized file's), or undefined when it is its own bytes. */
export function standInSize(content: string): number | undefined {
  if (content.startsWith(SIZED) && /^\d+$/.test(content.slice(4))) return Number(content.slice(4));
  return binaryOf(content)?.size;
}

/** The Ubuntu login PATH (/etc/environment), which the learner's shell starts with. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Whether `p` is a regular file the user may execute (access(2) X_OK, and root needs some execute bit). */
export function executable(fs: VirtualFileSystem, p: string): boolean {
  try {
    const st = fs.stat(p);
    return st?.type === 'file' && ((st.mode ?? 0o644) & 0o111) !== 0 && (fs.access?.(p, 1) ?? true);
  } catch {
    return false;
  }
}

/**
 * Every file named `name` on `path` (bash's `type -a`), in PATH's order; with `first`, the first executable one, or
 * when none is, the first such file at all (find_user_command's file_to_lose_on). An empty PATH entry is `cwd`.
 */
export function searchPath(fs: VirtualFileSystem, path: string | undefined, cwd: string, name: string, first = true): string[] {
  const found: string[] = [];
  let fallback: string | undefined;
  for (const dir of (path ?? '').split(':')) {
    const p = `${dir === '' ? cwd : dir.replace(/\/+$/, '')}/${name}`;
    if (executable(fs, p)) {
      if (first) return [p];
      found.push(p);
    } else if (first && fallback === undefined) {
      try {
        if (fs.stat(p)?.type === 'file') fallback = p;
      } catch {
        // A folder on the way the user may not search: not there for them.
      }
    }
  }
  return first ? (fallback === undefined ? [] : [fallback]) : found;
}
