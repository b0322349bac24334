/**
 * The kustomize build kubectl v1.35 embeds (kustomize v5.7), for the parts a
 * course uses: resources (files and nested kustomization folders),
 * namePrefix/nameSuffix, namespace, commonLabels, labels (includeSelectors,
 * includeTemplates), commonAnnotations, images, replicas,
 * configMapGenerator/secretGenerator (literals, files, envs, options) with the
 * content-hash suffix and the name references that follow it, and the legacy
 * output order of kinds. Pure functions over the learner's files; errors in
 * kustomize's words (api/krusty, api/internal/target, api/hasher, resid/gvk.go).
 */
import { parse } from 'yaml';
import { base64Encode } from '../../util/base64.js';
import { hashSuffix, sha256Hex } from '../../util/sha256.js';
import { lookupKind } from '../../api/resources.js';
import type { KObject } from '../../api/meta.js';
import type { VirtualFileSystem } from '../../shell/process.js';
import { decodeManifests } from '../framework/manifest-stream.js';
import { goJSON } from '../printers/output.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
export const COMMON_LABELS_DEPRECATED = "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n";

/** Fields a Kustomization may have (the rest are "unknown field"); the ones outside this build are accepted and ignored. */
const KNOWN_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'resources', 'bases', 'components', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'images', 'replicas', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'patches', 'patchesStrategicMerge',
  'patchesJson6902', 'crds', 'vars', 'replacements', 'generators', 'transformers', 'validators', 'openapi', 'helmCharts', 'helmGlobals', 'buildMetadata', 'sortOptions',
]);

/** resid/gvk.go: kinds placed first and last by the legacy sort; everything else sits between, by group_version_kind. */
const ORDER_FIRST = ['Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget'];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function typeOrder(kind: string): number {
  const i = ORDER_FIRST.indexOf(kind);
  if (i >= 0) return -ORDER_FIRST.length + i;
  const j = ORDER_LAST.indexOf(kind);
  return j >= 0 ? 1 + j : 0;
}

function gvkString(o: Any): string {
  const av = String(o.apiVersion ?? '');
  const [g, v] = av.includes('/') ? av.split('/') : ['', av];
  return [g || '~G', v || '~V', o.kind || '~K'].join('_');
}

/**
 * The legacy order: kind rank, then group_version_kind, then ResId.LegacySortString's namespace (`~X` when none)
 * and name, so `wordpress` comes before `wordpress-mysql`.
 */
export function legacyCompare(a: Any, b: Any): number {
  const d = typeOrder(a.kind) - typeOrder(b.kind);
  if (d) return d;
  const ga = gvkString(a);
  const gb = gvkString(b);
  if (ga !== gb) return ga < gb ? -1 : 1;
  const ka = `${a.metadata?.namespace || '~X'}|${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace || '~X'}|${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// --- the content hash (api/hasher): sha256 of Go's JSON (engine/util/sha256.ts) ---

/**
 * The generated name's suffix. The hasher looks the name up with the single
 * path element "metadata/name", which never matches, so every object hashes
 * with an empty name: only kind, type and data count.
 */
export function contentHash(obj: Any): string {
  const m: Any = obj.kind === 'Secret' ? { kind: 'Secret', type: obj.type ?? '', name: '', data: obj.data ?? '' } : { kind: 'ConfigMap', name: '', data: obj.data ?? '' };
  if (obj.kind === 'ConfigMap' && obj.binaryData) m.binaryData = obj.binaryData;
  if (obj.kind === 'Secret' && obj.stringData) m.stringData = obj.stringData;
  return hashSuffix(sha256Hex(goJSON(m)));
}

// --- building ---

export interface BuildResult { objects: KObject[]; warnings: string[] }

interface Resource { obj: Any; originalName: string; generated: boolean; hashed: boolean }

export class KustomizeError extends Error {}

function join(dir: string, p: string): string {
  return p.startsWith('/') ? p : `${dir === '/' ? '' : dir}/${p}`;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return '/' + out.join('/');
}

function readKustomization(fs: VirtualFileSystem, dir: string): Any {
  const file = KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((p) => fs.stat(p)?.type === 'file');
  if (!file) throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`);
  let k: unknown;
  try {
    k = parse(fs.readFile(file) ?? '') ?? {};
  } catch (e) {
    throw new KustomizeError(`invalid Kustomization: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof k !== 'object' || Array.isArray(k)) throw new KustomizeError('invalid Kustomization: json: cannot unmarshal string into Go value of type types.Kustomization');
  for (const key of Object.keys(k as Any)) if (!KNOWN_FIELDS.has(key)) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`);
  for (const field of ['commonLabels', 'commonAnnotations']) {
    const m = (k as Any)[field];
    if (m && typeof m === 'object') {
      for (const v of Object.values(m)) {
        if (typeof v !== 'string') throw new KustomizeError(`invalid Kustomization: json: cannot unmarshal ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object'} into Go struct field Kustomization.${field} of type string`);
      }
    }
  }
  return k as Any;
}

/** Builds the kustomization in `dir` (absolute; `typed` as the learner wrote it) into objects in kustomize's output order. */
export function kustomizeBuild(fs: VirtualFileSystem, dir: string, typed = dir): BuildResult {
  const st = fs.stat(dir);
  // kustomize's ConfirmDir: a file there is named as such (kubectl v1.35.2: `kubectl apply -k good.yaml`).
  if (st?.type === 'file') throw new KustomizeError(`must build at directory: '${typed}': file is not directory`);
  if (st?.type !== 'dir') throw new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${typed}' : lstat ${dir}: no such file or directory`);
  const warnings: string[] = [];
  const resources = buildDir(fs, dir, warnings);
  // Generated names get their content hash once the whole build has renamed them (`cfg-v1-5tc9gdgmch`).
  const renames = new Map<string, string>();
  for (const r of resources) {
    if (!r.hashed) continue;
    const before = r.obj.metadata.name;
    r.obj.metadata.name = `${before}-${contentHash(r.obj)}`;
    renames.set(`${r.obj.kind}/${before}`, r.obj.metadata.name);
  }
  fixReferences(resources, renames);
  const objects = resources.map((r) => r.obj as KObject).sort(legacyCompare);
  return { objects, warnings };
}

function buildDir(fs: VirtualFileSystem, dir: string, warnings: string[]): Resource[] {
  const k = readKustomization(fs, dir);
  if (k.commonLabels && !warnings.includes(COMMON_LABELS_DEPRECATED)) warnings.push(COMMON_LABELS_DEPRECATED);
  const res: Resource[] = [];
  for (const entry of [...(k.resources ?? []), ...(k.bases ?? [])] as string[]) {
    const p = normalize(join(dir, String(entry)));
    const st = fs.stat(p);
    if (!st) {
      const why = `evalsymlink failure on '${p}' : lstat ${p}: no such file or directory`;
      throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${why}': must build at directory: not a valid directory: ${why}`);
    }
    if (st.type === 'dir') {
      try {
        res.push(...buildDir(fs, p, warnings));
      } catch (e) {
        throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': '${p}' must resolve to a file': couldn't make target for path '${p}': ${(e as Error).message}`);
      }
      continue;
    }
    for (const { object } of decodeManifests(fs.readFile(p) ?? '', p)) res.push({ obj: JSON.parse(JSON.stringify(object)), originalName: object.metadata?.name ?? '', generated: false, hashed: false });
  }
  const options = k.generatorOptions ?? {};
  for (const g of (k.configMapGenerator ?? []) as Any[]) res.push(generate(fs, dir, g, options, 'ConfigMap'));
  for (const g of (k.secretGenerator ?? []) as Any[]) res.push(generate(fs, dir, g, options, 'Secret'));
  transform(k, res);
  return res;
}

/** KEY=VALUE; a literal's value may be quoted (the quotes go), an env file's keeps its quotes. */
function keyValue(text: string, what: string, unquote: boolean): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new KustomizeError(`invalid ${what}: '${text}' (need k=v pair where v may be quoted)`);
  let v = text.slice(i + 1);
  if (unquote && v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
  return [text.slice(0, i), v];
}

function generate(fs: VirtualFileSystem, dir: string, g: Any, global: Any, kind: 'ConfigMap' | 'Secret'): Resource {
  const data: Record<string, string> = {};
  for (const lit of (g.literals ?? []) as string[]) {
    const [key, v] = keyValue(String(lit), 'literal source', true);
    data[key] = v;
  }
  for (const f of (g.files ?? []) as string[]) {
    const s = String(f);
    const eq = s.indexOf('=');
    const key = eq > 0 ? s.slice(0, eq) : s.split('/').pop()!;
    const path = normalize(join(dir, eq > 0 ? s.slice(eq + 1) : s));
    const content = fs.readFile(path);
    if (content === undefined) throw new KustomizeError(`evalsymlink failure on '${path}' : lstat ${path}: no such file or directory`);
    data[key] = content;
  }
  for (const e of (g.envs ?? (g.env ? [g.env] : [])) as string[]) {
    const path = normalize(join(dir, String(e)));
    const content = fs.readFile(path);
    if (content === undefined) throw new KustomizeError(`evalsymlink failure on '${path}' : lstat ${path}: no such file or directory`);
    for (const line of content.split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const [key, v] = keyValue(t, 'env source', false);
      data[key] = v;
    }
  }
  const sorted = Object.fromEntries(Object.keys(data).sort().map((key) => [key, kind === 'Secret' ? base64Encode(data[key]) : data[key]]));
  const opts = { ...global, ...(g.options ?? {}) };
  const obj: Any = { apiVersion: 'v1', kind, metadata: { name: String(g.name ?? '') } };
  if (g.namespace) obj.metadata.namespace = g.namespace;
  const labels = { ...(global.labels ?? {}), ...(g.options?.labels ?? {}) };
  const annotations = { ...(global.annotations ?? {}), ...(g.options?.annotations ?? {}) };
  if (Object.keys(labels).length) obj.metadata.labels = labels;
  if (Object.keys(annotations).length) obj.metadata.annotations = annotations;
  if (Object.keys(sorted).length) obj.data = sorted;
  if (kind === 'Secret') obj.type = g.type ?? 'Opaque';
  if (opts.immutable) obj.immutable = true;
  return { obj, originalName: obj.metadata.name, generated: true, hashed: !opts.disableNameSuffixHash };
}

/** Kinds whose pod template sits at spec.template; CronJob's one level deeper. */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController']);

/** The pod templates of a workload; `create` makes missing ones (a create: true field spec). */
function podTemplates(o: Any, create = false): Any[] {
  if (!o.spec) return [];
  if (TEMPLATE_KINDS.has(o.kind)) return o.spec.template ? [o.spec.template] : create ? [(o.spec.template = {})] : [];
  if (o.kind !== 'CronJob') return [];
  const t = o.spec.jobTemplate?.spec?.template;
  if (t) return [t];
  return create ? [(((o.spec.jobTemplate ??= {}).spec ??= {}).template = {})] : [];
}

function podSpecs(o: Any): Any[] {
  if (o.kind === 'Pod') return o.spec ? [o.spec] : [];
  return podTemplates(o).map((t) => t.spec).filter(Boolean);
}

function addTo(target: Any, field: string, pairs: Record<string, string>): void {
  target[field] = { ...(target[field] ?? {}), ...pairs };
}

/** commonLabels' and labels.includeSelectors' selector fields (create: whether a missing map is made). */
function addSelectorLabels(o: Any, pairs: Record<string, string>): void {
  const spec = o.spec;
  if (!spec) return;
  switch (o.kind) {
    case 'Service': case 'ReplicationController': addTo(spec, 'selector', pairs); break;
    case 'Deployment': case 'ReplicaSet': case 'DaemonSet': case 'StatefulSet': addTo((spec.selector ??= {}), 'matchLabels', pairs); break;
    case 'Job': if (spec.selector) addTo(spec.selector, 'matchLabels', pairs); break;
    case 'CronJob': if (spec.jobTemplate?.spec?.selector) addTo(spec.jobTemplate.spec.selector, 'matchLabels', pairs); break;
    case 'PodDisruptionBudget': if (spec.selector) addTo(spec.selector, 'matchLabels', pairs); break;
    case 'NetworkPolicy': if (spec.podSelector) addTo(spec.podSelector, 'matchLabels', pairs); break;
  }
}

function addTemplateMeta(o: Any, field: 'labels' | 'annotations', pairs: Record<string, string>): void {
  if (o.kind === 'CronJob' && o.spec) addTo(((o.spec.jobTemplate ??= {}).metadata ??= {}), field, pairs);
  for (const t of podTemplates(o, true)) addTo((t.metadata ??= {}), field, pairs);
}

/** An image reference split as kustomize's image transformer does. */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  let name = image;
  let digest = '';
  let tag = '';
  const at = name.indexOf('@');
  if (at >= 0) { digest = name.slice(at + 1); name = name.slice(0, at); }
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) { tag = name.slice(colon + 1); name = name.slice(0, colon); }
  return { name, tag, digest };
}

function setImage(image: string, rule: Any): string | undefined {
  const cur = splitImage(image);
  if (cur.name !== rule.name) return undefined;
  const name = rule.newName ?? cur.name;
  if (rule.digest) return `${name}@${rule.digest}`;
  if (rule.newTag !== undefined) return `${name}:${rule.newTag}`;
  return name + (cur.tag ? `:${cur.tag}` : '') + (cur.digest ? `@${cur.digest}` : '');
}

/** Renames references to generated or renamed ConfigMaps, Secrets and ServiceAccounts inside pod specs. */
function fixReferences(res: Resource[], renames: Map<string, string>): void {
  if (!renames.size) return;
  const map = (kind: string, name: string | undefined) => (name === undefined ? undefined : renames.get(`${kind}/${name}`) ?? name);
  for (const r of res) {
    for (const ps of podSpecs(r.obj)) {
      for (const c of [...(ps.containers ?? []), ...(ps.initContainers ?? [])]) {
        for (const ef of c.envFrom ?? []) {
          if (ef.configMapRef?.name) ef.configMapRef.name = map('ConfigMap', ef.configMapRef.name);
          if (ef.secretRef?.name) ef.secretRef.name = map('Secret', ef.secretRef.name);
        }
        for (const e of c.env ?? []) {
          if (e.valueFrom?.configMapKeyRef?.name) e.valueFrom.configMapKeyRef.name = map('ConfigMap', e.valueFrom.configMapKeyRef.name);
          if (e.valueFrom?.secretKeyRef?.name) e.valueFrom.secretKeyRef.name = map('Secret', e.valueFrom.secretKeyRef.name);
        }
      }
      for (const v of ps.volumes ?? []) {
        if (v.configMap?.name) v.configMap.name = map('ConfigMap', v.configMap.name);
        if (v.secret?.secretName) v.secret.secretName = map('Secret', v.secret.secretName);
        if (v.persistentVolumeClaim?.claimName) v.persistentVolumeClaim.claimName = map('PersistentVolumeClaim', v.persistentVolumeClaim.claimName);
        for (const s of v.projected?.sources ?? []) {
          if (s.configMap?.name) s.configMap.name = map('ConfigMap', s.configMap.name);
          if (s.secret?.name) s.secret.name = map('Secret', s.secret.name);
        }
      }
      for (const s of ps.imagePullSecrets ?? []) if (s.name) s.name = map('Secret', s.name);
      if (ps.serviceAccountName) ps.serviceAccountName = map('ServiceAccount', ps.serviceAccountName);
    }
    if (r.obj.kind === 'StatefulSet' && r.obj.spec?.serviceName) r.obj.spec.serviceName = map('Service', r.obj.spec.serviceName);
  }
}

function transform(k: Any, res: Resource[]): void {
  const renames = new Map<string, string>();
  // Namespaces and CRDs keep their names; everything else gets the prefix and suffix.
  const prefix = k.namePrefix ?? '';
  const suffix = k.nameSuffix ?? '';
  for (const r of res) {
    const o = r.obj;
    o.metadata ??= {};
    if ((prefix || suffix) && o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition') {
      const before = o.metadata.name;
      o.metadata.name = `${prefix}${before}${suffix}`;
      renames.set(`${o.kind}/${before}`, o.metadata.name);
    }
    if (k.namespace) {
      const info = lookupKind(String(o.apiVersion ?? ''), String(o.kind ?? ''));
      if (info ? info.namespaced : o.kind !== 'Namespace') o.metadata.namespace = k.namespace;
      for (const s of ['RoleBinding', 'ClusterRoleBinding'].includes(o.kind) ? o.subjects ?? [] : []) {
        if (s.kind === 'ServiceAccount' && (!s.namespace || s.namespace === 'default')) s.namespace = k.namespace;
      }
    }
  }
  const label = (pairs: Record<string, string>, selectors: boolean, templates: boolean) => {
    for (const { obj: o } of res) {
      addTo(o.metadata, 'labels', pairs);
      if (selectors) { addSelectorLabels(o, pairs); addTemplateMeta(o, 'labels', pairs); } else if (templates) addTemplateMeta(o, 'labels', pairs);
    }
  };
  if (k.commonLabels && Object.keys(k.commonLabels).length) label(k.commonLabels, true, true);
  for (const l of (k.labels ?? []) as Any[]) if (l.pairs && Object.keys(l.pairs).length) label(l.pairs, !!l.includeSelectors, !!l.includeTemplates);
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length) {
    for (const { obj: o } of res) {
      addTo(o.metadata, 'annotations', k.commonAnnotations);
      addTemplateMeta(o, 'annotations', k.commonAnnotations);
    }
  }
  for (const rule of (k.images ?? []) as Any[]) {
    for (const { obj: o } of res) {
      for (const ps of podSpecs(o)) {
        for (const c of [...(ps.containers ?? []), ...(ps.initContainers ?? [])]) {
          const next = typeof c.image === 'string' ? setImage(c.image, rule) : undefined;
          if (next !== undefined) c.image = next;
        }
      }
    }
  }
  for (const rule of (k.replicas ?? []) as Any[]) {
    for (const r of res) if (r.originalName === rule.name && r.obj.spec && ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(r.obj.kind)) r.obj.spec.replicas = rule.count;
  }
  fixReferences(res, renames);
}
