/**
 * `kubectl edit TYPE/NAME | -f FILE [-o json] [--output-patch]`: writes the
 * live objects to /tmp/kubectl-edit-NNN.yaml (one object, or a v1 List),
 * runs the editor on it, and sends a two-way strategic merge patch per
 * changed object, as kubectl's editoptions.go does.
 *
 * The editor is $KUBE_EDITOR, else $EDITOR, else vi (editor.go): a value
 * without spaces is one program, with spaces but no quotes an argv, otherwise
 * `$SHELL -c 'EDITOR "FILE"'`. vi/nano open the terminal's full-screen editor
 * through the shell's own commands; anything else (`sed -i ...`) runs as a
 * command, which is how scripts and transcripts edit.
 *
 * Invalid edits reopen the file with the server's reasons in the header; an
 * unchanged reopened file gives up with "Edit cancelled, no valid changes were saved.".
 */
import { isInvalid, isNotFound, isStatusError } from '../../api/errors.js';
import { deepEqual, stableStringify, type KObject } from '../../api/meta.js';
import { parse as parseYAML } from 'yaml';
import { loadedYaml, loadYamlHolding } from '../../util/yaml-lib.js';
import type { ProcessContext } from '../../shell/process.js';
import { Random } from '../../util/random.js';
import { MISSING_RESOURCE, buildInfos, resourceKey, type Info } from '../framework/builder.js';
import { decodeManifests } from '../framework/manifest-stream.js';
import { PlainError, type Command, type Invocation } from '../framework/command.js';
import { compactJSON } from '../printers/jsonpath.js';
import { toJSON, toYAML } from '../printers/yaml.js';
import { twoWayStrategicPatch } from './apply-patch.js';
import { LAST_APPLIED, infoOf, lastAppliedOf, outputSpec, printResult, stripManaged, verb } from './mutate.js';

export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';
export const EDIT_CANCELLED_NO_CHANGES = 'Edit cancelled, no changes made.';
export const EDIT_CANCELLED_EMPTY = 'Edit cancelled, saved file was empty.';
export const EDIT_CANCELLED_NO_VALID = 'Edit cancelled, no valid changes were saved.';
export const IDENTITY_CHANGED = 'At least one of apiVersion, kind and name was changed';

export interface EditReason {
  head: string;
  other: string[];
}

/** editHeader.writeTo: the fixed header, then one block per reason the file was reopened. */
export function editHeader(reasons: EditReason[]): string {
  let out = EDIT_HEADER;
  for (const r of reasons) {
    out += r.other.length ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += '#\n';
  }
  return out;
}

/** Continues a comment over the line breaks of a multi-line reason. */
export function hashOnLineBreak(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\n' && i + 1 < s.length && s[i + 1] !== '#') r += '\n# ';
    else r += s[i];
  }
  return r;
}

/** cmdutil.ManualStrip: drops comment lines (but keeps `#!`). */
export function manualStrip(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith('#') && !t.startsWith('#!')) return;
    out.push(line + (i < lines.length - 1 ? '\n' : ''));
  });
  return out.join('');
}

/** cmdutil.StripComments, as a comparison key: the YAML's data when it parses, else the text without comments. */
export function strippedKey(text: string): string {
  try {
    // yaml.ToJSON goes through a map: key order does not matter.
    return 'json:' + stableStringify(parseYAML(text) ?? null);
  } catch {
    return 'text:' + manualStrip(text);
  }
}

/** hasLines: any line that is neither blank nor a comment. */
export function hasLines(text: string): boolean {
  return text.split('\n').some((l) => {
    const t = l.trim();
    return t.length > 0 && t[0] !== '#';
  });
}

/**
 * The editor loop's two ways to give up (editoptions.go): the file came back unchanged, or with nothing but
 * comments. Either says so, removes the temporary file and ends the command with status 0.
 */
export function cancelledEdit(inv: Invocation, path: string, original: string, edited: string): boolean {
  const reason = strippedKey(original) === strippedKey(edited) ? EDIT_CANCELLED_NO_CHANGES : !hasLines(edited) ? EDIT_CANCELLED_EMPTY : undefined;
  if (reason === undefined) return false;
  inv.ctx.fs.remove(path);
  inv.err(reason + '\n');
  return true;
}

/** editor.go's defaultEnvEditor: the argv to run and whether it goes through `$SHELL -c`. */
export function editorCommand(env: Record<string, string | undefined>): { args: string[]; shell: boolean } {
  let editor = '';
  for (const name of ['KUBE_EDITOR', 'EDITOR']) {
    editor = env[name] ?? '';
    if (editor) break;
  }
  if (!editor) editor = 'vi';
  if (!editor.includes(' ')) return { args: [editor], shell: false };
  if (!/["'\\]/.test(editor)) return { args: editor.split(' '), shell: false };
  return { args: [env.SHELL || '/bin/bash', '-c', editor], shell: true };
}

/** strategicpatch.CreateTwoWayMergePatch for an edit; throws when the object's identity changed. */
export function twoWayMergePatch(original: KObject, edited: KObject): Record<string, unknown> {
  if (original.apiVersion !== edited.apiVersion || original.kind !== edited.kind || original.metadata?.name !== edited.metadata?.name) throw new Error(IDENTITY_CHANGED);
  if (!deepEqual(original.metadata?.managedFields, edited.metadata?.managedFields)) throw new Error(IDENTITY_CHANGED);
  return twoWayStrategicPatch(original as unknown as Record<string, unknown>, edited as unknown as Record<string, unknown>, String(original.kind));
}

const tempNames = new WeakMap<object, Random>();

/** os.CreateTemp("", "kubectl-edit-*.yaml"): a random decimal in the name, from a seeded source. */
export function tempPath(ctx: ProcessContext, ext: string): string {
  let r = tempNames.get(ctx.cluster);
  if (!r) tempNames.set(ctx.cluster, (r = new Random(ctx.cluster.clock.now() + 17)));
  return `/tmp/kubectl-edit-${Math.floor(r.next() * 4294967296)}${ext}`;
}

export class EditorError extends Error {}

/** Launch: runs the editor on `path` and reads the file back. */
export async function launch(inv: Invocation, path: string, content: string): Promise<string> {
  const ctx = inv.ctx;
  if (!ctx.fs.stat('/tmp')) ctx.fs.mkdir('/tmp', true);
  ctx.fs.writeFile(path, content);
  const { args, shell } = editorCommand(ctx.env);
  const display = shell ? args[2] : args.join(' ');
  if (ctx.run) {
    // `$SHELL -c` is the learner's own shell here: hand it the command line to parse.
    // exec.Command reports a missing program itself (no shell says "command not found"), so that text is held back.
    let errText = '';
    const code = await ctx.run(shell ? `${args[2]} ${JSON.stringify(path)}` : [...args, path], { stderr: { write: (t) => { errText += t; } } });
    if (code === 127 && !shell) throw new EditorError(`unable to launch the editor "${display}"`);
    if (errText) ctx.stderr.write(errText);
    if (code !== 0) throw new EditorError(`there was a problem with the editor "${display}"`);
  } else if (ctx.terminal.edit && /^(vi|vim|nano)$/.test(args[0].split('/').pop()!)) {
    const saved = await ctx.terminal.edit(path, content);
    if (saved !== null) ctx.fs.writeFile(path, saved);
  } else {
    throw new EditorError(`unable to launch the editor "${display}"`);
  }
  return ctx.fs.readFile(path) ?? '';
}

function resourceString(info: Info): string {
  return `${info.resource.resource}${info.resource.group ? '.' + info.resource.group : ''}`;
}

/** A file editoptions.Run saved for the learner: the error, after saying where the copy is. */
function preserved(inv: Invocation, err: Error | string, path: string): never {
  if (path && inv.ctx.fs.stat(path)) inv.err(`A copy of your changes has been stored to "${path}"\n`);
  throw typeof err === 'string' ? new Error(err) : err;
}

/** What editoptions.Run carries from one round of the editor to the next. */
interface EditState { reasons: EditReason[]; containsError: boolean; original: string; edited: string; file: string }

/**
 * One round of editoptions.Run's loop, shared by `edit` and `create --edit`: the buffer (the header, then the
 * objects, or what was edited last time while it has errors), the editor, the no-change and cancel checks, and
 * decoding. Returns the edited objects; null when the edit was cancelled; undefined after a syntax error (go round
 * again, with the error in the header).
 */
async function editRound(inv: Invocation, s: EditState, header: string, ext: string, render: () => string): Promise<KObject[] | null | undefined> {
  let buf = header;
  if (!s.containsError) {
    buf += render();
    s.original = buf;
  } else {
    buf += manualStrip(s.edited);
  }
  const previous = s.edited;
  const path = tempPath(inv.ctx, ext);
  try {
    s.edited = await launch(inv, path, buf);
  } catch (e) {
    if (e instanceof EditorError) preserved(inv, e, s.file);
    throw e;
  }
  if (s.containsError && strippedKey(previous) === strippedKey(s.edited)) preserved(inv, EDIT_CANCELLED_NO_VALID, path);
  if (s.file) inv.ctx.fs.remove(s.file);
  s.file = path;
  if (cancelledEdit(inv, path, s.original, s.edited)) return null;
  s.reasons = [];
  try {
    const objs = decodeManifests(s.edited, 'edited-file').map((d) => d.object);
    s.containsError = false;
    return objs;
  } catch (e) {
    s.containsError = true;
    s.reasons.push({ head: `The edited file had a syntax error: ${(e as Error).message}`, other: [] });
    return undefined;
  }
}

async function runEdit(inv: Invocation): Promise<number> {
  // The edited text goes back through the manifest decoder, which reads YAML with the lazily loaded library.
  if (!loadedYaml()) await loadYamlHolding(inv.ctx.cluster.clock);
  const f = inv.flags;
  // The file is YAML unless -o json; -o also formats what is printed after the edit.
  const json = f.string('output') === 'json';
  const spec = outputSpec(inv);
  if (inv.args.length === 0 && f.strings('filename').length === 0) {
    throw new Error(MISSING_RESOURCE);
  }
  const res = await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), allowEmptySelector: true, continueOnError: true });
  if (res.errors.length) throw res.errors[0];
  const infos = res.infos;
  if (infos.length === 0) throw new Error('edit cancelled, no objects found');
  const showManaged = f.bool('show-managed-fields');
  const shown = infos.map((i) => (showManaged ? i.object : stripManaged(i.object)));
  const originalObj = shown.length === 1 ? shown[0] : { apiVersion: 'v1', items: shown, kind: 'List', metadata: {} };
  const render = (o: unknown) => (json ? toJSON(o) + '\n' : toYAML(o));
  const client = inv.client();

  const st: EditState = { reasons: [], containsError: false, original: '', edited: '', file: '' };
  for (;;) {
    const updated = await editRound(inv, st, json ? '' : editHeader(st.reasons), json ? '.json' : '.yaml', () => render(originalObj));
    if (updated === null) return 0;
    if (!updated) continue;
    const file = st.file;
    let retryable = 0;
    let notfound = 0;
    let invalid = 0;
    for (const obj of updated) {
      if (obj.metadata?.namespace && infos[0].resource.namespaced && obj.metadata.namespace !== inv.namespace) {
        preserved(inv, `the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`, file);
      }
      if (f.bool('save-config')) {
        const meta = (obj.metadata ??= {});
        meta.annotations = { ...(meta.annotations ?? {}), [LAST_APPLIED]: lastAppliedOf(obj) };
      }
      const i = infos.findIndex((x) => x.object.metadata.uid === obj.metadata?.uid);
      if (i < 0) preserved(inv, `no original object found for ${obj.kind}/${obj.metadata?.name ?? ''}`, file);
      const info = infos[i];
      const before = shown[i];
      if (deepEqual(before, obj)) {
        printResult(inv, spec, info.resource, obj, 'skipped', 'none');
        continue;
      }
      let patch: Record<string, unknown>;
      try {
        patch = twoWayMergePatch(before, obj);
      } catch (e) {
        preserved(inv, e as Error, file);
      }
      if (f.bool('output-patch')) inv.out(`Patch: ${compactJSON(patch!)}\n`);
      try {
        const patched = client.patch(resourceKey(info.resource), info.namespace, info.name, info.resource.crd ? 'merge' : 'strategic', patch!, { fieldManager: f.string('field-manager') || 'kubectl-edit' });
        printResult(inv, spec, info.resource, patched, 'edited', 'none');
      } catch (e) {
        if (isInvalid(e) && isStatusError(e)) {
          invalid++;
          const causes = e.status.details?.causes ?? [];
          st.reasons.push({ head: `${resourceString(info)} "${info.name}" was not valid`, other: causes.map((c) => `${c.field}: ${c.message}`) });
          inv.err(`error: ${resourceString(info)} "${info.name}" is invalid\n`);
        } else if (isNotFound(e)) {
          notfound++;
          inv.err(`error: ${resourceString(info)} "${info.name}" could not be found on the server\n`);
        } else {
          retryable++;
          const msg = isStatusError(e) ? e.status.message : String((e as Error)?.message ?? e);
          inv.err(`error: ${resourceString(info)} "${info.name}" could not be patched: ${msg}\n`);
        }
      }
    }
    if (retryable > 0) {
      inv.err(`You can run \`kubectl replace -f ${file}\` to try this update again.\n`);
      throw new PlainError('', 1);
    }
    if (notfound > 0) {
      inv.err(`The edits you made on deleted resources have been saved to "${file}"\n`);
      throw new PlainError('', 1);
    }
    if (invalid === 0) {
      inv.ctx.fs.remove(file);
      return 0;
    }
    st.containsError = true;
  }
}

export const edit: Command = verb('edit', { run: runEdit });

/**
 * `kubectl create --edit -f` (RunEditOnCreate, EditBeforeCreateMode): each object the files hold is opened on its
 * own, as read; an unchanged or emptied file creates nothing; what comes back is created (`created`).
 */
export async function runCreateEdit(inv: Invocation, objects: { source: string; object: KObject }[]): Promise<number> {
  if (!loadedYaml()) await loadYamlHolding(inv.ctx.cluster.clock);
  const f = inv.flags;
  const spec = outputSpec(inv);
  const client = inv.client();
  for (const { object } of objects) {
    const st: EditState = { reasons: [], containsError: false, original: '', edited: '', file: '' };
    for (;;) {
      const updated = await editRound(inv, st, editHeader(st.reasons), '.yaml', () => toYAML(object));
      if (updated === null) break;
      if (!updated) continue;
      const file = st.file;
      for (const obj of updated) {
        const info = infoOf(obj, 'edited-file');
        // RequireNamespace: the command's namespace, which the edited object may not contradict.
        if (info.namespaced) {
          if (obj.metadata?.namespace && obj.metadata.namespace !== inv.namespace) {
            preserved(inv, `the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`, file);
          }
          obj.metadata = { ...(obj.metadata ?? {}), namespace: inv.namespace };
        }
        if (f.bool('save-config')) {
          const meta = (obj.metadata ??= {});
          meta.annotations = { ...(meta.annotations ?? {}), [LAST_APPLIED]: lastAppliedOf(obj) };
        }
        let created: KObject;
        try {
          created = client.create(resourceKey(info), info.namespaced ? inv.namespace : undefined, obj, { fieldManager: f.string('field-manager') || 'kubectl-create' });
        } catch (e) {
          preserved(inv, e as Error, file);
        }
        printResult(inv, spec, info, created!, 'created', 'none');
      }
      inv.ctx.fs.remove(file);
      break;
    }
  }
  return 0;
}
