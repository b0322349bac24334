/**
 * Objects decoded from a manifest document without apiVersion. The decoder gives them the core group's version
 * (the validator, when on, has refused them already); kubectl maps them by kind alone, with version "", and the
 * requests it then makes go to paths without a version, which kube-apiserver answers with its generic 404. Kept
 * apart from the decoder, which loads on first use, so the builder can ask without loading it.
 */
import type { ResourceInfo } from '../../api/resources.js';

const SOURCES = new WeakMap<object, string>();
const INFOS = new Map<ResourceInfo, ResourceInfo>();
const BASES = new Map<ResourceInfo, ResourceInfo>();

/** Marks `obj` as decoded from a document without apiVersion; `json` is that document as encoding/json writes it. */
export function markUnversioned(obj: object, json: string): void {
  SOURCES.set(obj, json);
}

/** The document's JSON when `obj` was decoded without an apiVersion. */
export function unversionedSource(obj: object): string | undefined {
  return SOURCES.get(obj);
}

/** The mapping by kind alone: the resource, flagged so its requests find no route (one per resource, for identity). */
export function unversionedInfo(info: ResourceInfo): ResourceInfo {
  let u = INFOS.get(info);
  if (!u) {
    INFOS.set(info, (u = { ...info, unversioned: true }));
    BASES.set(u, info);
  }
  return u;
}

/** The resource itself, for a client that maps the kind fully (an unflagged info is returned as it is). */
export function versionedInfo(info: ResourceInfo): ResourceInfo {
  return BASES.get(info) ?? info;
}
