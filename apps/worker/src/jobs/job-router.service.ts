import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ALL_JOB_NAMES, JobContext, JobName, JobOutcome, JobPayloads } from '@app/queue';
import { JOB_HANDLER_KEY } from './job-handler.decorator';

type Handler = (payload: JobPayloads[JobName], context: JobContext) => Promise<JobOutcome>;

/**
 * Maps each job name to exactly one handler. The worker refuses to start when
 * a name in the contract has no handler, or has two: a job that nobody
 * consumes would sit in Redis until a reminder is too late to matter.
 */
@Injectable()
export class JobRouter implements OnModuleInit {
  private readonly logger = new Logger(JobRouter.name);
  private readonly handlers = new Map<JobName, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const duplicates: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName];
        if (typeof method !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_KEY, method as () => unknown);
        if (!name) continue;
        if (this.handlers.has(name)) duplicates.push(name);
        this.handlers.set(name, (method as Handler).bind(instance));
      }
    }
    const missing = ALL_JOB_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length > 0 || duplicates.length > 0) {
      throw new Error(
        [
          missing.length > 0 ? `no handler for job names: ${missing.join(', ')}` : '',
          duplicates.length > 0 ? `more than one handler for: ${duplicates.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      );
    }
    this.logger.log({ jobNames: [...this.handlers.keys()] }, 'Every job name has a handler');
  }

  async dispatch(name: string, payload: unknown, context: JobContext): Promise<JobOutcome> {
    const handler = this.handlers.get(name as JobName);
    // A job from a newer producer during a rolling deploy: fail it so it is retried by a worker that knows it.
    if (!handler) throw new Error(`No handler for job "${name}"`);
    return handler(payload as JobPayloads[JobName], context);
  }
}
