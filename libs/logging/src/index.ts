export * from './logging.module';
export * from './graceful-exit';
export * from './metrics';
export * from './metrics-access';
