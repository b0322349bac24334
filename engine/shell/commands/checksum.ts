/**
 * md5sum, sha1sum, sha224sum, sha256sum, sha384sum and sha512sum as GNU coreutils 9.4 has them (src/digest.c):
 * `HASH  FILE` lines (`*` before the name with -b), the BSD form with --tag, names with a backslash, newline or
 * carriage return escaped behind a leading `\`, and --check with its OK/FAILED lines and WARNING summary. The
 * digests are @noble/hashes' over the file's UTF-8 bytes.
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CommandSpec, ProcessContext } from '../process.js';
import { ERRNO_TEXT, type Errno } from '../vfs.js';
import { fileText, parseArgs, quotef, usageError, usageFailure } from './util.js';

interface Algorithm { tag: string; digest: (b: Uint8Array) => Uint8Array }

const ALGORITHMS: Record<string, Algorithm> = {
  md5sum: { tag: 'MD5', digest: md5 },
  sha1sum: { tag: 'SHA1', digest: sha1 },
  sha224sum: { tag: 'SHA224', digest: sha224 },
  sha256sum: { tag: 'SHA256', digest: sha256 },
  sha384sum: { tag: 'SHA384', digest: sha384 },
  sha512sum: { tag: 'SHA512', digest: sha512 },
};

const problematic = (name: string) => /[\\\n\r]/.test(name);
const escaped = (name: string) => name.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r'));
const unescape = (name: string) => name.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));

/** A file's text (`-`: standard input's), or the errno it could not be read with (digest_file's error line is the caller's). */
async function contentOf(ctx: ProcessContext, file: string): Promise<string | { errno: Errno }> {
  return file === '-' ? ctx.stdin.readAll() : fileText(ctx, file);
}

function makeSum(name: string, algo: Algorithm): CommandSpec {
  const hexLength = algo.digest(new Uint8Array()).length * 2;
  const hex = (text: string) => bytesToHex(algo.digest(utf8ToBytes(text)));

  /** split_3: "HASH  NAME", "HASH *NAME", or the tagged "ALGO (NAME) = HASH", each maybe behind a `\`. */
  function parseLine(line: string): { digest: string; file: string } | undefined {
    let s = line.replace(/^[ \t]*/, '');
    const esc = s.startsWith('\\');
    if (esc) s = s.slice(1);
    const fix = (f: string) => (esc ? unescape(f) : f);
    if (s.startsWith(algo.tag)) {
      const m = /^ ?\((.*)\) = ([0-9a-fA-F]+)$/.exec(s.slice(algo.tag.length));
      return m && m[2].length === hexLength ? { digest: m[2].toLowerCase(), file: fix(m[1]) } : undefined;
    }
    const m = /^([0-9a-fA-F]+)[ \t]([ *])(.*)$/.exec(s);
    if (!m || m[1].length !== hexLength || m[3] === '') return undefined;
    return { digest: m[1].toLowerCase(), file: fix(m[3]) };
  }

  async function check(ctx: ProcessContext, listName: string, o: { quiet: boolean; status: boolean; warn: boolean; strict: boolean; ignoreMissing: boolean }): Promise<boolean> {
    const list = await contentOf(ctx, listName);
    const shown = quotef(listName === '-' ? 'standard input' : listName);
    if (typeof list !== 'string') {
      // A folder opens; then getline fails and digest_check reports ferror without its errno.
      ctx.stderr.write(`${name}: ${shown}: ${list.errno === 'EISDIR' ? 'read error' : ERRNO_TEXT[list.errno]}\n`);
      return false;
    }
    let misformatted = 0, unreadable = 0, mismatched = 0, matched = false, formatted = false;
    const lines = list.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/\r$/, '');
      if (line.startsWith('#') || line === '') continue;
      const entry = parseLine(line);
      if (!entry || (listName === '-' && entry.file === '-')) {
        misformatted++;
        if (o.warn) ctx.stderr.write(`${name}: ${shown}: ${i + 1}: improperly formatted ${algo.tag} checksum line\n`);
        continue;
      }
      formatted = true;
      const shownFile = problematic(entry.file) ? `\\${escaped(entry.file)}` : entry.file;
      const text = await contentOf(ctx, entry.file);
      if (typeof text !== 'string') {
        if (o.ignoreMissing && text.errno === 'ENOENT') continue;
        ctx.stderr.write(`${name}: ${quotef(entry.file)}: ${ERRNO_TEXT[text.errno]}\n`);
        unreadable++;
        if (!o.status) ctx.stdout.write(`${shownFile}: FAILED open or read\n`);
        continue;
      }
      const ok = hex(text) === entry.digest;
      if (ok) matched = true;
      else mismatched++;
      if (!o.status && (!ok || !o.quiet)) ctx.stdout.write(`${shownFile}: ${ok ? 'OK' : 'FAILED'}\n`);
    }
    if (!formatted) {
      ctx.stderr.write(`${name}: ${shown}: no properly formatted checksum lines found\n`);
    } else if (!o.status) {
      const warn = (n: number, one: string, many: string) => { if (n) ctx.stderr.write(`${name}: WARNING: ${n} ${n === 1 ? one : many}\n`); };
      warn(misformatted, 'line is improperly formatted', 'lines are improperly formatted');
      warn(unreadable, 'listed file could not be read', 'listed files could not be read');
      warn(mismatched, 'computed checksum did NOT match', 'computed checksums did NOT match');
      if (o.ignoreMissing && !matched) ctx.stderr.write(`${name}: ${shown}: no file was verified\n`);
    }
    return formatted && matched && mismatched === 0 && unreadable === 0 && (!o.strict || misformatted === 0);
  }

  return {
    name,
    summary: `compute and check ${algo.tag} message digest`,
    async run(ctx) {
      let a;
      try {
        a = parseArgs(name, ctx.argv.slice(1), [
          { short: 'b', long: 'binary', key: 'b' }, { short: 't', long: 'text', key: 't' }, { short: 'c', long: 'check', key: 'c' },
          { long: 'tag', key: 'tag' }, { long: 'quiet', key: 'quiet' }, { long: 'status', key: 'status' }, { short: 'w', long: 'warn', key: 'warn' },
          { long: 'strict', key: 'strict' }, { long: 'ignore-missing', key: 'ignore-missing' }, { short: 'z', long: 'zero', key: 'z' },
        ]);
      } catch (e) {
        return usageFailure(ctx, name, e);
      }
      const f = (k: string) => a.flags[k] !== undefined;
      const files = a.operands.length ? a.operands : ['-'];
      if (f('c')) {
        let ok = true;
        for (const file of files) ok = (await check(ctx, file, { quiet: f('quiet'), status: f('status'), warn: f('warn'), strict: f('strict'), ignoreMissing: f('ignore-missing') })) && ok;
        return ok ? 0 : 1;
      }
      for (const [k, opt] of [['quiet', '--quiet'], ['status', '--status'], ['warn', '--warn'], ['strict', '--strict']]) {
        if (f(k)) return usageError(ctx, name, `the ${opt} option is meaningful only when verifying checksums`);
      }
      let status = 0;
      const delim = f('z') ? '\0' : '\n';
      for (const file of files) {
        const text = await contentOf(ctx, file);
        if (typeof text !== 'string') {
          ctx.stderr.write(`${name}: ${quotef(file)}: ${ERRNO_TEXT[text.errno]}\n`);
          status = 1;
          continue;
        }
        const esc = delim === '\n' && problematic(file);
        const shown = esc ? escaped(file) : file;
        const digest = hex(text);
        ctx.stdout.write(`${esc ? '\\' : ''}${f('tag') ? `${algo.tag} (${shown}) = ${digest}` : `${digest} ${f('b') ? '*' : ' '}${shown}`}${delim}`);
      }
      return status;
    },
  };
}

export const md5sum = makeSum('md5sum', ALGORITHMS.md5sum);
export const sha1sum = makeSum('sha1sum', ALGORITHMS.sha1sum);
export const sha224sum = makeSum('sha224sum', ALGORITHMS.sha224sum);
export const sha256sum = makeSum('sha256sum', ALGORITHMS.sha256sum);
export const sha384sum = makeSum('sha384sum', ALGORITHMS.sha384sum);
export const sha512sum = makeSum('sha512sum', ALGORITHMS.sha512sum);
