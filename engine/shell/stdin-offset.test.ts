/**
 * Standard input as one open file shared by the commands of a line (streams.ts, stdin-reader.ts): what `read`,
 * `head`, `grep -m` or a question took is gone for the next command, and from a file the offset stays just after
 * what they used. Every expectation is what bash 5.2.15 with GNU coreutils 9.1 and grep 3.8 printed for the same
 * line on Debian 12 (`bash -c '…'`).
 */
import { describe, expect, it } from 'vitest';
import { lineShell } from './interactive-test-helpers.js';

const shell = () => lineShell("printf 'a\\nb\\nc\\n' > /tmp/f3; printf 'a\\nb\\na\\nc\\na\\n' > /tmp/g5; printf 'y\\nrest\\n' > /tmp/ans");

describe('commands sharing standard input', () => {
  it('leaves what read and head took to the next command, from a file and from a pipe', async () => {
    const run = await shell();
    const cases: Array<[string, string]> = [
      // bash's read takes its line byte by byte from a pipe: the rest stays in the pipe.
      ["printf 'a\\nb\\n' | { read x; cat; }", 'b\n'],
      ['{ read x; cat; } < /tmp/f3', 'b\nc\n'],
      ['{ read x; read y; echo "$x/$y"; cat; } < /tmp/f3', 'a/b\nc\n'],
      ['{ read -n 1 c; echo "[$c]"; cat; } < /tmp/f3', '[a]\n\nb\nc\n'],
      // head seeks a file back to just after its last line or byte; from a pipe its block is gone.
      ['{ head -n1; cat; } < /tmp/f3', 'a\nb\nc\n'],
      ["printf 'a\\nb\\nc\\n' | { head -n1; cat; }", 'a\n'],
      ['{ head -c 2; cat; } < /tmp/f3', 'a\nb\nc\n'],
      ['{ head -n1 >/dev/null; read x; echo "x=$x"; } < /tmp/f3', 'x=b\n'],
      // A here-document and a here-string are pipes.
      ['{ head -n1; cat; } <<EOT\nx\ny\nEOT', 'x\n'],
      ['{ read a; cat; } <<< "one\ntwo"', 'two\n'],
      // Programs that read to the end leave nothing.
      ['{ sed -n 1p; cat; } < /tmp/f3', 'a\n'],
      ['{ tail -n1; cat; } < /tmp/f3', 'c\n'],
      ['{ cat; cat; } < /tmp/f3', 'a\nb\nc\n'],
      ['{ read a; wc -l; } < /tmp/f3', '2\n'],
      // Loops: a command in the body that reads stdin takes the loop's input (the classic `while read` trap).
      ['while read l; do echo "got $l"; cat >/dev/null; done < /tmp/f3', 'got a\n'],
      ['while read l; do echo "got $l"; head -n1 >/dev/null; done < /tmp/f3', 'got a\ngot c\n'],
      ["printf '1\\n2\\n3\\n' | while read n; do echo \"n=$n\"; read m; echo \"m=$m\"; done", 'n=1\nm=2\nn=3\nm=\n'],
    ];
    for (const [line, want] of cases) expect((await run(line)).out, line).toBe(want);
  });

  it("leaves a file's rest after a question's line, and a pipe's whole block with the question", async () => {
    const run = await shell();
    await run('touch /tmp/q1 /tmp/q2');
    expect((await run("printf 'y\\nrest\\n' | { rm -i /tmp/q1; cat; }")).out).toBe("rm: remove regular empty file '/tmp/q1'? ");
    expect((await run('{ rm -i /tmp/q2; cat; } < /tmp/ans')).out).toBe("rm: remove regular empty file '/tmp/q2'? rest\n");
  });
});

describe('grep -m', () => {
  it('stops after NUM selected lines, with trailing context, and leaves a file just after the last match', async () => {
    const run = await shell();
    const cases: Array<[string, string, number]> = [
      ['grep -m1 a /tmp/g5', 'a\n', 0],
      ['grep -m 0 a /tmp/g5', '', 1],
      ['grep -m -1 a /tmp/g5', 'a\na\na\n', 0],
      ['grep -m x a /tmp/g5', 'grep: invalid max count\n', 2],
      ["grep -m '' a /tmp/g5", 'grep: invalid max count\n', 2],
      ['grep -c -m2 a /tmp/g5', '2\n', 0],
      ['grep -v -m1 a /tmp/g5', 'b\n', 0],
      ['grep -m1 -A1 a /tmp/g5', 'a\nb\n', 0],
      ['grep -m2 -A1 a /tmp/g5', 'a\nb\na\nc\n', 0],
      ['grep --max-count=2 -n a /tmp/g5', '1:a\n3:a\n', 0],
      ['grep -m1 a /tmp/g5 /tmp/f3', '/tmp/g5:a\n/tmp/f3:a\n', 0],
      ['grep -m 99999999999999999999 a /tmp/g5 | wc -l', '3\n', 0],
      ['{ grep -m1 -A1 a; cat; } < /tmp/g5', 'a\nb\nb\na\nc\na\n', 0],
      ['{ grep -m1 b; cat; } < /tmp/f3', 'b\nc\n', 0],
      ["printf 'a\\nb\\nc\\n' | { grep -m1 a; cat; }", 'a\n', 0],
    ];
    for (const [line, want, status] of cases) {
      const r = await run(line);
      expect(r.out, line).toBe(want);
      expect(r.status, line).toBe(status);
    }
  });
});
