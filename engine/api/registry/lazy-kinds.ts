/**
 * The kinds a fresh lab does not use, whose API code loads on first use: their field types (one file for all,
 * schema/lazy.ts; a kind is lazy by its line in generate.ts LAZY_ROOTS) and their strategies (by resource, below).
 * kube-apiserver has all of it compiled in; here whatever sends such an object to the API server awaits
 * `kindReady(resource)` first (kubectl before a command that may write one, the HTTP front, explain, the Go round
 * trip's loader, the controllers that create them), so the object is decoded, defaulted and validated as the real
 * server does. A write that comes without waiting (a typed component's own) starts the load and is stored as sent.
 */
import { lazyModule, type LazyModule } from '../../util/lazy-module.js';
import { lookupResource } from '../resources.js';
import { lazyTypesLoaded, loadLazyTypes, typesPending } from '../schema/lazy.js';
import { batchValidationLoaded, loadBatchValidation } from './batch.js';
import { kindsLoaded, loadKinds } from './kinds.js';
import { statefulSetCode } from './statefulsets.js';
import { loadStorage, storageLoaded } from './storage.js';
import { rbacCode } from '../rbac/loader.js';
import { gatedPlacementCode, podSpecDiffCode } from '../validation/pod.js';
import { podResizeModule } from './pod-resize-loader.js';
import { resizeCode } from '../../kubelet/resize-loader.js';
import { podSecurityAdmission } from '../strategy.js';
import { systemViewsCode } from '../bootstrap/system-views.js';
import { validatingAdmissionPolicyStatusCode } from '../../controllers/validatingadmissionpolicystatus/loader.js';
import { crdCode } from './crd-loader.js';

const policy = lazyModule(() => import('./policy.js'));
const podSecurity = lazyModule(() => import('./pod-security.js'));
const hpaV1 = lazyModule(() => import('./hpa-v1.js'));
export const certificateSigningRequests = lazyModule(() => import('./certificatesigningrequests.js'));
export const runtimeClasses = lazyModule(() => import('./runtimeclasses.js'));
const reviews = lazyModule(() => import('./reviews.js'));
const storageKinds = lazyModule(() => import('./storage-kinds.js'));
const resourceKinds = lazyModule(() => import('./resource-kinds.js'));
const code = (load: () => Promise<unknown>, loaded: () => boolean) => ({ load, loaded });
const fromModule = (m: LazyModule<unknown>) => code(m.load, () => m.loaded() !== undefined);

const batch = code(loadBatchValidation, batchValidationLoaded);
// The dynamic admission plugins run in the validating chain that comes with the other lazily served kinds' code.
const admissionPolicies = lazyModule(() => import('./admission-policies.js'));
const dynamicAdmission = code(() => Promise.all([loadKinds(), admissionPolicies.load(), validatingAdmissionPolicyStatusCode.load()]),
  () => kindsLoaded() && !!admissionPolicies.loaded() && !!validatingAdmissionPolicyStatusCode.loaded());
const kinds = code(loadKinds, kindsLoaded);
const storage = code(loadStorage, storageLoaded);
const views = fromModule(systemViewsCode);

/** Each lazily served resource's strategy code, by resource key (one line a kind). */
const CODE: Record<string, { load(): Promise<unknown>; loaded(): boolean }> = {
  // autoscaling/v1, served by conversion to the stored autoscaling/v2 object.
  'horizontalpodautoscalers.v1.autoscaling': fromModule(hpaV1),
  'jobs.batch': batch,
  'cronjobs.batch': batch,
  'statefulsets.apps': fromModule(statefulSetCode),
  'poddisruptionbudgets.policy': fromModule(policy),
  'persistentvolumes': storage,
  'persistentvolumeclaims': storage,
  'storageclasses.storage.k8s.io': storage,
  'ingresses.networking.k8s.io': kinds,
  'ingressclasses.networking.k8s.io': kinds,
  'networkpolicies.networking.k8s.io': kinds,
  'priorityclasses.scheduling.k8s.io': kinds,
  'runtimeclasses.node.k8s.io': fromModule(runtimeClasses),
  'limitranges': kinds,
  'resourcequotas': kinds,
  'replicationcontrollers': kinds,
  'podtemplates': kinds,
  'roles.rbac.authorization.k8s.io': fromModule(rbacCode),
  'clusterroles.rbac.authorization.k8s.io': fromModule(rbacCode),
  'rolebindings.rbac.authorization.k8s.io': fromModule(rbacCode),
  'clusterrolebindings.rbac.authorization.k8s.io': fromModule(rbacCode),
  // Pods are served from the entry; only the rules for changing a gated pod's placement, the report under a refused
  // update (go-cmp's diff of the internal specs) and pods/resize load later (the kubelet's side of a resize comes with
  // the API server's).
  // The RuntimeClass admission plugin's code comes with them (a pod may name a class).
  'pods': code(() => Promise.all([gatedPlacementCode.load(), podSpecDiffCode.load(), podResizeModule.load(), resizeCode.load(), podSecurity.load(), runtimeClasses.load()]),
    () => !!gatedPlacementCode.loaded() && !!podSpecDiffCode.loaded() && !!podResizeModule.loaded() && !!resizeCode.loaded() && !!podSecurity.loaded() && !!runtimeClasses.loaded()),
  // The PodSecurity admission plugin: a namespace's pod-security.kubernetes.io labels are validated, and a pod in such a
  // namespace is checked, only once it is there. kubectl awaits it before a command that may change a namespace's labels
  // (label, manifests, edit, patch), so a label that enforces a level is acknowledged only when the pods the controllers
  // then create are checked.
  'namespaces': fromModule(podSecurity),
};

/**
 * Groups whose every resource one module serves (the CODE entry of a resource comes first: storageclasses and the
 * computed csinodes are storage.k8s.io's too).
 */
const GROUP_CODE: Record<string, { load(): Promise<unknown>; loaded(): boolean }> = {
  'authentication.k8s.io': fromModule(reviews),
  'authorization.k8s.io': fromModule(reviews),
  'storage.k8s.io': fromModule(storageKinds),
  'resource.k8s.io': fromModule(resourceKinds),
  'certificates.k8s.io': fromModule(certificateSigningRequests),
  'admissionregistration.k8s.io': dynamicAdmission,
  'apiextensions.k8s.io': fromModule(crdCode),
};
const ALL_CODE = [...Object.values(CODE), ...Object.values(GROUP_CODE)];
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

const POD_SECURITY_LABEL = /^pod-security\.kubernetes\.io\//;

// A namespace with pod-security labels written without waiting (a component's own write) starts the plugin's load.
podSecurityAdmission.validate ??= (obj, _old, _subresource, ctx) => {
  if (ctx.info.resource === 'namespaces' && Object.keys(obj.metadata.labels ?? {}).some((k) => POD_SECURITY_LABEL.test(k))) void podSecurity.load().catch(() => undefined);
};


/** What must load before the API server can serve `resource` (a key: "persistentvolumeclaims") as kube-apiserver does; undefined when nothing. */
export function kindReady(resource: string): Promise<void> | undefined {
  const info = lookupResource(resource);
  // The rarely used resources are served once their code has loaded (bootstrap/system-views-impl.ts).
  if (!info && !views.loaded()) return views.load().then(() => kindReady(resource));
  // The resources kube-apiserver computes (componentstatuses, its bootstrap objects): bootstrap/system-views.ts.
  const c = info?.computed ? views : own(CODE, resource) ? CODE[resource] : info && own(GROUP_CODE, info.group) ? GROUP_CODE[info.group] : undefined;
  // events.k8s.io/v1 Event's root is named by group and version (core/v1 Event has the kind's name).
  const types = info !== undefined && (typesPending(info.kind) || typesPending(`${info.group}/${info.version}.${info.kind}`));
  const needsCode = c !== undefined && !c.loaded();
  if (!types && !needsCode) return undefined;
  return Promise.all([types ? loadLazyTypes() : undefined, needsCode ? c.load() : undefined]).then(() => undefined);
}

/** Every lazily served kind's types and code (kubectl before a command that may write one; the lab's idle prefetch). */
export function loadLazyKinds(): Promise<void> {
  return Promise.all([loadLazyTypes(), views.load(), ...ALL_CODE.map((c) => c.load())]).then(() => undefined);
}

export function lazyKindsLoaded(): boolean {
  return lazyTypesLoaded() && views.loaded() && ALL_CODE.every((c) => c.loaded());
}
