export * from './normalize.js';
export * from './tokenize.js';
export * from './clitics.js';
export * from './segment.js';
export * from './analyze-text.js';
