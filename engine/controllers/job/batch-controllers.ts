/** The lazily loaded batch controllers, in the order they start. */
import type { Controller } from '../manager.js';
import { JobController } from './job-controller.js';
import { CronJobController } from '../cronjob/cronjob-controller.js';
import { TTLAfterFinishedController } from '../ttlafterfinished/ttlafterfinished.js';

export function controllers(): Controller[] {
  return [new JobController(), new CronJobController(), new TTLAfterFinishedController()];
}
