import { key, type KeySpec } from '../key-table.js';
import { RETRY_KEY_TABLE } from './load-retry.js';

/** The methods a route may take; OPTIONS, TRACE and CONNECT are answered without running actions or not at all. */
export const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/**
 * An endpoint's keys (`- /route: {method, headers, …}`): the loader refuses any other, and the
 * JSON Schema is generated from this table. The value shapes of `headers`, `body` and `actions`
 * are described by the schema generator (src/config/config-schema.ts).
 */
export const ENDPOINT_KEY_TABLE: readonly KeySpec[] = [
  key('method', 'string', 'The one HTTP method the route takes, in any case; others get 405.', { default: 'POST', values: METHODS, anyCase: true, nullable: true }),
  key('headers', 'template-map', 'Header name → regex (or template) the header must match; a missing or mismatched header refuses the request with 400.', { nullable: true }),
  key('body', 'mapping', 'Payload key → regex (or template), nested as the JSON payload is; a mismatch refuses the request with 400.', { nullable: true }),
  key('async', 'boolean', 'Answer 200 as soon as the request is validated (and its sender checked), then run the actions.', { default: false, nullable: true }),
  key('actions', 'mapping', 'The actions run in order for each accepted request: a list of `- action: {settings}`.', { nullable: true }),
  key('dedupe', 'template', 'Template of the delivery id (e.g. \'{{ request.headers["X-GitHub-Delivery"] }}\'): a delivery already accepted within dedupe_window gets 200 "Duplicate delivery" and runs nothing.'),
  key('dedupe_window', 'duration', 'How long a delivery id is remembered: seconds, or a number with ms, s, m, h or d.', { default: '24h' }),
  key('retry', 'mapping', 'Async endpoints: attempt a failed delivery again, resuming at the failed action, with a doubling delay (docs/delivery.md).', { keys: RETRY_KEY_TABLE }),
];

export const ENDPOINT_KEYS = ENDPOINT_KEY_TABLE.map(({ name }) => name);
