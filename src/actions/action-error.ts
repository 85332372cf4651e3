/**
 * A failure while running an action: `error()` in a template, a non-zero exit
 * status, a failed signature check. Sync endpoints answer 500; the message is logged.
 */
export class ActionError extends Error {
  override readonly name = 'ActionError';
}
