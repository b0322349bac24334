/**
 * `kubectl diff -f FILE`: for each manifest, the live object (LIVE) and what
 * `kubectl apply` would make of it (MERGED: the apply patch sent with
 * dryRun=All, or a dry-run create) are written as YAML to
 * /tmp/LIVE-NNN/<group.>version.Kind.namespace.name and /tmp/MERGED-NNN/...,
 * and `diff -u -N` of the two folders is printed, as diff.go does. Exit
 * status 1 means differences were found (no message), 0 none.
 *
 * The node's diff (shell/commands/diff, GNU diffutils 3.10's comparison and
 * output) makes each file's part: a `diff -u -N A B` line per differing file,
 * then the unified diff with file times and 3 lines of context.
 */
import type { KObject } from '../../api/meta.js';
import { ConnectionRefusedError, isNotFound } from '../../api/errors.js';
import { errorText, standardErrorMessage } from '../framework/errors.js';
import { apiServerHost } from '../framework/session.js';
import { readFilenameObjects, resourceKey } from '../framework/builder.js';
import { AggregateError, PlainError, type Command, type Invocation } from '../framework/command.js';
import { DIFF_COMMAND } from './diff-command.js';
import { toYAML } from '../printers/yaml.js';
import { Random } from '../../util/random.js';
import { threeWayMergePatch } from './apply-patch.js';
import { infoOf, LAST_APPLIED, manifestNamespace, stripManaged } from './mutate.js';
import { compareTexts } from '../../shell/commands/diff/analyze.js';
import { unifiedFormat } from '../../shell/commands/diff/format.js';
import { humanTime } from '../../shell/commands/inode.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The hunks of `diff -u` (GNU diff's own comparison and hunks, shell/commands/diff); '' when equal. */
export function unifiedHunks(a: string, b: string, context = 3): string {
  const { changes, files } = compareTexts(a, b, { horizon: context });
  return unifiedFormat(changes, files, { context }, undefined);
}

/** A file time as GNU diff prints it: `2026-01-01 00:02:00.000000000 +0000`. */
export const diffTime = humanTime;

/** InfoObject.Name(): `apps.v1.Deployment.default.web`. */
export function diffFileName(group: string, version: string, kind: string, namespace: string, name: string): string {
  return `${group ? group + '.' : ''}${version}.${kind}.${namespace}.${name}`;
}

/** The Masker: Secret values never reach the screen; a changed one is told apart by its suffix. */
export function maskSecrets(from: Any | undefined, to: Any | undefined): [Any | undefined, Any | undefined] {
  if ((from?.kind ?? to?.kind) !== 'Secret') return [from, to];
  const f = from ? JSON.parse(JSON.stringify(from)) : undefined;
  const t = to ? JSON.parse(JSON.stringify(to)) : undefined;
  for (const field of ['data', 'stringData']) {
    const fd = f?.[field] as Record<string, string> | undefined;
    const td = t?.[field] as Record<string, string> | undefined;
    for (const key of new Set([...Object.keys(fd ?? {}), ...Object.keys(td ?? {})])) {
      const inF = fd && key in fd;
      const inT = td && key in td;
      if (inF && inT && fd[key] !== td[key]) {
        fd[key] = '*** (before)';
        td[key] = '*** (after)';
        continue;
      }
      if (inF) fd[key] = '***';
      if (inT) td[key] = '***';
    }
  }
  return [f, t];
}

const tempDirs = new WeakMap<object, Random>();

/** os.MkdirTemp("", "LIVE-"): a random decimal suffix from a seeded source. */
function tempDir(inv: Invocation, prefix: string): string {
  let r = tempDirs.get(inv.ctx.cluster);
  if (!r) tempDirs.set(inv.ctx.cluster, (r = new Random(inv.now() + 53)));
  return `/tmp/${prefix}-${Math.floor(r.next() * 4294967296)}`;
}

async function diffObjects(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const filenames = f.strings('filename');
  if (inv.args.length) throw new PlainError(`error: Unexpected args: [${inv.args.join(' ')}]\nSee '${inv.path} -h' for help and examples`, 2);
  if (!filenames.length && !f.string('kustomize')) throw new PlainError('error: must specify one of -f and -k');
  const objs = await readFilenameObjects(inv, filenames, f.bool('recursive'));
  const client = inv.client();
  const fs = inv.ctx.fs;
  const live = tempDir(inv, 'LIVE');
  const merged = tempDir(inv, 'MERGED');
  fs.mkdir(live, true);
  fs.mkdir(merged, true);
  const files: { name: string; from?: string; to?: string }[] = [];
  const errors: unknown[] = [];
  const manager = f.string('field-manager') || 'kubectl-client-side-apply';
  for (const { object, source } of objs) {
    try {
      const info = infoOf(object, source);
      const ns = manifestNamespace(inv, info, object);
      const name = object.metadata?.name ?? '';
      const key = resourceKey(info);
      const local: KObject = JSON.parse(JSON.stringify(object));
      if (ns) local.metadata.namespace = ns;
      let current: KObject | undefined;
      try {
        current = client.get(key, ns, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      let result: KObject;
      if (f.bool('server-side')) {
        result = client.patch(key, ns, name, 'apply', local, { dryRun: true, fieldManager: manager });
      } else if (!current) {
        result = client.create(key, ns, local, { dryRun: true, fieldManager: manager });
      } else {
        // GetModifiedConfiguration(annotate=false): the manifest as is, compared with the last-applied one.
        const lastText = current.metadata.annotations?.[LAST_APPLIED];
        let original: Record<string, unknown> | undefined;
        try {
          original = lastText ? JSON.parse(lastText) : undefined;
        } catch {
          original = undefined;
        }
        // It sets the annotations (empty when there were none) before encoding, as apply does for the last-applied one.
        const modified: KObject = { ...local, metadata: { ...local.metadata, annotations: { ...(local.metadata.annotations ?? {}) } } };
        delete modified.metadata.annotations![LAST_APPLIED];
        const patch = threeWayMergePatch(original, modified as unknown as Record<string, unknown>, current as unknown as Record<string, unknown>, info.kind);
        result = Object.keys(patch).length ? client.patch(key, ns, name, 'strategic', patch, { dryRun: true, fieldManager: manager }) : current;
      }
      const show = (o: KObject | undefined) => (o && !f.bool('show-managed-fields') ? stripManaged(o) : o);
      const [from, to] = maskSecrets(show(current) as Any | undefined, show(result) as Any | undefined);
      files.push({ name: diffFileName(info.group, info.version, info.kind, ns ?? '', name), from: from ? toYAML(from) : undefined, to: to ? toYAML(to) : undefined });
    } catch (e) {
      errors.push(e);
    }
  }
  const stamp = diffTime(inv.now());
  let differ = false;
  for (const file of files.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    if (file.from !== undefined) fs.writeFile(`${live}/${file.name}`, file.from);
    if (file.to !== undefined) fs.writeFile(`${merged}/${file.name}`, file.to);
    const hunks = unifiedHunks(file.from ?? '', file.to ?? '');
    if (!hunks) continue;
    differ = true;
    // -N: an absent file is empty, dated at the epoch.
    const a = `${live}/${file.name}`;
    const b = `${merged}/${file.name}`;
    inv.out(`diff -u -N ${a} ${b}\n--- ${a}\t${file.from === undefined ? diffTime(0) : stamp}\n+++ ${b}\t${file.to === undefined ? diffTime(0) : stamp}\n${hunks}`);
  }
  fs.remove(live, true);
  fs.remove(merged, true);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return differ ? 1 : 0;
}

/** cmdutil.CheckDiffErr: kubectl's own errors exit with 2, since 1 means "differences found". */
async function runDiff(inv: Invocation): Promise<number> {
  try {
    return await diffObjects(inv);
  } catch (e) {
    inv.err(e instanceof ConnectionRefusedError ? standardErrorMessage(e, apiServerHost(inv.ctx.cluster))! + '\n' : errorText(e, apiServerHost(inv.ctx.cluster), inv.path));
    return 2;
  }
}

export const diff: Command = { ...DIFF_COMMAND, run: runDiff };
