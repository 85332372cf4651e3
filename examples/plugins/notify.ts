/**
 * An example action: posts a short text message to a chat or push service that
 * accepts plain-text POSTs (ntfy, a Slack/Mattermost relay, your own endpoint).
 *
 *   - notify:
 *       url: '{{ read_config("NOTIFY_URL") }}'
 *       message: 'Deployed {{ request.json.after[:7] }}'
 *       title: Deploys            # optional, sent as the Title header
 */
import { ActionError, defineAction, type Template } from 'webhook-proxy';

interface Notify {
  url: Template;
  message: Template;
  title?: Template;
}

export default defineAction<Notify>({
  name: 'notify',
  keys: ['url', 'message', 'title'],
  // checked once at start: a missing url is a startup error naming the file and line
  prepare: (settings) => ({
    url: settings.template('url', { required: true }),
    message: settings.template('message', { default: 'Webhook received on {{ request.path }}' }),
    title: settings.template('title'),
  }),
  async run({ url, message, title }, call) {
    const text = call.render(message);
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (title) headers.Title = call.render(title);
    const response = await call.runtime.fetch(new Request(call.render(url), { method: 'POST', headers, body: text }), {
      timeoutMs: 10_000,
      tlsVerify: true,
    });
    if (!response.ok) throw new ActionError(`notify: the service answered HTTP ${response.status}`);
    call.print(`notified: ${text}`);
  },
});
