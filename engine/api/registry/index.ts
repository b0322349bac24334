/**
 * Registers every resource's strategy with the API server, the way
 * kube-apiserver wires pkg/registry/* into its storage.
 */
import { registerStrategy } from '../strategy.js';
import { podStrategy } from './pods.js';

let done = false;

export function registerAllStrategies(): void {
  if (done) return;
  done = true;
  registerStrategy('pods', podStrategy);
  for (const r of ['deployments.apps', 'replicasets.apps', 'daemonsets.apps']) registerStrategy(r, { tracksGeneration: true });
}
