import { defineAction } from './define-action.js';

/** Prints a message. */
export default defineAction({
  name: 'log',
  keys: ['message'],
  prepare: (settings) => ({ message: settings.template('message', { default: 'Processing {{ request.path }} ...' }) }),
  run: ({ message }, call) => call.print(call.render(message)),
});
