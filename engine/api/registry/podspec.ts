/**
 * Defaulting of everything that carries a PodSpec (pods and the templates of
 * Deployments, ReplicaSets, DaemonSets), as the generated defaulters of
 * kubernetes/kubernetes pkg/apis/core/v1 (defaults.go + zz_generated.defaults.go,
 * release-1.35) apply them: SetDefaults_PodSpec, SetDefaults_Container,
 * SetDefaults_Probe, SetDefaults_HTTPGetAction, the volume sources, the
 * declarative `+default="TCP"` of container ports. SetDefaults_Pod adds the
 * pod-only ones (requests from limits, enableServiceLinks).
 */
import { canonicalQuantity } from '../validation/quantity.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** 0644: the default mode of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 420;

/** parsers.ParseImageName's tag: "latest" when the reference names no tag and no digest. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return ref.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

export function defaultPullPolicy(image: string): string {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultResourceList(list: Any): void {
  if (!list || typeof list !== 'object') return;
  for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k]);
}

function defaultProbe(p: Any): void {
  if (!p || typeof p !== 'object') return;
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  defaultHandler(p);
}

function defaultHandler(h: Any): void {
  if (h?.httpGet && typeof h.httpGet === 'object') {
    h.httpGet.path ||= '/';
    h.httpGet.scheme ||= 'HTTP';
  }
}

function defaultEnv(env: Any[] | undefined): void {
  for (const e of env ?? []) {
    const fr = e?.valueFrom?.fieldRef;
    if (fr && typeof fr === 'object') fr.apiVersion ||= 'v1';
  }
}

export function defaultContainer(c: Any): void {
  if (!c || typeof c !== 'object') return;
  if (!c.imagePullPolicy && typeof c.image === 'string') c.imagePullPolicy = defaultPullPolicy(c.image);
  else if (!c.imagePullPolicy) c.imagePullPolicy = 'Always';
  c.terminationMessagePath ||= TERMINATION_MESSAGE_PATH_DEFAULT;
  c.terminationMessagePolicy ||= 'File';
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (p && typeof p === 'object') p.protocol ||= 'TCP';
  defaultEnv(c.env);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lc = c.lifecycle;
  if (lc) {
    defaultHandler(lc.postStart);
    defaultHandler(lc.preStop);
    // podutil's dropContainerStopSignals, done here for pods and every template alike: ContainerStopSignals is
    // alpha and off in 1.35, so no stored object has a stopSignal (the old object's use that would keep one never
    // arises); a lifecycle left empty goes with it.
    if (lc.stopSignal != null) {
      delete lc.stopSignal;
      if (!Object.keys(lc).length) delete c.lifecycle;
    }
  }
  if (c.resources) {
    defaultResourceList(c.resources.limits);
    defaultResourceList(c.resources.requests);
  }
}

function defaultVolume(v: Any): void {
  if (!v || typeof v !== 'object') return;
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  if (v.secret) v.secret.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (v.configMap) v.configMap.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const i of v.downwardAPI.items ?? []) if (i?.fieldRef) i.fieldRef.apiVersion ||= 'v1';
  }
  if (v.hostPath) v.hostPath.type ??= '';
  if (v.projected) {
    v.projected.defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const s of v.projected.sources ?? []) {
      if (s?.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
      for (const i of s?.downwardAPI?.items ?? []) if (i?.fieldRef) i.fieldRef.apiVersion ||= 'v1';
    }
  }
}

const EMPTY_POD_SECURITY_CONTEXT = Object.freeze({});

function isEmptyObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const _ in v) return false;
  return true;
}

/** SetDefaults_PodSpec and everything below it. */
export function defaultPodSpec(spec: Any): void {
  if (!spec || typeof spec !== 'object') return;
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  // An empty PodSecurityContext is what nearly every pod (and template) has: one frozen object shared by all of
  // them, since stored objects are immutable (a client clones before changing one), instead of 56 bytes a pod.
  if (spec.securityContext == null || isEmptyObject(spec.securityContext)) spec.securityContext = EMPTY_POD_SECURITY_CONTEXT;
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) defaultVolume(v);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : []) defaultContainer(c);
}

/** SetDefaults_PodTemplateSpec has nothing of its own; the template's PodSpec gets SetDefaults_PodSpec. */
export function defaultPodTemplate(template: Any): void {
  if (template && typeof template === 'object') defaultPodSpec(template.spec);
}

/** SetDefaults_Pod: pod-only defaults, after the spec's. */
export function defaultPod(pod: Any): void {
  const spec = pod?.spec;
  if (!spec || typeof spec !== 'object') return;
  defaultPodSpec(spec);
  for (const list of [spec.containers, spec.initContainers]) {
    for (const c of Array.isArray(list) ? list : []) {
      const limits = c?.resources?.limits;
      if (!limits || typeof limits !== 'object') continue;
      c.resources.requests ??= {};
      for (const k of Object.keys(limits)) if (!(k in c.resources.requests)) c.resources.requests[k] = limits[k];
    }
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const list of [spec.containers, spec.initContainers]) {
      for (const c of Array.isArray(list) ? list : []) for (const p of c?.ports ?? []) if (p && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
}

/** qos.GetPodQOS: Guaranteed when every container limits cpu and memory with requests equal to limits. */
export function podQOSClass(spec: Any): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let anyResource = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const k of ['cpu', 'memory']) {
      if (req[k] !== undefined || lim[k] !== undefined) anyResource = true;
      if (lim[k] === undefined || (req[k] !== undefined && canonicalQuantity(req[k]) !== canonicalQuantity(lim[k]))) guaranteed = false;
    }
  }
  if (!anyResource) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
