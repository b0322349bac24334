/**
 * `kubectl patch`: strategic (default), merge or json patches from -p or
 * --patch-file, on named objects or -f; `patched`, or `patched (no change)`
 * when the server's object did not change.
 */
import { deepEqual } from '../../api/meta.js';
import { jsonPatch, mergePatch, type PatchType } from '../../api/patch.js';
import type { KObject } from '../../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import { buildInfos, infoOf, manifestDecoder, manifestNamespace, mappingFor, readFilenameObjects, type Info } from '../framework/builder.js';
import { AggregateError, type Command, type Invocation } from '../framework/command.js';
import { checkBuilderArgs, dryRunStrategy, outputSpec, printResult, resourceKey, verb } from './mutate.js';
import { loadedYaml, loadYamlHolding } from '../../util/yaml-lib.js';
import { goQuote } from '../printers/gofmt.js';
import { badRequest, isStatusError, type StatusError } from '../../api/errors.js';

const PATCH_TYPES: Record<string, PatchType> = { json: 'json', merge: 'merge', strategic: 'strategic' };

async function runPatch(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const p = f.string('patch');
  const file = f.string('patch-file');
  if (p && file) throw new Error('cannot specify --patch and --patch-file together');
  if (!p && !file) throw new Error('must specify --patch or --patch-file containing the contents of the patch');
  const local = f.bool('local');
  if (local && inv.args.length) throw new Error('cannot specify --local and server resources');
  if (local && dryRunStrategy(inv) === 'server') throw new Error('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  const typeName = f.string('type') || 'strategic';
  const type = PATCH_TYPES[typeName];
  if (!type) throw new Error(`--type must be one of [json merge strategic], not "${typeName}"`);
  let text = p;
  if (file) {
    const t = inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, file));
    if (t === undefined) throw new Error(`unable to read patch file: open ${file}: no such file or directory`);
    text = t;
  }
  let body: unknown;
  // yaml.ToJSON passes a document that starts with '{' through as it is: the server is the one to decode it.
  const json = /^\s*\{/.test(text);
  let syntax: string | undefined;
  if (json) {
    try {
      body = JSON.parse(text);
    } catch {
      // encoding/json's wording loads with the manifest decoder, on first use.
      syntax = (await manifestDecoder(inv)).jsonUnmarshalError(text) ?? 'invalid JSON';
    }
  } else {
    const yaml = loadedYaml() ?? (await loadYamlHolding(inv.ctx.cluster.clock));
    const doc = yaml.parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    // go-yaml's wording, not the YAML library's.
    if (doc.errors.length) throw new Error(`unable to parse ${goQuote(text)}: yaml: ${(await manifestDecoder(inv)).yamlErrorText(text, doc.errors)}`);
    body = doc.toJS();
  }
  const dryRun = dryRunStrategy(inv);
  const spec = outputSpec(inv);
  // v1.35 names no subresources of its own (status, scale and resize are only completions): the server answers.
  const subresource = f.string('subresource');
  checkBuilderArgs({ args: inv.args, paths: f.strings('filename').length > 0 || !!f.string('kustomize') }, mappingFor);
  // --local (LocalParam): the objects as the files give them, in the namespace they are visited in; nothing is read from the server.
  const res = local ? await localInfos(inv) : await buildInfos(inv, { args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), continueOnError: true, versionedMapping: true, subresource: subresource || undefined });
  const errors = [...res.errors];
  if (res.infos.length === 0 && errors.length === 0) throw new Error('no objects passed to patch');
  const client = inv.client();
  for (const i of res.infos) {
    try {
      if (syntax) throw patchDecodeError(type, syntax);
      if (local || dryRun === 'client') {
        // A client dry run patches the object it read, locally (getPatchedJSON): no server, so no validation, no
        // unknown-field warnings, unknown fields kept.
        const patched = patchLocally(inv, type, i.resource, i.object, body);
        printResult(inv, spec, i.resource, patched, deepEqual(patched, i.object) ? 'patched (no change)' : 'patched', 'none');
        continue;
      }
      const key = resourceKey(i.resource);
      // kubectl patch sends no fieldValidation: the server's default (Warn) drops unknown fields with a warning each.
      const patched = client.patch(key, i.namespace, i.name, type, body, {
        dryRun: dryRun !== 'none', fieldManager: f.string('field-manager'), fieldValidation: 'Warn', ...(subresource === 'status' || subresource === 'resize' || subresource === 'scale' ? { subresource } : {}),
      });
      const changed = !deepEqual(patched, i.object);
      // patch's printer takes its operation after the dry-run suffix was set, so neither dry run shows one.
      // The printer names what the server answered: a scale patch prints the Scale (scale.autoscaling/NAME).
      printResult(inv, spec, subresource === 'scale' ? undefined : i.resource, patched, changed ? 'patched' : 'patched (no change)', 'none');
    } catch (e) {
      // Only a custom resource's strategic merge patch meets the server's 415.
      errors.push(isStatusError(e) && e.reason === 'UnsupportedMediaType' ? new Error(`application/strategic-merge-patch+json is not supported by ${apiVersionOf(i.resource)}, Kind=${i.resource.kind}: ${e.message}`) : e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors);
  return 0;
}

async function localInfos(inv: Invocation): Promise<{ infos: Info[]; errors: unknown[] }> {
  const infos: Info[] = [];
  const errors: unknown[] = [];
  for (const { object, source } of await readFilenameObjects(inv, inv.flags.strings('filename'), inv.flags.bool('recursive'))) {
    try {
      const resource = infoOf(object, source);
      // The object is printed as the file has it: a local visit writes no namespace into it.
      infos.push({ resource, namespace: manifestNamespace(inv, resource, object), name: object.metadata?.name ?? '', object, source });
    } catch (e) {
      errors.push(e);
    }
  }
  return { infos, errors };
}

/** `patch --dry-run=client` and `--local`: the patch applied to the object as read, as kubectl's getPatchedJSON does. */
function patchLocally(inv: Invocation, type: PatchType, info: ResourceInfo, object: KObject, body: unknown): KObject {
  const copy = JSON.parse(JSON.stringify(object)) as KObject;
  const api = inv.ctx.cluster.apiserver;
  if (type !== 'json') return (type === 'merge' ? mergePatch(copy, body) : (api.strategicMerge ?? mergePatch)(copy, body, info)) as KObject;
  try {
    return jsonPatch(copy, body) as KObject;
  } catch (e) {
    // The library's own errors, as kubectl prints them (a decode error is not the server's here).
    const msg = isStatusError(e) ? e.status.message : (e as Error).message;
    // getPatchedJSON rewrites the one it finds hard to read.
    const at = msg.includes('doc is missing key') ? msg.indexOf('key:') : -1;
    throw new Error(at >= 0 ? `Object to be patched is missing field (${msg.slice(at + 5)})` : msg);
  }
}

/**
 * The API server's answer to a patch body that is not JSON (handlers/patch.go; kubectl patch sends no
 * fieldValidation, so the server's default, Warn, decodes it strictly): a strategic merge patch reports the
 * decoder's error as it is, a merge patch prefixes it, and a JSON patch fails to decode as a list of operations.
 */
function patchDecodeError(type: PatchType, syntax: string): StatusError {
  if (type === 'merge') return badRequest(`error decoding patch: ${syntax}`);
  return badRequest(syntax);
}

export const patch: Command = verb('patch', { run: runPatch });
