/**
 * Transfer Lab's ML library: the one API that lessons, widgets and code cells use.
 * Read top to bottom, this file is the table of contents.
 */
export { tf } from './tf';
export * from './backend';
export { useBackend, activeBackendName } from './backend/select';
export { backendSelfTest, type SelfTestResult } from './backend/selftest';
export * from './data';
export * from './models';
export * from './training';
export * from './evaluation';
export * from './distill';
export * from './transfer';
export * from './lora';
export * from './experiments';
export * from './text';
export * from './t5';
