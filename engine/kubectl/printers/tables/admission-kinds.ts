/**
 * The `get` tables of admissionregistration.k8s.io/v1 (pkg/printers/internalversion/printers.go, release-1.35):
 * printValidatingWebhook and printMutatingWebhook (NAME WEBHOOKS AGE), printValidatingAdmissionPolicy
 * (NAME VALIDATIONS PARAMKIND AGE) and printValidatingAdmissionPolicyBinding (NAME POLICYNAME PARAMREF AGE).
 * Loaded with the other lazily served kinds' tables (lazy-kinds.ts).
 */
import type { KObject } from '../../../api/meta.js';
import { since } from '../duration.js';
import { registerTable } from '../table.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAME = { name: 'Name', format: 'name' as const };
const age = (o: KObject, now: number) => since(o.metadata.creationTimestamp, now);
const spec = (o: KObject) => ((o as Any).spec ?? {}) as Any;

for (const resource of ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']) {
  registerTable(`${resource}.admissionregistration.k8s.io`, {
    columns: [NAME, { name: 'Webhooks' }, { name: 'Age' }],
    row: (o, { now }) => [o.metadata.name ?? '', String(((o as Any).webhooks ?? []).length), age(o, now)],
  });
}

registerTable('validatingadmissionpolicies.admissionregistration.k8s.io', {
  columns: [NAME, { name: 'Validations' }, { name: 'ParamKind' }, { name: 'Age' }],
  row(o, { now }) {
    const pk = spec(o).paramKind;
    return [o.metadata.name ?? '', String((spec(o).validations ?? []).length), pk ? `${pk.apiVersion ?? ''}/${pk.kind ?? ''}` : '<unset>', age(o, now)];
  },
});

/** metav1.LabelSelector's generated String() (generated.pb.go), which the printer calls on paramRef.selector. */
function goLabelSelectorString(sel: Any): string {
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels[k]},`).join('');
  const exprs = ((sel.matchExpressions ?? []) as Any[]).map((e) => `LabelSelectorRequirement{Key:${e.key ?? ''},Operator:${e.operator ?? ''},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

registerTable('validatingadmissionpolicybindings.admissionregistration.k8s.io', {
  columns: [NAME, { name: 'PolicyName' }, { name: 'ParamRef' }, { name: 'Age' }],
  row(o, { now }) {
    const pr = spec(o).paramRef;
    let param = '<unset>';
    // A name without a namespace may be cluster-scoped or the request's namespace: the printer cannot tell, so `*/`.
    if (pr?.name) param = pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
    else if (pr?.selector) param = goLabelSelectorString(pr.selector);
    return [o.metadata.name ?? '', spec(o).policyName ?? '', param, age(o, now)];
  },
});
