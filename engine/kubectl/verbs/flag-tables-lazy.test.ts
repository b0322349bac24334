/**
 * The lazily loaded verbs' flag tables and help lines (flag-tables.ts, help-flags.ts): a fresh lab has not loaded
 * them, and a learner's first `kubectl create`, `drain`, `rollout`… before the idle prefetch must parse, fail and
 * print --help exactly as an engine that has them does, at the same simulated instants. Each scenario runs in a
 * fresh module graph (the first such command loads the tables, the clock held), then again in that graph (loaded).
 */
import { describe, expect, it, vi } from 'vitest';

/** A fresh copy of the engine's modules. */
async function freshGraph() {
  vi.resetModules();
  const { runScript } = await import('../../shell/script.js');
  const tables = await import('./flag-tables.js');
  return { runScript: (s: string) => runScript(s, { seed: 7 }), loaded: tables.flagTablesLoaded };
}

// The first command has create's -o (a flag with a value) before its subcommand: finding `create deployment` needs
// create's table. Then verbs whose flags are derived from the table (set image's --record, autoscale's --cpu-percent),
// flag errors (drain: cobra's; diff: its own usage hint), --help texts whose short and use lines are in the help texts.
const SCRIPT = `kubectl create -o name deployment web --image=nginx:1.27 --replicas=2
date +%s
kubectl set image deployment/web nginx=nginx:1.28 --record
kubectl autoscale deployment web --max=3 --cpu-percent=50
kubectl rollout history deployment/web
kubectl drain --bogus
kubectl diff --bogus
kubectl top pod --bogus
kubectl config view --minify -o jsonpath='{.contexts[0].name}'
kubectl create deployment --help
kubectl drain --help
kubectl help diff
kubectl set
kubectl --help
date +%s
`;

describe('lazily loaded flag tables', () => {
  it('a fresh lab runs, refuses and explains lazily loaded verbs as a loaded engine does, at the same instants', async () => {
    const g = await freshGraph();
    expect(g.loaded()).toBe(false);
    const fresh = await g.runScript(SCRIPT);
    expect(g.loaded()).toBe(true);
    const again = await g.runScript(SCRIPT);
    expect(fresh).toBe(again);
    // What kubectl v1.35.2 prints (the flag errors: cobra's, and diff's own hint).
    expect(fresh).toContain('deployment.apps/web\n');
    expect(fresh).toContain("error: unknown flag: --bogus\nSee 'kubectl drain --help' for usage.\n");
    expect(fresh).toContain("error: unknown flag: --bogus\nSee 'kubectl diff -h' for help and examples\n");
    expect(fresh).toContain('Usage:\n  kubectl drain NODE [options]\n');
    expect(fresh).toContain('  drain           Drain node in preparation for maintenance\n');
    expect(fresh).toContain('    --delete-emptydir-data=false:\n');
    expect(fresh).toContain('Usage:\n  kubectl diff -f FILENAME [options]\n');
    // Every verb's line in the root's list (logs: part B's text, the read-only part's duplicate is gone).
    expect(fresh).toContain('  logs            Print the logs for a container in a pod\n');
    expect(fresh).not.toContain('undefined');
  });

  it("the lab's Tab completion lists a lazily loaded verb's flags before the prefetch", async () => {
    vi.resetModules();
    const { LabServer } = await import('../../../docs/.vitepress/theme/lab/server.js');
    const tables = await import('./flag-tables.js');
    const msgs: { type: string; candidates?: string[] }[] = [];
    const server = new LabServer({ post: (m) => msgs.push(m), realNow: () => 0, schedule: () => {} });
    server.handle({ type: 'boot', seed: 1, columns: 80, rows: 24, speed: 1, history: [] });
    expect(tables.flagTablesLoaded()).toBe(false);
    server.handle({ type: 'complete', id: 1, line: 'kubectl drain --delete-e', cursor: 24 });
    await vi.waitFor(() => expect(msgs.find((m) => m.type === 'completion')).toBeDefined());
    expect(msgs.find((m) => m.type === 'completion')).toEqual({ type: 'completion', id: 1, start: 14, candidates: ['--delete-emptydir-data'] });
    expect(server.cluster.clock.held()).toBe(false);
  });
});
