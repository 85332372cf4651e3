/**
 * webhook-proxy's runtime-agnostic core: load a server.yml, build the Hono app,
 * write your own actions.
 */
export { createApp, type AppOptions } from './app/create-app.js';
export type { AppObserver, EndpointStarted, EndpointTracker } from './app/observer.js';
export { createMetricsObserver } from './metrics/metrics-observer.js';
export { noopMetricsSink } from './metrics/noop-sink.js';
export type { LabelValues, MetricDefinition, MetricHandle, MetricsSink, MetricType } from './metrics/metrics-sink.js';
export { ActionError } from './actions/action-error.js';
export { ActionRegistry } from './actions/action-registry.js';
export { builtinActions } from './actions/builtin-actions.js';
export { defineAction, type ActionCall, type ActionDefinition, type RuntimeName } from './actions/define-action.js';
export { ConfigError, type SourcePosition } from './config/config-error.js';
export { loadConfig, type LoadOptions } from './config/load-config.js';
export type { ConfiguredAction, EndpointConfig, ServerConfig, ServerSettings } from './config/server-config.js';
export type { Settings, TemplateTree } from './config/settings.js';
export type { WebhookRequest } from './request/webhook-request.js';
export type { FetchOptions, Runtime, SpawnOptions, SpawnResult } from './runtime.js';
export type { Template } from './templates/index.js';
