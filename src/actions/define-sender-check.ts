import { commonKeys, type KeySpec } from '../key-table.js';
import type { Template } from '../templates/template.js';
import { defineAction, type ActionCall, type ActionDefinition } from './define-action.js';

export interface SenderCheckSettings {
  readonly secret: Template;
  /** Seconds the signed timestamp may be off, for schemes that sign one; else undefined. */
  readonly tolerance: number | undefined;
  readonly output: Template;
}

/** What `output` may use: `result`, and whatever else the check found (`webhook_id`). */
export type SenderCheckResult = string | { readonly result: string; readonly [name: string]: string };

export interface SenderCheck {
  /** The key used in server.yml (`- stripe-verify:`). */
  readonly name: string;
  /** The key holding the secret: usually `commonKeys.secret(…)`; GitLab calls it `token`. */
  readonly secret: KeySpec;
  /** The scheme signs a timestamp: the action takes `tolerance` (default 300 s). */
  readonly timed?: boolean;
  /**
   * Checks the request with the rendered secret (an unset one has already failed the action);
   * returns what `{{ result }}` says, or throws SignatureError with the reason.
   */
  check(secret: string, call: ActionCall, tolerance: number): Promise<SenderCheckResult>;
}

/**
 * A verify action for one sender's scheme. The keys (the secret, `tolerance` where timed,
 * `output`), their preparation, the secret rendered before anything of the request is read, and
 * the output line are the same for every sender; only the check differs.
 */
export function defineSenderCheck(sender: SenderCheck): ActionDefinition<SenderCheckSettings> {
  return defineAction({
    name: sender.name,
    keys: [sender.secret, ...(sender.timed ? [commonKeys.tolerance] : []), commonKeys.output('{{ result }}')],
    checksSender: true,
    prepare: (settings) => ({
      secret: settings.template(sender.secret.name, { required: true }),
      tolerance: sender.timed ? (settings.seconds('tolerance') ?? 300) : undefined,
      output: settings.template('output', { default: '{{ result }}' }),
    }),
    async run({ secret, tolerance, output }, call) {
      // first: an unset secret is a configuration error whatever the request carries
      const key = call.renderSecret(secret);
      const result = await sender.check(key, call, tolerance ?? 0);
      call.print(call.render(output, typeof result === 'string' ? { result } : result));
    },
  });
}
