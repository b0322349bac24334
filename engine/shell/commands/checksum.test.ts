/**
 * md5sum, sha1sum, sha256sum … (coreutils src/digest.c). Digests and texts were compared with GNU coreutils on this
 * machine (Debian 12's 9.1, whose digest.c wording 9.4 keeps) on the same files.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../script.js';

const run = (lines: string[]) => runScript(`${lines.join('\n')}\n`, { seed: 1 });

describe('checksum commands', () => {
  it('print HASH  FILE, the tagged form, stdin as -, and escape a name with a backslash', async () => {
    const out = await run(["echo hello > /tmp/a; printf 'x\\n' > '/tmp/b\\c'; cd /tmp", 'sha256sum a; md5sum a; sha1sum --tag a; echo -n hello | sha512sum', "md5sum -b 'b\\c'"]);
    expect(out).toContain('5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a\nb1946ac92492d2347c6235b4d2611184  a\nSHA1 (a) = f572d396fae9206628714fb2ce00f72e94f2258f\n'
      + '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043  -\n');
    expect(out).toContain('\\401b30e3b8b5d629635a5c613cdb7919 *b\\\\c\n');
  });

  it('report unreadable operands and go on, exit 1', async () => {
    const out = await run(['sha256sum /tmp/nope /etc /etc/kubernetes/pki/ca.key; echo rc=$?']);
    expect(out).toContain('sha256sum: /tmp/nope: No such file or directory\nsha256sum: /etc: Is a directory\nsha256sum: /etc/kubernetes/pki/ca.key: Permission denied\nrc=1\n');
  });

  it('--check: OK, FAILED with the WARNING summary, unreadable and misformatted lists', async () => {
    const out = await run([
      'cd /tmp; echo hello > a; sha256sum a > sums; sha256sum -c sums; echo rc=$?',
      'echo more >> a; sha256sum -c sums; echo rc=$?',
      'echo garbage | sha256sum -c; echo rc=$?',
      'sha256sum --quiet a; echo rc=$?',
    ]);
    expect(out).toContain('a: OK\nrc=0\n');
    expect(out).toContain('a: FAILED\nsha256sum: WARNING: 1 computed checksum did NOT match\nrc=1\n');
    expect(out).toContain("sha256sum: 'standard input': no properly formatted checksum lines found\nrc=1\n");
    expect(out).toContain("sha256sum: the --quiet option is meaningful only when verifying checksums\nTry 'sha256sum --help' for more information.\nrc=1\n");
  });

  it('--check: listed files that are missing or folders, and --ignore-missing', async () => {
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const out = await run([
      `cd /tmp; echo a > a; sha256sum a /etc > sums 2>&1; echo '${empty}  gone' >> sums; echo '${empty}  /etc' >> sums`,
      'sha256sum -c sums; echo rc=$?', 'sha256sum --check --ignore-missing sums; echo rc=$?', 'sha256sum -c nope; echo rc=$?; sha256sum -c /etc; echo rc=$?',
    ]);
    expect(out).toContain('a: OK\nsha256sum: gone: No such file or directory\ngone: FAILED open or read\nsha256sum: /etc: Is a directory\n/etc: FAILED open or read\n'
      + 'sha256sum: WARNING: 1 line is improperly formatted\nsha256sum: WARNING: 2 listed files could not be read\nrc=1\n');
    expect(out).toContain('a: OK\nsha256sum: /etc: Is a directory\n/etc: FAILED open or read\nsha256sum: WARNING: 1 line is improperly formatted\nsha256sum: WARNING: 1 listed file could not be read\nrc=1\n');
    // A folder as the list opens, and reading it fails: "read error" without the errno (digest_check's ferror).
    expect(out).toContain('sha256sum: nope: No such file or directory\nrc=1\nsha256sum: /etc: read error\nrc=1\n');
  });
});
