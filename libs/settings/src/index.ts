export * from './settings.js';
export * from './settings.repository.js';
export * from './settings.module.js';
export * from './settings.service.js';
