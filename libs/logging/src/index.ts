export * from './logging.module';
export * from './graceful-exit';
export * from './metrics';
