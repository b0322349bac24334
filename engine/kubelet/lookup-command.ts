/**
 * How a name is found in a container whose image has its file tree (images/rootfs.ts): `which` (busybox's applet,
 * or Debian's which.debianutils), the shells' `command -v`/`command NAME` and `type`, and busybox's own `busybox`
 * (its help with the applets it was built with, `--list`, or `busybox APPLET …` running that applet). Loaded with
 * the container applets.
 */

export interface LookupHost {
  /** The program file a name runs (through PATH), or undefined. */
  find(name: string): string | undefined;
  /** The shell has it built in. */
  builtin(name: string): boolean;
  dialect: 'ash' | 'dash' | 'bash';
  /** busybox's applet names, in its table's order. */
  applets(): string[];
  /** The image's busybox version (1.37.0). */
  version?: string;
  /** The terminal's width when stderr is one (busybox sizes its list to it), else 80. */
  columns?: number;
}

export interface LookupResult { stdout: string; stderr: string; status: number; run?: string[] }

const done = (stdout: string, stderr = '', status = 0): LookupResult => ({ stdout, stderr, status });

/** Build dates of docker-library/busybox's binaries (the tarball's time, SOURCE_DATE_EPOCH); 1.37.0's is an estimate. */
const BUILT: Record<string, string> = { '1.36.1': '2023-05-18 22:34:17 UTC', '1.37.0': '2024-09-26 21:31:42 UTC' };

export function lookupCommand(argv: string[], host: LookupHost): LookupResult {
  const [cmd, ...args] = argv;
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (name === 'which') return which(args, host);
  if (name === 'command') return command(args, host);
  if (name === 'type') return type(args, host);
  return busybox(args, host);
}

function which(args: string[], host: LookupHost): LookupResult {
  const all = args[0] === '-a';
  const names = all ? args.slice(1) : args;
  let out = '';
  let status = 0;
  for (const n of names) {
    const p = host.find(n);
    if (p) out += `${p}\n`;
    else status = 1;
  }
  return done(out, '', names.length ? status : 1);
}

function command(args: string[], host: LookupHost): LookupResult {
  if (args[0] !== '-v' && args[0] !== '-V') return args.length ? { ...done(''), run: args } : done('');
  const verbose = args[0] === '-V';
  let out = '';
  let err = '';
  let status = 0;
  for (const n of args.slice(1)) {
    const p = host.builtin(n) ? undefined : host.find(n);
    if (host.builtin(n)) out += verbose ? `${n} is a shell builtin\n` : `${n}\n`;
    else if (p) out += verbose ? `${n} is ${p}\n` : `${p}\n`;
    else {
      // bash's -v answers nothing; -V and the ash family's -V say it is not found.
      if (verbose) (host.dialect === 'bash' ? (err += `bash: command: ${n}: not found\n`) : (out += `${n}: not found\n`));
      status = host.dialect === 'bash' ? 1 : 127;
    }
  }
  return done(out, err, status);
}

function type(args: string[], host: LookupHost): LookupResult {
  let out = '';
  let err = '';
  let status = 0;
  for (const n of args) {
    if (host.builtin(n)) { out += `${n} is a shell builtin\n`; continue; }
    const p = host.find(n);
    if (p) { out += `${n} is ${p}\n`; continue; }
    if (host.dialect === 'bash') { err += `bash: type: ${n}: not found\n`; status = 1; } else { out += `${n}: not found\n`; status = 127; }
  }
  return done(out, err, status);
}

function busybox(args: string[], host: LookupHost): LookupResult {
  const applets = host.applets();
  if (args[0] === '--list') return done(applets.map((a) => `${a}\n`).join(''));
  if (args[0] === '--list-full') return done('', 'kubelab: busybox --list-full is not simulated\n', 1);
  if (args.length && !args[0].startsWith('-')) {
    if (!applets.includes(args[0])) return done('', `${args[0]}: applet not found\n`, 127);
    return { ...done(''), run: args };
  }
  // appletlib.c busybox_main: the help goes to stdout (stderr duplicated onto it), the list wrapped to the width.
  const version = host.version ?? '1.37.0';
  let text = `BusyBox v${version}${BUILT[version] ? ` (${BUILT[version]})` : ''} multi-call binary.\n`
    + 'BusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\n'
    + 'Usage: busybox [function [arguments]...]\n   or: busybox --list[-full]\n   or: busybox --install [-s] [DIR]\n   or: function [arguments]...\n\n'
    + '\tBusyBox is a multi-call binary that combines many common Unix\n\tutilities into a single executable.  Most people will create a\n'
    + '\tlink to busybox for each function they wish to use and BusyBox\n\twill act like whatever it was invoked as.\n\nCurrently defined functions:\n';
  const width = (host.columns ?? 80) - 1;
  let col = 0;
  for (const a of applets) {
    const len = a.length + 2;
    if (col >= width - len) { text += ',\n'; col = 0; }
    if (col === 0) { col = 6; text += '\t'; } else text += ', ';
    text += a;
    col += len;
  }
  return done(`${text}\n`);
}
