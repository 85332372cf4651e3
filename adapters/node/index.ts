/** The package's public API on Node: the core plus the Node server. */
export * from '../../src/index.js';
export { NodeRuntime } from './node-runtime.js';
export { startServer, type RunningServer } from './serve.js';
export { loadConfigFile } from './load-config-file.js';
