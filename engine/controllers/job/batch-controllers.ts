/** The lazily loaded batch controllers, in the order they start. */
import type { Controller } from '../manager.js';
import { JobController } from './job-controller.js';

export function controllers(): Controller[] {
  return [new JobController()];
}
