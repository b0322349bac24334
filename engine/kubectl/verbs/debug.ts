/**
 * `kubectl debug (POD | TYPE/NAME) [-- COMMAND]`, texts from
 * kubectl/pkg/cmd/debug (v1.35.2: debug.go, profiles.go). For a pod it adds an
 * ephemeral container through a strategic merge patch of the
 * pods/ephemeralcontainers subresource, or with --copy-to creates a copy of
 * the pod (generatePodCopyWithDebugContainer); with -i it waits for the
 * container to run (waitForContainer) and attaches to it (handleAttachPod).
 * For `node/NAME` it creates the node debugging pod (host namespaces, the
 * node's / at /host) as the legacy and general profiles shape it, and attaches
 * to it the same way. `-f FILE` debugs the pods the file names.
 */
import type { KObject } from '../../api/meta.js';
import { resolveResource } from '../../api/resources.js';
import { NAME_ALPHABET } from '../../util/random.js';
import type { Command, Invocation } from '../framework/command.js';
import { HELP_G } from './help-data-g.js';
import { goQuote } from '../printers/gofmt.js';
import { readFilenameObjects } from '../framework/builder.js';
import { applyProfile, debugByCopy, debugByEphemeralContainer, handleAttachPod, type DebugPodOptions } from './debug-pod.js';
import { applyCustomProfile, customProfileError, readCustomProfile } from './debug-custom.js';

export const LEGACY_PROFILE_WARNING = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never', ''];

/**
 * distribution/reference's ReferenceRegexp, anchored: [domain/]path[:tag][@digest].
 * Path components are lowercase; the domain may carry a port.
 */
const DOMAIN = '(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?';
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

export function validImageReference(image: string): boolean {
  return REFERENCE.test(image);
}

export function nameSuffix(inv: Invocation): string {
  const r = inv.ctx.cluster.random;
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_ALPHABET[r.int(NAME_ALPHABET.length)];
  return s;
}

/** pflag's stringToString values ("k=v"; a value may hold commas) as env vars, sorted as Go's map range is not. */
export function envVars(values: string[]): { name: string; value: string }[] {
  return values.map((v) => {
    const eq = v.indexOf('=');
    return { name: eq >= 0 ? v.slice(0, eq) : v, value: eq >= 0 ? v.slice(eq + 1) : '' };
  });
}

/** debug.go's Validate, in its order; the legacy profile warning comes last. */
function validate(inv: Invocation, targets: string[], args: string[], custom: Record<string, unknown> | undefined): void {
  const f = inv.flags;
  const image = f.string('image');
  const container = f.string('container');
  const copyTo = f.string('copy-to');
  const setImages = f.strings('set-image');
  const interactive = f.bool('stdin');
  const attach = f.changed('attach') ? f.bool('attach') : interactive;
  if (attach && f.changed('attach') && !image && !container) throw new Error('you must specify --container or create a new container using --image in order to attach.');
  if (copyTo) {
    if (!image && !setImages.length && !args.length) throw new Error('you must specify --image, --set-image or command arguments.');
    if (args.length && !container && !image) throw new Error('you must specify an existing container or a new image when specifying args.');
  } else if (f.bool('replace')) throw new Error('--replace may only be used with --copy-to.');
  else if (f.bool('same-node')) throw new Error('--same-node may only be used with --copy-to.');
  else if (setImages.length) throw new Error('--set-image may only be used with --copy-to.');
  else if (!image) throw new Error('you must specify --image when not using --copy-to.');
  if (image && !validImageReference(image)) throw new Error(`invalid image name ${goQuote(image)}: invalid reference format`);
  if (targets.length === 0 && f.strings('filename').length === 0) throw new Error('NAME or filename is required for debug');
  const pull = f.string('image-pull-policy');
  if (!PULL_POLICIES.includes(pull)) throw new Error(`invalid image pull policy: ${pull}`);
  for (const pair of setImages) {
    const eq = pair.indexOf('=');
    const img = pair.slice(eq + 1);
    if (!validImageReference(img)) throw new Error(`invalid image name ${goQuote(img)} for container ${goQuote(pair.slice(0, eq))}: invalid reference format`);
  }
  const target = f.string('target');
  if (target) {
    if (copyTo) throw new Error('--target is incompatible with --copy-to. Use --share-processes instead.');
    if (!f.bool('quiet')) inv.out(`Targeting container ${goQuote(target)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
  }
  if (f.bool('tty') && !interactive) throw new Error('-i/--stdin is required for containers with -t/--tty=true');
  const customErr = custom && customProfileError(custom);
  if (customErr) throw new Error(customErr);
  if (f.string('profile') === 'legacy') inv.err(LEGACY_PROFILE_WARNING);
}

/** generateNodeDebugPod, then the profile's node changes (profiles.go: host root at /host, host namespaces, security context). */
export function nodeDebugPod(opts: { podName: string; node: string; container: string; image: string; pullPolicy: string; env: { name: string; value: string }[]; stdin: boolean; tty: boolean; args: string[]; argsOnly: boolean; profile?: string }): KObject {
  const c: Record<string, unknown> = { name: opts.container, image: opts.image };
  if (opts.args.length) c[opts.argsOnly ? 'args' : 'command'] = opts.args;
  if (opts.env.length) c.env = opts.env;
  c.resources = {};
  c.terminationMessagePolicy = 'File';
  if (opts.pullPolicy) c.imagePullPolicy = opts.pullPolicy;
  if (opts.stdin) c.stdin = true;
  if (opts.tty) c.tty = true;
  const spec: Record<string, unknown> = {
    containers: [c],
    restartPolicy: 'Never',
    nodeName: opts.node,
    tolerations: [{ operator: 'Exists' }],
  };
  const pod: KObject = { kind: 'Pod', apiVersion: 'v1', metadata: { name: opts.podName, labels: { 'app.kubernetes.io/managed-by': 'kubectl-debug' } }, spec };
  const mountRootPartition = () => {
    spec.volumes = [...((spec.volumes as unknown[]) ?? []), { name: 'host-root', hostPath: { path: '/' } }];
    c.volumeMounts = [...((c.volumeMounts as unknown[]) ?? []), { name: 'host-root', mountPath: '/host' }];
  };
  const useHostNamespaces = () => { spec.hostNetwork = true; spec.hostPID = true; spec.hostIPC = true; };
  const profile = opts.profile ?? 'legacy';
  switch (profile) {
    case 'legacy': mountRootPartition(); useHostNamespaces(); break;
    case 'general': mountRootPartition(); delete c.securityContext; useHostNamespaces(); break;
    case 'netadmin': applyProfile(profile, pod, c, 'ephemeral', KEEP_NOTHING); useHostNamespaces(); break;
    case 'sysadmin': applyProfile(profile, pod, c, 'ephemeral', KEEP_NOTHING); useHostNamespaces(); mountRootPartition(); break;
    // baseline and restricted change only the container's security context, as for an ephemeral container.
    default: applyProfile(profile, pod, c, 'ephemeral', KEEP_NOTHING);
  }
  return pod;
}

/** Node pods keep nothing of a source pod: the keep flags do not apply. */
const KEEP_NOTHING = { labels: false, annotations: false, liveness: false, readiness: false, startup: false, initContainers: false };

async function runDebug(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const dash = inv.argsLenAtDash;
  const targets = dash >= 0 ? inv.args.slice(0, dash) : inv.args;
  const args = dash >= 0 ? inv.args.slice(dash) : [];
  const profile = f.string('profile');
  if (!PROFILES.includes(profile)) throw new Error(`unknown profile: ${profile}`);
  // Complete reads the custom profile after choosing the profile, before Validate.
  const custom = f.string('custom') ? readCustomProfile(inv, f.string('custom')) : undefined;
  validate(inv, targets, args, custom);
  const quiet = f.bool('quiet');
  const client = inv.client();
  // The builder's visit order: the -f objects first, then the named ones.
  const visits: { type: string; name: string; namespace: string }[] = [];
  for (const { object } of await readFilenameObjects(inv, f.strings('filename'), false)) {
    visits.push({ type: String(object.kind ?? '').toLowerCase(), name: object.metadata?.name ?? '', namespace: object.metadata?.namespace || inv.namespace });
  }
  for (const target of targets) {
    const slash = target.indexOf('/');
    visits.push({ type: slash >= 0 ? target.slice(0, slash).toLowerCase() : 'pods', name: slash >= 0 ? target.slice(slash + 1) : target, namespace: inv.namespace });
  }
  const podOpts = (): DebugPodOptions => ({
    image: f.string('image'), container: f.string('container'), target: f.string('target'), pullPolicy: f.string('image-pull-policy'),
    env: envVars(f.strings('env')), stdin: f.bool('stdin'), tty: f.bool('tty'), args, argsOnly: f.bool('arguments-only'),
    profile, custom, quiet, attach: f.changed('attach') ? f.bool('attach') : f.bool('stdin'),
    copyTo: f.string('copy-to'), replace: f.bool('replace'), sameNode: f.bool('same-node'), setImages: setImageMap(f.strings('set-image')),
    shareProcesses: f.changed('share-processes') ? f.bool('share-processes') : undefined,
    keep: { labels: f.bool('keep-labels'), annotations: f.bool('keep-annotations'), liveness: f.bool('keep-liveness'), readiness: f.bool('keep-readiness'), startup: f.bool('keep-startup'), initContainers: f.bool('keep-init-containers') },
  });
  for (const { type, name, namespace } of visits) {
    if (['node', 'nodes', 'no'].includes(type)) {
      client.get('nodes', undefined, name);
      const container = f.string('container') || 'debugger';
      const podName = `node-debugger-${name}-${nameSuffix(inv)}`;
      if (!quiet) inv.out(`Creating debugging pod ${podName} with container ${container} on node ${name}.\n`);
      const pod = nodeDebugPod({ podName, node: name, container, image: f.string('image'), pullPolicy: f.string('image-pull-policy'), env: envVars(f.strings('env')), stdin: f.bool('stdin'), tty: f.bool('tty'), args, argsOnly: f.bool('arguments-only'), profile });
      if (custom) (pod.spec as { containers: unknown[] }).containers[0] = applyCustomProfile((pod.spec as { containers: Record<string, unknown>[] }).containers[0], custom);
      const created = client.create('pods', namespace, pod, { fieldManager: 'kubectl-debug' });
      const o = podOpts();
      if (o.attach) await handleAttachPod(inv, created.metadata.namespace!, created.metadata.name!, container, o);
      continue;
    }
    if (!['pod', 'pods', 'po'].includes(type)) {
      const info = resolveResource(type);
      if (!info || info.virtual) throw new Error(`the server doesn't have a resource type "${type}"`);
      client.get(info.group ? `${info.resource}.${info.group}` : info.resource, info.namespaced ? namespace : undefined, name);
      throw new Error(`"${info.group}/${info.version}, Kind=${info.kind}" not supported by debug`);
    }
    const pod = client.get('pods', namespace, name);
    const opts = podOpts();
    if (opts.copyTo) await debugByCopy(inv, pod, opts);
    else await debugByEphemeralContainer(inv, pod, opts);
  }
  return 0;
}

/** --set-image's name=image pairs (a map, so a repeated name keeps its last image). */
function setImageMap(pairs: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    m.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return m;
}

export const debug: Command = (() => {
  const h = HELP_G.debug;
  return { name: 'debug', short: h.short, use: h.use, flags: h.flags, run: runDebug };
})();
