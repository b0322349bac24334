/**
 * `kubectl debug --custom FILE`: a partial container spec (JSON or YAML)
 * merged into the debug container after the profile (debug.go Complete,
 * Validate, applyCustomProfile / applyCustomProfileEphemeral, v1.35.2).
 */
import { parseAllDocuments } from 'yaml';
import { strategicMergePatch } from '../../api/strategic.js';
import type { KObject } from '../../api/meta.js';
import type { Invocation } from '../framework/command.js';
import { yamlErrorText } from '../framework/manifest-stream.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const CUSTOM_NOT_MODIFIABLE = 'name, command, image, lifecycle and volume devices are not modifiable via custom profile';

/** Complete's read of the file: os.ReadFile, then json.Unmarshal or else yaml.Unmarshal into a corev1.Container. */
export function readCustomProfile(inv: Invocation, file: string): Any {
  const fs = inv.ctx.fs;
  const path = fs.resolve(inv.ctx.cwd, file);
  const text = fs.stat(path)?.type === 'file' ? fs.readFile(path) : undefined;
  if (text === undefined) {
    const why = fs.stat(path)?.type === 'dir' ? 'is a directory' : 'no such file or directory';
    throw new Error(`must pass a container spec json file for custom profile: ${why === 'is a directory' ? `read ${file}: ${why}` : `open ${file}: ${why}`}`);
  }
  const invalid = (why: string) => new Error(`${file} does not contain a valid container spec: ${why}`);
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  if (doc?.errors.length) throw invalid(`error converting YAML to JSON: yaml: ${yamlErrorText(text, doc.errors)}`);
  const v = doc ? doc.toJS() : null;
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    const kind = Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
    throw invalid(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type v1.Container`);
  }
  return v as Any;
}

/** Validate's check: the fields the debug command itself owns. */
export function customProfileError(custom: Any): string | undefined {
  if (custom.name || custom.command?.length || custom.image || custom.lifecycle || custom.volumeDevices?.length) return CUSTOM_NOT_MODIFIABLE;
  return undefined;
}

/** StrategicMergePatch of the container with the profile (corev1.Container's merge keys: env by name, volumeMounts by mountPath…). */
export function applyCustomProfile(container: Any, custom: Any): Any {
  const holder = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [container] } } as unknown as KObject;
  const merged = strategicMergePatch(holder, { spec: { containers: [{ ...custom, name: container.name }] } }, { kind: 'Pod' }) as Any;
  return merged.spec.containers[0];
}
