export * from './job-contract';
export * from './queue-producer.service';
export * from './queue.module';
export * from './queue.tokens';
export * from './deadline';
export * from './postgres-backend';
export * from './queue-ready';
