import bitbucketVerify from './bitbucket-verify.js';
import type { ActionDefinition } from './define-action.js';
import evalAction from './eval.js';
import execute from './execute.js';
import giteaVerify from './gitea-verify.js';
import githubVerify from './github-verify.js';
import gitlabVerify from './gitlab-verify.js';
import hmacVerify from './hmac-verify.js';
import http from './http.js';
import log from './log.js';
import metrics from './metrics.js';
import shopifyVerify from './shopify-verify.js';
import slackVerify from './slack-verify.js';
import sleep from './sleep.js';
import stripeVerify from './stripe-verify.js';
import verify from './verify.js';

/** The actions every platform registers. Docker-family actions are added by the Node adapter. */
export const builtinActions: readonly ActionDefinition<unknown>[] = [
  log,
  evalAction,
  execute,
  http,
  githubVerify,
  sleep,
  verify,
  metrics,
  gitlabVerify,
  giteaVerify,
  bitbucketVerify,
  stripeVerify,
  slackVerify,
  shopifyVerify,
  hmacVerify,
];
