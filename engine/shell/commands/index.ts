/** Every standard command, in one list the Session registers. kubectl is added by the session when present. */
import type { CommandSpec } from '../process.js';
import { cat } from './cat.js';
import { date } from './date.js';
import { echo } from './echo.js';
import {
  awk, basename, bash, chmod, chown, column, cp, curl, cut, dash, dig, dirname, du, expr, host, nc, find, grep, ln, ls, mkdir, mv, nano, nslookup, openssl, paste, ping, printf, readlink,
  realpath, rev, rm, rmdir, sed, seq, sh, sim, sort, stat, tac, touch, tr, uniq, vi, vim, wget,
  md5sum, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum, diff, cmp, getent, dircolors, groups, localeCheck, lesspipe,
} from './lazy.js';
import { less, more } from './editors.js';
import { head } from './head.js';
import { base64, clear, hostname, printenv, pwd, tee, uname, whoami, xargs, yes } from './misc.js';
import { NODE_COMMANDS } from './node/index.js';
import { sleep } from './sleep.js';
import { tail } from './tail.js';
import { bracket, test } from './test.js';
import { timeout } from './timeout.js';
import { watch } from './watch.js';
import { wc } from './wc.js';
import { which } from './which.js';

export const STANDARD_COMMANDS: CommandSpec[] = [
  awk, base64, bracket, cat, clear, cp, curl, cut, date, echo, expr, grep, head, hostname, less, ls, mkdir, more, mv, nano,
  nslookup, ping, printenv, printf, pwd, rm, rmdir, sed, seq, sim, sleep, sort, tail, tee, test, timeout, touch, tr, uname,
  uniq, vi, vim, watch, wc, wget, which, whoami, xargs, yes, ...NODE_COMMANDS,
  basename, column, dirname, paste, rev, tac, sh, dash, bash, openssl, chmod, chown, ln, readlink, realpath, find, stat, du,
  md5sum, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum, dig, host, nc, diff, cmp, getent, dircolors, groups, localeCheck, lesspipe,
];
