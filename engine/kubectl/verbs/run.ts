/**
 * `kubectl run NAME --image=IMAGE`: the pod generator (labels run=NAME,
 * dnsPolicy ClusterFirst, restartPolicy from --restart), `--expose` with a
 * Service, and `-i -t --rm` attaching a shell inside the pod, deleting it after.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource, type ResourceInfo } from '../../api/resources.js';
import { PlainError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { isStatusError, StatusError } from '../../api/errors.js';
import { jsonPatch, mergePatch } from '../../api/patch.js';
import { strategicMergePatch } from '../../api/strategic.js';
import { goAtoi, requireFlags } from './create.js';
import { waitForDeletion } from './delete.js';
import { watchUntil } from './watch-until.js';
import { attachError, attachMainProcess, msgAttachFailed, printContainerLog, NO_TERMINAL, PROMPT_HINT, RECORDED_NOTICE } from './attach.js';
import { dryRunStrategy, outputSpec, printResult, setLastApplied, verb, type DryRun } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** generate.ParseLabels (run's --labels, expose's --selector and --labels): `k=v,k2=v2`, each with exactly one `=`. */
export function parseLabelsFlag(s: string): Record<string, string> {
  if (s.length === 0) throw new Error('no label spec passed');
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new Error(`unexpected label spec: ${part}`);
    if (kv[0].length === 0) throw new Error('unexpected empty label key');
    out[kv[0]] = kv[1];
  }
  return out;
}

/** validation.IsEnvVarName. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The generator's parseEnvs: `NAME=value`, NAME a valid variable name. */
export function parseEnvs(envs: string[]): { name: string; value: string }[] {
  return envs.map((e) => {
    const i = e.indexOf('=');
    if (i <= 0 || !ENV_VAR_NAME.test(e.slice(0, i))) throw new Error(`invalid env: ${e}`);
    return { name: e.slice(0, i), value: e.slice(i + 1) };
  });
}

/** cmdutil.ParsePairs without removals (run's --annotations): every pair needs `=` and a key; the invalid ones are listed together. */
export function parsePairs(pairs: string[], pairType: string): Record<string, string> {
  const out: Record<string, string> = {};
  const invalid: string[] = [];
  for (const p of pairs) {
    if (p.includes('=') && p[0] !== '=') out[p.slice(0, p.indexOf('='))] = p.slice(p.indexOf('=') + 1);
    else invalid.push(p);
  }
  if (invalid.length) throw new Error(`invalid ${pairType} format: ${invalid.join(', ')}`);
  return out;
}

// github.com/distribution/reference v0.6.0's ReferenceRegexp, anchored.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
    '(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

export function isValidImageReference(image: string): boolean {
  return REFERENCE.test(image);
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never', ''];

export interface PodParams {
  name: string; namespace?: string; image: string; labels: Record<string, string>; annotations?: Record<string, string>; port?: string;
  env: string[]; restart: string; command: boolean; args: string[]; pullPolicy?: string; stdin?: boolean; leaveStdinOpen?: boolean; tty?: boolean; privileged?: boolean;
}

/** The run-pod/v1 generator (BasicPod), fields in the Go structs' order so `-o json` matches. */
export function generatePod(o: PodParams): KObject {
  const env = parseEnvs(o.env);
  const c: Record<string, unknown> = { name: o.name, image: o.image };
  if (o.args.length) c[o.command ? 'command' : 'args'] = o.args;
  if (o.port) c.ports = [{ containerPort: goAtoi(o.port) }];
  if (env.length) c.env = env;
  c.resources = {};
  if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
  if (o.privileged) c.securityContext = { privileged: true };
  if (o.stdin) c.stdin = true;
  if (o.stdin && !o.leaveStdinOpen) c.stdinOnce = true;
  if (o.tty) c.tty = true;
  const meta: KObject['metadata'] = { name: o.name };
  if (o.namespace) meta.namespace = o.namespace;
  meta.labels = o.labels;
  if (o.annotations && Object.keys(o.annotations).length) meta.annotations = Object.fromEntries(Object.keys(o.annotations).sort().map((k) => [k, o.annotations![k]]));
  return { kind: 'Pod', apiVersion: 'v1', metadata: meta, spec: { containers: [c], restartPolicy: o.restart || 'Always', dnsPolicy: 'ClusterFirst' }, status: {} };
}

/** The service/v2 generator as run --expose calls it: selector and labels from --labels (else run=NAME), port and target port from --port. */
export function generateRunService(name: string, namespace: string | undefined, labelsFlag: string, port: string): KObject {
  const selector = parseLabelsFlag(labelsFlag || `run=${name}`);
  const labels = labelsFlag ? parseLabelsFlag(labelsFlag) : undefined;
  const ports = port.split(',').map((p, i, all) => {
    const n = goAtoi(p);
    return { ...(all.length > 1 ? { name: `port-${i + 1}` } : {}), protocol: 'TCP', port: n, targetPort: n };
  });
  const meta: KObject['metadata'] = { name };
  if (namespace) meta.namespace = namespace;
  if (labels) meta.labels = labels;
  return { kind: 'Service', apiVersion: 'v1', metadata: meta, spec: { ports, selector }, status: { loadBalancer: {} } };
}

/** overrides-decode.ts (decodeTyped), loaded when --overrides is given; simulated time waits meanwhile. */
export async function loadOverrideDecoder(inv: Invocation): Promise<(v: unknown) => Any> {
  const release = inv.ctx.cluster.clock.hold();
  try {
    return (await import('./overrides-decode.js')).decodeTyped;
  } finally {
    release();
  }
}

/** cmdutil.Overrider.Apply: --overrides patched onto the generated object as --override-type says. */
export function applyOverrides(obj: KObject, overrides: string, overrideType: string, decode: (v: unknown) => Any = (v) => v as Any): KObject {
  if (!overrides) return obj;
  const type = overrideType || 'merge';
  if (!['json', 'merge', 'strategic'].includes(type)) throw new Error(`invalid override type: ${type}`);
  let patch: unknown;
  try {
    patch = JSON.parse(overrides);
  } catch {
    throw new Error(type === 'json' ? 'invalid character in JSON patch' : 'Invalid JSON Patch');
  }
  let out: unknown;
  try {
    if (type === 'merge') out = mergePatch(obj, patch);
    else if (type === 'json') out = jsonPatch(obj, patch);
    else out = strategicMergePatch(obj, patch as Record<string, unknown>, { kind: obj.kind ?? 'Pod' });
  } catch (e) {
    throw new Error(isStatusError(e) ? e.status.message : (e as Error).message);
  }
  const o = decode(out);
  // Decoded back into the typed Pod: its non-pointer structs print even when empty.
  for (const c of o?.spec?.containers ?? []) if (c && typeof c === 'object' && c.resources === undefined) c.resources = {};
  if (o && o.status === undefined) o.status = {};
  return o as KObject;
}

/** podRunningAndReady (run.go): Running with the Ready condition True; a completed pod ends the wait too. */
function runningAndReady(p: Any): boolean {
  const phase = p.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return true;
  return phase === 'Running' && !!p.status?.conditions?.some((c: Any) => c.type === 'Ready' && c.status === 'True');
}

/**
 * waitForPod: UntilWithSync over a list and watch of the one pod, so every state it passes through is seen (a
 * command that ends within a second is still seen Running). Undefined on the timeout (or Ctrl-C).
 */
function waitForPod(inv: Invocation, ns: string, name: string, timeoutMs: number, condition: (p: Any) => boolean): Promise<Any | undefined> {
  const client = inv.client();
  const first = client.tryGet('pods', ns, name) as Any | undefined;
  if (first && condition(first)) return Promise.resolve(first);
  return watchUntil<Any | undefined>(inv, {
    resource: 'pods', namespace: ns, name,
    aborted: () => ({ value: undefined }),
    timeout: { ms: timeoutMs, settle: () => ({ value: undefined }) },
    step: (e) => {
      if (e.type === 'ERROR') return undefined;
      // podRunningAndReady's NotFound for a deleted pod: its empty name prints as kubectl prints it.
      if (e.type === 'DELETED') return { error: new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "" not found', reason: 'NotFound', details: { kind: 'pods' }, code: 404 }) };
      return condition(e.object as Any) ? { value: e.object as Any } : undefined;
    },
  });
}

async function runRun(inv: Invocation): Promise<number> {
  const f = inv.flags;
  requireFlags(inv, 'image');
  // Complete: the dry-run strategy and the printer.
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const usage = (msg: string) => new UsageError(msg);
  if (inv.args.length === 0 || inv.argsLenAtDash === 0) throw usage('NAME is required for run');
  if (f.durationMs('pod-running-timeout') <= 0) throw usage('--pod-running-timeout must be higher than zero');
  const name = inv.args[0];
  const image = f.string('image');
  if (image === '') throw new Error('--image is required');
  if (!isValidImageReference(image)) throw new Error(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
  const stdin = f.bool('stdin');
  const tty = f.bool('tty');
  if (tty && !stdin) throw usage('-i/--stdin is required for containers with -t/--tty=true');
  if (f.bool('expose') && !f.string('port')) throw usage('--port must be set when exposing a service');
  const restartFlag = f.string('restart');
  if (restartFlag && !RESTART_POLICIES.includes(restartFlag)) throw usage(`invalid restart policy: ${restartFlag}`);
  const restart = restartFlag || (stdin ? 'OnFailure' : 'Always');
  const attach = f.changed('attach') ? f.bool('attach') : stdin;
  const rm = f.bool('rm');
  if (rm && !attach) throw usage('--rm should only be used for attached containers');
  if (dryRun !== 'none' && attach) throw usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  if (!PULL_POLICIES.includes(f.string('image-pull-policy'))) throw usage(`invalid image pull policy: ${f.string('image-pull-policy')}`);
  // generate.ValidateParams: name and image are required generator parameters.
  if (name === '') throw new Error('Parameter: name is required');
  const labelsFlag = f.string('labels');
  const namespace = dryRun === 'client' && inv.explicitNamespace ? inv.namespace : undefined;
  const annotations = parsePairs(f.strings('annotations'), 'annotations');
  const labels = labelsFlag ? parseLabelsFlag(labelsFlag) : { run: name };
  let pod = generatePod({
    name, namespace, image, labels, annotations, port: f.string('port'), env: f.strings('env'), restart: restartFlag,
    command: f.bool('command'), args: inv.args.slice(1), pullPolicy: f.string('image-pull-policy'),
    stdin, leaveStdinOpen: f.bool('leave-stdin-open'), tty, privileged: f.bool('privileged'),
  });
  pod = applyOverrides(pod, f.string('overrides'), f.string('override-type'), f.string('overrides') ? await loadOverrideDecoder(inv) : undefined);
  const yamlOut = f.string('output') === 'yaml';
  if (f.bool('expose')) {
    const svc = generateRunService(name, namespace, labelsFlag, f.string('port'));
    createRunObject(inv, lookupResource('services')!, svc, dryRun, spec);
    // run's own separator after the Service; the command's one YAML printer adds its `---` before the Pod.
    if (yamlOut) inv.out('---\n');
  }
  if (!attach) {
    return createRunObject(inv, lookupResource('pods')!, pod, dryRun, spec);
  }
  const ns = inv.namespace;
  inv.client().create('pods', ns, pod, { fieldManager: f.string('field-manager') || 'kubectl-run' });
  const running = await waitForPod(inv, ns, name, f.durationMs('pod-running-timeout') || 60_000, runningAndReady);
  if (!running) {
    await removeRunPod(inv, ns, name, rm);
    throw new Error('timed out waiting for the condition');
  }
  const kubelet = inv.ctx.cluster.kubelets.get(running.spec?.nodeName);
  const showLogs = () => printContainerLog(inv, kubelet, ns, name, name);
  if (running.status?.phase !== 'Running') showLogs();
  else {
    // attach's Run: SetupTTY (without a terminal behind stdin the session goes on without a TTY), its two
    // notices unless --quiet, then the stream.
    const terminal = stdin && tty && inv.ctx.terminal.isTTY;
    if (stdin && tty && !terminal && !f.bool('quiet')) inv.err(NO_TERMINAL);
    if (!f.bool('quiet')) inv.err(RECORDED_NOTICE + PROMPT_HINT);
    const main = kubelet?.container(ns, name, name)?.current;
    const failure = attachError(inv, running as KObject, name, () => main);
    if (failure) {
      // handleAttachPod: a failed attach (a process that ended between the pod's Ready and the attach, RBAC)
      // falls back to the log.
      inv.err(msgAttachFailed(name, failure));
      showLogs();
    } else if (terminal) {
      // A shell gets the terminal; any other process (nginx) shows what it prints, as attach does.
      await attachMainProcess(inv, running as KObject, name, main!, kubelet!, { shell: true, tty: true, raw: true });
      // attach's reattachMessage: only a container that will be restarted can be attached again.
      if (restart === 'Always') inv.out(`Session ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running\n`);
    } else {
      // Without a TTY the stream carries what the process prints from the attach on (v1.35 shows no earlier
      // lines: the pre-attach log came in v1.36), until it ends.
      await attachMainProcess(inv, running as KObject, name, main!, kubelet!, { shell: false, tty: false });
    }
  }
  // waitForExitCode: with Never or OnFailure (and stdin not left open) the pod's own end decides the exit code.
  if (!f.bool('leave-stdin-open') && (restart === 'Never' || restart === 'OnFailure')) {
    const ended = restart === 'OnFailure' ? (p: Any) => p.status?.phase === 'Succeeded' : (p: Any) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    const p = await waitForPod(inv, ns, name, f.durationMs('pod-running-timeout') || 60_000, ended);
    if (!p) {
      if (inv.ctx.signal.aborted) return 130;
      await removeRunPod(inv, ns, name, rm);
      throw new Error('timed out waiting for the condition');
    }
    if (p.status?.phase === 'Failed') {
      const term = p.status?.containerStatuses?.[0]?.state?.terminated;
      await removeRunPod(inv, ns, name, rm);
      if (!term || !term.exitCode) throw new Error(`pod ${ns}/${name} failed with unknown exit code`);
      throw new PlainError(`pod ${ns}/${name} terminated (${term.reason ?? ''})\n${term.message ?? ''}`, term.exitCode);
    }
  }
  await removeRunPod(inv, ns, name, rm);
  return 0;
}

/** --rm: removeCreatedObjects runs as Run returns, so its line comes before any error of the wait. */
async function removeRunPod(inv: Invocation, ns: string, name: string, rm: boolean): Promise<void> {
  const live = rm ? inv.client().tryGet('pods', ns, name) : undefined;
  if (!live) return;
  inv.client().delete('pods', ns, name, {});
  // The DeleteOptions run makes carry --quiet: no deletion line then.
  if (!inv.flags.bool('quiet')) inv.out(`pod "${name}" deleted from ${ns} namespace\n`);
  await waitForDeletion(inv, [{ info: { resource: lookupResource('pods')!, namespace: ns, name, object: live }, uid: live.metadata.uid }], 168 * 3_600_000);
}

/** createGeneratedObject: the last-applied annotation only on a real create (--save-config), then the print. */
function createRunObject(inv: Invocation, info: ResourceInfo, obj: KObject, dryRun: DryRun, spec: ReturnType<typeof outputSpec>): number {
  if (dryRun === 'client') {
    printResult(inv, spec, info, obj, 'created', dryRun, true);
    return 0;
  }
  if (inv.flags.bool('save-config')) setLastApplied(obj, true);
  const created = inv.client().create(info.resource, inv.namespace, obj, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-run' });
  printResult(inv, spec, info, created, 'created', dryRun);
  return 0;
}

export const run: Command = verb('run', { run: runRun });
