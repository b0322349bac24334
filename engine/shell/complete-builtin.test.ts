/**
 * bash 5.2's `complete` and `compopt` (builtins/complete.def). Expected texts were printed by GNU bash 5.2.15 on
 * this machine (`bash --norc`, the same lines; its non-interactive "line N:" prefix aside).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './script.js';

const USAGE = 'complete: usage: complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]\n';

async function run(lines: string[]): Promise<string> {
  return runScript(lines.join('\n') + '\n', { seed: 1 });
}

describe('complete', () => {
  it('the kubectl cheat sheet: ~/.bashrc registered kubectl, an alias gets the same spec, -p prints them in bash’s hash order', async () => {
    const out = await run([
      'complete -p kubectl',
      'alias k=kubectl',
      'complete -o default -F __start_kubectl k',
      'complete -W "a b" -o nospace -f -A signal foo',
      'complete -p',
      'complete -p | grep -c __start_kubectl',
    ]);
    expect(out).toContain('$ complete -p kubectl\ncomplete -o default -F __start_kubectl kubectl\n');
    expect(out).toContain("$ complete -p\ncomplete -o nospace -f -A signal -W 'a b' foo\ncomplete -o default -F __start_kubectl kubectl\ncomplete -o default -F __start_kubectl k\n");
    expect(out).toContain('$ complete -p | grep -c __start_kubectl\n2\n');
  });

  it('removes, refuses and reports as bash does', async () => {
    const out = await run([
      'complete -r kubectl; complete -p kubectl; echo rc=$?',
      'complete -z; echo rc=$?',
      'complete -o bogus x; echo rc=$?',
      'complete -F; echo rc=$?',
      "complete -F 'a b' z; echo rc=$?",
      "complete -F 123 x; complete -F a-b y; complete -p x y",
      'complete -D -F _d; compopt -o nospace -D; complete -p -D',
    ]);
    expect(out).toContain('bash: complete: kubectl: no completion specification\nrc=1\n');
    expect(out).toContain(`bash: complete: -z: invalid option\n${USAGE}rc=2\n`);
    expect(out).toContain('bash: complete: bogus: invalid option name\nrc=2\n');
    expect(out).toContain(`bash: complete: -F: option requires an argument\n${USAGE}rc=2\n`);
    expect(out).toContain("bash: complete: `a b': not a valid identifier\nrc=2\n");
    expect(out).toContain('complete -F 123 x\ncomplete -F a-b y\n');
    expect(out).toContain('complete -o nospace -F _d -D\n');
  });

  it('compopt needs a name outside a completion function, and prints every option of one', async () => {
    const out = await run(['compopt; echo rc=$?', 'compopt kubectl', 'type -t compopt complete']);
    expect(out).toContain('bash: compopt: not currently executing completion function\nrc=1\n');
    expect(out).toContain('compopt +o bashdefault -o default +o dirnames +o filenames +o noquote +o nosort +o nospace +o plusdirs kubectl\n');
    expect(out).toContain('builtin\nbuiltin\n');
  });

  it('kubectl’s real completion script sources cleanly and registers its spec', async () => {
    const out = await run(['complete -r kubectl', 'source <(kubectl completion bash); echo rc=$?', 'type -t __start_kubectl', 'complete -p kubectl']);
    expect(out).toContain('rc=0\n$ type -t __start_kubectl\nfunction\n$ complete -p kubectl\ncomplete -o default -F __start_kubectl kubectl\n');
  });
});
