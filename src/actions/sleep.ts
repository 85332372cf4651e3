import { commonKeys, key } from '../key-table.js';
import { MAX_TIMER_SECONDS } from '../timers.js';
import { defineAction } from './define-action.js';

const DEFAULT_OUTPUT = 'Waiting {{ seconds }} seconds before continuing ...';

/** Waits before the next action; prints its message first. */
export default defineAction({
  name: 'sleep',
  // `message` is what the original's README documents; `output` is what its code accepted
  keys: [
    key('seconds', 'template', 'How long to wait, in seconds (a template may compute it).', { required: true }),
    commonKeys.output('Waiting {{ seconds }} seconds before continuing ...'),
    key('message', 'template', 'The same as output (the name the original documented); give one of them.'),
  ],
  prepare(settings) {
    if (settings.has('output') && settings.has('message')) settings.fail('message', 'give either "output" or "message", not both');
    const key = settings.has('message') ? 'message' : 'output';
    return {
      seconds: settings.secondsTemplate('seconds', { required: true }),
      output: settings.template(key, { default: DEFAULT_OUTPUT }),
    };
  },
  async run({ seconds, output }, call) {
    const text = call.render(seconds).trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0) call.error(`sleep: "${text}" is not a number of seconds`);
    // a longer timer would fire at once
    if (value > MAX_TIMER_SECONDS) call.error(`sleep: ${value} seconds is more than the ${MAX_TIMER_SECONDS} a timer can wait`);
    call.print(call.render(output, { seconds: value }));
    await new Promise((resolve) => setTimeout(resolve, value * 1000));
  },
});
