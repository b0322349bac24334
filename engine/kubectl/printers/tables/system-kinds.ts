/**
 * The `get` tables of the resources kube-apiserver computes (api/bootstrap/system-views.ts): printComponentStatus,
 * printFlowSchema(List), printPriorityLevelConfiguration, printIPAddress, printServiceCIDR, printCSINode of
 * pkg/printers/internalversion/printers.go (release-1.35), and kube-aggregator's APIService table
 * (pkg/registry/apiservice/etcd: NAME SERVICE AVAILABLE AGE). Loaded on first use (lazy-kinds.ts).
 */
import type { KObject } from '../../../api/meta.js';
import { since } from '../duration.js';
import { listOrder, registerTable, tableFor } from '../table.js';
import { RESOURCES } from '../../../api/resources.js';
import { shortNames } from '../../framework/warnings.js';
// The CSR table comes in this chunk (a chunk of its own would cost the page its name in the preload map).
import './certificates.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAME = { name: 'Name', format: 'name' as const };
const age = (o: KObject, now: number) => since(o.metadata.creationTimestamp, now);

registerTable('componentstatuses', {
  columns: [NAME, { name: 'Status' }, { name: 'Message' }, { name: 'Error' }],
  row(o) {
    let status = 'Unknown';
    let message = '';
    let error = '';
    for (const c of ((o as Any).conditions ?? []) as Any[]) {
      if (c?.type !== 'Healthy') continue;
      status = c.status === 'True' ? 'Healthy' : 'Unhealthy';
      message = c.message ?? '';
      error = c.error ?? '';
      break;
    }
    return [o.metadata.name ?? '', status, message, error];
  },
});

registerTable('apiservices.apiregistration.k8s.io', {
  columns: [NAME, { name: 'Service' }, { name: 'Available' }, { name: 'Age' }],
  row(o, { now }) {
    const spec = ((o as Any).spec ?? {}) as Any;
    const service = spec.service ? `${spec.service.namespace ?? ''}/${spec.service.name ?? ''}` : 'Local';
    const cond = (((o as Any).status?.conditions ?? []) as Any[]).find((c) => c?.type === 'Available');
    let available = 'Unknown';
    if (cond) available = cond.status === 'True' || !cond.reason ? String(cond.status ?? '') : `${cond.status} (${cond.reason})`;
    return [o.metadata.name ?? '', service, available, age(o, now)];
  },
});

const precedence = (o: KObject) => Number((o as Any).spec?.matchingPrecedence ?? 0);

registerTable('flowschemas.flowcontrol.apiserver.k8s.io', {
  columns: [NAME, { name: 'PriorityLevel' }, { name: 'MatchingPrecedence' }, { name: 'DistinguisherMethod' }, { name: 'Age' }, { name: 'MissingPL' }],
  row(o, { now }) {
    const spec = ((o as Any).spec ?? {}) as Any;
    const dangling = (((o as Any).status?.conditions ?? []) as Any[]).find((c) => c?.type === 'Dangling');
    return [o.metadata.name ?? '', spec.priorityLevelConfiguration?.name ?? '', String(spec.matchingPrecedence ?? 0),
      spec.distinguisherMethod ? String(spec.distinguisherMethod.type ?? '') : '<none>', age(o, now), dangling ? String(dangling.status ?? '') : '?'];
  },
});

// printFlowSchemaList sorts its rows (FlowSchemaSequence: by matchingPrecedence, then name); kubectl prints them so.
listOrder.apply = (infos) => {
  if (!infos.length || infos.some((i) => i.resource.group !== 'flowcontrol.apiserver.k8s.io' || i.resource.resource !== 'flowschemas')) return infos;
  const name = (o: KObject) => o.metadata.name ?? '';
  return [...infos].sort((a, b) => precedence(a.object) - precedence(b.object) || (name(a.object) < name(b.object) ? -1 : name(a.object) > name(b.object) ? 1 : 0));
};

registerTable('prioritylevelconfigurations.flowcontrol.apiserver.k8s.io', {
  columns: [NAME, { name: 'Type' }, { name: 'NominalConcurrencyShares' }, { name: 'Queues' }, { name: 'HandSize' }, { name: 'QueueLengthLimit' }, { name: 'Age' }],
  row(o, { now }) {
    const spec = ((o as Any).spec ?? {}) as Any;
    const cells = ['<none>', '<none>', '<none>', '<none>'];
    if (spec.limited) {
      cells[0] = String(spec.limited.nominalConcurrencyShares ?? 0);
      const q = spec.limited.limitResponse?.queuing;
      if (q) [cells[1], cells[2], cells[3]] = [String(q.queues ?? 0), String(q.handSize ?? 0), String(q.queueLengthLimit ?? 0)];
    }
    return [o.metadata.name ?? '', String(spec.type ?? ''), ...cells, age(o, now)];
  },
});

registerTable('ipaddresses.networking.k8s.io', {
  columns: [NAME, { name: 'ParentRef' }],
  row(o) {
    const ref = ((o as Any).spec?.parentRef) as Any | undefined;
    let parent = '<none>';
    if (ref) {
      // schema.GroupResource's String(), lower-cased: "services" in the core group.
      parent = (ref.group ? `${ref.resource ?? ''}.${ref.group}` : String(ref.resource ?? '')).toLowerCase();
      if (ref.namespace) parent += `/${ref.namespace}`;
      parent += `/${ref.name ?? ''}`;
    }
    return [o.metadata.name ?? '', parent];
  },
});

registerTable('servicecidrs.networking.k8s.io', {
  columns: [NAME, { name: 'CIDRs' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', (((o as Any).spec?.cidrs ?? []) as string[]).join(','), age(o, now)],
});

registerTable('csinodes.storage.k8s.io', {
  columns: [NAME, { name: 'Drivers' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', String(((o as Any).spec?.drivers ?? []).length), age(o, now)],
});

registerTable('runtimeclasses.node.k8s.io', {
  columns: [NAME, { name: 'Handler' }, { name: 'Age' }],
  row: (o, { now }) => [o.metadata.name ?? '', String((o as Any).handler ?? ''), age(o, now)],
});

/** events.k8s.io/v1 shares the core Event's storage and its printer (printEvent of the internal Event). */
registerTable('events.events.k8s.io', {
  columns: tableFor('events').columns,
  row(o, opts) {
    const e = o as Any;
    const core = {
      ...e, involvedObject: e.regarding, message: e.note, source: e.deprecatedSource, firstTimestamp: e.deprecatedFirstTimestamp,
      lastTimestamp: e.deprecatedLastTimestamp, count: e.deprecatedCount, reportingComponent: e.reportingController,
    } as unknown as KObject;
    return tableFor('events').row(core, opts);
  },
});

/**
 * client-go's shortcutExpander warning for a short name that several resources share (ev: core and events.k8s.io
 * Events): the first in discovery's priority order is used, each other one named once (the core group comes first,
 * so every other match has a group).
 */
shortNames.ambiguities = (typed) => {
  const short = typed.toLowerCase();
  return RESOURCES.filter((i) => i.shortNames.includes(short)).slice(1).map((i) => `short name "${short}" could also match lower priority resource ${i.resource}.${i.group}`);
};
