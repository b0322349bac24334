/**
 * `kubectl rollout status|history|undo|restart|pause|resume` for Deployments,
 * and status, history, undo and restart for DaemonSets and StatefulSets through their ControllerRevisions
 * (polymorphichelpers: rollout_status.go, history.go, rollback.go).
 * `status` follows the Deployment through a watch and prints one line per
 * observed change until done, on the virtual clock.
 */
import type { KObject } from '../../api/meta.js';
import { clone, controllerRef, deepEqual } from '../../api/meta.js';
import { rfc3339 } from '../../util/time.js';
import { buildInfos, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';

import { toYAML } from '../printers/yaml.js';
import { nameOf, printGeneric } from '../printers/output.js';
import { lookupKind } from '../../api/resources.js';
import { labelSelectorAsSelector } from '../../api/selectors.js';
import { dryRunStrategy, dryRunSuffix, kindName, outputSpec, printResult, resourceKey, tabbed, verb } from './mutate.js';
import { describePodTemplate } from '../describe/containers.js';
import { PrefixWriter } from '../describe/format.js';
import { watchUntil } from './watch-until.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** DeploymentStatusViewer.Status: the line to print, whether the rollout is done, or the error. */
export function deploymentStatus(d: Any): { message: string; done: boolean; error?: string } {
  const name = d.metadata.name;
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const cond = (st.conditions ?? []).find((c: Any) => c.type === 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
    const replicas = d.spec?.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    if ((st.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    if ((st.availableReplicas ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

/** DaemonSetStatusViewer.Status (it ignores --revision: DaemonSets had no history when it was written). */
export function daemonSetStatus(ds: Any): { message: string; done: boolean; error?: string } {
  const name = ds.metadata.name;
  const st = ds.status ?? {};
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if ((ds.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const desired = st.desiredNumberScheduled ?? 0;
    if ((st.updatedNumberScheduled ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
    if ((st.numberAvailable ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
    return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

/** StatefulSetStatusViewer.Status. */
export function statefulSetStatus(sts: Any): { message: string; done: boolean; error?: string } {
  const st = sts.status ?? {};
  const us = sts.spec?.updateStrategy ?? {};
  if (us.type !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas) return { message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  if (us.rollingUpdate) {
    const partition = us.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if ((st.updateRevision ?? '') !== (st.currentRevision ?? '')) return { message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision ?? ''}...\n`, done: false };
  return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...\n`, done: true };
}

/** StatusViewerFor: the kinds rollout status can follow. */
const STATUS_VIEWERS: Record<string, (o: Any) => { message: string; done: boolean; error?: string }> = {
  'deployments.apps': deploymentStatus,
  'daemonsets.apps': daemonSetStatus,
  'statefulsets.apps': statefulSetStatus,
};

/** The kinds whose history is kept in ControllerRevisions (controlledHistory). */
const REVISION_KINDS = new Set(['daemonsets.apps', 'statefulsets.apps']);

async function deploymentInfos(inv: Invocation): Promise<Info[]> {
  const f = inv.flags;
  const filenames = f.has('filename') ? f.strings('filename') : [];
  if (inv.args.length === 0 && filenames.length === 0) throw new Error('required resource not specified');
  const res = await buildInfos(inv, { args: inv.args, filenames, recursive: f.has('recursive') && f.bool('recursive'), labelSelector: f.has('selector') ? f.string('selector') : '', allowEmptySelector: true, typed: true });
  return res.infos;
}

/**
 * The polymorphic helpers' errors for a kind they have no implementation for (each worded its own way), naming
 * the schema.GroupKind ("Job.batch").
 */
function requireKind(i: Info, missing: (groupKind: string) => string = (k) => `no status viewer has been implemented for ${k}`): void {
  if (!STATUS_VIEWERS[resourceKey(i.resource)]) throw new Error(missing(`${i.resource.kind}${i.resource.group ? `.${i.resource.group}` : ''}`));
}

const status = verb('rollout status', {
  async run(inv) {
    const revision = inv.flags.int('revision');
    if (revision < 0) throw new Error(`revision must be a positive integer: ${revision}`);
    const infos = await deploymentInfos(inv);
    if (infos.length !== 1) throw new Error(`rollout status is only supported on individual resources and resource collections, but ${infos.length} resources were found`);
    const info = infos[0];
    requireKind(info);
    const key = resourceKey(info.resource);
    const viewer = STATUS_VIEWERS[key];
    const client = inv.client();
    const watch = inv.flags.bool('watch');
    const timeout = inv.flags.durationMs('timeout');
    const first = viewer(client.get(key, info.namespace, info.name));
    if (first.error) throw new Error(first.error);
    inv.out(first.message);
    if (first.done || !watch) return 0;
    return watchUntil<number>(inv, {
      resource: key, namespace: info.namespace, name: info.name, resourceVersion: info.object.metadata.resourceVersion,
      aborted: () => ({ value: 130 }),
      timeout: timeout > 0 ? { ms: timeout, settle: () => ({ error: new Error('timed out waiting for the condition') }) } : undefined,
      step: (e) => {
        if (e.type === 'DELETED') return { error: new Error('object has been deleted') };
        if (e.type === 'ERROR') return undefined;
        const s = viewer(e.object);
        if (s.error) return { error: new Error(s.error) };
        // UntilWithSync's condition prints the viewer's status for every ADDED/MODIFIED event, repeats included.
        inv.out(s.message);
        return s.done ? { value: 0 } : undefined;
      },
    });
  },
});

/** The Deployment's ReplicaSets (controlled by it), with their revision numbers. */
export function revisions(inv: Invocation, d: KObject): { revision: number; rs: KObject }[] {
  const list = inv.client().list('replicasets.apps', d.metadata.namespace).items;
  return list
    .filter((rs) => controllerRef(rs)?.uid === d.metadata.uid)
    .map((rs) => ({ revision: Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? NaN), rs }))
    .filter((x) => Number.isFinite(x.revision))
    .sort((a, b) => a.revision - b.revision);
}

/**
 * polymorphichelpers' printTemplate: DescribePodTemplate through a bare
 * prefix writer, so the tabs stay tabs (no tabwriter, unlike describe).
 */
export function templateText(t: Any): string {
  const w = new PrefixWriter();
  describePodTemplate(w, t);
  return w.text;
}

/** controlledHistory: a DaemonSet's or StatefulSet's ControllerRevisions (matching its selector and controlled by it), by revision. */
export function daemonSetRevisions(inv: Invocation, ds: KObject): { revision: number; cr: Any }[] {
  const selector = labelSelectorAsSelector((ds.spec as Any).selector);
  return inv.client().list('controllerrevisions.apps', ds.metadata.namespace).items
    .filter((cr) => controllerRef(cr)?.uid === ds.metadata.uid && selector.matches(cr.metadata.labels))
    .map((cr) => ({ revision: (cr as Any).revision ?? 0, cr: cr as Any }))
    .sort((a, b) => a.revision - b.revision);
}

/** applyDaemonSetHistory, applyRevision: the object as it was at a revision (its data is a `$patch: replace` of the template). */
export function appliedDaemonSet(ds: KObject, cr: Any): Any {
  const out = clone(ds) as Any;
  const { $patch: _, ...template } = cr.data?.spec?.template ?? {};
  out.spec = { ...out.spec, template };
  return out;
}

/** History entries as the history viewers see them: the object -o prints, its change cause and its template. */
function historyOf(inv: Invocation, info: Info): { revision: number; obj: KObject; cause?: string; template: () => Any }[] {
  if (REVISION_KINDS.has(resourceKey(info.resource))) {
    return daemonSetRevisions(inv, info.object).map(({ revision, cr }) => {
      const applied = appliedDaemonSet(info.object, cr);
      return { revision, obj: applied as KObject, cause: cr.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION], template: () => applied.spec.template };
    });
  }
  return revisions(inv, info.object).map(({ revision, rs }) => {
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    // ViewHistory copies the ReplicaSet's change-cause into the template's annotations.
    const template = () => {
      const t = clone((rs.spec as Any).template ?? {});
      t.metadata = { ...(t.metadata ?? {}), annotations: { ...(t.metadata?.annotations ?? {}), ...(cause ? { [CHANGE_CAUSE_ANNOTATION]: cause } : {}) } };
      return t;
    };
    return { revision, obj: rs, cause, template };
  });
}

const history = verb('rollout history', {
  async run(inv) {
    const errors: unknown[] = [];
    const rev = inv.flags.int('revision');
    if (rev < 0) throw new Error(`revision must be a positive integer: ${rev}`);
    // -o given: the ReplicaSets themselves are printed (the one at --revision, else each in revision order).
    const spec = outputSpec(inv);
    for (const info of await deploymentInfos(inv)) {
      try {
        requireKind(info, (k) => `no history viewer has been implemented for "${k}"`);
        const revs = historyOf(inv, info);
        if (spec) {
          const chosen = rev > 0 ? revs.filter((x) => x.revision === rev) : revs;
          if (rev > 0 && chosen.length === 0) throw new Error('unable to find the specified revision');
          for (const r of chosen) inv.out(spec.kind === 'name' ? nameOf(r.obj, lookupKind(r.obj.apiVersion!, r.obj.kind!)!) + '\n' : printGeneric(spec, r.obj));
          continue;
        }
        let text: string;
        if (revs.length === 0) text = 'No rollout history found.';
        else if (rev > 0) {
          const r = revs.find((x) => x.revision === rev);
          if (!r) throw new Error('unable to find the specified revision');
          text = templateText(r.template());
        } else {
          text = tabbed('REVISION\tCHANGE-CAUSE\n' + revs.map((r) => `${r.revision}\t${r.cause || '<none>'}\n`).join(''), 2);
        }
        inv.out(`${kindName(info.resource, info.name)} ${rev > 0 ? `with revision #${rev}` : ''}\n${text}\n`);
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors);
    return 0;
  },
});

/** DaemonSetRollbacker.Rollback, StatefulSetRollbacker.Rollback: the revision's data patched back in as a strategic merge patch. Returns the line to print. */
function rollbackDaemonSet(inv: Invocation, info: Info, toRevision: number, dryRun: ReturnType<typeof dryRunStrategy>): string {
  const what = kindName(info.resource, info.name);
  const key = resourceKey(info.resource);
  if (toRevision < 0) throw new Error(`unable to find specified revision ${toRevision} in history`);
  const ds = inv.client().get(key, info.namespace, info.name);
  const revs = daemonSetRevisions(inv, ds);
  if (toRevision === 0 && revs.length <= 1) throw new Error('no last revision to roll back to');
  const target = toRevision === 0 ? revs[revs.length - 2] : revs.find((r) => r.revision === toRevision);
  if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
  if (dryRun === 'client') return `${what} will roll back to ${templateText(appliedDaemonSet(ds, target.cr).spec.template)}${dryRunSuffix(dryRun)}\n`;
  // daemonSetMatch: the revision's data is what the current template would be recorded as.
  if (deepEqual(target.cr.data, { spec: { template: { ...(ds.spec as Any).template, $patch: 'replace' } } })) {
    return `${what} skipped rollback (current template already matches revision ${toRevision})\n`;
  }
  try {
    inv.client().patch(key, info.namespace, info.name, 'strategic', target.cr.data, { dryRun: dryRun === 'server' });
  } catch (e) {
    throw new Error(`failed restoring revision ${toRevision}: ${String((e as Error).message)}`);
  }
  return `${what} rolled back${dryRunSuffix(dryRun)}\n`;
}

const ANNOTATIONS_TO_SKIP = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION_ANNOTATION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);

function withoutHash(t: Any): Any {
  const c = clone(t);
  if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
  return c;
}

const undo = verb('rollout undo', {
  async run(inv) {
    const dryRun = dryRunStrategy(inv);
    const toRevision = inv.flags.int('to-revision');
    const errors: unknown[] = [];
    for (const info of await deploymentInfos(inv)) {
      try {
        requireKind(info, (k) => `no rollbacker has been implemented for "${k}"`);
        if (REVISION_KINDS.has(resourceKey(info.resource))) {
          inv.out(rollbackDaemonSet(inv, info, toRevision, dryRun));
          continue;
        }
        const d = info.object as Any;
        const revs = revisions(inv, info.object);
        let target: { revision: number; rs: KObject } | undefined;
        if (toRevision === 0) {
          if (revs.length < 2) throw new Error('no rollout history found for deployment "' + info.name + '"');
          target = revs[revs.length - 2];
        } else {
          target = revs.find((r) => r.revision === toRevision);
          if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
        }
        const tmpl = (target.rs.spec as Any).template;
        if (dryRun === 'client') {
          inv.out(`${kindName(info.resource, info.name)} ${templateText(tmpl)}${dryRunSuffix(dryRun)}\n`);
          continue;
        }
        if (d.spec?.paused) throw new Error("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        if (deepEqual(withoutHash(tmpl), withoutHash(d.spec.template))) {
          inv.out(`${kindName(info.resource, info.name)} skipped rollback (current template already matches revision ${toRevision})\n`);
          continue;
        }
        const annotations: Record<string, string> = {};
        for (const k of ANNOTATIONS_TO_SKIP) if (d.metadata.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k];
        for (const [k, v] of Object.entries(target.rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
        const patch = [
          { op: 'replace', path: '/spec/template', value: withoutHash(tmpl) },
          { op: 'replace', path: '/metadata/annotations', value: annotations },
        ];
        try {
          inv.client().patch('deployments.apps', info.namespace, info.name, 'json', patch, { dryRun: dryRun === 'server' });
        } catch (e) {
          throw new Error(`failed restoring revision ${target.revision}: ${String((e as Error).message)}`);
        }
        inv.out(`${kindName(info.resource, info.name)} rolled back${dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors);
    return 0;
  },
});

function pauseVerb(name: 'pause' | 'resume'): Command {
  const paused = name === 'pause';
  return verb(`rollout ${name}`, {
    async run(inv) {
      const dryRun = dryRunStrategy(inv);
      const spec = outputSpec(inv);
      const errors: unknown[] = [];
      for (const info of await deploymentInfos(inv)) {
        try {
          // The pauser's and resumer's errors, after `error: <resource>.<group> "<name>"`.
          const what = `error: ${info.resource.resource}${info.resource.group ? '.' + info.resource.group : ''} ${JSON.stringify(info.name)}`;
          if (resourceKey(info.resource) !== 'deployments.apps') throw new Error(`${what} ${paused ? 'pausing' : 'resuming'} is not supported`);
          const cur = !!(info.object.spec as Any)?.paused;
          if (cur === paused) throw new Error(`${what} ${paused ? 'is already paused' : 'is not paused'}`);
          let out = info.object;
          if (dryRun !== 'client') out = inv.client().patch('deployments.apps', info.namespace, info.name, 'strategic', { spec: { paused: paused ? true : null } }, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-rollout' });
          printResult(inv, spec, info.resource, out, paused ? 'paused' : 'resumed', dryRun);
        } catch (e) {
          errors.push(e);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors);
      return 0;
    },
  });
}

const restart = verb('rollout restart', {
  async run(inv) {
    const dryRun = dryRunStrategy(inv);
    const spec = outputSpec(inv);
    const errors: unknown[] = [];
    for (const info of await deploymentInfos(inv)) {
      try {
        if (!['deployments.apps', 'daemonsets.apps', 'statefulsets.apps'].includes(resourceKey(info.resource))) throw new Error(`${info.resource.resource}${info.resource.group ? '.' + info.resource.group : ''} ${JSON.stringify(info.name)} restarting is not supported`);
        if ((info.object.spec as Any)?.paused) throw new Error(`can't restart paused deployment (run rollout resume first)`);
        const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: rfc3339(inv.now()) } } } } };
        let out = info.object;
        if (dryRun !== 'client') out = inv.client().patch(resourceKey(info.resource), info.namespace, info.name, 'strategic', patch, { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') || 'kubectl-rollout' });
        printResult(inv, spec, info.resource, out, 'restarted', dryRun);
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors);
    return 0;
  },
});

export const rollout: Command = verb('rollout', { subcommands: [history, pauseVerb('pause'), restart, pauseVerb('resume'), status, undo] });
export { toYAML };
