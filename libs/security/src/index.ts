export * from './password-hasher';
export * from './common-passwords';
