/**
 * `kubectl exec POD [-c C] -- CMD ARGS`: runs the command in the container
 * through its node's kubelet and returns its exit code
 * (`command terminated with exit code N`); with -i -t (and a terminal that
 * can hand itself over) an interactive shell, one command line at a time.
 */
import type { KObject } from '../../api/meta.js';
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { pickContainer, podForObject } from './logs.js';
import { verb } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Checks the pod can be exec'ed into now (exec.go and the kubelet's texts). */
export function execTarget(inv: Invocation, pod: Any, containerFlag: string): { container: string } {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = pickContainer(inv, pod, containerFlag);
  const st = (pod.status?.containerStatuses ?? []).find((s: Any) => s.name === container);
  if (!st?.state?.running) throw new Error(`unable to upgrade connection: container not found ("${container}")`);
  return { container };
}

/** Runs one command line in the container; resolves with its exit code. */
export async function execOnce(inv: Invocation, pod: KObject, container: string, argv: string[], write: (out: string, err: string) => void): Promise<number> {
  const node = (pod.spec as Any)?.nodeName;
  const kubelet = node ? inv.ctx.cluster.kubelets.get(node) : undefined;
  if (!kubelet) throw new Error(`unable to upgrade connection: container not found ("${container}")`);
  const r = kubelet.exec(pod.metadata.namespace!, pod.metadata.name!, container, argv);
  if (r.error) throw new Error(`unable to upgrade connection: ${r.error}`);
  if (r.durationMs > 0) await inv.ctx.sleep(r.durationMs);
  write(r.stdout, r.stderr);
  return r.exitCode;
}

/** The prompt a root shell shows: busybox ash prints the working directory. */
export function shellPrompt(image: string): string {
  return /busybox|alpine/.test(image) ? '/ # ' : '# ';
}

/** An interactive shell over exec, through the terminal's interactive mode. */
export async function interactiveShell(inv: Invocation, pod: KObject, container: string): Promise<number> {
  const term = inv.ctx.terminal;
  if (!term.interactive) {
    inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    return 0;
  }
  const image = ((pod.spec as Any)?.containers ?? []).find((c: Any) => c.name === container)?.image ?? '';
  let last = 0;
  await term.interactive(shellPrompt(image), async (line) => {
    const t = line.trim();
    if (t === 'exit' || t.startsWith('exit ')) {
      last = Number(t.split(/\s+/)[1] ?? last) || 0;
      return null;
    }
    if (!t) return '';
    let text = '';
    last = await execOnce(inv, pod, container, ['sh', '-c', line], (o, e) => { text += o + e; });
    return text;
  });
  return last;
}

async function runExec(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dash = inv.argsLenAtDash;
  if (inv.args.length === 0) throw new UsageError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  if (dash < 0 && inv.args.length > 1) throw new Error(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead`);
  const target = inv.args[0];
  const argv = dash >= 0 ? inv.args.slice(dash) : inv.args.slice(1);
  if (dash === 0 || argv.length === 0) throw new UsageError('you must specify at least one command for the container');
  const pod = podForObject(inv, target) as Any;
  const { container } = execTarget(inv, pod, f.string('container'));
  const tty = f.bool('tty');
  const stdin = f.bool('stdin');
  if (tty && !stdin) inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  if (tty && stdin && argv.length === 1 && /^(\/bin\/)?(ba)?sh$/.test(argv[0])) return interactiveShell(inv, pod as KObject, container);
  const code = await execOnce(inv, pod as KObject, container, argv, (o, e) => { if (o) inv.out(o); if (e) inv.err(e); });
  if (code !== 0) {
    inv.err(`command terminated with exit code ${code}\n`);
    return code;
  }
  return 0;
}

export const exec: Command = verb('exec', { run: runExec });
