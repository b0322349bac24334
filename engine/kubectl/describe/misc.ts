/** Namespace, ConfigMap, Secret and ServiceAccount describers. */
import type { KObject } from '../../api/meta.js';
import { eventsOf, type DescribeContext } from './context.js';
import { namespaceLimitRangeSummary, namespaceQuotaSummary } from './kinds.js';
import { annotationsMultiline, describeEvents, labelsMultiline, PrefixWriter, rfc1123z, tabbed, type Any } from './format.js';
import { base64Decode, base64DecodedLength } from '../../util/base64.js';

const SERVICE_ACCOUNT_TOKEN_KEY = 'token';
const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
/** What a namespace with no ResourceQuota or LimitRange prints. */
export const NO_RESOURCE_QUOTA = 'No resource quota.';
export const NO_LIMIT_RANGE = 'No LimitRange resource.';

/** describeNamespace: no Events section; quota and limit range summaries after a blank line each. */
export function renderNamespace(ns: Any, ctx?: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  labelsMultiline(w, 'Labels', ns.metadata.labels);
  annotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conditions = ns.status?.conditions ?? [];
  if (conditions.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  const list = (resource: string): KObject[] => {
    try { return ctx ? ctx.client.list(resource, ns.metadata.name).items : []; } catch { return []; }
  };
  w.write(0, '\n');
  namespaceQuotaSummary(w, list('resourcequotas'));
  w.write(0, '\n');
  namespaceLimitRangeSummary(w, list('limitranges'));
  return tabbed(w);
}

export function renderConfigMap(cm: Any, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${cm.metadata.name}\n`);
  w.write(0, `Namespace:\t${cm.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', cm.metadata.labels);
  annotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(cm.data ?? {}).sort()) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${cm.data[k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) w.write(0, `${k}: ${base64DecodedLength(String(cm.binaryData[k] ?? ''))} bytes\n`);
  w.write(0, '\n');
  describeEvents(w, events, now);
  return tabbed(w);
}


/** describeSecret: sizes only, except a service account token, which is printed. No Events section. */
export function renderSecret(secret: Any): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${secret.metadata.name}\n`);
  w.write(0, `Namespace:\t${secret.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', secret.metadata.labels);
  annotationsMultiline(w, 'Annotations', secret.metadata.annotations);
  w.write(0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(secret.data ?? {}).sort()) {
    if (k === SERVICE_ACCOUNT_TOKEN_KEY && secret.type === SECRET_TYPE_SERVICE_ACCOUNT_TOKEN) w.write(0, `${k}:\t${base64Decode(secret.data[k])}\n`);
    else w.write(0, `${k}:\t${base64DecodedLength(String(secret.data[k] ?? ''))} bytes\n`);
  }
  return tabbed(w);
}

/** describeServiceAccount (v1.35): image pull secrets only; mountable secrets and tokens are no longer listed. */
export function renderServiceAccount(sa: Any, events: KObject[] | undefined, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sa.metadata.name}\n`);
  w.write(0, `Namespace:\t${sa.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', sa.metadata.labels);
  annotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const header = 'Image pull secrets:';
  const names: string[] = (sa.imagePullSecrets ?? []).map((s: Any) => s.name ?? '');
  if (!names.length) w.write(0, `${header}\t<none>\n`);
  else names.forEach((n, i) => w.write(0, `${i ? ' '.repeat(header.length) : header}\t${n}\n`));
  describeEvents(w, events, now);
  return tabbed(w);
}

export function describeConfigMapObject(cm: Any, ctx: DescribeContext): string {
  return renderConfigMap(cm, eventsOf(ctx, cm), ctx.now);
}
export function describeServiceAccountObject(sa: Any, ctx: DescribeContext): string {
  return renderServiceAccount(sa, eventsOf(ctx, sa), ctx.now);
}
