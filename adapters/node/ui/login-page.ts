/** Asked for when a request has no valid token: a form, for browsers; API clients send a bearer token. */
import { html } from './html.js';
import { page } from './layout.js';

export function loginPage(base: string, wrong: boolean): string {
  const body = html`<h1>Deliveries</h1>
<form class="login" method="post" action="${base}/login">
<p>This page needs the token of <code>server.ui.token</code>.</p>
${wrong ? html`<p class="error-line" role="alert">That token is not right.</p>` : null}
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in</button>
</form>`;
  return page({ title: 'Log in', base, body });
}
