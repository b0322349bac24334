/**
 * A script or `-c` line run by a new non-interactive shell (Shell.runScript): it runs a complete command at a time,
 * its messages carry its name and line (bash's "NAME: line N: ", "bash: -c: line N: " for syntax errors; dash's
 * "NAME: N: " and its own words), and only the environment reaches it (no variables, functions or aliases of the
 * learner's shell). Every expected output is what bash 5.2.15 and dash 0.5.12 printed for the same line on Debian 12,
 * stdout and stderr together.
 */
import { describe, expect, it } from 'vitest';
import { lineShell } from './interactive-test-helpers.js';

const SETUP = "printf 'echo a\\nnonexist\\ncd /nope\\nls /nope\\necho x > /nope/f\\nread -u 7 x\\nexport 1a=2\\n' > /tmp/s1.sh; printf 'echo 1\\nif true; then\\n echo x\\nfi fi\\n' > /tmp/s2.sh; printf 'echo a\\nnonexist\\ncd /nope\\nls /nope\\necho x > /nope/f\\nexport 1a=2\\n' > /tmp/s3.sh";

describe('scripts and -c lines', () => {
  it('report errors at their line, stop at a syntax error after what came before ran, and start from the environment alone', async () => {
    const run = await lineShell(SETUP);
    const cases: Array<[string, string]> = [
      ["bash /tmp/s1.sh; echo \"rc=$?\"", "a\n/tmp/s1.sh: line 2: nonexist: command not found\n/tmp/s1.sh: line 3: cd: /nope: No such file or directory\nls: cannot access '/nope': No such file or directory\n/tmp/s1.sh: line 5: /nope/f: No such file or directory\n/tmp/s1.sh: line 6: read: 7: invalid file descriptor: Bad file descriptor\n/tmp/s1.sh: line 7: export: `1a=2': not a valid identifier\nrc=1\n"],
      ["bash /tmp/s2.sh; echo \"rc=$?\"", "1\n/tmp/s2.sh: line 4: syntax error near unexpected token `fi'\n/tmp/s2.sh: line 4: `fi fi'\nrc=2\n"],
      ["bash -c 'nonexist'", "bash: line 1: nonexist: command not found\n"],
      ["bash -c 'nonexist' myname", "myname: line 1: nonexist: command not found\n"],
      ["bash -c 'echo $LINENO\nnonexist\necho $LINENO'", "1\nbash: line 2: nonexist: command not found\n3\n"],
      ["bash -c \"echo 'abc\"; echo \"[rc $?]\"", "bash: -c: line 1: unexpected EOF while looking for matching `''\n[rc 2]\n"],
      ["bash -c 'if true; then'; echo \"[rc $?]\"", "bash: -c: line 2: syntax error: unexpected end of file\n[rc 2]\n"],
      ["bash -c 'echo 1\nif true; then\necho 2'; echo \"[rc $?]\"", "1\nbash: -c: line 4: syntax error: unexpected end of file\n[rc 2]\n"],
      ["bash -c 'echo a; fi; echo b'; echo \"[rc $?]\"", "bash: -c: line 1: syntax error near unexpected token `fi'\nbash: -c: line 1: `echo a; fi; echo b'\n[rc 2]\n"],
      ["bash -c 'echo a\nfi\necho b'; echo \"[rc $?]\"", "a\nbash: -c: line 2: syntax error near unexpected token `fi'\nbash: -c: line 2: `fi'\n[rc 2]\n"],
      ["bash -c 'cat <<EOF\nabc'", "bash: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nabc\n"],
      ["echo 'nonexist' | bash", "bash: line 1: nonexist: command not found\n"],
      ["sh -c 'fi'; echo \"[rc $?]\"", "sh: 1: Syntax error: \"fi\" unexpected\n[rc 2]\n"],
      ["sh -c \"echo 'abc\"; echo \"[rc $?]\"", "sh: 1: Syntax error: Unterminated quoted string\n[rc 2]\n"],
      ["sh -c 'nonexist'; echo \"[rc $?]\"", "sh: 1: nonexist: not found\n[rc 127]\n"],
      ["sh -c 'cd /nope; echo after $?'", "sh: 1: cd: can't cd to /nope\nafter 2\n"],
      ["sh -c 'echo > /nope/x; echo after $?'", "sh: 1: cannot create /nope/x: Directory nonexistent\nafter 2\n"],
      ["sh -c 'cat < /nope; echo after $?'", "sh: 1: cannot open /nope: No such file\nafter 2\n"],
      ["sh -c 'echo x > /tmp; echo after $?'", "sh: 1: cannot create /tmp: Is a directory\nafter 2\n"],
      ["sh -c 'export 1a=b; echo after $?'", "sh: 1: export: 1a: bad variable name\n"],
      ["sh -c 'echo $0'", "sh\n"],
      ["sh /tmp/s3.sh; echo \"rc=$?\"", "a\n/tmp/s3.sh: 2: nonexist: not found\n/tmp/s3.sh: 3: cd: can't cd to /nope\nls: cannot access '/nope': No such file or directory\n/tmp/s3.sh: 5: cannot create /nope/f: Directory nonexistent\n/tmp/s3.sh: 6: export: 1a: bad variable name\nrc=2\n"],
      ["x=1; f() { echo fn; }; alias k=kubectl; bash -c 'echo \"[$x]\"; f; k version --client'", "[]\nbash: line 1: f: command not found\nbash: line 1: k: command not found\n"],
    ];
    for (const [line, want] of cases) expect((await run(line)).out, line).toBe(want);
  });
});
