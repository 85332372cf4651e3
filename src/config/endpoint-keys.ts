import { key, type KeySpec } from '../key-table.js';
import { RESPONSE_KEY_TABLE } from './load-endpoint-controls.js';
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
  key(
    'dedupe',
    'template',
    'Template of the delivery id (e.g. \'{{ request.headers["X-GitHub-Delivery"] }}\'): a delivery already accepted within dedupe_window gets 200 "Duplicate delivery" and runs nothing.',
  ),
  key('dedupe_window', 'duration', 'How long a delivery id is remembered: seconds, or a number with ms, s, m, h or d.', { default: '24h' }),
  key('retry', 'mapping', 'Async endpoints: attempt a failed delivery again, resuming at the failed action, with a doubling delay (docs/delivery.md).', { keys: RETRY_KEY_TABLE }),
  key('response', 'mapping', 'The answer when the request is accepted (refusals keep their own codes and bodies): status, a templated body, headers.', { keys: RESPONSE_KEY_TABLE }),
  key('concurrency', 'integer', 'At most this many action chains of the endpoint run at once; the rest wait, in the order they arrived.'),
  key('concurrency_key', 'template', "Template of the key `concurrency` applies to, e.g. '{{ request.view_args.name }}': one limit per rendered key."),
  key('debounce', 'duration', 'Async endpoints: a burst of requests runs once, this long after its last request, with the last request.'),
  key('debounce_key', 'template', "Template of the burst a request belongs to, e.g. '{{ request.json.repository.name }}': one burst per rendered key."),
  key('rate_limit', 'string', 'Requests allowed per window, e.g. 5/s, 60/min, 1000/h; past it, 429 Too Many Requests with Retry-After.'),
  key('rate_limit_key', 'template', 'Template of the key `rate_limit` applies to: one limit per rendered key.'),
];

export const ENDPOINT_KEYS = ENDPOINT_KEY_TABLE.map(({ name }) => name);
