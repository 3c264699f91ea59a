export * from './locales';
export * from './cities';
export * from './catalogues';
export * from './translator';
