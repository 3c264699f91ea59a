export * from './engine';
export * from './types';
export * from './format';
export * from './matching';
export * from './offered';
