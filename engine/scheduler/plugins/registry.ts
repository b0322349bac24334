/**
 * In-tree plugins by name (plugins/registry.go) and the default profile's
 * plugin list with score weights (apis/config/v1/default_plugins.go, v1.35;
 * DynamicResources is placed before DefaultPreemption, as the DRA gate does).
 */
import type { Handle } from '../framework/handle.js';
import type { WeightedPlugin } from '../framework/framework.js';
import type { Plugin } from '../framework/types.js';
import * as names from './names.js';
import * as queuesort from './queuesort/index.js';
import * as schedulinggates from './schedulinggates/index.js';
import * as nodeunschedulable from './nodeunschedulable/index.js';
import * as nodename from './nodename/index.js';
import * as tainttoleration from './tainttoleration/index.js';
import * as nodeaffinity from './nodeaffinity/index.js';
import * as nodeports from './nodeports/index.js';
import * as fit from './noderesources/fit.js';
import * as balanced from './noderesources/balanced-allocation.js';
import * as podtopologyspread from './podtopologyspread/index.js';
import * as interpodaffinity from './interpodaffinity/index.js';
import * as dynamicresources from './dynamicresources/index.js';
import * as defaultpreemption from './defaultpreemption/index.js';
import * as imagelocality from './imagelocality/index.js';
import * as volumebinding from './volumebinding/index.js';

export type PluginFactory = (h: Handle) => Plugin;

export const REGISTRY: ReadonlyMap<string, PluginFactory> = new Map<string, PluginFactory>([
  [names.SchedulingGates, () => schedulinggates.newPlugin()],
  [names.PrioritySort, () => queuesort.newPlugin()],
  [names.NodeUnschedulable, (h) => nodeunschedulable.newPlugin(h)],
  [names.NodeName, () => nodename.newPlugin()],
  [names.TaintToleration, () => tainttoleration.newPlugin()],
  [names.NodeAffinity, () => nodeaffinity.newPlugin()],
  [names.NodePorts, () => nodeports.newPlugin()],
  [names.NodeResourcesFit, () => fit.newPlugin()],
  [names.PodTopologySpread, (h) => podtopologyspread.newPlugin(h)],
  [names.InterPodAffinity, (h) => interpodaffinity.newPlugin(h)],
  [names.VolumeBinding, (h) => volumebinding.newPlugin(h)],
  [names.DynamicResources, (h) => dynamicresources.newPlugin(h)],
  [names.DefaultPreemption, (h) => defaultpreemption.newPlugin(h)],
  [names.NodeResourcesBalancedAllocation, () => balanced.newPlugin()],
  [names.ImageLocality, (h) => imagelocality.newPlugin(h)],
]);

/** The default profile ("MultiPoint"), in order; weight applies to scoring. */
export const DEFAULT_PLUGINS: readonly { name: string; weight?: number }[] = [
  { name: names.SchedulingGates },
  { name: names.PrioritySort },
  { name: names.NodeUnschedulable },
  { name: names.NodeName },
  { name: names.TaintToleration, weight: 3 },
  { name: names.NodeAffinity, weight: 2 },
  { name: names.NodePorts },
  { name: names.NodeResourcesFit, weight: 1 },
  { name: names.VolumeBinding },
  { name: names.PodTopologySpread, weight: 2 },
  { name: names.InterPodAffinity, weight: 2 },
  { name: names.DynamicResources },
  { name: names.DefaultPreemption },
  { name: names.NodeResourcesBalancedAllocation, weight: 1 },
  { name: names.ImageLocality, weight: 1 },
];

export function buildPlugins(h: Handle, list = DEFAULT_PLUGINS): WeightedPlugin[] {
  return list.map(({ name, weight }) => {
    const factory = REGISTRY.get(name);
    if (!factory) throw new Error(`plugin "${name}" does not exist`);
    return { plugin: factory(h), weight: weight ?? 1 };
  });
}
