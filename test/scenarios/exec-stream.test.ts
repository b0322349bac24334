/**
 * kubectl exec copies the process's output to the terminal as it comes, and the process runs as the clock
 * moves: a loop prints line by line until `timeout` (or Ctrl-C) stops kubectl, which a learner uses to watch
 * requests spread over a Service's pods. Before, nothing was printed until the command ended, and a loop that
 * never ends printed nothing at all.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/shell/script.js';

describe('kubectl exec streams', () => {
  it('a loop prints a line a second until timeout stops kubectl (exit 124); what came before a sleep shows at once', async () => {
    const out = await runScript([
      'kubectl run bb --image=busybox:1.36 -- sleep 3600',
      'sleep 15',
      "timeout 3 kubectl exec bb -- sh -c 'while true; do echo hi; sleep 1; done'; echo \"exit $?\"",
      "timeout 2 kubectl exec bb -- sh -c 'echo before; sleep 5; echo after'; echo \"exit $?\"",
      'timeout 3 kubectl exec bb -- ping 127.0.0.1 | head -2',
      "kubectl exec bb -- sh -c 'echo one; sleep 1; echo two'; echo \"exit $?\"",
    ].join('\n') + '\n');
    expect(out).toContain("while true; do echo hi; sleep 1; done'; echo \"exit $?\"\nhi\nhi\nhi\nexit 124\n");
    expect(out).toContain("echo after'; echo \"exit $?\"\nbefore\nexit 124\n");
    expect(out).toMatch(/ping 127\.0\.0\.1 \| head -2\nPING 127\.0\.0\.1 \(127\.0\.0\.1\): 56 data bytes\n64 bytes from 127\.0\.0\.1: seq=0 ttl=64 time=0\.\d{3} ms\n/);
    expect(out).toContain("echo two'; echo \"exit $?\"\none\ntwo\nexit 0\n");
  });

  it('dies of SIGPIPE without a word when the reader of its output has gone (kubectl is a Go program)', async () => {
    const out = await runScript([
      'kubectl run bb --image=busybox:1.36 -- sleep 3600',
      'sleep 15',
      "kubectl exec bb -- sh -c 'while true; do echo hi; sleep 1; done' | head -2; echo \"${PIPESTATUS[*]}\"",
    ].join('\n') + '\n');
    expect(out).toContain("| head -2; echo \"${PIPESTATUS[*]}\"\nhi\nhi\n141 0\n");
  });
});
