export * from './mail-transport';
export * from './templates/html';
export * from './templates/welcome.template';
export * from './ics';
