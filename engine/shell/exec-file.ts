/**
 * What execve(2) and bash (execute_cmd.c's shell_execve) do with a file that is not one of the node's programs,
 * loaded the first time one is run: a file that is missing, a folder or not executable fails with bash 5.2's text
 * and status; a `#!` script runs its interpreter (itself a file found as the kernel finds it) with its optional
 * argument, the script's path and the arguments; a text file with no `#!` is run by bash itself in a child, as
 * bash does on ENOEXEC; a binary it cannot run is "cannot execute binary file".
 */
import { binaryOf, executable } from './binary.js';
import { BUILTINS } from './builtins.js';
import { KUBELET_VERSION } from '../kubelet/node-status.js';
import type { Shell, ShellIO } from './interpreter.js';
import { ERRNO_TEXT, FsError, machineFiles } from './vfs.js';

/** Linux's BINPRM_MAX_RECURSION: interpreters of interpreters, at most four deep (ELOOP beyond). */
const MAX_INTERPRETERS = 4;

const depth = new WeakMap<ShellIO, number>();

/** Multi-call binaries: the program each name runs (vim.basic through its vi and vim links; iptables-nft's). */
const MULTI_CALL: Record<string, Record<string, string>> = {
  'vim.basic': { vi: 'vi', vim: 'vim', 'vim.basic': 'vim' },
  killall5: { pidof: 'pidof' },
  'xtables-nft-multi': { iptables: 'iptables', 'iptables-nft': 'iptables', 'iptables-save': 'iptables-save', 'iptables-nft-save': 'iptables-save' },
};

export async function execFile(sh: Shell, path: string, p: string, argv: string[], io: ShellIO): Promise<number> {
  const fail = (text: string, status: number) => {
    io.stderr.write(`${sh.errorPrefix()}${path}: ${text}\n`);
    return status;
  };
  let st;
  try {
    st = sh.fs.stat(p);
  } catch (e) {
    return fail(e instanceof FsError ? ERRNO_TEXT[e.code] : ERRNO_TEXT.EACCES, 126);
  }
  if (!st) return fail(ERRNO_TEXT.ENOENT, 127);
  if (st.type === 'dir') return fail(ERRNO_TEXT.EISDIR, 126);
  if (!executable(sh.fs, p)) return fail(ERRNO_TEXT.EACCES, 126);
  const text = machineFiles(sh.fs).readFile(p) ?? '';
  const bin = binaryOf(text);
  // A multi-call binary runs as the name it is called by.
  const called = MULTI_CALL[bin?.program ?? '']?.[argv[0].slice(argv[0].lastIndexOf('/') + 1)];
  const spec = called === undefined ? undefined : sh.registry.get(called);
  if (spec) return sh.runProgram(spec, argv, io);
  // /usr/bin/true, false and kill do what the builtins of those names do.
  if (bin && Object.prototype.hasOwnProperty.call(BUILTINS, bin.program)) return BUILTINS[bin.program](sh, argv, io);
  // component-base's verflag: `kubelet --version` prints "Kubernetes" and the version, and exits.
  if (bin?.program === 'kubelet' && (argv[1] === '--version' || argv[1] === '--version=true')) {
    io.stdout.write(`Kubernetes ${KUBELET_VERSION}\n`);
    return 0;
  }
  // Otherwise a program of the node the lab does not run by hand (the kubelet, containerd and its shim run as services).
  if (bin) return 1;
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const line = first.startsWith('#!') ? first.slice(2).trim() : '';
  if (line) {
    const interpreter = line.split(/[ \t]/, 1)[0];
    const arg = line.slice(interpreter.length).trim();
    const ip = sh.fs.resolve(sh.cwd, interpreter);
    let ist;
    try {
      ist = sh.fs.stat(ip);
    } catch {
      // A folder on the way the user may not search.
    }
    if (!ist) return fail('cannot execute: required file not found', 127);
    if (!executable(sh.fs, ip)) return fail(`${interpreter}: bad interpreter: ${ERRNO_TEXT.EACCES}`, 126);
    const d = depth.get(io) ?? 0;
    if (d >= MAX_INTERPRETERS) return fail(ERRNO_TEXT.ELOOP, 126);
    const child = { ...io };
    depth.set(child, d + 1);
    return sh.exec(interpreter, [interpreter, ...(arg ? [arg] : []), path, ...argv.slice(1)], child);
  }
  // check_binary_file: a NUL before the first newline (in its first 80 bytes) is a binary bash will not read.
  if (first.slice(0, 80).includes('\0')) return fail('cannot execute binary file: Exec format error', 126);
  // ENOEXEC: bash runs the file in a child of itself that starts over as a new non-interactive bash would.
  return sh.runNested(text, io, { env: sh.env(), scriptArgs: [path, ...argv.slice(1)], script: { dialect: 'bash', commandString: false } });
}
