/**
 * `sim`: the simulation's controls from the terminal. Not a Kubernetes tool:
 * it is how a lesson (or a curious learner) breaks nodes, kills containers,
 * makes apps misbehave, sends load and moves time forward.
 */
import { imageCodeLoaded, loadImageCode } from '../kubelet/programs.js';
import type { CommandSpec } from '../shell/process.js';
import { bytes, isQuantity } from '../util/quantity.js';
import { simulationOf } from './of.js';

export { simulationOf };

export const SIM_HELP = `sim controls the simulated cluster: failures, load and time.
These are not kubectl commands; they do to the cluster what the real world would.

Usage:
  sim node stop|start|poweroff|reboot NODE   stop the kubelet / power the machine off or cycle it
  sim node add NODE [--cpu N] [--memory Q]    join a new worker node (as kubeadm join on a new machine)
  sim kill POD [-n NS] [-c CONTAINER]         kill a container's process (it restarts per restartPolicy)
  sim probe fail|pass liveness|readiness POD [-n NS] [-c CONTAINER]
  sim hang|unhang POD [-n NS] [-c CONTAINER]  the app stops (or resumes) answering requests
  sim leak POD RATE [-n NS] [-c CONTAINER]    leak memory, RATE per second (e.g. 5Mi)
  sim component stop|start NAME               etcd, kube-apiserver, kube-scheduler,
                                              kube-controller-manager, cloud-controller-manager
  sim load TARGET --rps N [--for DURATION]    send N requests per second to a Service
                                              (web, NAMESPACE/web) or a URL
  sim load list | sim load stop [ID]
  sim ff DURATION                             fast-forward simulated time (30s, 5m, 1h30m)
  sim help                                    show this help
`;

/** "30s", "5m", "1h30m", "90" (seconds) → ms. */
export function parseSimDuration(s: string | undefined): number | undefined {
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]];
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? Math.round(total) : undefined;
}

function fmt(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}` : `${s}s`;
}

export const sim: CommandSpec = {
  name: 'sim',
  summary: 'control the simulation: failures, load and time',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const out = (s: string) => ctx.stdout.write(s + '\n');
    const fail = (s: string, code = 1) => { ctx.stderr.write(`sim: ${s}\n`); return code; };
    if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') { ctx.stdout.write(SIM_HELP); return args.length === 0 ? 1 : 0; }
    const s = simulationOf(ctx.cluster);
    const flag = (names: string[]): string | undefined => {
      for (let i = 0; i < args.length; i++) {
        for (const n of names) {
          if (args[i] === n) { const v = args[i + 1]; args.splice(i, 2); return v; }
          if (args[i].startsWith(`${n}=`)) { const v = args[i].slice(n.length + 1); args.splice(i, 1); return v; }
        }
      }
      return undefined;
    };
    const ns = flag(['-n', '--namespace']) ?? 'default';
    const container = flag(['-c', '--container']);
    try {
      switch (args[0]) {
        case 'node': {
          if (args[1] === 'add') {
            const cpu = flag(['--cpu']);
            const memory = flag(['--memory']);
            if (!args[2]) return fail('usage: sim node add NODE [--cpu N] [--memory QUANTITY]', 2);
            if (cpu !== undefined && !isQuantity(cpu)) return fail(`invalid --cpu "${cpu}"`, 2);
            if (memory !== undefined && !isQuantity(memory)) return fail(`invalid --memory "${memory}"`, 2);
            const err = ctx.cluster.addNode({ name: args[2], cpu, memory });
            if (err) return fail(err, 1);
            out(`node/${args[2]} joining`);
            return 0;
          }
          const [, action, node] = args;
          if (!node) return fail('usage: sim node stop|start|poweroff|reboot NODE', 2);
          if (action === 'stop') s.stopNode(node);
          else if (action === 'start') s.startNode(node);
          else if (action === 'poweroff') s.powerOffNode(node);
          else if (action === 'reboot') s.rebootNode(node);
          else return fail(`unknown node action "${action}"`, 2);
          out(`node/${node} ${action === 'stop' ? 'kubelet stopped' : action === 'start' ? 'started' : action === 'poweroff' ? 'powered off' : 'rebooting'}`);
          return 0;
        }
        case 'kill': {
          if (!args[1]) return fail('usage: sim kill POD [-n NAMESPACE] [-c CONTAINER]', 2);
          s.killContainer(ns, args[1], container);
          out(`pod/${args[1]} container killed`);
          return 0;
        }
        case 'probe': {
          const [, verb, kind, pod] = args;
          if ((verb !== 'fail' && verb !== 'pass') || (kind !== 'liveness' && kind !== 'readiness') || !pod) return fail('usage: sim probe fail|pass liveness|readiness POD', 2);
          s.failProbe(kind, ns, pod, verb === 'fail', container);
          out(`pod/${pod} ${kind} probe will ${verb}`);
          return 0;
        }
        case 'hang': case 'unhang': {
          if (!args[1]) return fail(`usage: sim ${args[0]} POD`, 2);
          s.hang(ns, args[1], args[0] === 'hang', container);
          out(`pod/${args[1]} ${args[0] === 'hang' ? 'stops answering' : 'answers again'}`);
          return 0;
        }
        case 'leak': {
          if (!args[1] || !args[2]) return fail('usage: sim leak POD RATE', 2);
          let rate: number;
          try { rate = bytes(args[2]); } catch { return fail(`invalid rate "${args[2]}"`, 2); }
          s.leakMemory(ns, args[1], rate, container);
          out(`pod/${args[1]} leaking ${args[2]}/s`);
          return 0;
        }
        case 'component': {
          const [, action, name] = args;
          if ((action !== 'stop' && action !== 'start') || !name) return fail('usage: sim component stop|start NAME', 2);
          if (action === 'stop') s.stopComponent(name); else s.startComponent(name);
          out(`${name} ${action === 'stop' ? 'stopped' : 'started'}`);
          return 0;
        }
        case 'load': {
          if (args[1] === 'list') {
            const loads = s.activeLoads();
            if (loads.length === 0) { out('No load running.'); return 0; }
            out('ID  TARGET  RPS  SENT  OK  FAILED');
            for (const l of loads) out(`${l.id}  ${l.target}  ${l.rps}  ${l.sent}  ${l.ok}  ${l.failed}`);
            return 0;
          }
          if (args[1] === 'stop') {
            const n = s.stopLoad(args[2] !== undefined ? Number(args[2]) : undefined);
            out(n ? `stopped ${n} load generator${n > 1 ? 's' : ''}` : 'No load running.');
            return 0;
          }
          const rps = Number(flag(['--rps']) ?? '10');
          const forRaw = flag(['--for']);
          const duration = parseSimDuration(forRaw);
          if (!args[1] || !(rps > 0) || (forRaw !== undefined && duration === undefined)) return fail('usage: sim load TARGET --rps N [--for DURATION]', 2);
          const h = s.load(args[1], rps, duration);
          out(`load ${h.id}: ${rps} requests/s to ${args[1]}${duration !== undefined ? ` for ${fmt(duration)}` : ' until "sim load stop"'}`);
          return 0;
        }
        case 'ff': {
          const ms = parseSimDuration(args[1]);
          if (ms === undefined) return fail('usage: sim ff DURATION (e.g. 30s, 5m, 1h)', 2);
          const ff = () => {
            s.fastForward(ms);
            out(`fast-forwarded ${fmt(ms)}`);
            return 0;
          };
          // The jump runs every timer at once, the holds of a kubelet waiting for the catalogue's or a pulled image's code included.
          return imageCodeLoaded() ? ff() : loadImageCode().then(ff);
        }
        default:
          return fail(`unknown command "${args[0]}"; see "sim help"`, 2);
      }
    } catch (e) {
      return fail((e as Error).message);
    }
  },
};
