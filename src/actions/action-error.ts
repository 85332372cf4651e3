/**
 * A failure while running an action: `error()` in a template, a non-zero exit
 * status, a failed signature check. The message is logged; a sync endpoint answers
 * with `status` (500 unless the failure says otherwise).
 */
export class ActionError extends Error {
  override readonly name = 'ActionError';
  readonly status: number;

  constructor(message: string, options: { status?: number } = {}) {
    super(message);
    this.status = options.status ?? 500;
  }
}

/**
 * A signature that is missing, wrong or stale: the sender is not who it says, so the
 * answer is `401 Invalid signature` and no later action runs.
 */
export class SignatureError extends ActionError {
  constructor(message: string) {
    super(message, { status: 401 });
  }
}

/**
 * A secret that cannot be used as a key: it depends on an unset `read_config` key or
 * rendered empty. A configuration error (500), never a reason to try the text `None`.
 */
export class SecretNotConfiguredError extends ActionError {
  constructor(readonly unsetKeys: readonly string[]) {
    super(
      unsetKeys.length ? `the secret is not configured: ${unsetKeys.map((key) => `"${key}"`).join(', ')} ${unsetKeys.length === 1 ? 'is' : 'are'} not set` : 'the secret rendered empty (or None)',
      { status: 500 },
    );
  }
}
