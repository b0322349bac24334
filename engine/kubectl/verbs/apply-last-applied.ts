/**
 * `kubectl apply view-last-applied | set-last-applied | edit-last-applied`:
 * the last-applied-configuration annotation that client-side apply keeps
 * (pkg/cmd/apply/apply_{view,set,edit}_last_applied.go, and the editor's
 * ApplyEditMode in pkg/cmd/util/editor/editoptions.go). Loaded on first use.
 */
import { isNotFound, isStatusError } from '../../api/errors.js';
import { stableStringify, type KObject } from '../../api/meta.js';
import { loadedYaml, loadYamlHolding } from '../../util/yaml-lib.js';
import { buildInfos, readFilenameStreams, type Info } from '../framework/builder.js';
import { AggregateError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { decodeManifests } from '../framework/manifest-stream.js';
import { goJSON } from '../printers/output.js';
import { toJSON, toYAML } from '../printers/yaml.js';
import { infoString } from './apply.js';
import { cancelledEdit, launch, strippedKey, tempPath } from './edit.js';
import { LAST_APPLIED, dryRunStrategy, infoOf, manifestNamespace, outputSpec, printResult, resourceKey, verb } from './mutate.js';

export const NO_ANNOTATION_EDIT = 'no last-applied-configuration annotation found on resources, to create the annotation, use command `kubectl apply set-last-applied --create-annotation`';

/** json.Indent(dst, src, "", indent): leading blanks dropped, trailing ones kept, `{}` and `[]` left closed, escapes as written. */
export function jsonIndentText(src: string, indent: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  while (i < src.length && /\s/.test(src[i])) i++;
  let end = src.length;
  while (end > i && /\s/.test(src[end - 1])) end--;
  const newline = () => '\n' + indent.repeat(depth);
  for (; i < end; i++) {
    const c = src[i];
    if (c === '"') {
      let j = i + 1;
      while (j < end && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let k = i + 1;
      while (k < end && /\s/.test(src[k])) k++;
      if (src[k] === close) {
        out += c + close;
        i = k;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out + src.slice(end);
}

/** cmdutil.StripComments then a byte comparison: both texts read as data (key order and spacing do not matter). */
function sameConfiguration(a: string, b: string): boolean {
  return strippedKey(a) === strippedKey(b);
}

async function runView(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const res = await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'), allowEmptySelector: f.bool('all'), selectAll: f.bool('all'), latest: true });
  const configs: string[] = [];
  for (const i of res.infos) {
    const text = i.object.metadata.annotations?.[LAST_APPLIED];
    if (text === undefined) {
      // AddSourceToErr(msg, source, nil): only an object read from a file turns the missing annotation into an error
      // (wrapping the nil error); one named by argument is skipped.
      const source = i.source;
      if (source) throw new Error(`error when no last-applied-configuration annotation found on resource: ${i.name}\n ${JSON.stringify(source)}: <nil>`);
      continue;
    }
    configs.push(text);
  }
  const out = f.string('output');
  for (const text of configs) {
    if (out === 'json') inv.out(jsonIndentText(text, '  '));
    else if (out === 'yaml') inv.out(toYAML(JSON.parse(text)));
    else throw new UsageError(`Unexpected -o output mode: ${out}, the flag 'output' must be one of yaml|json`);
  }
  return 0;
}

async function runSet(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  const client = inv.client();
  const entries = await readFilenameStreams(inv, f.strings('filename'), false);
  if (entries.length === 0 && f.strings('filename').length === 0) {
    throw new Error(`You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`);
  }
  const patches: { info: Info; patch: Record<string, unknown> }[] = [];
  for (const e of entries) {
    if (e.error) throw e.error;
    const resource = infoOf(e.object, e.source);
    const namespace = manifestNamespace(inv, resource, e.object);
    const object = namespace === undefined ? e.object : { ...e.object, metadata: { ...e.object.metadata, namespace } };
    const name = object.metadata?.name ?? '';
    // GetApplyPatch: the file's object as JSON (keys sorted, Go's escapes, a newline at the end, as the real v1.35.2
    // stores it) becomes the annotation, as a merge patch.
    const config = goJSON(object) + '\n';
    let live: KObject;
    try {
      if (!name) throw new Error('resource name may not be empty');
      live = client.get(resourceKey(resource), namespace, name);
    } catch (err) {
      if (isNotFound(err)) throw err;
      const msg = isStatusError(err) ? err.status.message : (err as Error).message;
      const text = `error when retrieving current configuration of:\n${infoString(resource, name, namespace)}\nfrom server for: ${JSON.stringify(e.source)}: ${msg}`;
      throw isStatusError(err) ? Object.assign(err, { message: text, status: { ...err.status, message: text } }) : new Error(text);
    }
    const original = live.metadata.annotations?.[LAST_APPLIED];
    if (original === undefined && !f.bool('create-annotation')) {
      throw new Error(`no last-applied-configuration annotation found on resource: ${name}, to create the annotation, run the command with --create-annotation`);
    }
    if (original !== undefined && sameConfiguration(original, config)) {
      inv.out(`set-last-applied ${name}: no changes required.\n`);
      continue;
    }
    patches.push({ info: { resource, namespace, name, object: live }, patch: { metadata: { annotations: { [LAST_APPLIED]: config } } } });
  }
  for (const { info, patch } of patches) {
    const obj = dryRun === 'client'
      ? info.object
      : client.patch(resourceKey(info.resource), info.namespace, info.name, 'merge', patch, { dryRun: dryRun === 'server' });
    printResult(inv, spec, info.resource, obj, 'configured', dryRun);
  }
  return 0;
}

async function runEditLastApplied(inv: Invocation): Promise<number> {
  if (!loadedYaml()) await loadYamlHolding(inv.ctx.cluster.clock);
  const f = inv.flags;
  const json = f.string('output') === 'json';
  const spec = outputSpec(inv);
  const res = await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), allowEmptySelector: true, continueOnError: true, latest: true });
  if (res.errors.length === 1) throw res.errors[0];
  if (res.errors.length > 1) throw new AggregateError(res.errors);
  // The annotations, each read back as an object; the live objects they belong to are patched by name.
  const annotated: { info: Info; config: KObject }[] = [];
  for (const info of res.infos) {
    const text = info.object.metadata.annotations?.[LAST_APPLIED];
    if (text !== undefined) annotated.push({ info, config: JSON.parse(text) as KObject });
  }
  if (annotated.length === 0) throw new Error(NO_ANNOTATION_EDIT);
  const configs = annotated.map((a) => a.config);
  const shown = configs.length === 1 ? configs[0] : { apiVersion: 'v1', items: configs, kind: 'List', metadata: {} };
  const original = json ? toJSON(shown) + '\n' : toYAML(shown);
  const path = tempPath(inv.ctx, json ? '.json' : '.yaml');
  const edited = await launch(inv, path, original);
  if (cancelledEdit(inv, path, original, edited)) return 0;
  let updated: KObject[];
  try {
    updated = decodeManifests(edited, 'edited-file').map((d) => d.object);
  } catch (e) {
    inv.err(`A copy of your changes has been stored to "${path}"\n`);
    throw new Error(`The edited file had a syntax error: ${(e as Error).message}`);
  }
  for (const obj of updated) {
    // visitToApplyEditPatch pairs objects by UID; configurations carry none, so each edit pairs with the first.
    const { info, config } = annotated.find((a) => (a.config.metadata?.uid ?? '') === (obj.metadata?.uid ?? '')) ?? annotated[0];
    const resource = infoOf(obj, 'edited-file');
    if (stableStringify(config) === stableStringify(obj)) {
      printResult(inv, spec, resource, obj, 'skipped', 'none');
      continue;
    }
    const patch = { metadata: { annotations: { [LAST_APPLIED]: goJSON(obj) + '\n' } } };
    try {
      inv.client().patch(resourceKey(info.resource), info.namespace, obj.metadata?.name ?? info.name, 'merge', patch, { fieldManager: f.string('field-manager') });
    } catch (e) {
      // preservedFile: the edited copy stays, and its path is told before the error.
      inv.err(`A copy of your changes has been stored to "${path}"\n`);
      throw e;
    }
    printResult(inv, spec, resource, obj, 'edited', 'none');
  }
  inv.ctx.fs.remove(path);
  return 0;
}

export const viewLastApplied: Command = verb('apply view-last-applied', { run: runView });
export const setLastApplied: Command = verb('apply set-last-applied', { run: runSet });
export const editLastApplied: Command = verb('apply edit-last-applied', { run: runEditLastApplied });
/** The three, in the order `kubectl apply --help` lists them. */
export const lastAppliedCommands: Command[] = [editLastApplied, setLastApplied, viewLastApplied];
