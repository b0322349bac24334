/**
 * The registry warnings of kube-apiserver v1.35: what each strategy's WarningsOnCreate/WarningsOnUpdate returns
 * (pkg/registry/.../strategy.go), built from pkg/api/pod/warnings.go, pkg/api/job/warnings.go,
 * pkg/api/service/warnings.go, pkg/api/persistentvolume(claim)/util.go and pkg/api/node/util.go, with their texts
 * and field paths. kubectl prints each as a `Warning:` line. Loaded with the Go types' round trip (schema/go-json.ts),
 * installing itself in strategy.ts: a write before that carries none, as the lab's own components' writes need none.
 */
import type { KObject } from '../meta.js';
import { registryWarnings as installed } from '../strategy.js';
import { isDNS1123Label, isLabelValue } from '../validation/names.js';
import { formatQuantity, parseQuantityExact } from '../validation/quantity.js';
import { ipNetText, isIPv4MappedWords, maskedWords, netIPText, netipText, parseCIDRSloppy, parseIPSloppy } from '../../util/cidr.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** field.Path's String(): children joined by dots, an index or a map key in brackets (no quotes). */
class Path {
  constructor(private readonly text: string) {}
  child(...names: string[]): Path {
    return new Path(names.reduce((p, n) => (p ? `${p}.${n}` : n), this.text));
  }
  index(i: number): Path {
    return new Path(`${this.text}[${i}]`);
  }
  key(k: string): Path {
    return new Path(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

const ROOT = new Path('');

/** Go's %q of a string. */
const q = (s: unknown): string => JSON.stringify(String(s ?? ''));

const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
  'app.kubernetes.io/created-by': 'deprecated since v1.9',
  'scheduler.alpha.kubernetes.io/preferAvoidPods': 'deprecated since v1.22; use Taints and Tolerations instead',
  'node-role.kubernetes.io/master': 'use "node-role.kubernetes.io/control-plane" instead',
};

const nodeLabelDeprecated = (key: unknown): string | undefined =>
  typeof key === 'string' && Object.hasOwn(DEPRECATED_NODE_LABELS, key) ? DEPRECATED_NODE_LABELS[key] : undefined;

/** nodeapi.GetWarningsForNodeSelectorTerm; label values are checked only where the caller asks (not for pods). */
function nodeSelectorTermWarnings(term: Any, path: Path, checkLabelValue = false): string[] {
  const out: string[] = [];
  (term?.matchExpressions ?? []).forEach((e: Any, i: number) => {
    const msg = nodeLabelDeprecated(e?.key);
    if (msg) out.push(`${path.child('matchExpressions').index(i).child('key')}: ${e.key} is ${msg}`);
    if (checkLabelValue) {
      (e?.values ?? []).forEach((v: string, j: number) => {
        for (const m of isLabelValue(v)) out.push(`${path.child('matchExpressions').index(i).child('values').index(j)}: ${v} is invalid, ${m}`);
      });
    }
  });
  return out;
}

const DEPRECATED_ANNOTATIONS: [string, string][] = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
];

const DEPRECATED_VOLUMES: [string, string][] = [
  ['photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
];

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** `%q is invalid, must be an integer` when a byte quantity has a fractional part (MilliValue() % 1000 != 0). */
function fractionalBytes(value: unknown, path: Path): string[] {
  if (value === undefined || value === null) return [];
  const parsed = parseQuantityExact(value);
  if (!parsed || parsed.milli % 1000n === 0n) return [];
  return [`${path}: fractional byte value ${q(formatQuantity(parsed))} is invalid, must be an integer`];
}

/** pods.VisitContainersWithPath: init containers, containers, then ephemeral containers. */
function containersWithPath(spec: Any, specPath: Path): [Any, Path][] {
  const out: [Any, Path][] = [];
  for (const f of ['initContainers', 'containers', 'ephemeralContainers']) {
    (spec?.[f] ?? []).forEach((c: Any, i: number) => out.push([c ?? {}, specPath.child(f).index(i)]));
  }
  return out;
}

/** Go's %+v of a core ContainerPort. */
const portStruct = (p: Any): string =>
  `{Name:${p.name ?? ''} HostPort:${p.hostPort ?? 0} ContainerPort:${p.containerPort ?? 0} Protocol:${p.protocol ?? ''} HostIP:${p.hostIP ?? ''}}`;

/** warningsForPodSpecAndMeta: `base` is undefined for a Pod, the template's path for a template. */
function podSpecAndMetaWarnings(base: Path | undefined, spec: Any, meta: Any): string[] {
  const root = base ?? ROOT;
  const w: string[] = [];
  spec ??= {};
  const annotations: Record<string, string> = meta?.annotations ?? {};

  for (const k of Object.keys(spec.nodeSelector ?? {})) {
    const msg = nodeLabelDeprecated(k);
    if (msg) w.push(`${root.child('spec', 'nodeSelector').key(k)}: ${msg}`);
  }
  const nodeAffinity = spec.affinity?.nodeAffinity;
  if (nodeAffinity) {
    const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    if (required) {
      const termsPath = root.child('spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
      (required.nodeSelectorTerms ?? []).forEach((t: Any, i: number) => w.push(...nodeSelectorTermWarnings(t, termsPath.index(i))));
    }
    const preferredPath = root.child('spec', 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution');
    (nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: Any, i: number) =>
      w.push(...nodeSelectorTermWarnings(t?.preference, preferredPath.index(i).child('preference'))));
  }
  (spec.topologySpreadConstraints ?? []).forEach((t: Any, i: number) => {
    const p = root.child('spec', 'topologySpreadConstraints').index(i);
    const msg = nodeLabelDeprecated(t?.topologyKey);
    if (msg) w.push(`${p.child('topologyKey')}: ${t.topologyKey} is ${msg}`);
    if (t?.labelSelector == null) w.push(`${p.child('labelSelector')}: a null labelSelector results in matching no pod`);
  });

  for (const [key, message] of DEPRECATED_ANNOTATIONS) {
    if (Object.hasOwn(annotations, key)) w.push(`${root.child('metadata', 'annotations').key(key)}: ${message}`);
  }

  const volumes: Any[] = spec.volumes ?? [];
  volumes.forEach((v: Any, i: number) => {
    const p = root.child('spec', 'volumes').index(i);
    for (const [source, message] of DEPRECATED_VOLUMES) {
      // The internal type's field is StorageOS, its path "storageOS"; the v1 JSON name is "storageos".
      if (v?.[source] != null) w.push(`${p.child(source === 'storageos' ? 'storageOS' : source)}: ${message}`);
    }
    const claimSpec = v?.ephemeral?.volumeClaimTemplate ? v.ephemeral.volumeClaimTemplate.spec ?? {} : undefined;
    if (claimSpec) w.push(...claimSpecWarnings(p.child('ephemeral', 'volumeClaimTemplate', 'spec'), claimSpec));
    if (v?.cephfs != null) w.push(`${p.child('cephfs')}: deprecated in v1.28, non-functional in v1.31+`);
    if (v?.rbd != null) w.push(`${p.child('rbd')}: deprecated in v1.28, non-functional in v1.31+`);
  });
  w.push(...overlappingVirtualPaths(volumes));

  const hostAliases: Any[] = spec.hostAliases ?? [];
  if (hostAliases.length > 1) {
    const seen = new Set<string>();
    hostAliases.forEach((a: Any, i: number) => {
      const ip = a?.ip ?? '';
      if (seen.has(ip)) w.push(`${root.child('spec', 'hostAliases').index(i).child('ip')}: duplicate ip ${q(ip)}`);
      else seen.add(ip);
    });
  }
  const pullSecrets: Any[] = spec.imagePullSecrets ?? [];
  if (pullSecrets.length > 1) {
    const seen = new Set<string>();
    pullSecrets.forEach((s: Any, i: number) => {
      const name = s?.name ?? '';
      if (seen.has(name)) w.push(`${root.child('spec', 'imagePullSecrets').index(i).child('name')}: duplicate name ${q(name)}`);
      else seen.add(name);
    });
  }
  pullSecrets.forEach((s: Any, i: number) => {
    if (!s?.name) w.push(`${root.child('spec', 'imagePullSecrets').index(i).child('name')}: invalid empty name ""`);
  });

  w.push(...fractionalBytes(spec.overhead?.memory, root.child('spec', 'overhead').key('memory')));
  w.push(...fractionalBytes(spec.overhead?.['ephemeral-storage'], root.child('spec', 'overhead').key('ephemeral-storage')));

  if (spec.securityContext?.seccompProfile == null && Object.hasOwn(annotations, SECCOMP_POD_ANNOTATION)) {
    w.push(`${root.child('metadata', 'annotations').key(SECCOMP_POD_ANNOTATION)}: non-functional in v1.27+; use the "seccompProfile" field instead`);
  }
  const podAppArmor = spec.securityContext?.appArmorProfile != null;
  const containers = containersWithPath(spec, root.child('spec'));
  for (const [c, p] of containers) {
    const seccompKey = SECCOMP_CONTAINER_PREFIX + c.name;
    if (c.securityContext?.seccompProfile == null && Object.hasOwn(annotations, seccompKey)) {
      w.push(`${root.child('metadata', 'annotations').key(seccompKey)}: non-functional in v1.27+; use the "seccompProfile" field instead`);
    }
    // A Pod's own AppArmor annotations are warned of by the pod strategy (podAppArmorWarnings).
    const appArmorKey = APPARMOR_CONTAINER_PREFIX + c.name;
    if (base && !podAppArmor && c.securityContext?.appArmorProfile == null && Object.hasOwn(annotations, appArmorKey)) {
      w.push(`${root.child('metadata', 'annotations').key(appArmorKey)}: deprecated since v1.30; use the "appArmorProfile" field instead`);
    }
    const res = c.resources ?? {};
    w.push(...fractionalBytes(res.limits?.memory, p.child('resources', 'limits').key('memory')));
    w.push(...fractionalBytes(res.requests?.memory, p.child('resources', 'requests').key('memory')));
    w.push(...fractionalBytes(res.limits?.['ephemeral-storage'], p.child('resources', 'limits').key('ephemeral-storage')));
    w.push(...fractionalBytes(res.requests?.['ephemeral-storage'], p.child('resources', 'requests').key('ephemeral-storage')));
    const env: Any[] = c.env ?? [];
    if (env.length > 1) {
      const seen = new Set<string>();
      env.forEach((e: Any, i: number) => {
        const name = e?.name ?? '';
        if (!seen.has(name)) {
          seen.add(name);
          return;
        }
        // A redefinition that builds on the previous value ("$(X)suffix") is how a list is extended; anything else hides it.
        const ref = `$(${name})`;
        const value = e?.value ?? '';
        if (e?.valueFrom != null || value === ref || !value.includes(ref)) {
          w.push(`${p.child('env').index(i)}: hides previous definition of ${q(name)}, which may be dropped when using apply`);
        }
      });
    }
  }

  const byPort = new Map<string, { path: Path; port: Any }[]>();
  for (const [c, p] of containers) {
    (c.ports ?? []).forEach((port: Any, i: number) => {
      port ??= {};
      const path = p.child('ports').index(i);
      const hostIP = port.hostIP ?? '';
      const hostPort = port.hostPort ?? 0;
      if (hostIP !== '' && hostPort === 0) w.push(`${path}: hostIP set without hostPort: ${portStruct(port)}`);
      const k = `${port.containerPort ?? 0}/${port.protocol ?? ''}`;
      const others = byPort.get(k);
      if (!others) {
        byPort.set(k, [{ path, port }]);
        return;
      }
      for (const other of others) {
        const otherIP = other.port.hostIP ?? '';
        const otherPort = other.port.hostPort ?? 0;
        if (hostIP === otherIP && hostPort === otherPort) w.push(`${path}: duplicate port definition with ${other.path}`);
        else if (hostPort === 0 || otherPort === 0) w.push(`${path}: overlapping port definition with ${other.path}`);
        else if (hostPort === otherPort && (hostIP === '') !== (otherIP === '')) w.push(`${path}: dangerously ambiguous port definition with ${other.path}`);
      }
      others.push({ path, port });
    });
  }

  const portNames = new Map<string, Path>();
  for (const [c, p] of containers) {
    (c.ports ?? []).forEach((port: Any, i: number) => {
      if (!port?.name) return;
      const other = portNames.get(port.name);
      if (other) w.push(`${p.child('ports').index(i)}: duplicate port name ${q(port.name)} with ${other}, services and probes that select ports by name will use ${other}`);
      else portNames.set(port.name, p.child('ports').index(i));
    });
  }

  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    w.push(`${root.child('spec', 'terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`);
  }

  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = spec.affinity?.[kind];
    if (!a) continue;
    const requiredPath = root.child('spec', 'affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution');
    (a.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: Any, i: number) => {
      if (t?.labelSelector == null) w.push(`${requiredPath.index(i).child('labelSelector')}: a null labelSelector results in matching no pod`);
    });
    const preferredPath = root.child('spec', 'affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution');
    (a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: Any, i: number) => {
      if (t?.podAffinityTerm?.labelSelector == null) w.push(`${preferredPath.index(i).child('podAffinityTerm', 'labelSelector')}: a null labelSelector results in matching no pod`);
    });
  }
  return w;
}

/** A volume item's path and where it comes from ("ConfigMap \"x\"", or nothing within a single source's items). */
interface SourcedPath {
  path: string;
  source: string;
}

const sourcedText = (p: SourcedPath): string => (p.source ? `${q(p.path)} (${p.source})` : q(p.path));

/**
 * warningsForOverlappingVirtualPaths: items of one ConfigMap, Secret or DownwardAPI volume, or of a projected
 * volume's sources together, written to the same path or one inside another. A projected source that names no
 * paths (a configMap without items) reuses the previous source's, as the Go loop's variable carries them over.
 */
function overlappingVirtualPaths(volumes: Any[]): string[] {
  const w: string[] = [];
  const paths = (items: Any[], source: string): SourcedPath[] => items.map((it: Any) => ({ path: it?.path ?? '', source }));
  const warn = (v: Any, what: string, body: string) => `volume ${q(v?.name)} (${what}): overlapping paths: ${body}`;
  for (const v of volumes) {
    if (Array.isArray(v?.configMap?.items)) for (const o of mappingOverlaps(paths(v.configMap.items, ''))) w.push(warn(v, `ConfigMap ${q(v.configMap.name)}`, o));
    if (Array.isArray(v?.secret?.items)) for (const o of mappingOverlaps(paths(v.secret.items, ''))) w.push(warn(v, `Secret ${q(v.secret.secretName)}`, o));
    if (Array.isArray(v?.downwardAPI?.items)) for (const o of mappingOverlaps(paths(v.downwardAPI.items, ''))) w.push(warn(v, 'DownwardAPI', o));
    if (!v?.projected) continue;
    let sourcePaths: SourcedPath[] = [];
    const all: SourcedPath[] = [];
    for (const s of v.projected.sources ?? []) {
      if (!s || Object.keys(s).length === 0) {
        w.push(`volume ${q(v.name)} (Projected) has no sources provided`);
        continue;
      }
      if (Array.isArray(s.configMap?.items)) sourcePaths = paths(s.configMap.items, `ConfigMap ${q(s.configMap.name)}`);
      else if (Array.isArray(s.secret?.items)) sourcePaths = paths(s.secret.items, `Secret ${q(s.secret.name)}`);
      else if (Array.isArray(s.downwardAPI?.items)) sourcePaths = paths(s.downwardAPI.items, 'DownwardAPI');
      else if (s.serviceAccountToken) sourcePaths = [{ path: s.serviceAccountToken.path ?? '', source: 'ServiceAccountToken' }];
      else if (s.clusterTrustBundle) {
        sourcePaths = [{ path: s.clusterTrustBundle.path ?? '', source: `ClusterTrustBundle ${q(s.clusterTrustBundle.name ?? s.clusterTrustBundle.signerName)}` }];
      }
      for (const raw of sourcePaths) {
        const p = { ...raw, path: raw.path.replace(/\/+$/, '') };
        for (const c of overlapsWith(all, p)) w.push(warn(v, 'Projected', `${sourcedText(p)} with ${sourcedText(c)}`));
        all.push(p);
      }
    }
  }
  return w;
}

/** checkVolumeMappingForOverlap: each path against those before it. */
function mappingOverlaps(paths: SourcedPath[]): string[] {
  const w: string[] = [];
  const seen: SourcedPath[] = [];
  for (const raw of paths) {
    const p = { ...raw, path: raw.path.replace(/\/+$/, '') };
    for (const c of overlapsWith(seen, p)) w.push(`${sourcedText(p)} with ${sourcedText(c)}`);
    seen.push(p);
  }
  return w;
}

/** checkForOverlap: the earlier paths equal to this one, or a directory of it, or inside it. */
function overlapsWith(earlier: SourcedPath[], p: SourcedPath): SourcedPath[] {
  if (p.path === '') return [];
  return earlier.filter((e) => e.path !== '' && (`${e.path}/`.startsWith(`${p.path}/`) || `${p.path}/`.startsWith(`${e.path}/`)));
}

/** pvcutil.GetWarningsForPersistentVolumeClaimSpec. */
function claimSpecWarnings(path: Path, spec: Any): string[] {
  return [
    ...fractionalBytes(spec?.resources?.requests?.storage, path.child('resources', 'requests').key('storage')),
    ...fractionalBytes(spec?.resources?.limits?.storage, path.child('resources', 'limits').key('storage')),
  ];
}

const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const DEPRECATED_STORAGE_CLASS_ANNOTATION = 'deprecated since v1.8; use "storageClassName" attribute instead';

function persistentVolumeClaimWarnings(pvc: KObject): string[] {
  const w: string[] = [];
  if (Object.hasOwn(pvc.metadata.annotations ?? {}, BETA_STORAGE_CLASS_ANNOTATION)) {
    w.push(`${ROOT.child('metadata', 'annotations').key(BETA_STORAGE_CLASS_ANNOTATION)}: ${DEPRECATED_STORAGE_CLASS_ANNOTATION}`);
  }
  return [...w, ...claimSpecWarnings(ROOT.child('spec'), (pvc as Any).spec)];
}

const DEPRECATED_PV_SOURCES: [string, string, string][] = [
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional in v1.31+'],
];

function persistentVolumeWarnings(pv: KObject): string[] {
  const w: string[] = [];
  const spec: Any = (pv as Any).spec ?? {};
  if (Object.hasOwn(pv.metadata.annotations ?? {}, BETA_STORAGE_CLASS_ANNOTATION)) {
    w.push(`${ROOT.child('metadata', 'annotations').key(BETA_STORAGE_CLASS_ANNOTATION)}: ${DEPRECATED_STORAGE_CLASS_ANNOTATION}`);
  }
  if (spec.persistentVolumeReclaimPolicy === 'Recycle') {
    w.push('spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning.');
  }
  const terms: Any[] = spec.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  terms.forEach((t, i) => w.push(...nodeSelectorTermWarnings(t, ROOT.child('spec', 'nodeAffinity', 'required', 'nodeSelectorTerms').index(i))));
  for (const [source, pathName, message] of DEPRECATED_PV_SOURCES) {
    if (spec[source] != null) w.push(`spec.${pathName}: ${message}`);
  }
  return w;
}

/** GetWarningsForIP of a field validated with IsValidIPForLegacyField: leading zeros, IPv4-mapped IPv6, non-canonical IPv6. */
export function ipWarnings(path: string, value: string): string[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [];
  if (!ip.strict || (ip.family === 6 && isIPv4MappedWords(ip.words))) {
    return [`${path}: non-standard IP address ${q(value)} will be considered invalid in a future Kubernetes release: use ${q(netIPText(ip.words))}`];
  }
  const canonical = netipText(ip);
  return ip.family === 6 && canonical !== value ? [`${path}: IPv6 address ${q(value)} should be in RFC 5952 canonical format (${q(canonical)})`] : [];
}

/** GetWarningsForCIDR of a field validated with IsValidCIDRForLegacyField: bits set after the prefix, leading zeros, IPv4-mapped or non-canonical IPv6. */
export function cidrWarnings(path: string, value: string): string[] {
  const c = parseCIDRSloppy(value);
  if (!c) return [];
  const w: string[] = [];
  const network = ipNetText(c);
  if (maskedWords(c).some((g, i) => g !== c.words[i])) {
    // The single address with the mask's own length: 32 for a dotted quad, 128 for anything written as IPv6.
    w.push(`${path}: CIDR value ${q(value)} is ambiguous in this context (should be ${q(network)} or ${q(`${netIPText(c.words)}/${c.family === 4 ? 32 : 128}`)}?)`);
  }
  const mapped = c.family === 6 && isIPv4MappedWords(c.words);
  if (!c.strict || mapped) w.push(`${path}: non-standard CIDR value ${q(value)} will be considered invalid in a future Kubernetes release: use ${q(network)}`);
  if (w.length === 0 && c.family === 6) {
    const canonical = `${netipText(c)}/${c.bits}`;
    if (canonical !== value) w.push(`${path}: IPv6 CIDR value ${q(value)} should be in RFC 5952 canonical format (${q(canonical)})`);
  }
  return w;
}

function serviceWarnings(svc: KObject): string[] {
  const w: string[] = [];
  const spec: Any = (svc as Any).spec ?? {};
  if (Object.hasOwn(svc.metadata.annotations ?? {}, 'service.kubernetes.io/topology-aware-hints')) {
    w.push('annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead');
  }
  const clusterIPs: string[] = spec.clusterIPs ?? [];
  // helper.IsServiceIPSet: a ClusterIP that is neither empty nor "None".
  if (spec.clusterIP && spec.clusterIP !== 'None') clusterIPs.forEach((ip, i) => w.push(...ipWarnings(`spec.clusterIPs[${i}]`, ip)));
  const headless = spec.type === 'ClusterIP' && spec.clusterIP === 'None';
  const externalIPs: string[] = spec.externalIPs ?? [];
  if (headless) {
    if (spec.loadBalancerIP) w.push('spec.loadBalancerIP is ignored for headless services');
    if (externalIPs.length) w.push('spec.externalIPs is ignored for headless services');
    if (spec.sessionAffinity !== 'None') w.push('spec.SessionAffinity is ignored for headless services');
  }
  externalIPs.forEach((ip, i) => w.push(...ipWarnings(`spec.externalIPs[${i}]`, ip)));
  // v1.36 (KEP-5707) adds a deprecation warning for any externalIPs; v1.35 has none.
  if (spec.loadBalancerIP) w.push(...ipWarnings('spec.loadBalancerIP', spec.loadBalancerIP));
  (spec.loadBalancerSourceRanges ?? []).forEach((c: string, i: number) => w.push(...cidrWarnings(`spec.loadBalancerSourceRanges[${i}]`, c)));
  if (spec.type === 'ExternalName' && externalIPs.length) w.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
  if (spec.type !== 'ExternalName' && spec.externalName) w.push('spec.externalName is ignored when spec.type is not "ExternalName"');
  if (spec.trafficDistribution === 'PreferClose') w.push('spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"');
  return w;
}

/** The create-time warning of the workloads whose name becomes their pods' names and hostnames. */
function workloadNameWarnings(obj: KObject, what: string): string[] {
  const msgs = isDNS1123Label(obj.metadata.name ?? '');
  return msgs.length ? [`metadata.name: this is used in ${what}, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`] : [];
}

const POD_NAMES = 'Pod names and hostnames';

/** job.WarningsForJobSpec: the Indexed Job soft limits, then the pod template's warnings. */
function jobSpecWarnings(path: Path, spec: Any): string[] {
  const w: string[] = [];
  if (spec?.completionMode === 'Indexed' && (spec.completions ?? 0) > 100_000 && (spec.parallelism ?? 0) > 10_000) {
    w.push(`${path}: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail`);
  }
  return [...w, ...podSpecAndMetaWarnings(path.child('template'), spec?.template?.spec, spec?.template?.metadata)];
}

const template = (obj: KObject, path: Path, t: Any): string[] => podSpecAndMetaWarnings(path, t?.spec, t?.metadata);
const SPEC_TEMPLATE = ROOT.child('spec', 'template');
const generationChanged = (obj: KObject, old: KObject) => obj.metadata.generation !== old.metadata.generation;

interface Warnings {
  create(obj: KObject): string[];
  update?(obj: KObject, old: KObject): string[];
}

/** Workloads with a pod template at spec.template: every update that changes the generation warns again. */
function templateWorkload(nameWarning: boolean, extra?: (obj: KObject, update: boolean) => string[]): Warnings {
  const tpl = (obj: KObject) => template(obj, SPEC_TEMPLATE, (obj as Any).spec?.template);
  return {
    create: (obj) => [...(nameWarning ? workloadNameWarnings(obj, POD_NAMES) : []), ...tpl(obj), ...(extra?.(obj, false) ?? [])],
    update: (obj, old) => [...(generationChanged(obj, old) ? tpl(obj) : []), ...(extra?.(obj, true) ?? [])],
  };
}

const CRON_JOB_SPEC = ROOT.child('spec', 'jobTemplate', 'spec');

/** podutil.ApparmorFieldForAnnotation: the profile an annotation's value names, or undefined. */
function appArmorFieldForAnnotation(value: string): { type: string; localhostProfile?: string } | undefined {
  if (value === 'runtime/default') return { type: 'RuntimeDefault' };
  if (value === 'unconfined') return { type: 'Unconfined' };
  // A localhost profile with no name is not a valid field (ValidateAppArmorProfileField).
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  return undefined;
}

/**
 * The pod strategy's applyAppArmorVersionSkew (PrepareForCreate) warns of a container's AppArmor annotation that no
 * container field backs, unless the profile it names is the pod's own.
 */
function podAppArmorWarnings(pod: Any): string[] {
  const spec = pod.spec ?? {};
  if (spec.os?.name === 'windows') return [];
  const podProfile = spec.securityContext?.appArmorProfile;
  const annotations = pod.metadata?.annotations ?? {};
  const w: string[] = [];
  for (const [c] of containersWithPath(spec, ROOT)) {
    const key = APPARMOR_CONTAINER_PREFIX + c.name;
    if (!Object.hasOwn(annotations, key) || c.securityContext?.appArmorProfile != null) continue;
    const derived = appArmorFieldForAnnotation(String(annotations[key]));
    const sameAsPod = derived && podProfile && derived.type === podProfile.type && (derived.localhostProfile ?? '') === (podProfile.localhostProfile ?? '');
    if (!sameAsPod) w.push(`metadata.annotations[${key}]: deprecated since v1.30; use the "appArmorProfile" field instead`);
  }
  return w;
}

/** nodeapi.GetWarningsForRuntimeClass: the path names the selector, not the key. */
function runtimeClassWarnings(rc: KObject): string[] {
  const w: string[] = [];
  for (const key of Object.keys((rc as Any).scheduling?.nodeSelector ?? {})) {
    const msg = nodeLabelDeprecated(key);
    if (msg) w.push(`scheduling.nodeSelector: ${msg}`);
  }
  return w;
}

/** The node strategy's fieldIsDeprecatedWarnings. */
function nodeWarnings(node: KObject): string[] {
  const spec: Any = (node as Any).spec ?? {};
  const w: string[] = [];
  if (spec.configSource != null) w.push('spec.configSource: the feature is removed');
  if (spec.externalID) w.push('spec.externalID: this field is deprecated, and is unused by Kubernetes');
  return w;
}

const WARNINGS: Record<string, Warnings> = {
  // Updates of pods carry none: they are frequent and rarely a person's.
  pods: {
    create: (pod) => [...podAppArmorWarnings(pod), ...workloadNameWarnings(pod, "the Pod's hostname"), ...podSpecAndMetaWarnings(undefined, (pod as Any).spec, pod.metadata)],
  },
  podtemplates: {
    create: (pt) => template(pt, ROOT.child('template'), (pt as Any).template),
    update: (pt, old) => (generationChanged(pt, old) ? template(pt, ROOT.child('template'), (pt as Any).template) : []),
  },
  replicationcontrollers: templateWorkload(true),
  'deployments.apps': templateWorkload(true),
  'replicasets.apps': templateWorkload(true),
  // The dotted-name warning (kubernetes#114412) covers Pods, ReplicaSets, Deployments, Jobs, CronJobs and
  // ReplicationControllers, not DaemonSets.
  'daemonsets.apps': templateWorkload(false),
  'statefulsets.apps': templateWorkload(false, (obj, update) => {
    const spec: Any = (obj as Any).spec ?? {};
    const w: string[] = [];
    (spec.volumeClaimTemplates ?? []).forEach((pvc: Any, i: number) => {
      // The update's path names the claim's spec "Spec", as v1.35 writes it.
      const base = ROOT.child('spec', 'volumeClaimTemplates').index(i);
      w.push(...claimSpecWarnings(update ? base.child('Spec') : base, pvc?.spec));
    });
    if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) {
      w.push('spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended');
    }
    return w;
  }),
  'jobs.batch': {
    create: (job) => [...workloadNameWarnings(job, POD_NAMES), ...jobSpecWarnings(ROOT.child('spec'), (job as Any).spec)],
    update: (job, old) => (generationChanged(job, old) ? jobSpecWarnings(ROOT.child('spec'), (job as Any).spec) : []),
  },
  'cronjobs.batch': {
    create: (cj) => [...workloadNameWarnings(cj, POD_NAMES), ...jobSpecWarnings(CRON_JOB_SPEC, (cj as Any).spec?.jobTemplate?.spec)],
    update: (cj, old) => {
      const w = generationChanged(cj, old) ? jobSpecWarnings(CRON_JOB_SPEC, (cj as Any).spec?.jobTemplate?.spec) : [];
      // The path is written "spec.spec.schedule" in v1.35.
      if (String((cj as Any).spec?.schedule ?? '').includes('TZ')) {
        w.push('cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details');
      }
      return w;
    },
  },
  services: { create: serviceWarnings, update: serviceWarnings },
  nodes: { create: nodeWarnings, update: nodeWarnings },
  'runtimeclasses.node.k8s.io': { create: runtimeClassWarnings, update: runtimeClassWarnings },
  persistentvolumeclaims: { create: persistentVolumeClaimWarnings, update: persistentVolumeClaimWarnings },
  persistentvolumes: { create: persistentVolumeWarnings, update: persistentVolumeWarnings },
};

/** WarningsOnCreate (old undefined) or WarningsOnUpdate of the resource at `key` ("deployments.apps"); a custom resource's key is none of these. */
export function registryWarnings(key: string, obj: KObject, old: KObject | undefined): string[] {
  const w = WARNINGS[key];
  if (!w) return [];
  try {
    return old ? w.update?.(obj, old) ?? [] : w.create(obj);
  } catch {
    // Warnings only inform: an object shaped in a way they did not foresee is written without them.
    return [];
  }
}

/** For the unit tests: the pod template warnings of a template at `path` ("spec.template"), or of a Pod (no path). */
export function podWarnings(spec: unknown, meta: unknown, path?: string): string[] {
  return podSpecAndMetaWarnings(path === undefined ? undefined : new Path(path), spec, meta);
}

installed.of = registryWarnings;
