// Small helpers every layer shares (error text, where the code runs). No tfjs: components and the
// light half of the backend import these on page load.
export * from './errors';
export * from './environment';
