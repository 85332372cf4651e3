#!/usr/bin/env node
import { dirname, resolve as resolvePath } from 'node:path';
import { findUnsetConfigKeys } from '../../src/app/unset-config-keys.js';
import { BUNDLE_TARGETS, type BundleTarget } from '../../src/bundle/bundle-targets.js';
import { checkBundle } from '../../src/bundle/check-bundle.js';
import { TARGETS, type Target } from '../../src/config/check-target.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { makeReadConfig } from '../../src/context/read-config.js';
import { DELIVERY_STATES } from '../../src/delivery/delivery-record.js';
import { readTextFileIfExists } from '../node-platform/read-text-file.js';
import { VERSION } from '../node-platform/version.js';
import { checkForNode } from './check-node.js';
import { atMostOneFile, oneOf, parseCommandArgs, UsageError } from './cli-args.js';
import { describeChanges } from './config-changes.js';
import { applyEnvironment, configFileOf, loadConfigFile } from './load-config-file.js';
import { NodeRuntime } from './node-runtime.js';
import { startServer } from './serve.js';
import { watchFiles, type FileWatch } from './watch-files.js';

const USAGE = `Usage:
  webhook-proxy [server.yml] [--watch]               run the server (default ./server.yml); SIGHUP reloads
                                                     the config, --watch reloads it when the file changes
  webhook-proxy check [server.yml] [--target T]      check a config and exit (T: ${TARGETS.join(', ')})
  webhook-proxy build --target lambda|cloudflare [server.yml] [--out DIR]
                                                     bundle for AWS Lambda (DIR/index.mjs) or
                                                     Cloudflare Workers (DIR/worker.js); DIR: dist/<target>/
  webhook-proxy deliveries [server.yml] [--state S] [--limit N]
                                                     the delivery journal, newest first (N: 50; S: one of
                                                     ${DELIVERY_STATES.join(', ')})
  webhook-proxy deliveries show ID | retry ID | purge --dead|--succeeded [--older-than 7d] [server.yml]
                                                     one delivery, a dead one sent again, old ones removed
                                                     (docs/delivery.md)
  webhook-proxy schema                               print the JSON Schema of server.yml
  webhook-proxy --help | --version

Environment: WEBHOOK_PROXY_CONFIG is the config file when none is given; WEBHOOK_PROXY_HOST
overrides server.host; WEBHOOK_PROXY_PORT, else PORT, overrides server.port.
Options take --name value or --name=value; -- ends the options. DEBUG=1 adds stack traces to errors.`;

/** Names each `read_config` key a rule or a sender check needs that this environment does not set. */
function reportUnsetConfig(config: ServerConfig, warn: (message: string) => void): void {
  const readConfig = makeReadConfig({ env: (name) => process.env[name], readTextFile: readTextFileIfExists });
  for (const { key, where } of findUnsetConfigKeys(config, readConfig)) {
    warn(`configuration key "${key}" is not set (read_config without a default): ${where} will refuse every request`);
  }
}

async function main(args: string[]): Promise<number> {
  // after `--` every argument is a file name, even one spelled like an option
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.includes('--help') || options.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.includes('--version') || options.includes('-V')) {
    process.stdout.write(`webhook-proxy ${VERSION}\n`);
    return 0;
  }
  const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
  if (args[0] === 'check') {
    const { file, target } = parseCheckArgs(args.slice(1));
    const loaded = await loadConfigFile(file, warn);
    // the environment's host and port are the Node server's: a bad one fails the check too
    const config = target === 'node' ? applyEnvironment(loaded) : loaded;
    if (target === 'node') checkForNode(config);
    else checkBundle(config, target);
    reportUnsetConfig(config, warn);
    process.stdout.write(`${file}: OK (${config.endpoints.length} endpoint${config.endpoints.length === 1 ? '' : 's'}, target ${target})\n`);
    return 0;
  }
  if (args[0] === 'build') {
    const { file, target, outDir } = parseBuildArgs(args.slice(1));
    const { buildBundle } = await import('../../tools/build/build-bundle.js');
    const built = await buildBundle({ target, config: await loadConfigFile(file, warn), configFile: file, outDir });
    process.stdout.write(`${file}: built ${built.file} (${built.bytes} bytes, target ${target})\n`);
    return 0;
  }
  if (args[0] === 'deliveries') {
    const { deliveriesCommand } = await import('./deliveries-command.js');
    return deliveriesCommand(args.slice(1), { out: (text) => process.stdout.write(text), warn: (message) => process.stderr.write(`webhook-proxy: ${message}\n`) });
  }
  if (args[0] === 'schema') {
    if (args.length > 1) throw new UsageError('schema takes no arguments');
    const { configSchemaText } = await import('../../src/config/config-schema.js');
    const { nodeActions } = await import('./node-actions.js');
    process.stdout.write(configSchemaText(nodeActions));
    return 0;
  }
  const { file, watch } = parseServeArgs(args);
  // checked as `check` does (imports, the target's actions) plus the environment's overrides
  const load = async () => {
    const config = applyEnvironment(await loadConfigFile(file, warn));
    checkForNode(config);
    return config;
  };
  const config = await load();
  // from here on every line goes through the server's log output, so `log_format: json` holds for the banner too
  const runtime = new NodeRuntime();
  const server = await startServer(config, runtime);
  const say = (line: string) => runtime.stderr(line);
  const warnLine = (message: string) => say(`warning: ${message}`);
  say(`webhook-proxy ${VERSION} serving ${config.endpoints.length} endpoint(s) from ${file} on ${server.url}`);
  reportUnsetConfig(config, warnLine);

  let stopping = false;
  let watcher: FileWatch | undefined;
  const watched = (loaded: ServerConfig) => [file, ...loaded.server.imports.map((entry) => resolvePath(dirname(file), entry))];
  /** One reload at a time; a request for one while another runs makes one more after it. */
  let reloading: Promise<void> | undefined;
  let again: string | undefined;
  const reloadOnce = async (why: string) => {
    let next: ServerConfig;
    try {
      next = await load();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      say(`reload (${why}) refused, still serving the previous config: ${reason.replace(/\s*\n\s*/g, ' ')}`);
      return;
    }
    const changes = server.reload(next);
    if (changes.restartKeys.length > 0) {
      warnLine(`reload (${why}): ${changes.restartKeys.map((key) => `server.${key}`).join(', ')} changed, which takes a restart: the running values stay until then`);
    }
    say(`reloaded ${file} (${why}): ${next.endpoints.length} endpoint(s); ${describeChanges(changes)}`);
    reportUnsetConfig(next, warnLine);
    watcher?.update(watched(next));
  };
  const reload = (why: string) => {
    if (stopping) return;
    if (reloading) {
      again = why;
      return;
    }
    reloading = (async () => {
      let reason: string | undefined = why;
      while (reason !== undefined && !stopping) {
        again = undefined;
        await reloadOnce(reason);
        reason = again;
      }
    })().finally(() => (reloading = undefined));
  };
  if (watch) watcher = watchFiles(watched(config), () => reload('file changed'), warnLine);
  process.on('SIGHUP', () => reload('SIGHUP'));
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      watcher?.close();
      void server.shutdown(`received ${signal}`).then(() => resolve(0));
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

function parseServeArgs(args: string[]): { file: string; watch: boolean } {
  const { values, positionals } = parseCommandArgs(args, { watch: { type: 'boolean' } });
  return { file: configFileOf(atMostOneFile(positionals)), watch: values.watch ?? false };
}

function parseCheckArgs(args: string[]): { file: string; target: Target } {
  const { values, positionals } = parseCommandArgs(args, { target: { type: 'string', needs: `one of ${TARGETS.join(', ')}` } });
  const target = values.target === undefined ? 'node' : oneOf('--target', values.target, TARGETS);
  return { file: configFileOf(atMostOneFile(positionals)), target };
}

function parseBuildArgs(args: string[]): { file: string; target: BundleTarget; outDir: string } {
  const { values, positionals } = parseCommandArgs(args, {
    target: { type: 'string', needs: `one of ${BUNDLE_TARGETS.join(', ')}` },
    out: { type: 'string', needs: 'a folder' },
  });
  if (values.target === undefined) throw new UsageError(`build needs --target (${BUNDLE_TARGETS.join(' or ')})`);
  const target = oneOf('--target', values.target, BUNDLE_TARGETS);
  const file = configFileOf(atMostOneFile(positionals));
  if (values.out === '') throw new UsageError('--out needs a folder');
  return { file, target, outDir: values.out ?? `dist/${target}/` };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`webhook-proxy: ${error.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      if (process.env.DEBUG) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    }
    const err = error as NodeJS.ErrnoException;
    if (err?.code === 'EADDRINUSE' || err?.code === 'EACCES' || err?.code === 'EADDRNOTAVAIL') {
      process.stderr.write(`webhook-proxy: cannot listen: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`webhook-proxy: ${err?.message ?? String(error)}\n`);
    if (process.env.DEBUG) process.stderr.write(`${err?.stack}\n`);
    process.exit(1);
  },
);
