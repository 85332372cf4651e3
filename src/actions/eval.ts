import { defineAction } from './define-action.js';

/** Renders a template block for its side effects (`context.set`, `error()`) and prints the result. */
export default defineAction({
  name: 'eval',
  keys: ['block'],
  prepare: (settings) => ({ block: settings.template('block', { required: true }) }),
  run: ({ block }, call) => call.print(call.render(block)),
});
