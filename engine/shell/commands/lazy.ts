/**
 * Node commands whose code loads on first use (docs/decisions/lazy-engine-code.md):
 * a fresh lab runs none of them before the learner types one. Each is declared
 * here by its name and summary (what `help`, `which` and completion need; lazy.test.ts
 * compares them with the module's), and its run holds the virtual clock while
 * the module loads, so simulated time does not move and the output is the same
 * as with the code already loaded.
 */
import { webHeaders } from '../../network/commands/index.js';
import { loadLazyTypes } from '../../api/schema/lazy.js';
import { kubeadmObjects } from '../../api/bootstrap/kubeadm-objects-gate.js';
import type { CommandSpec, ProcessContext } from '../process.js';

/** A command whose module loads on first use (again after a failed load). */
export interface LazyCommand extends CommandSpec {
  load(): Promise<CommandSpec>;
}

function lazyCommand(name: string, summary: string, load: () => Promise<CommandSpec>): LazyCommand {
  let loading: Promise<CommandSpec> | undefined;
  const preload = () => (loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  }));
  return {
    name,
    summary,
    load: preload,
    async run(ctx: ProcessContext) {
      const release = ctx.hold ? ctx.hold() : ctx.cluster.clock.hold();
      let spec: CommandSpec;
      try {
        spec = await preload();
      } finally {
        release();
      }
      return spec.run(ctx);
    },
  };
}

export const awk = lazyCommand('awk', 'pattern scanning and processing language', () => import('./awk.js').then((m) => m.awk));
export const cut = lazyCommand('cut', 'remove sections from each line of files', () => import('./cut.js').then((m) => m.cut));
export const expr = lazyCommand('expr', 'evaluate expressions', () => import('./expr.js').then((m) => m.expr));
export const sed = lazyCommand('sed', 'stream editor for filtering and transforming text', () => import('./sed.js').then((m) => m.sed));
export const seq = lazyCommand('seq', 'print a sequence of numbers', () => import('./seq.js').then((m) => m.seq));
export const sort = lazyCommand('sort', 'sort lines of text files', () => import('./sort.js').then((m) => m.sort));
export const tr = lazyCommand('tr', 'translate or delete characters', () => import('./tr.js').then((m) => m.tr));
export const uniq = lazyCommand('uniq', 'report or omit repeated lines', () => import('./uniq.js').then((m) => m.uniq));
export const column = lazyCommand('column', 'columnate lists', () => import('./text-extra.js').then((m) => m.column));
export const paste = lazyCommand('paste', 'merge lines of files', () => import('./text-extra.js').then((m) => m.paste));
export const basename = lazyCommand('basename', 'strip directory and suffix from filenames', () => import('./text-extra.js').then((m) => m.basename));
export const dirname = lazyCommand('dirname', 'strip last component from file name', () => import('./text-extra.js').then((m) => m.dirname));
export const tac = lazyCommand('tac', 'concatenate and print files in reverse', () => import('./text-extra.js').then((m) => m.tac));
export const rev = lazyCommand('rev', 'reverse lines characterwise', () => import('./text-extra.js').then((m) => m.rev));
// curl and wget show the servers' response heads (web-headers.ts): they load with them; curl reaches the secure port,
// whose handler writes kube-system's boot objects through their lazy handle (api/server/handler.ts).
export const curl = lazyCommand('curl', 'transfer a URL', () => Promise.all([import('../../network/commands/node-curl.js'), webHeaders.load(), loadLazyTypes(), kubeadmObjects.load()]).then(([m]) => m.nodeCurl));
export const wget = lazyCommand('wget', 'the non-interactive network downloader', () => Promise.all([import('./network.js'), webHeaders.load()]).then(([m]) => m.wget));
export const nslookup = lazyCommand('nslookup', 'query Internet name servers interactively', () => import('../../network/commands/dnsutils.js').then((m) => m.nslookup));
export const dig = lazyCommand('dig', 'DNS lookup utility', () => import('../../network/commands/dnsutils.js').then((m) => m.dig));
export const getent = lazyCommand('getent', 'get entries from Name Service Switch libraries', () => import('../../network/commands/dnsutils.js').then((m) => m.getent));
export const host = lazyCommand('host', 'DNS lookup utility', () => import('../../network/commands/dnsutils.js').then((m) => m.host));
export const nc = lazyCommand('nc', 'arbitrary TCP and UDP connections and listens', () => import('../../network/commands/netcat.js').then((m) => m.nc));
export const ping = lazyCommand('ping', 'send ICMP ECHO_REQUEST to network hosts', () => import('./ping.js').then((m) => m.ping));
export const sh = lazyCommand('sh', 'command interpreter (shell)', () => import('./sh.js').then((m) => m.sh));
export const dash = lazyCommand('dash', 'command interpreter (shell)', () => import('./sh.js').then((m) => m.dash));
export const bash = lazyCommand('bash', 'GNU Bourne-Again SHell', () => import('./sh.js').then((m) => m.bash));
export const grep = lazyCommand('grep', 'print lines that match patterns', () => import('./grep.js').then((m) => m.grep));
export const printf = lazyCommand('printf', 'format and print data', () => import('./printf.js').then((m) => m.printf));
export const ls = lazyCommand('ls', 'list directory contents', () => import('./ls.js').then((m) => m.ls));
export const touch = lazyCommand('touch', 'change file timestamps', () => import('./files.js').then((m) => m.touch));
export const mkdir = lazyCommand('mkdir', 'make directories', () => import('./files.js').then((m) => m.mkdir));
export const rm = lazyCommand('rm', 'remove files or directories', () => import('./files.js').then((m) => m.rm));
export const rmdir = lazyCommand('rmdir', 'remove empty directories', () => import('./files.js').then((m) => m.rmdir));
export const cp = lazyCommand('cp', 'copy files and directories', () => import('./files.js').then((m) => m.cp));
export const mv = lazyCommand('mv', 'move (rename) files', () => import('./files.js').then((m) => m.mv));
export const ln = lazyCommand('ln', 'make links between files', () => import('./links.js').then((m) => m.ln));
export const readlink = lazyCommand('readlink', 'print resolved symbolic links or canonical file names', () => import('./links.js').then((m) => m.readlink));
export const realpath = lazyCommand('realpath', 'print the resolved path', () => import('./links.js').then((m) => m.realpath));
export const du = lazyCommand('du', 'estimate file space usage', () => import('./du.js').then((m) => m.du));
export const find = lazyCommand('find', 'search for files in a directory hierarchy', () => import('./find.js').then((m) => m.find));
export const stat = lazyCommand('stat', 'display file or file system status', () => import('./stat.js').then((m) => m.stat));
export const chmod = lazyCommand('chmod', 'change file mode bits', () => import('./perms.js').then((m) => m.chmod));
export const chown = lazyCommand('chown', 'change file owner and group', () => import('./perms.js').then((m) => m.chown));
export const openssl = lazyCommand('openssl', 'OpenSSL command line tool', () => import('./openssl.js').then((m) => m.openssl));
export const vi = lazyCommand('vi', 'Vi IMproved, a programmer\'s text editor', () => import('./editor-open.js').then((m) => m.vi));
export const vim = lazyCommand('vim', 'Vi IMproved, a programmer\'s text editor', () => import('./editor-open.js').then((m) => m.vim));
export const nano = lazyCommand('nano', 'Nano\'s ANOther editor', () => import('./editor-open.js').then((m) => m.nano));
export const sim = lazyCommand('sim', 'control the simulation: failures, load and time', () => import('../../sim/command.js').then((m) => m.sim));
export const md5sum = lazyCommand('md5sum', 'compute and check MD5 message digest', () => import('./checksum.js').then((m) => m.md5sum));
export const sha1sum = lazyCommand('sha1sum', 'compute and check SHA1 message digest', () => import('./checksum.js').then((m) => m.sha1sum));
export const sha224sum = lazyCommand('sha224sum', 'compute and check SHA224 message digest', () => import('./checksum.js').then((m) => m.sha224sum));
export const sha256sum = lazyCommand('sha256sum', 'compute and check SHA256 message digest', () => import('./checksum.js').then((m) => m.sha256sum));
export const sha384sum = lazyCommand('sha384sum', 'compute and check SHA384 message digest', () => import('./checksum.js').then((m) => m.sha384sum));
export const sha512sum = lazyCommand('sha512sum', 'compute and check SHA512 message digest', () => import('./checksum.js').then((m) => m.sha512sum));
export const diff = lazyCommand('diff', 'compare files line by line', () => import('./diff/diff.js').then((m) => m.diff));
export const cmp = lazyCommand('cmp', 'compare two files byte by byte', () => import('./diff/cmp.js').then((m) => m.cmp));
// What bash's start-up files run (startup-files.ts): dircolors for ls's colours, groups for the sudo hint, and the rest.
const startupTool = (name: 'dircolors' | 'groups' | 'localeCheck' | 'lesspipe', summary: string) => lazyCommand(name === 'localeCheck' ? 'locale-check' : name, summary, () => import('./startup-tools.js').then((m) => m[name]));
export const dircolors = startupTool('dircolors', 'color setup for ls');
export const groups = startupTool('groups', 'print the groups a user is in');
export const localeCheck = startupTool('localeCheck', 'check the locale environment variables');
export const lesspipe = startupTool('lesspipe', 'input preprocessor for less');
/** `date` with options (`+FORMAT`, `-d`, `-I`, …); plain `date` is date.ts's own. */
export const dateWithOptions = lazyCommand('date', 'print the system date and time', () => import('./date-gnu.js').then((m) => m.dateWithOptions));

export const LAZY_COMMANDS: LazyCommand[] = [
  awk, basename, bash, chmod, chown, cmp, column, cp, curl, cut, dash, dateWithOptions, diff, dig, dircolors, dirname, du, expr, find, grep, groups, host, lesspipe, ln, localeCheck, ls, md5sum, mkdir, mv, nano, nc, nslookup, openssl, paste, ping,
  printf, readlink, realpath, rev, rm, rmdir, sed, seq, sh, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum, sim, sort, stat, tac, touch, tr, uniq, vi, vim, wget,
];

/** Every module above, for the lab's idle prefetch. */
export function loadLazyCommands(): Promise<unknown> {
  return Promise.all(LAZY_COMMANDS.map((c) => c.load()));
}
