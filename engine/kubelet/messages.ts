/**
 * Texts the kubelet writes into events and container statuses, worded as
 * kubelet v1.35 words them (pkg/kubelet/images, kuberuntime, prober, events).
 */

// Event reasons (pkg/kubelet/events/event.go)
export const REASON_PULLING = 'Pulling';
export const REASON_PULLED = 'Pulled';
export const REASON_FAILED = 'Failed';
export const REASON_BACKOFF = 'BackOff';
export const REASON_CREATED = 'Created';
export const REASON_STARTED = 'Started';
export const REASON_KILLING = 'Killing';
export const REASON_UNHEALTHY = 'Unhealthy';
export const REASON_NEVER_PULL = 'ErrImageNeverPull';
export const REASON_INSPECT_FAILED = 'InspectFailed';
export const REASON_FAILED_CREATE_POD_SANDBOX = 'FailedCreatePodSandBox';

// Container waiting/terminated reasons
export const CONTAINER_CREATING = 'ContainerCreating';
export const POD_INITIALIZING = 'PodInitializing';
export const ERR_IMAGE_PULL = 'ErrImagePull';
export const IMAGE_PULL_BACKOFF = 'ImagePullBackOff';
export const ERR_IMAGE_NEVER_PULL = 'ErrImageNeverPull';
export const INVALID_IMAGE_NAME = 'InvalidImageName';
export const CRASH_LOOP_BACKOFF = 'CrashLoopBackOff';
export const CREATE_CONTAINER_CONFIG_ERROR = 'CreateContainerConfigError';
export const RUN_CONTAINER_ERROR = 'RunContainerError';
export const START_ERROR = 'StartError';
export const OOM_KILLED = 'OOMKilled';

export const msgPulling = (image: string) => `Pulling image "${image}"`;
export const msgAlreadyPresent = (image: string) => `Container image "${image}" already present on machine and can be accessed by the pod`;
export const msgPulled = (image: string, pullMs: number, totalMs: number, size: number) =>
  `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(totalMs)} including waiting). Image size: ${size} bytes.`;
export const msgFailedPull = (image: string, err: string) => `Failed to pull image "${image}": ${err}`;
export const msgBackOffPull = (image: string) => `Back-off pulling image "${image}"`;
export const msgNeverPull = (image: string) => `Container image "${image}" is not present with pull policy of Never`;
export const msgInvalidImage = (image: string, err: string) => `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${err}`;
export const msgError = (what: string) => `Error: ${what}`;
export const MSG_CREATED = 'Container created';
export const MSG_STARTED = 'Container started';
export const msgDefinitionChanged = (name: string) => `Container ${name} definition changed, will be restarted`;
export const msgStopping = (name: string) => `Stopping container ${name}`;
export const msgProbeKill = (name: string, probe: 'liveness' | 'startup') => `Container ${name} failed ${probe} probe, will be restarted`;
export const msgProbeFailed = (probe: 'Liveness' | 'Readiness' | 'Startup', output: string) => `${probe} probe failed: ${output}`;
/** kuberuntime SyncPod when RunPodSandbox fails; prober.probe when the probe itself errs (the result is thrown away). */
export const msgFailedCreatePodSandBox = (err: string) => `Failed to create pod sandbox: ${err}`;
export const msgProbeErrored = (probe: 'Liveness' | 'Readiness' | 'Startup', err: string) => `${probe} probe errored and resulted in unknown state: ${err}`;
export const msgBackOffRestart = (name: string, podFull: string) => `Back-off restarting failed container ${name} in pod ${podFull}`;
export const msgCrashLoop = (backoffMs: number, name: string, podFull: string) => `back-off ${goDuration(backoffMs)} restarting failed container=${name} pod=${podFull}`;

// CreateContainerConfigError texts (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables)
export const msgConfigMapNotFound = (name: string) => `configmap "${name}" not found`;
export const msgSecretNotFound = (name: string) => `secret "${name}" not found`;
export const msgConfigMapKeyNotFound = (key: string, ns: string, name: string) => `couldn't find key ${key} in ConfigMap ${ns}/${name}`;
export const msgSecretKeyNotFound = (key: string, ns: string, name: string) => `couldn't find key ${key} in Secret ${ns}/${name}`;
export const msgFailedMount = (volume: string, err: string) => `MountVolume.SetUp failed for volume "${volume}" : ${err}`;
export const REASON_FAILED_MOUNT = 'FailedMount';

// Probe outputs (pkg/probe/http, tcp, exec, grpc)
export const probeHTTPStatus = (code: number) => `HTTP probe failed with statuscode: ${code}`;
export const probeHTTPRefused = (url: string, hostPort: string) => `Get "${url}": dial tcp ${hostPort}: connect: connection refused`;
export const probeHTTPTimeout = (url: string) => `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
export const probeTCPRefused = (hostPort: string) => `dial tcp ${hostPort}: connect: connection refused`;
export const probeTCPTimeout = (hostPort: string) => `dial tcp ${hostPort}: i/o timeout`;
export const probeGRPCUnhealthy = (status: string) => `service unhealthy (responded with "${status}")`;
export const probeGRPCRefused = (hostPort: string, timeoutS: number) => `timeout: failed to connect service "${hostPort}" within ${timeoutS}s: context deadline exceeded`;
export const probeExecTimeout = (cmd: string[], timeoutS: number) => `command "${cmd.join(' ')}" timed out after ${timeoutS}s`;

/** Pod identity in kubelet messages: format.Pod → name_namespace(uid). */
export const podFullName = (name: string, ns: string, uid: string) => `${name}_${ns}(${uid})`;

/** Go's time.Duration String(): 2.5s, 523ms, 1m30s, 5m0s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSec = ms / 1000;
  if (totalSec < 60) return `${trimFloat(totalSec)}s`;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec - h * 3600 - m * 60;
  return `${h ? `${h}h` : ''}${m}m${trimFloat(s)}s`;
}

function trimFloat(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
