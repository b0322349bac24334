/**
 * `kubectl top node|pod` over metrics.k8s.io (served by engine/metrics while
 * metrics-server runs). Layout of kubectl/pkg/metricsutil: every cell ends
 * with a tab (so lines carry trailing padding), CPU in millicores, memory in Mi,
 * node percentages against allocatable (capacity with --show-capacity).
 */
import { parseLabelSelector } from '../../api/selectors.js';
import { goSort } from '../describe/gosort.js';
import type { KObject } from '../../api/meta.js';
import { isStatusError } from '../../api/errors.js';
import { milliCPU, bytes, parseQuantity } from '../../util/quantity.js';
import type { Command, Invocation } from '../framework/command.js';
import { UsageError } from '../framework/command.js';
import { TabWriter } from '../printers/tabwriter.js';
import { formatGoDuration } from '../framework/flags.js';
import { HELP } from './help-data.js';

const METRICS_UNAVAILABLE = 'Metrics API not available';

type Usage = { cpu?: string; memory?: string };

function listMetrics(inv: Invocation, resource: string, namespace: string | undefined, selector: string | undefined, name?: string): KObject[] {
  try {
    if (name) return [inv.client().get(resource, namespace, name)];
    return inv.client().list(resource, namespace, { labelSelector: selector || undefined }).items;
  } catch (e) {
    if (isStatusError(e) && e.code === 503) throw new Error(METRICS_UNAVAILABLE);
    throw e;
  }
}

const cell = (v: string) => `${v}\t`;
const cpuText = (q: unknown) => `${milliCPU(q)}m`;
const memText = (q: unknown) => `${Math.floor(bytes(q) / (1024 * 1024))}Mi`;

const topNode: Command = {
  name: 'node',
  aliases: ['nodes', 'no'],
  short: 'Display resource (CPU/memory) usage of nodes',
  ...HELP['top node'],
  run(inv) {
    if (inv.args.length > 1) throw new UsageError(inv.cmd.use!);
    const sortBy = inv.flags.string('sort-by');
    if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new Error('--sort-by accepts only cpu or memory');
    const name = inv.args[0];
    if (name && inv.flags.string('selector')) throw new Error('only one of NAME or --selector can be provided');
    // RunTopNode parses the selector itself before asking for metrics.
    if (inv.flags.string('selector')) parseLabelSelector(inv.flags.string('selector'));
    const metrics = listMetrics(inv, 'nodes.metrics.k8s.io', undefined, inv.flags.string('selector'), name);
    if (metrics.length === 0) throw new Error('metrics not available yet');
    const nodes = name ? [inv.client().get('nodes', undefined, name)] : inv.client().list('nodes', undefined, { labelSelector: inv.flags.string('selector') || undefined }).items;
    const avail = new Map<string, Usage>();
    const useCapacity = inv.flags.bool('show-capacity');
    for (const n of nodes) avail.set(n.metadata.name ?? '', ((n.status as { allocatable?: Usage; capacity?: Usage })?.[useCapacity ? 'capacity' : 'allocatable']) ?? {});
    const rows = sortRows(metrics.map((m) => ({ name: m.metadata.name ?? '', usage: (m.usage ?? {}) as Usage })), sortBy);
    const w = new TabWriter((t) => inv.out(t));
    if (!inv.flags.bool('no-headers')) w.write(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'].map(cell).join('') + '\n');
    for (const r of rows) {
      const a = avail.get(r.name);
      let line = cell(r.name) + cell(cpuText(r.usage.cpu));
      if (a) line += cell(`${pct(milliCPU(r.usage.cpu), milliCPU(a.cpu))}%`);
      line += cell(memText(r.usage.memory));
      if (a) line += cell(`${pct(bytes(r.usage.memory) * 1000, bytes(a.memory) * 1000)}%`);
      w.write(line + '\n');
      avail.delete(r.name);
    }
    for (const n of avail.keys()) w.write(cell(n) + ['<unknown>', '<unknown>', '<unknown>', '<unknown>'].map(cell).join('') + '\n');
    w.flush();
    return 0;
  },
};

function pct(used: number, available: number): number {
  return available === 0 ? 0 : Math.trunc((used / available) * 100);
}

/**
 * metricsutil's Pod/NodeMetricsSorter under Go's sort.Sort, which is not
 * stable: pods with equal memory come out in pdqsort's order, not the list's.
 */
function sortRows<R extends { name: string; usage: Usage; namespace?: string }>(rows: R[], sortBy: string, withNamespace = false): R[] {
  return goSort(rows, (a, b) => {
    if (sortBy === 'cpu') return milliCPU(a.usage.cpu) > milliCPU(b.usage.cpu);
    if (sortBy === 'memory') return bytes(a.usage.memory) > bytes(b.usage.memory);
    if (withNamespace && a.namespace !== b.namespace) return (a.namespace ?? '') < (b.namespace ?? '');
    return a.name < b.name;
  });
}

const topPod: Command = {
  name: 'pod',
  aliases: ['pods', 'po'],
  short: 'Display resource (CPU/memory) usage of pods',
  ...HELP['top pod'],
  run(inv) {
    if (inv.args.length > 1) throw new UsageError(inv.cmd.use!);
    const sortBy = inv.flags.string('sort-by');
    if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new Error('--sort-by accepts only cpu or memory');
    const name = inv.args[0];
    if (name && (inv.flags.string('selector') || inv.flags.string('field-selector'))) throw new Error('only one of NAME or selector can be provided');
    // RunTopPod parses both selectors itself before asking for metrics.
    if (inv.flags.string('selector')) parseLabelSelector(inv.flags.string('selector'));
    const all = inv.flags.bool('all-namespaces');
    const metrics = listMetrics(inv, 'pods.metrics.k8s.io', all ? undefined : inv.namespace, inv.flags.string('selector'), name);
    if (metrics.length === 0) {
      verifyEmptyMetrics(inv);
      inv.err(all ? 'No resources found\n' : `No resources found in ${inv.namespace} namespace.\n`);
      return 0;
    }
    const containersFlag = inv.flags.bool('containers');
    const rows = sortRows(metrics.map((m) => {
      const cs = ((m.containers ?? []) as { name: string; usage: Usage }[]);
      // getPodMetrics adds the containers' quantities exactly; MilliValue rounds the sum up once.
      const cpuNano = cs.reduce((s, c) => s + Math.round((parseQuantity(c.usage?.cpu) ?? 0) * 1e9), 0);
      const cpu = Math.ceil(cpuNano / 1e6);
      const memExact = cs.reduce((s, c) => s + (parseQuantity(c.usage?.memory) ?? 0), 0);
      return { name: m.metadata.name ?? '', namespace: m.metadata.namespace, usage: { cpu: `${cpu}m`, memory: String(Math.ceil(memExact)) }, containers: cs, cpuNano, memExact };
    }), sortBy, all);
    const w = new TabWriter((t) => inv.out(t));
    const noHeaders = inv.flags.bool('no-headers');
    if (!noHeaders) w.write((all ? cell('NAMESPACE') : '') + (containersFlag ? cell('POD') : '') + ['NAME', 'CPU(cores)', 'MEMORY(bytes)'].map(cell).join('') + '\n');
    // ResourceAdder adds every container's quantities exactly: the sum is rounded once, not row by row.
    let cpuNanoSum = 0;
    let memSum = 0;
    for (const r of rows) {
      cpuNanoSum += r.cpuNano;
      memSum += r.memExact;
      if (containersFlag) {
        // ContainerMetricsSorter: by name, or by usage as the pods are.
        const containers = goSort([...r.containers], (a, b) => {
          if (sortBy === 'cpu') return milliCPU(a.usage?.cpu) > milliCPU(b.usage?.cpu);
          if (sortBy === 'memory') return bytes(a.usage?.memory) > bytes(b.usage?.memory);
          return a.name < b.name;
        });
        for (const c of containers) w.write((all ? cell(r.namespace ?? '') : '') + cell(r.name) + cell(c.name) + cell(cpuText(c.usage?.cpu)) + cell(memText(c.usage?.memory)) + '\n');
      } else {
        w.write((all ? cell(r.namespace ?? '') : '') + cell(r.name) + cell(cpuText(r.usage.cpu)) + cell(memText(r.usage.memory)) + '\n');
      }
    }
    if (inv.flags.bool('sum')) {
      // PrintPodMetrics counts the NAMESPACE and POD columns into the width only when it prints the headers.
      const width = 3 + (noHeaders ? 0 : (all ? 1 : 0) + (containersFlag ? 1 : 0));
      w.write(cell('').repeat(width - 2) + cell('________') + cell('________') + '\n');
      w.write(cell('').repeat(width - 2) + cell(`${Math.ceil(Math.round(cpuNanoSum) / 1e6)}m`) + cell(`${Math.floor(Math.ceil(memSum) / (1024 * 1024))}Mi`) + '\n');
    }
    w.flush();
    return 0;
  },
};

/** metrics-server's first scrape of a new pod: before it, kubectl top says the metrics are on their way. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

/**
 * RunTopPod's verifyEmptyMetrics: an empty metrics list means "no pods" only
 * when there are none. It lists the pods of the context's namespace (also with
 * --all-namespaces, as kubectl does); one older than the delay is named.
 */
function verifyEmptyMetrics(inv: Invocation): void {
  const pods = inv.client().list('pods', inv.namespace, { labelSelector: inv.flags.string('selector') || undefined, fieldSelector: inv.flags.string('field-selector') || undefined }).items;
  if (pods.length === 0) return;
  for (const p of pods) {
    const age = inv.now() - Date.parse(p.metadata.creationTimestamp ?? '');
    if (age > METRICS_CREATION_DELAY_MS) throw new Error(`Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${formatGoDuration(age)}`);
  }
  throw new Error('metrics not available yet');
}

export const top: Command = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  long: HELP.top.long,
  use: 'top [flags]',
  subcommands: [topNode, topPod],
};
