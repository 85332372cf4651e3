/**
 * Every request's id (docs/operations.md, "Request ids"): on the access line and every line the
 * request logs, in the `X-Request-Id` answer header, as `request.id` in templates, and sent on by
 * the `http` action. The sender's own id when it gives one, so the two logs can be joined.
 */

/**
 * The headers a sender names a request or a delivery with, in the order they are taken. A
 * redelivery may carry the same delivery id as the first attempt: then both log the same id.
 */
const ID_HEADERS = [
  'x-request-id',
  'x-github-delivery',
  'x-gitlab-event-uuid',
  'x-gitea-delivery',
  'x-gogs-delivery',
  // Standard Webhooks (Svix and the relay's own signed calls)
  'webhook-id',
  'x-shopify-webhook-id',
  // Bitbucket Cloud: one per request (X-Hook-UUID names the hook, not the delivery)
  'x-request-uuid',
];

/**
 * What an id taken from a header may be: it is printed inside `[...]` on text lines and sent on
 * in headers, so no spaces, quotes, brackets or control characters, and not too long.
 */
const SANE_ID = /^[A-Za-z0-9._~:@+=/-]{1,128}$/;

/** The first sane id among the sender's headers, else a new one. */
export function requestIdFor(headers: Headers): string {
  for (const name of ID_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value && SANE_ID.test(value)) return value;
  }
  // per request, never at module load: workerd forbids randomness outside a request
  return crypto.randomUUID();
}
