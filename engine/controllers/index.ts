/** The controllers kube-controller-manager runs, in the order they start. */
import type { ControllerFactory } from './manager.js';

export const CONTROLLERS: ControllerFactory[] = [];
