import { SetMetadata } from '@nestjs/common';
import { type JobName } from '@app/queue';

export const JOB_HANDLER_KEY = 'coaching:job-handler';

/** Marks a provider method as the handler of one job name. The router finds it at start. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);
