/** The HorizontalPodAutoscaler describer (describeHorizontalPodAutoscalerV2). */
import type { KObject } from '../../api/meta.js';
import { quantityString } from './containers.js';
import { eventsOf, type DescribeContext } from './context.js';
import { annotationsMultiline, describeEvents, labelsMultiline, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';

/** Go's %q of a plain metric name. */
const quote = (s: unknown) => JSON.stringify(String(s ?? ''));

function describeMetric(w: PrefixWriter, m: Any, cur: Any | undefined): void {
  switch (m.type) {
    case 'External': {
      const t = m.external?.target ?? {};
      if (t.averageValue !== undefined && t.averageValue !== null) {
        const current = cur?.external?.current?.averageValue !== undefined ? quantityString(cur.external.current.averageValue) : '<unknown>';
        w.write(1, `${quote(m.external?.metric?.name)} (target average value):\t${current} / ${quantityString(t.averageValue)}\n`);
      } else {
        const current = cur?.external ? quantityString(cur.external.current?.value ?? '0') : '<unknown>';
        w.write(1, `${quote(m.external?.metric?.name)} (target value):\t${current} / ${quantityString(t.value ?? '0')}\n`);
      }
      return;
    }
    case 'Pods': {
      const current = cur?.pods ? quantityString(cur.pods.current?.averageValue ?? '0') : '<unknown>';
      w.write(1, `${quote(m.pods?.metric?.name)} on pods:\t${current} / ${quantityString(m.pods?.target?.averageValue ?? '0')}\n`);
      return;
    }
    case 'Object': {
      const o = m.object ?? {};
      w.write(1, `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `);
      if (o.target?.type === 'AverageValue') {
        const current = cur?.object ? quantityString(cur.object.current?.averageValue ?? '0') : '<unknown>';
        w.write(0, `(target average value):\t${current} / ${quantityString(o.target?.averageValue ?? '0')}\n`);
      } else {
        const current = cur?.object ? quantityString(cur.object.current?.value ?? '0') : '<unknown>';
        w.write(0, `(target value):\t${current} / ${quantityString(o.target?.value ?? '0')}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const r = m.type === 'Resource' ? m.resource ?? {} : m.containerResource ?? {};
      const c = m.type === 'Resource' ? cur?.resource : cur?.containerResource;
      w.write(1, m.type === 'Resource' ? `resource ${r.name} on pods` : `resource ${r.name} of container "${r.container}" on pods`);
      if (r.target?.averageValue !== undefined && r.target?.averageValue !== null) {
        const current = c ? quantityString(c.current?.averageValue ?? '0') : '<unknown>';
        w.write(0, `:\t${current} / ${quantityString(r.target.averageValue)}\n`);
      } else {
        const util = c?.current?.averageUtilization;
        const current = c && util !== undefined && util !== null ? `${util}% (${quantityString(c.current?.averageValue ?? '0')})` : '<unknown>';
        const target = r.target?.averageUtilization !== undefined && r.target?.averageUtilization !== null ? `${r.target.averageUtilization}%` : '<auto>';
        // The real describer writes this part at level 1 too, so two spaces sit inside the line.
        w.write(1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(1, `<unknown metric type ${quote(m.type)}>\n`);
  }
}

function directionBehavior(w: PrefixWriter, direction: string, rules: Any | undefined): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of rules.policies) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function renderHPA(hpa: Any, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  w.write(0, `Name:\t${hpa.metadata.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', hpa.metadata.labels);
  annotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (spec.metrics ?? []).forEach((m: Any, i: number) => describeMetric(w, m, status.currentMetrics?.[i]));
  w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  if (spec.behavior) {
    w.write(0, 'Behavior:\n');
    directionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    directionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
  w.write(0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of status.conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeHPAObject(hpa: Any, ctx: DescribeContext): string {
  return renderHPA(hpa, eventsOf(ctx, hpa), ctx.now);
}
