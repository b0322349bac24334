/**
 * ImageLocality: prefers nodes that already have the pod's images, scaled by
 * how many nodes have them (an image everywhere gives no preference).
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../../framework/types.js';
import type { Handle } from '../../framework/handle.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import * as names from '../names.js';

export const NAME = names.ImageLocality;
const MB = 1024 * 1024;
/** minThreshold: images smaller than this do not count. */
export const MIN_THRESHOLD = 23 * MB;
/** maxContainerThreshold: per container, more than this scores no higher. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** calculatePriority: sum of scaled image sizes → 0–100 between the thresholds. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

function nodeScore(h: Handle, pod: PodInfo, node: NodeInfo): number {
  const total = h.cache.numNodes();
  let sum = 0;
  for (const image of pod.images) {
    const size = node.images.get(image);
    if (size === undefined) continue;
    // scaledImageScore: size × the share of nodes that have it.
    sum += Math.trunc(size * ((h.cache.imageNodes.get(image) ?? 0) / total));
  }
  return calculatePriority(sum, pod.containerCount);
}

export function newPlugin(h: Handle): ScorePlugin {
  return {
    name: NAME,
    score(_s, pod, node) {
      if (node.images.size === 0 || pod.containerCount === 0) return 0;
      return nodeScore(h, pod, node);
    },
    scoreNodes(_s, pod, nodes, scores) {
      // When no node has any of the pod's images, every sum is 0 and so is every score. Nor can any node
      // score above 0 when even the largest copy of each image, on every node, stays under minThreshold
      // (a pause or busybox image: most pods of a large scale-up).
      let none = true;
      let bound = 0;
      const total = h.cache.numNodes();
      for (const image of pod.images) {
        const spread = h.cache.imageNodes.get(image);
        if (spread === undefined) continue;
        none = false;
        bound += Math.trunc(h.cache.maxImageSize(image) * (spread / total));
      }
      none ||= pod.containerCount === 0 || bound <= MIN_THRESHOLD;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        scores[i] = none || node.images.size === 0 ? 0 : nodeScore(h, pod, node);
      }
    },
  };
}
