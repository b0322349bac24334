/**
 * `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: picks the pod
 * (AttachablePodForObject; a Service's port becomes its target port), checks
 * it runs, then listens on the terminal node's loopback until Ctrl-C. Each
 * connection (`curl localhost:8080` in the terminal) prints
 * `Handling connection for 8080` and is delivered inside the pod's network
 * namespace to 127.0.0.1:REMOTE, as the kubelet's port forwarding does.
 *
 * The listener is registered on the cluster network's node loopback
 * (ClusterNetwork.loopbackForwards), so only programs on that node see it.
 */
import { isStatusError } from '../../api/errors.js';
import type { Exchange, Outcome } from '../../network/network.js';
import { Random } from '../../util/random.js';
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { podForObject } from './pod-for-object.js';
import { verb } from './mutate.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ForwardedPort {
  local: number;
  remote: number;
}

/** splitPort: `8080:80` → ["8080", "80"], `80` → ["80", "80"]. */
function splitPort(port: string): [string, string] {
  const parts = port.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

function parseUint16(s: string): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  return Number(s);
}

/** strconv.ParseUint(s, 10, 16)'s error text. */
function uintError(s: string): string {
  return /^\d+$/.test(s) ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
}

/** client-go portforward's parsePorts, with its error texts. */
export function parsePorts(ports: string[]): ForwardedPort[] {
  const out: ForwardedPort[] = [];
  for (const p of ports) {
    const parts = p.split(':');
    let local: string;
    let remote: string;
    if (parts.length === 1) [local, remote] = [parts[0], parts[0]];
    else if (parts.length === 2) [local, remote] = [parts[0] || '0', parts[1]];
    else throw new Error(`invalid port format '${p}'`);
    const l = parseUint16(local);
    if (l === undefined || l > 65535) throw new Error(`error parsing local port '${local}': ${uintError(local)}`);
    const r = parseUint16(remote);
    if (r === undefined || r > 65535) throw new Error(`error parsing remote port '${remote}': ${uintError(remote)}`);
    if (r === 0) throw new Error('remote port must be > 0');
    out.push({ local: l, remote: r });
  }
  return out;
}

function containerPortByName(pod: Any, name: string): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new Error(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** convertPodNamedPortToNumber. */
export function podPorts(ports: string[], pod: Any): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    // kubectl v1.35.2 has no check of its own for an empty remote port: it is looked up as a port name.
    const num = /^[0-9]+$/.test(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${num}` : num;
  });
}

/** translateServicePortToTargetPort: a Service port becomes the pod's container port. */
export function servicePorts(ports: string[], svc: Any, pod: Any): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let portnum = /^[0-9]+$/.test(remote) ? Number(remote) : NaN;
    if (Number.isNaN(portnum)) {
      const sp = (svc.spec?.ports ?? []).find((p: Any) => p.name === remote);
      if (!sp) throw new Error(`Service '${svc.metadata.name}' does not have a named port '${remote}'`);
      portnum = sp.port;
      if (local === remote) local = String(portnum);
    }
    const sp = (svc.spec?.ports ?? []).find((p: Any) => p.port === portnum);
    if (!sp) throw new Error(`Service ${svc.metadata.name} does not have a service port ${portnum}`);
    const tp = sp.targetPort;
    const container = tp === undefined || tp === 0 ? portnum : typeof tp === 'number' ? tp : /^[0-9]+$/.test(String(tp)) ? Number(tp) : containerPortByName(pod, String(tp));
    remote = String(container);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** The listening sockets `--address` asks for: localhost is 127.0.0.1 (tcp4) and [::1] (tcp6). */
export function listenAddresses(addresses: string[]): { protocol: 'tcp4' | 'tcp6'; address: string; shown: string }[] {
  const out: { protocol: 'tcp4' | 'tcp6'; address: string; shown: string }[] = [];
  for (const a of addresses) {
    if (a !== 'localhost' && !isIP(a)) throw new Error(`${a} is not a valid IP`);
    if (a === 'localhost') {
      out.push({ protocol: 'tcp4', address: '127.0.0.1', shown: '127.0.0.1' }, { protocol: 'tcp6', address: '::1', shown: '[::1]' });
    } else if (a.includes(':')) out.push({ protocol: 'tcp6', address: a, shown: `[${a}]` });
    else out.push({ protocol: 'tcp4', address: a, shown: a });
  }
  return out;
}

/** net.ParseIP's acceptance: a dotted IPv4 address or an IPv6 one (at most one `::`). */
function isIP(a: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(a)) return true;
  if (!/^[0-9A-Fa-f:.]+$/.test(a) || !a.includes(':') || (a.match(/::/g) ?? []).length > 1) return false;
  const groups = a.split(':');
  return groups.length <= 8 && groups.every((g) => g.length <= 4 || /\./.test(g)) && (a.includes('::') || groups.length === 8);
}

const ephemeral = new WeakMap<object, Random>();

/** The kernel's choice for port 0: somewhere in the ephemeral range (32768–60999), from a seeded source. */
function ephemeralPort(inv: Invocation): number {
  let r = ephemeral.get(inv.ctx.cluster);
  if (!r) ephemeral.set(inv.ctx.cluster, (r = new Random(inv.now() + 31)));
  return 32768 + r.int(60999 - 32768 + 1);
}

function terminalNode(inv: Invocation): string {
  const c = inv.ctx.cluster;
  return (c.nodeConfigs.find((n) => n.role === 'control-plane') ?? c.nodeConfigs[0]).name;
}

/** GetFirstPod waits (up to --pod-running-timeout) for the workload to have a pod at all. */
async function attachablePod(inv: Invocation, target: string): Promise<Any> {
  const deadline = inv.now() + (inv.flags.durationMs('pod-running-timeout') || 60_000);
  for (;;) {
    try {
      return await podForObject(inv, target);
    } catch (e) {
      if ((e as Error).message !== 'timed out waiting for the condition' || inv.now() >= deadline || inv.ctx.signal.aborted) throw e;
    }
    await inv.ctx.sleep(1000);
  }
}

async function runPortForward(inv: Invocation): Promise<number> {
  if (inv.args.length < 2) throw new UsageError('TYPE/NAME and list of ports are required for port-forward');
  const target = inv.args[0];
  const client = inv.client();
  const picked = (await attachablePod(inv, target)) as Any;
  let ports: string[];
  if (/^(svc|service|services)(\.)?\//.test(target)) {
    const svc = client.get('services', inv.namespace, target.slice(target.indexOf('/') + 1)) as Any;
    ports = servicePorts(inv.args.slice(1), svc, picked);
  } else ports = podPorts(inv.args.slice(1), picked);

  const pod = client.get('pods', inv.namespace, picked.metadata.name) as Any;
  if (pod.status?.phase !== 'Running') throw new Error(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`);
  const forwards = parsePorts(ports);
  // The stream to pods/{name}/portforward is dialed before any listener; a refused upgrade's Status is wrapped.
  try {
    client.connect('pods', inv.namespace, pod.metadata.name, 'portforward', 'create');
  } catch (e) {
    if (isStatusError(e)) throw new Error(`error upgrading connection: ${e.status.message}`);
    throw e;
  }
  const net = inv.ctx.cluster.network;
  const node = terminalNode(inv);
  const listeners = listenAddresses(inv.flags.strings('address').length ? inv.flags.strings('address') : ['localhost']);
  const podName = pod.metadata.name as string;
  const ns = inv.namespace;
  const registered: string[] = [];
  let podGone = false;

  const handler = (fp: ForwardedPort) => (ex: Exchange): Outcome => {
    inv.out(`Handling connection for ${fp.local}\n`);
    const live = client.tryGet('pods', ns, podName) as Any | undefined;
    const ip = live?.status?.podIP as string | undefined;
    if (!live || live.status?.phase !== 'Running' || !ip) {
      podGone = true;
      return { kind: 'empty', ip: '127.0.0.1', ms: 0 } as Outcome;
    }
    // Inside the pod's network namespace, to its loopback.
    const out = net.exchange({ node: live.spec?.nodeName, pod: { namespace: ns, name: podName, ip } }, '127.0.0.1', fp.remote, ex);
    return out.kind === 'refused' ? ({ kind: 'empty', ip: '127.0.0.1', ms: out.ms } as Outcome) : { ...out, ip: '127.0.0.1' };
  };

  let any = false;
  for (const fp of forwards) {
    if (fp.local === 0) fp.local = ephemeralPort(inv);
    const key = `${node}:${fp.local}`;
    if (net.loopbackForwards.has(key)) {
      const errs = listeners.map((l) => `unable to create listener: Error listen ${l.protocol} ${l.protocol === 'tcp6' ? `[${l.address}]` : l.address}:${fp.local}: bind: address already in use`);
      inv.err(`Unable to listen on port ${fp.local}: Listeners failed to create with the following errors: [${errs.join(' ')}]\n`);
      continue;
    }
    for (const l of listeners) inv.out(`Forwarding from ${l.shown}:${fp.local} -> ${fp.remote}\n`);
    net.loopbackForwards.set(key, handler(fp));
    registered.push(key);
    any = true;
  }
  if (!any) throw new Error(`unable to listen on any of the requested ports: [${forwards.map((f) => `{${f.local} ${f.remote}}`).join(' ')}]`);

  try {
    // Runs until Ctrl-C, or until the pod it forwards to is gone.
    while (!inv.ctx.signal.aborted) {
      await inv.ctx.sleep(1000);
      if (podGone || !client.tryGet('pods', ns, podName)) throw new Error('lost connection to pod');
    }
  } finally {
    for (const k of registered) net.loopbackForwards.delete(k);
  }
  return 0;
}

export const portForward: Command = verb('port-forward', { run: runPortForward });
