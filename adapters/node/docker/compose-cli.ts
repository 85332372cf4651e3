/**
 * Runs Compose v2 (`docker compose`, or a standalone v2 `docker-compose`) for one project against
 * the action's engine. Only machine-readable output is parsed (`--format json`); progress goes to
 * stderr and is kept for error messages.
 */
import { spawn } from 'node:child_process';
import type { DockerConnection } from './connection.js';

export interface ComposeProjectSettings {
  projectName: string;
  directory: string;
  composefile: string;
}

let detected: Promise<string[]> | undefined;

/** The Compose v2 command: WEBHOOK_PROXY_COMPOSE (e.g. `docker-compose`), else `docker compose`, else `docker-compose`. */
export function composeCommand(env: (name: string) => string | undefined): Promise<string[]> {
  const configured = env('WEBHOOK_PROXY_COMPOSE')?.trim();
  if (configured) return Promise.resolve(configured.split(/\s+/));
  detected ??= (async () => {
    for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
      const result = await execute(candidate, ['version', '--short'], {}, undefined).catch(() => undefined);
      if (result && result.code === 0 && /^v?[2-9]/.test(result.stdout.trim())) return candidate;
    }
    detected = undefined;
    throw new Error('Compose v2 was not found: install the docker compose plugin (or set WEBHOOK_PROXY_COMPOSE to its command)');
  })();
  return detected;
}

/** Runs one compose subcommand; resolves with stdout, fails with the exit status and stderr tail. */
export async function runCompose(project: ComposeProjectSettings, connection: DockerConnection, args: string[], env: (name: string) => string | undefined): Promise<string> {
  const command = await composeCommand(env);
  const fullArgs = ['--project-name', project.projectName, '--project-directory', project.directory, '--file', project.composefile, '--ansi', 'never', ...args];
  const result = await execute(command, fullArgs, await connection.cliEnvironment(), project.directory);
  if (result.code !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new Error(`docker compose ${args.join(' ')} exited with status ${result.code}${tail ? `: ${tail}` : ''}`);
  }
  return result.stdout;
}

function execute(command: string[], args: string[], env: Record<string, string>, cwd: string | undefined): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
