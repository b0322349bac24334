/**
 * The container shell's lazily loaded applets (expr, date with options): a
 * container's output and timing must not depend on whether their code was
 * loaded before. Each scenario runs in a fresh module graph (nothing loaded:
 * the first use suspends the interpreter, the clock held), then again in the
 * same graph (loaded: no suspension); the transcripts must be identical.
 */
import { describe, expect, it, vi } from 'vitest';

type Graph = { runScript: (script: string) => Promise<string>; holds: () => number };

/** A fresh copy of the engine's modules, with the clock's holds counted. */
async function freshGraph(): Promise<Graph> {
  vi.resetModules();
  const { VirtualClock } = await import('../util/clock.js');
  const { runScript } = await import('../shell/script.js');
  let holds = 0;
  const hold = VirtualClock.prototype.hold;
  vi.spyOn(VirtualClock.prototype, 'hold').mockImplementation(function (this: InstanceType<typeof VirtualClock>) {
    holds++;
    return hold.call(this);
  });
  return { runScript: (s) => runScript(s, { seed: 5 }), holds: () => holds };
}

/** Runs `script` fresh, then again with the code loaded: both transcripts, and the holds each run took. */
async function twice(script: string) {
  const g = await freshGraph();
  const fresh = await g.runScript(script);
  const freshHolds = g.holds();
  const again = await g.runScript(script);
  vi.restoreAllMocks();
  return { fresh, again, freshHolds, againHolds: g.holds() - freshHolds };
}

const PROBED = `cat > probed.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    readinessProbe:
      exec:
        command: ["expr", "1", "+", "1"]
      periodSeconds: 5
    livenessProbe:
      exec:
        command: ["sh", "-c", "expr 0 + 0"]
      periodSeconds: 5
      failureThreshold: 2
YAML
kubectl apply -f probed.yaml
sleep 40
kubectl get pod probed
kubectl get pod probed -o jsonpath='{range .status.conditions[*]}{.type} {.status} {.lastTransitionTime}{"\\n"}{end}'
kubectl get events --field-selector involvedObject.name=probed -o custom-columns=REASON:.reason,MESSAGE:.message,FIRST:.firstTimestamp,LAST:.lastTimestamp,COUNT:.count
`;

describe('lazily loaded container applets', () => {
  it('a main process suspended while expr and date load prints what a loaded engine prints, at the same instants', async () => {
    const script = `kubectl run bb --image=busybox:1.36 -- sh -c 'date +%s; expr 2 + 3; echo "y=$(date -d @86400 +%Y-%m-%d)"; i=0; while [ $i -lt 3 ]; do i=$(expr $i + 1); echo $i $(date +%T); sleep 5; done; date -Iseconds; sleep 3600'
kubectl run deb --image=nginx:1.27 -- bash -c 'echo started $(date -d "1 hour ago" +%H:%M); sleep 3600'
sleep 30
kubectl logs bb --timestamps
kubectl logs deb
`;
    const r = await twice(script);
    expect(r.fresh).toBe(r.again);
    // The first run loaded the code with the clock held; the second found it loaded.
    expect(r.freshHolds).toBeGreaterThan(r.againHolds);
    // The lines each process wrote, stamped when it wrote them: the load took no simulated time.
    const logs = /\$ kubectl logs bb --timestamps\n([\s\S]*?)\$ kubectl logs deb\n([\s\S]*)$/.exec(r.fresh)!;
    const lines = logs[1].trim().split('\n').map((l) => l.split(' '));
    const start = Date.parse(lines[0][0]);
    expect(lines[0][1]).toBe(String(Math.floor(start / 1000)));
    expect(lines.slice(1, 3).map((l) => [l[0], l.slice(1).join(' ')])).toEqual([[lines[0][0], '5'], [lines[0][0], 'y=1970-01-02']]);
    expect(lines.slice(3, 6).map((l) => Date.parse(l[0]) - start)).toEqual([0, 5000, 10000]);
    expect(lines[6][1]).toBe(new Date(start + 15_000).toISOString().replace(/\.\d+Z$/, '+00:00'));
    // GNU's grammar in the Debian image whatever the node's shell loaded before.
    expect(logs[2]).toMatch(/^started 23:0\d\n$/);
  });

  it('exec probes whose command loads give the same results and events', async () => {
    const r = await twice(PROBED);
    expect(r.fresh).toBe(r.again);
    expect(r.freshHolds).toBeGreaterThan(r.againHolds);
    // expr 0 + 0 prints 0 and exits 1: the liveness probe fails twice, the container restarts (at 40 s it may be
    // running again or waiting out its back-off).
    expect(r.fresh).toMatch(/Unhealthy +Liveness probe failed: 0\n/);
    expect(r.fresh).toMatch(/probed {3}[01]\/1 {5}\w+ +[1-9] \(/);
  });

  it('kubectl exec and preStop hooks whose command loads', async () => {
    const script = `kubectl run bb --image=nginx:1.27 --overrides='{"spec":{"terminationGracePeriodSeconds":10,"containers":[{"name":"bb","image":"nginx:1.27","lifecycle":{"preStop":{"exec":{"command":["sh","-c","date -d @0 +%Y > /tmp/x; sleep 4"]}}}}]}}'
sleep 10
kubectl exec bb -- date -d '2026-03-04 05:06' +%s
kubectl exec bb -- bash -c 'expr 6 \\* 7; date -R'
kubectl delete pod bb --wait=false
sleep 3
kubectl get pod bb
sleep 3
kubectl get pod bb
`;
    const r = await twice(script);
    expect(r.fresh).toBe(r.again);
    expect(r.freshHolds).toBeGreaterThan(r.againHolds);
    expect(r.fresh).toContain(`$ kubectl exec bb -- date -d '2026-03-04 05:06' +%s\n${Date.UTC(2026, 2, 4, 5, 6) / 1000}\n`);
    expect(r.fresh).toMatch(/\n42\n\w{3}, 01 Jan 2026 00:0\d:\d\d \+0000\n/);
    // The hook sleeps 4 s, then nginx stops at once: the pod is still terminating after 3 s, gone after 6.
    expect(r.fresh).toMatch(/\$ sleep 3\n\$ kubectl get pod bb\nNAME +READY +STATUS +RESTARTS +AGE\nbb +1\/1 +Terminating/);
    expect(r.fresh).toMatch(/\$ sleep 3\n\$ kubectl get pod bb\nNAME[^\n]*\n[^\n]*\n\$ sleep 3\n\$ kubectl get pod bb\nError from server \(NotFound\): pods "bb" not found\n/);
  });
});
