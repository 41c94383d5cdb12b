export * from './message-kinds';
export * from './message-templates';
export * from './message-planner';
export * from './message-sender';
export * from './message-admin';
export * from './citizen-inbox';
export * from './sms/esms-transport';
