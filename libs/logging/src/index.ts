export * from './logging.module';
export * from './graceful-exit';
