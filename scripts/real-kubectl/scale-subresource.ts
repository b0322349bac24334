/**
 * The scale subresource as kube-apiserver serves it (autoscaling/v1 Scale,
 * the registries' scaleFrom* functions), for the oracle's front: the real
 * kubectl's scale client finds the Scale kind in discovery and reads it.
 */
export { SCALABLE, scaleOf } from '../../engine/api/scale.js';
