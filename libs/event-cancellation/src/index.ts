export * from './cancel-event.use-case.js';
export * from './event-cancellation.module.js';
