import { key } from '../key-table.js';
import { defineAction } from './define-action.js';

/** Renders a template block for its side effects (`context.set`, `error()`) and prints the result. */
export default defineAction({
  name: 'eval',
  keys: [key('block', 'template', 'A template rendered for its effects (context.set, error()); what it renders is printed.', { required: true })],
  prepare: (settings) => ({ block: settings.template('block', { required: true }) }),
  run: ({ block }, call) => call.print(call.render(block)),
});
