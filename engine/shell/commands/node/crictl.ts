/**
 * crictl (cri-tools v1.35) against the node's containerd: `ps`, `pods`,
 * `images`, `logs`, `version`. Tables are tabwriter's (minwidth 20, padding 3)
 * as display.go sets it; IDs truncate to 13 characters (util.go
 * getTruncatedID); CREATED is go-units' HumanDuration + " ago"; failures go
 * through logrus.Fatal (exit 1). What containerd answers comes from the
 * runtime the kubelet drives, so it is there whether or not the kubelet runs.
 */
import type { Cluster } from '../../../cluster.js';
import type { Container, LogLine } from '../../../kubelet/runtime.js';
import { formatTabbed } from '../../../kubectl/printers/gotabwriter.js';
import type { CommandSpec, ProcessContext } from '../../process.js';
import { parseGoFlags } from './cliflags.js';
import { appHelp, commandHelp, commandNamed, CRICTL_VERSION, DEFAULT_RUNTIME_ENDPOINTS, GLOBAL_FLAGS, isCrictlCommand } from './crictl-help.js';
import { currentNodeName, nodeHost, sandboxes, type NodeHost, type Sandbox } from './host.js';
import { logrusLine } from './logrus.js';
import { humanDuration, humanSizeWithPrecision } from './units.js';
import { containerLogPath, logPodUID, rfc3339Nano } from '../../pod-log-files.js';

const TRUNCATED_ID_LEN = 13;
export const CONTAINERD_SOCKET = 'unix:///run/containerd/containerd.sock';
/** /etc/crictl.yaml as the node has it: without it crictl warns that it guesses the endpoints. */
export const CRICTL_CONFIG_PATH = '/etc/crictl.yaml';
/** What the lab's crictl answers for the commands of the real one it does not run (exec, inspect, stop…). */
const NOT_SIMULATED = 'this command is not simulated in this lab (crictl here runs ps, pods, images, logs and version)';
/** containerd's CRI plugin: the CRI API version it reports and its own version (the node's containerRuntimeVersion). */
export const CRI_VERSION = { version: '0.1.0', runtimeName: 'containerd', runtimeVersion: 'v2.1.3', runtimeApiVersion: 'v1' };

export function truncatedID(id: string, prefix = ''): string {
  if (prefix && id.startsWith(prefix)) id = id.slice(prefix.length);
  return id.length > TRUNCATED_ID_LEN ? id.slice(0, TRUNCATED_ID_LEN) : id;
}

/** newDefaultTableDisplay: text/tabwriter with minwidth 20, tabwidth 1, padding 3, spaces. */
export function crictlTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  return formatTabbed(rows.map((r) => r.join('\t')).join('\n') + '\n', 20, 3);
}

export const CONTAINER_HEADER = ['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE'];
export const POD_HEADER = ['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'];
export const IMAGE_HEADER = ['IMAGE', 'TAG', 'IMAGE ID', 'SIZE'];

/** convertContainerState. */
function containerState(c: Container): string {
  return c.state === 'running' ? 'Running' : 'Exited';
}

export function ago(now: number, at: number): string {
  return humanDuration(now - at) + ' ago';
}

function regexMatch(pattern: string | undefined, target: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(target);
  } catch {
    return false;
  }
}

/** The containers `crictl ps` lists, newest first (containerByCreated). */
export function listContainers(h: NodeHost, cluster: Cluster, f: Map<string, string | boolean>): { c: Container; sandbox: Sandbox }[] {
  const all = sandboxes(cluster, h);
  const rows: { c: Container; sandbox: Sandbox; order: number }[] = [];
  let order = 0;
  const state = (f.get('state') as string | undefined)?.toLowerCase();
  const latest = f.get('latest') === true;
  const last = Number(f.get('last') ?? 0);
  for (const s of all) {
    for (const c of s.containers) {
      order++;
      const st = c.state === 'running' ? 'running' : 'exited';
      if (!latest && last <= 0) {
        if (state ? state !== st : !f.get('all') && st !== 'running') continue;
      }
      const id = f.get('id') as string | undefined;
      if (id && !c.id.startsWith(id)) continue;
      const pod = f.get('pod') as string | undefined;
      if (pod && !s.id.startsWith(pod)) continue;
      if (!regexMatch(f.get('name') as string | undefined, c.name)) continue;
      if (!regexMatch(f.get('namespace') as string | undefined, s.namespace)) continue;
      const image = f.get('image') as string | undefined;
      if (image && !(c.image.id.startsWith(image) || c.image.id.slice(7).startsWith(image) || c.image.name === image || c.image.name.endsWith('/' + image))) continue;
      rows.push({ c, sandbox: s, order });
    }
  }
  rows.sort((a, b) => b.c.startedAt - a.c.startedAt || b.order - a.order);
  let n = rows.length;
  if (latest) n = 1;
  if (last > 0) n = last;
  return rows.slice(0, Math.min(n, rows.length));
}

function psOutput(ctx: ProcessContext, h: NodeHost, f: Map<string, string | boolean>): string {
  const now = ctx.cluster.clock.now();
  const rows = listContainers(h, ctx.cluster, f);
  if (f.get('quiet')) return rows.map((r) => r.c.id + '\n').join('');
  const noTrunc = f.get('no-trunc') === true;
  const table: string[][] = [CONTAINER_HEADER];
  for (const { c, sandbox } of rows) {
    // The kubelet names the image by its ID (sha256:…): a digest, which crictl shortens like an ID.
    const image = f.get('resolve-image-path') ? c.image.name : noTrunc ? c.image.id : truncatedID(c.image.id, 'sha256:');
    table.push([noTrunc ? c.id : truncatedID(c.id), image, ago(now, c.startedAt), containerState(c), c.name, String(c.opts.attempt), noTrunc ? sandbox.id : truncatedID(sandbox.id), sandbox.name, sandbox.namespace]);
  }
  return crictlTable(table);
}

function podsOutput(ctx: ProcessContext, h: NodeHost, f: Map<string, string | boolean>): string | { error: string } {
  const now = ctx.cluster.clock.now();
  const state = (f.get('state') as string | undefined)?.toLowerCase();
  if (state && state !== 'ready' && state !== 'notready') return { error: '--state should be ready or notready' };
  let list = sandboxes(ctx.cluster, h).filter((s) => {
    if (state && (state === 'ready') !== s.ready) return false;
    const id = f.get('id') as string | undefined;
    if (id && !s.id.startsWith(id)) return false;
    return regexMatch(f.get('name') as string | undefined, s.name) && regexMatch(f.get('namespace') as string | undefined, s.namespace);
  });
  list = list.map((s, i) => ({ s, i })).sort((a, b) => b.s.createdAt - a.s.createdAt || b.i - a.i).map((x) => x.s);
  let n = list.length;
  if (f.get('latest')) n = 1;
  const last = Number(f.get('last') ?? 0);
  if (last > 0) n = last;
  list = list.slice(0, Math.min(n, list.length));
  if (f.get('quiet')) return list.map((s) => s.id + '\n').join('');
  const noTrunc = f.get('no-trunc') === true;
  const table: string[][] = [POD_HEADER];
  for (const s of list) table.push([noTrunc ? s.id : truncatedID(s.id), ago(now, s.createdAt), s.ready ? 'Ready' : 'NotReady', s.name, s.namespace, '0', '(default)']);
  return crictlTable(table);
}

/** The pause image the kubelet's sandboxes use: containerd pins it so garbage collection never removes it. */
const PINNED_IMAGES = new Set(['registry.k8s.io/pause:3.10.1']);

function imagesOutput(h: NodeHost, f: Map<string, string | boolean>, filterRef: string | undefined): string {
  let images = [...h.kubelet.runtime.images.values()];
  if (filterRef) images = images.filter((i) => i.name === filterRef || i.name.endsWith('/' + filterRef) || `${i.repository}:${i.tag}` === filterRef || i.repository === filterRef || i.repository.endsWith('/' + filterRef));
  // imageByRef: by the first repo tag.
  images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (f.get('quiet')) return images.map((i) => i.id + '\n').join('');
  const digests = f.get('digests') === true;
  const pinned = f.get('pinned') === true;
  const noTrunc = f.get('no-trunc') === true;
  const header = ['IMAGE', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'SIZE', ...(pinned ? ['PINNED'] : [])];
  const table: string[][] = [header];
  for (const i of images) {
    const at = i.name.lastIndexOf(':');
    const digest = i.repoDigest.slice(i.repoDigest.indexOf('@') + 1);
    table.push([
      i.name.slice(0, at), i.name.slice(at + 1),
      ...(digests ? [noTrunc ? digest : truncatedID(digest, 'sha256:')] : []),
      noTrunc ? i.id : truncatedID(i.id, 'sha256:'),
      humanSizeWithPrecision(i.sizeBytes, 3),
      ...(pinned ? [String(PINNED_IMAGES.has(i.name))] : []),
    ]);
  }
  return crictlTable(table);
}

/** containerd's lookup by ID or unique ID prefix (its truncindex). */
export function findContainer(h: NodeHost, id: string): Container | undefined {
  const exact = h.kubelet.runtime.containers.get(id);
  if (exact) return exact;
  let found: Container | undefined;
  for (const c of h.kubelet.runtime.containers.values()) {
    if (!c.id.startsWith(id)) continue;
    if (found) return undefined;
    found = c;
  }
  return found;
}

async function logsCommand(ctx: ProcessContext, h: NodeHost, f: Map<string, string | boolean>, args: string[], fatal: (m: string) => number): Promise<number> {
  const id = args[0] ?? '';
  if (!id) return fatal('ID cannot be empty');
  const stream = (f.get('stream') as string | undefined) ?? '';
  if (stream !== '' && stream !== 'stdout' && stream !== 'stderr') return fatal(`invalid stream "${stream}", must be "stdout" or "stderr"`);
  if (f.has('tail') && f.has('stream')) return fatal('--tail and --stream are mutually exclusive');
  let c = findContainer(h, id);
  if (!c) return fatal(`rpc error: code = NotFound desc = an error occurred when try to find container "${id}": not found`);
  if (f.get('previous')) {
    if (c.opts.attempt === 0) return fatal(`previous terminated container ${c.name} not found`);
    const prev = [...h.kubelet.runtime.containers.values()].find((x) => x.opts.podUID === c!.opts.podUID && x.name === c!.name && x.opts.attempt === c!.opts.attempt - 1);
    // The log file of the previous attempt is gone with its container.
    if (!prev) return fatal(`open ${containerLogPath(c.opts.namespace, c.opts.podName, logPodUID(ctx.cluster, c) ?? c.opts.podUID, c.name, c.opts.attempt - 1)}: no such file or directory`);
    c = prev;
  }
  const tail = f.has('tail') ? Number(f.get('tail')) : -1;
  const stamps = f.get('timestamps') === true;
  const write = (l: LogLine) => {
    if (stream && l.stream !== stream) return;
    const text = `${stamps ? rfc3339Nano(l.time) + ' ' : ''}${l.text}\n`;
    (l.stream === 'stderr' ? ctx.stderr : ctx.stdout).write(text);
  };
  let lines = c.logs;
  if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  for (const l of lines) write(l);
  if (!f.get('follow') || c.state !== 'running') return 0;
  // Following ends with Ctrl-C or when the container stops (ReadLogs checks the container's state).
  const unsub = c.subscribe(write);
  try {
    while (!ctx.signal.aborted && c.state === 'running') await ctx.sleep(1_000);
  } finally {
    unsub();
  }
  return 0;
}

function versionOutput(): string {
  return `Version:  ${CRI_VERSION.version}\nRuntimeName:  ${CRI_VERSION.runtimeName}\nRuntimeVersion:  ${CRI_VERSION.runtimeVersion}\nRuntimeApiVersion:  ${CRI_VERSION.runtimeApiVersion}\n`;
}

export const crictl: CommandSpec = {
  name: 'crictl',
  summary: 'client for CRI',
  async run(ctx) {
    const now = ctx.cluster.clock.now();
    const tty = ctx.terminal.isTTY;
    const fatal = (msg: string): number => {
      ctx.stderr.write(logrusLine('fatal', msg, { tty, now }));
      return 1;
    };
    const global = parseGoFlags(ctx.argv.slice(1), GLOBAL_FLAGS, false);
    if ('error' in global) {
      ctx.stdout.write(`Incorrect Usage: ${global.error}\n\n${appHelp()}`);
      return fatal(global.error);
    }
    if (global.values.get('version')) {
      ctx.stdout.write(`crictl version ${CRICTL_VERSION}\n`);
      return 0;
    }
    const [sub, ...rest] = global.args;
    if (sub === undefined || sub === 'help' || sub === 'h' || global.values.get('help')) {
      const topic = sub === 'help' || sub === 'h' ? rest[0] : undefined;
      const cmd = topic ? commandNamed(topic) : undefined;
      if (topic && !cmd) {
        if (isCrictlCommand(topic)) return fatal(`${topic}: ${NOT_SIMULATED}`);
        ctx.stderr.write(`No help topic for '${topic}'\n`);
        return 3;
      }
      ctx.stdout.write(cmd ? commandHelp(cmd) : appHelp());
      return 0;
    }
    const cmd = commandNamed(sub);
    if (!cmd) {
      if (isCrictlCommand(sub)) return fatal(`${sub}: ${NOT_SIMULATED}`);
      // urfave/cli: an unknown command falls to the help command, which knows no such topic (exit code 3).
      ctx.stderr.write(`No help topic for '${sub}'\n`);
      return 3;
    }
    const parsed = parseGoFlags(rest, [...cmd.flags, { names: ['help', 'h'], kind: 'bool' }], sub !== 'version');
    if ('error' in parsed) {
      ctx.stdout.write(`Incorrect Usage: ${parsed.error}\n\n${commandHelp(cmd)}`);
      return fatal(parsed.error);
    }
    if (parsed.values.get('help')) {
      ctx.stdout.write(commandHelp(cmd));
      return 0;
    }
    const node = currentNodeName(ctx);
    const h = nodeHost(ctx.cluster, node);
    if (!h) return fatal(`validate service connection: validate CRI v1 runtime API for endpoint "${CONTAINERD_SOCKET}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"`);
    // Without /etc/crictl.yaml (or -r), crictl tries its default endpoints and says so first.
    const configured = global.values.has('runtime-endpoint') || ctx.env.CONTAINER_RUNTIME_ENDPOINT || ctx.fs.readFile(CRICTL_CONFIG_PATH)?.includes('runtime-endpoint');
    if (!configured) {
      ctx.stderr.write(logrusLine('warning', `runtime connect using default endpoints: ${DEFAULT_RUNTIME_ENDPOINTS}. As the default settings are now deprecated, you should set the endpoint instead.`, { tty, now }));
    }
    if (!h.units.containerd.active || !h.kubelet.poweredOn()) {
      return fatal(`validate service connection: validate CRI v1 runtime API for endpoint "${CONTAINERD_SOCKET}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"`);
    }
    const f = parsed.values;
    const output = (f.get('output') as string | undefined) ?? 'table';
    if (output !== 'table' && output !== '') return fatal(`unsupported output format "${output}" in this simulation`);
    switch (cmd.names[0]) {
      case 'ps': {
        if (parsed.args.length) { ctx.stdout.write(commandHelp(cmd)); return 0; }
        const st = f.get('state') as string | undefined;
        if (st !== undefined && !['created', 'running', 'exited', 'unknown'].includes(st.toLowerCase())) return fatal('--state should be one of created, running, exited or unknown');
        ctx.stdout.write(psOutput(ctx, h, f));
        return 0;
      }
      case 'pods': {
        const out = podsOutput(ctx, h, f);
        if (typeof out !== 'string') return fatal(out.error);
        ctx.stdout.write(out);
        return 0;
      }
      case 'images': {
        if (parsed.args.length > 1) { ctx.stdout.write(commandHelp(cmd)); return 0; }
        if (!configured) ctx.stderr.write(logrusLine('warning', `Image connect using default endpoints: ${DEFAULT_RUNTIME_ENDPOINTS}. As the default settings are now deprecated, you should set the endpoint instead.`, { tty, now }));
        ctx.stdout.write(imagesOutput(h, f, parsed.args[0]));
        return 0;
      }
      case 'logs': {
        if (parsed.args.length > 1) { ctx.stdout.write(commandHelp(cmd)); return 0; }
        return logsCommand(ctx, h, f, parsed.args, fatal);
      }
      case 'version':
        if (parsed.args.length) { ctx.stdout.write(commandHelp(cmd)); return 0; }
        ctx.stdout.write(versionOutput());
        return 0;
    }
    return 0;
  },
};

