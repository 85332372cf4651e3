import type { ActionDefinition } from './define-action.js';
import evalAction from './eval.js';
import execute from './execute.js';
import githubVerify from './github-verify.js';
import http from './http.js';
import log from './log.js';
import metrics from './metrics.js';
import sleep from './sleep.js';
import verify from './verify.js';

/** The actions every platform registers. Docker-family actions are added by the Node adapter. */
export const builtinActions: readonly ActionDefinition<unknown>[] = [log, evalAction, execute, http, githubVerify, sleep, verify, metrics];
