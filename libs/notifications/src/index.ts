export * from './mail-transport';
export * from './templates/html';
export * from './templates/welcome.template';
export * from './ics';
export * from './outbox/plan';
export * from './templates/session-mail.template';
export * from './templates/when';
