/**
 * `kubectl run NAME --image=IMAGE`: the pod generator (labels run=NAME,
 * dnsPolicy ClusterFirst, restartPolicy from --restart), `--expose` with a
 * Service, and `-i -t --rm` attaching a shell inside the pod, deleting it after.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource } from '../../api/resources.js';
import { PlainError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { createGenerated } from './create.js';
import { waitForDeletion } from './delete.js';
import { attachMainProcess, PROMPT_HINT, RECORDED_NOTICE } from './attach.js';
import { dryRunStrategy, verb } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function parseLabelsFlag(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`invalid label spec: ${part}`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function generatePod(o: { name: string; namespace?: string; image: string; labels: Record<string, string>; port?: string; env: string[]; restart: string; command: boolean; args: string[]; pullPolicy?: string }): KObject {
  const c: Record<string, unknown> = { name: o.name, image: o.image };
  if (o.args.length) c[o.command ? 'command' : 'args'] = o.args;
  if (o.port) c.ports = [{ containerPort: Number(o.port) }];
  if (o.env.length) c.env = o.env.map((e) => ({ name: e.slice(0, e.indexOf('=')), value: e.slice(e.indexOf('=') + 1) }));
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  c.resources = {};
  const meta: KObject['metadata'] = { name: o.name };
  if (o.namespace) meta.namespace = o.namespace;
  meta.labels = o.labels;
  return { kind: 'Pod', apiVersion: 'v1', metadata: meta, spec: { containers: [c], dnsPolicy: 'ClusterFirst', restartPolicy: o.restart }, status: {} };
}

async function waitRunning(inv: Invocation, ns: string, name: string, timeoutMs: number): Promise<Any | undefined> {
  const deadline = inv.now() + timeoutMs;
  while (!inv.ctx.signal.aborted && inv.now() < deadline) {
    const p = inv.client().tryGet('pods', ns, name) as Any | undefined;
    const phase = p?.status?.phase;
    if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') return p;
    await inv.ctx.sleep(250);
  }
  return undefined;
}

async function runRun(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const argsLen = inv.argsLenAtDash >= 0 ? inv.argsLenAtDash : inv.args.length;
  if (argsLen === 0) throw new UsageError('NAME is required for run');
  const name = inv.args[0];
  const image = f.string('image');
  if (!f.changed('image')) throw new PlainError('error: required flag(s) "image" not set');
  const restart = f.string('restart') || 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new Error(`invalid restart policy: ${restart}`);
  const stdin = f.bool('stdin');
  const tty = f.bool('tty');
  const attach = f.changed('attach') ? f.bool('attach') : stdin;
  const rm = f.bool('rm');
  const dryRun = dryRunStrategy(inv);
  if (rm && !attach) throw new Error('--rm should only be used for attached containers');
  if (dryRun !== 'none' && (attach || stdin || tty)) throw new Error("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  if (f.bool('expose') && !f.string('port')) throw new Error('--port must be set when exposing a service');
  const labels = f.string('labels') ? parseLabelsFlag(f.string('labels')) : { run: name };
  const pod = generatePod({
    name, namespace: inv.explicitNamespace ? inv.namespace : undefined, image, labels, port: f.string('port'), env: f.strings('env'), restart,
    command: f.bool('command'), args: inv.argsLenAtDash >= 0 ? inv.args.slice(inv.argsLenAtDash) : inv.args.slice(1), pullPolicy: f.string('image-pull-policy'),
  });
  if (stdin) (pod.spec as Any).containers[0].stdin = true;
  if (stdin && !f.bool('leave-stdin-open')) (pod.spec as Any).containers[0].stdinOnce = true;
  if (tty) (pod.spec as Any).containers[0].tty = true;
  if (f.bool('expose')) {
    const svc: KObject = {
      kind: 'Service', apiVersion: 'v1', metadata: { name, ...(inv.explicitNamespace ? { namespace: inv.namespace } : {}) },
      spec: { ports: [{ protocol: 'TCP', port: Number(f.string('port')), targetPort: Number(f.string('port')) }], selector: labels }, status: { loadBalancer: {} },
    };
    createGenerated(inv, lookupResource('services')!, svc);
  }
  if (!attach) return createGenerated(inv, lookupResource('pods')!, pod);
  const ns = inv.namespace;
  inv.client().create('pods', ns, pod, {});
  const running = await waitRunning(inv, ns, name, f.durationMs('pod-running-timeout') || 60_000);
  if (!running) throw new Error('timed out waiting for the condition');
  let code = 0;
  if (stdin && tty && running.status?.phase === 'Running') {
    inv.err(RECORDED_NOTICE + PROMPT_HINT);
    const kubelet = inv.ctx.cluster.kubelets.get(running.spec?.nodeName);
    const main = kubelet?.container(ns, name, name)?.current;
    // A shell gets the terminal; any other process (nginx) shows what it prints, as attach does.
    if (main) code = await attachMainProcess(inv, running as KObject, name, main, kubelet!, { shell: true, tty: true });
    // attach's reattachMessage: only a container that will be restarted can be attached again.
    if (restart === 'Always') inv.out(`Session ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running\n`);
  } else {
    // Without a terminal: stream what the container prints until it finishes.
    const kubelet = inv.ctx.cluster.kubelets.get(running.spec?.nodeName);
    let done = false;
    while (!done && !inv.ctx.signal.aborted) {
      const p = inv.client().tryGet('pods', ns, name) as Any | undefined;
      done = !p || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || restart === 'Always';
      if (!done) await inv.ctx.sleep(250);
    }
    for (const l of kubelet?.logs(ns, name, name) ?? []) inv.out(l.text + '\n');
    const p = inv.client().tryGet('pods', ns, name) as Any | undefined;
    const term = p?.status?.containerStatuses?.[0]?.state?.terminated;
    if (restart === 'Never' && term) code = term.exitCode ?? 0;
  }
  if (rm) {
    const live = inv.client().tryGet('pods', ns, name);
    if (live) {
      inv.client().delete('pods', ns, name, {});
      inv.out(`pod "${name}" deleted from ${ns} namespace\n`);
      await waitForDeletion(inv, [{ info: { resource: lookupResource('pods')!, namespace: ns, name, object: live }, uid: live.metadata.uid }], 168 * 3_600_000);
    }
  }
  if (code !== 0) throw new PlainError(`pod ${ns}/${name} terminated (Error)\n`, code);
  return code;
}

export const run: Command = verb('run', { run: runRun });
