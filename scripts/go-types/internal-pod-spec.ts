/**
 * Writes engine/api/validation/pod-spec-types.json: the Go types of the
 * internal core.PodSpec (k8s.io/kubernetes pkg/apis/core, release-1.35) and
 * everything it reaches, for the go-cmp report of a refused pod update
 * (validation/go-cmp.ts, validation/pod-spec-go.ts).
 *
 *   npx tsx scripts/go-types/internal-pod-spec.ts [API_GIT_DIR] [APIMACHINERY_GIT_DIR]
 *
 * The internal types are kept field for field in step with k8s.io/api's v1
 * types, which this reads (tag v0.35.2), with the JSON names from their tags
 * for the v1 → internal conversion. Where pkg/apis/core/types.go declares a
 * struct otherwise, INTERNAL below says how (read from pkg/apis/core/types.go):
 * PodSpec has no DeprecatedServiceAccount and no host namespace fields (they
 * are PodSecurityContext's), VolumeSource keeps the older member order, and
 * ServiceAccountTokenProjection.ExpirationSeconds is an int64.
 *
 * Each struct is a list of [Go name, type, JSON name]; a type is a Go type
 * written as in the source ("*int64", "[]Container", "map[string]string",
 * "ResourceList", "metav1.LabelSelector"); an embedded struct's JSON name is
 * "" (inline).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TAG = 'v0.35.2';
const API = process.argv[2] ?? '/work/.mirror/kubernetes+api/repo';
const APIMACHINERY = process.argv[3] ?? '/work/.mirror/kubernetes+apimachinery/repo';
const OUT = fileURLToPath(new URL('../../engine/api/validation/pod-spec-types.json', import.meta.url));

type Field = [string, string, string];
const show = (dir: string, path: string) => execFileSync('git', ['-C', dir, 'show', `${TAG}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

function structs(src: string): Map<string, Field[]> {
  const out = new Map<string, Field[]>();
  const re = /^type (\w+) struct \{\n([\s\S]*?)^\}/gm;
  for (let m; (m = re.exec(src));) {
    const fields: Field[] = [];
    for (const line of m[2].split('\n')) {
      const l = line.trim();
      if (!l || l.startsWith('//')) continue;
      const f = /^(\w+)(?:\s+([^`\s]+))?\s*(?:`json:"([^",]*)[^`]*`)?/.exec(l);
      if (!f) continue;
      if (!f[2]) fields.push([f[1], f[1], '']); // embedded
      else fields.push([f[1], f[2], f[3] ?? '']);
    }
    out.set(m[1], fields);
  }
  return out;
}

const v1 = structs(show(API, 'core/v1/types.go'));
const meta = structs(show(APIMACHINERY, 'pkg/apis/meta/v1/types.go'));

/** Structs whose internal declaration differs from v1's (pkg/apis/core/types.go). */
const INTERNAL: Record<string, Field[]> = {
  PodSpec: [
    'Volumes []Volume volumes', 'InitContainers []Container initContainers', 'Containers []Container containers',
    'EphemeralContainers []EphemeralContainer ephemeralContainers', 'RestartPolicy RestartPolicy restartPolicy',
    'TerminationGracePeriodSeconds *int64 terminationGracePeriodSeconds', 'ActiveDeadlineSeconds *int64 activeDeadlineSeconds',
    'DNSPolicy DNSPolicy dnsPolicy', 'NodeSelector map[string]string nodeSelector', 'ServiceAccountName string serviceAccountName',
    'AutomountServiceAccountToken *bool automountServiceAccountToken', 'NodeName string nodeName',
    'SecurityContext *PodSecurityContext securityContext', 'ImagePullSecrets []LocalObjectReference imagePullSecrets',
    'Hostname string hostname', 'Subdomain string subdomain', 'SetHostnameAsFQDN *bool setHostnameAsFQDN', 'Affinity *Affinity affinity',
    'SchedulerName string schedulerName', 'Tolerations []Toleration tolerations', 'HostAliases []HostAlias hostAliases',
    'PriorityClassName string priorityClassName', 'Priority *int32 priority', 'PreemptionPolicy *PreemptionPolicy preemptionPolicy',
    'DNSConfig *PodDNSConfig dnsConfig', 'ReadinessGates []PodReadinessGate readinessGates', 'RuntimeClassName *string runtimeClassName',
    'Overhead ResourceList overhead', 'EnableServiceLinks *bool enableServiceLinks',
    'TopologySpreadConstraints []TopologySpreadConstraint topologySpreadConstraints', 'OS *PodOS os',
    'SchedulingGates []PodSchedulingGate schedulingGates', 'ResourceClaims []PodResourceClaim resourceClaims',
    'Resources *ResourceRequirements resources', 'HostnameOverride *string hostnameOverride', 'WorkloadRef *WorkloadReference workloadRef',
  ].map((s) => s.split(' ') as Field),
  PodSecurityContext: [
    'HostNetwork bool hostNetwork', 'HostPID bool hostPID', 'HostIPC bool hostIPC', 'ShareProcessNamespace *bool shareProcessNamespace',
    'HostUsers *bool hostUsers', 'SELinuxOptions *SELinuxOptions seLinuxOptions', 'WindowsOptions *WindowsSecurityContextOptions windowsOptions',
    'RunAsUser *int64 runAsUser', 'RunAsGroup *int64 runAsGroup', 'RunAsNonRoot *bool runAsNonRoot', 'SupplementalGroups []int64 supplementalGroups',
    'SupplementalGroupsPolicy *SupplementalGroupsPolicy supplementalGroupsPolicy', 'FSGroup *int64 fsGroup',
    'FSGroupChangePolicy *PodFSGroupChangePolicy fsGroupChangePolicy', 'Sysctls []Sysctl sysctls', 'SeccompProfile *SeccompProfile seccompProfile',
    'AppArmorProfile *AppArmorProfile appArmorProfile', 'SELinuxChangePolicy *PodSELinuxChangePolicy seLinuxChangePolicy',
  ].map((s) => s.split(' ') as Field),
  ServiceAccountTokenProjection: [['Audience', 'string', 'audience'], ['ExpirationSeconds', 'int64', 'expirationSeconds'], ['Path', 'string', 'path']],
  // The ObjectMeta of an ephemeral volume's claim template is left out: its times hold unexported fields go-cmp cannot read.
  PersistentVolumeClaimTemplate: [['Spec', 'PersistentVolumeClaimSpec', 'spec']],
};
const VOLUME_SOURCE_ORDER = ['HostPath', 'EmptyDir', 'GCEPersistentDisk', 'AWSElasticBlockStore', 'GitRepo', 'Secret', 'NFS', 'ISCSI', 'Glusterfs',
  'PersistentVolumeClaim', 'RBD', 'Quobyte', 'FlexVolume', 'Cinder', 'CephFS', 'Flocker', 'DownwardAPI', 'FC', 'AzureFile', 'ConfigMap',
  'VsphereVolume', 'AzureDisk', 'PhotonPersistentDisk', 'Projected', 'PortworxVolume', 'ScaleIO', 'StorageOS', 'CSI', 'Ephemeral', 'Image'];
{
  const vs = v1.get('VolumeSource')!;
  INTERNAL.VolumeSource = VOLUME_SOURCE_ORDER.map((n) => vs.find((f) => f[0] === n)!);
  if (INTERNAL.VolumeSource.some((f) => !f) || vs.length !== VOLUME_SOURCE_ORDER.length) throw new Error('VolumeSource members changed');
}

const table: Record<string, Field[]> = {};
const SCALARS = /^(string|bool|int32|int64|float64|byte)$/;
/** Types are written as the source has them; a metav1 struct's own field types are metav1's. */
function visit(t: string, pkg: string): string {
  const m = /^(\*|\[\]|map\[\w+\])(.+)$/.exec(t);
  if (m) return m[1] + visit(m[2], pkg);
  if (SCALARS.test(t) || t === 'ResourceList' || t === 'resource.Quantity' || t === 'intstr.IntOrString') return t;
  const key = t.includes('.') ? t : `${pkg}.${t}`;
  const [p, name] = key.split('.');
  const fields = p === 'metav1' ? meta.get(name) : (INTERNAL[name] ?? v1.get(name));
  if (!fields) return key; // a named string type: its name
  if (!(key in table)) {
    table[key] = [];
    table[key] = fields.map(([n, ft, json]) => {
      const out = [n, visit(ft, p)];
      // Only the JSON names that are not the Go name with its first letter lowered are written.
      if (json !== n[0].toLowerCase() + n.slice(1)) out.push(json);
      return out as Field;
    });
  }
  return key;
}
visit('PodSpec', 'core');
/** Named string types (Go's `type Protocol string`), which print without their name but compare as strings. */
writeFileSync(OUT, JSON.stringify(table) + '\n');
console.log(`${Object.keys(table).length} structs`);
