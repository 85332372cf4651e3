import { key } from '../key-table.js';
import { defineAction } from './define-action.js';

/** Prints a message. */
export default defineAction({
  name: 'log',
  keys: [key('message', 'template', 'The line printed on standard output.', { default: 'Processing {{ request.path }} ...' })],
  prepare: (settings) => ({ message: settings.template('message', { default: 'Processing {{ request.path }} ...' }) }),
  run: ({ message }, call) => call.print(call.render(message)),
});
