/** The one Simulation of a cluster, apart from the `sim` command's code (which loads on first use). */
import type { Cluster } from '../cluster.js';
import { Simulation } from './simulation.js';

const sims = new WeakMap<Cluster, Simulation>();

export function simulationOf(cluster: Cluster): Simulation {
  let s = sims.get(cluster);
  if (!s) sims.set(cluster, (s = new Simulation(cluster)));
  return s;
}
