/**
 * `kubectl autoscale (TYPE NAME | TYPE/NAME | -f FILE) --max=N [--min=N]
 * [--cpu=50%|500m] [--memory=60%|200Mi] [--name=NAME]`: creates an
 * autoscaling/v2 HorizontalPodAutoscaler for each scalable target, built in
 * the Go struct's field order as autoscale.go does (so `-o json` of a client
 * dry run keeps kubectl's order). When the v2 create fails, kubectl retries
 * with autoscaling/v1 if the flags fit it, else reports why it cannot; the
 * v1 retry is not sent here (same name, same outcome), only its error kept.
 */
import type { KObject } from '../../api/meta.js';
import { lookupResource, type ResourceInfo } from '../../api/resources.js';
import { parseQuantity, formatBytes, formatMilliCPU } from '../../util/quantity.js';
import { buildInfos, mappingFor, resourceKey } from '../framework/builder.js';
import { AggregateError, PlainError, type Command, type Invocation } from '../framework/command.js';
import { HELP_B } from './help-data-b.js';
import { CPU_PERCENT } from './autoscale-flags.js';
import { derived } from './flag-tables.js';
import { checkBuilderArgs, dryRunStrategy, fieldValidation, outputSpec, printResult, setLastApplied, verb } from './mutate.js';

export const CPU_PERCENT_DEPRECATION = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";

/** Resources with a scale subresource (what the discovery-based ScaleKindResolver finds). */
const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

export type MetricTargetType = 'Utilization' | 'AverageValue';

/** autoscale.go's parseResourceInput: `70%` is a utilization, a quantity an average value, a bare number gets m / Mi. */
export function parseResourceInput(input: string, resource: 'cpu' | 'memory'): { type: MetricTargetType; utilization?: number; value?: string } {
  const s = input.trim();
  if (s === '') throw new Error('empty input');
  if (s.endsWith('%')) {
    const t = s.slice(0, -1);
    const n = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 2147483647) throw new Error(`invalid percentage value: ${t}`);
    return { type: 'Utilization', utilization: n };
  }
  let q = s;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) q = `${Number(s)}${resource === 'cpu' ? 'm' : 'Mi'}`;
  const v = parseQuantity(q);
  if (v === undefined) throw new Error(`invalid resource ${resource} value: ${s}`);
  return { type: 'AverageValue', value: canonicalQuantity(q, v, resource) };
}

/** Quantity's canonical form for the common inputs: millicores for CPU, binary suffixes stay binary. */
function canonicalQuantity(text: string, value: number, resource: 'cpu' | 'memory'): string {
  if (resource === 'cpu') return formatMilliCPU(Math.ceil(Math.round(value * 1e6) / 1e3));
  if (/[KMGTPE]i$/.test(text)) return formatBytes(Math.ceil(value));
  return text;
}

export interface AutoscaleOptions {
  name: string;
  namespace?: string;
  target: { apiVersion: string; kind: string; name: string };
  min: number;
  max: number;
  cpuPercent: number;
  cpu: string;
  memory: string;
}

function metric(resource: 'cpu' | 'memory', input: string): Record<string, unknown> {
  const p = parseResourceInput(input, resource);
  const target: Record<string, unknown> = { type: p.type };
  if (p.type === 'Utilization') target.averageUtilization = p.utilization;
  else target.averageValue = p.value;
  return { type: 'Resource', resource: { name: resource, target } };
}

/** createHorizontalPodAutoscalerV2. */
export function generateHPAv2(o: AutoscaleOptions): KObject {
  const spec: Record<string, unknown> = { scaleTargetRef: { kind: o.target.kind, name: o.target.name, apiVersion: o.target.apiVersion } };
  if (o.min > 0) spec.minReplicas = o.min;
  spec.maxReplicas = o.max;
  const metrics: Record<string, unknown>[] = [];
  if (o.cpuPercent > 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.cpuPercent } } });
  if (o.cpu) metrics.push(metric('cpu', o.cpu));
  if (o.memory) metrics.push(metric('memory', o.memory));
  if (metrics.length) spec.metrics = metrics;
  return {
    kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) },
    spec, status: { desiredReplicas: 0, currentMetrics: null },
  } as unknown as KObject;
}

/** Validate(): the flag checks, in kubectl's order. */
export function validateAutoscale(o: Pick<AutoscaleOptions, 'min' | 'max' | 'cpuPercent' | 'cpu' | 'memory'>): void {
  if (o.max < 1) throw new Error(`--max=MAXPODS is required and must be at least 1, max: ${o.max}`);
  if (o.max < o.min) throw new Error(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${o.max}, min: ${o.min}`);
  if (o.cpuPercent > 0 && o.cpu !== '') throw new Error('--cpu-percent and --cpu are mutually exclusive');
  if (o.cpu !== '') parseResourceInput(o.cpu, 'cpu');
  if (o.memory !== '') parseResourceInput(o.memory, 'memory');
}

function gvrString(info: ResourceInfo): string {
  return `${info.group ? info.group + '/' : '/'}${info.version}, Resource=${info.resource}`;
}

async function runAutoscale(inv: Invocation): Promise<number> {
  const f = inv.flags;
  if (f.changed('cpu-percent')) inv.err(CPU_PERCENT_DEPRECATION + '\n');
  if (!f.changed('max')) throw new PlainError('error: required flag(s) "max" not set');
  const base = { min: f.int('min'), max: f.int('max'), cpuPercent: f.int('cpu-percent'), cpu: f.string('cpu'), memory: f.string('memory') };
  const dryRun = dryRunStrategy(inv);
  validateAutoscale(base);
  const spec = outputSpec(inv);
  const filenames = f.strings('filename');
  checkBuilderArgs({ args: inv.args, paths: filenames.length > 0 || !!f.string('kustomize') }, mappingFor);
  const res = await buildInfos(inv, { args: inv.args, filenames, recursive: f.bool('recursive'), continueOnError: true });
  const errors = [...res.errors];
  const client = inv.client();
  const hpaInfo = lookupResource('horizontalpodautoscalers.autoscaling')!;
  let count = 0;
  for (const i of res.infos) {
    try {
      if (!SCALABLE.has(resourceKey(i.resource))) throw new Error(`cannot autoscale a ${i.resource.kind}: could not find scale subresource for ${gvrString(i.resource)} in discovery information`);
      const opts: AutoscaleOptions = {
        ...base, name: f.string('name') || i.name, namespace: inv.explicitNamespace ? inv.namespace : undefined,
        target: { apiVersion: i.resource.group ? `${i.resource.group}/${i.resource.version}` : i.resource.version, kind: i.resource.kind, name: i.name },
      };
      const hpa = generateHPAv2(opts);
      if (dryRun === 'client') {
        printResult(inv, spec, hpaInfo, hpa, 'created', dryRun, true);
        count++;
        continue;
      }
      if (f.bool('save-config')) setLastApplied(hpa, true);
      const create = (obj: KObject) => client.create('horizontalpodautoscalers.autoscaling', inv.namespace, obj, {
        dryRun: dryRun === 'server', fieldManager: f.string('field-manager') || 'kubectl-autoscale', fieldValidation: fieldValidation(inv),
      });
      let created: KObject;
      try {
        created = create(hpa);
      } catch (e) {
        // The v1 fallback is only possible for a plain CPU utilization target.
        let v1ok: boolean;
        try {
          const t = parseResourceInput(opts.cpu, 'cpu').type;
          v1ok = (opts.cpuPercent >= 0 && opts.memory === '') || (opts.memory === '' && t === 'Utilization');
        } catch (pe) {
          throw new Error(`failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: ${(pe as Error).message}`);
        }
        // Go formats the nil error of a plain `false` as %!w(<nil>).
        if (!v1ok) throw new Error('failed to create autoscaling/v2 HPA and the configuration is incompatible with autoscaling/v1: %!w(<nil>)');
        // The v1 object has the same name: its create fails the same way (already exists).
        throw e;
      }
      printResult(inv, spec, hpaInfo, created, 'autoscaled', dryRun);
      count++;
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  if (count === 0) throw new Error('no objects passed to autoscale');
  return 0;
}

export const autoscale: Command = verb('autoscale', { run: runAutoscale, flags: derived(HELP_B.autoscale.flags, (f) => [...f, CPU_PERCENT].sort((a, b) => a.name.localeCompare(b.name))) });
