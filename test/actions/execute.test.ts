import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

const workdir = tempDir();

const CONFIG = `
server: { port: 0 }
endpoints:
  - /echo:
      actions:
        - execute:
            command: 'echo "Hello there!"'
  - /format-output:
      actions:
        - execute:
            command: 'echo one; echo two'
            output: |
              {% for line in result.splitlines() %}line={{ line }}
              {% endfor %}
  - /bash:
      actions:
        - execute:
            command: 'echo "running in $0"'
            shell: bash
  - /no-shell:
      actions:
        - execute:
            command: ['ls', '-1', '/']
            shell: false
  - /shell-prefix:
      actions:
        - execute:
            command: ['echo', '"prefixed $0"']
            shell: ['bash', '-c']
  - /folded:
      actions:
        - execute:
            command: >
              {{ request.json.command }}
            shell: false
            output: 'host={{ result }}'
  - /templated-args:
      actions:
        - execute:
            command: ['printf', '%s|', '{{ request.json.a }}', '$HOME; rm -rf /']
            shell: false
  - /env-and-cwd:
      actions:
        - execute:
            command: 'printf "%s in %s" "$MESSAGE" "$(pwd)"'
            env:
              MESSAGE: '{{ request.json.message }}'
            cwd: ${workdir}
  - /fails:
      actions:
        - execute:
            command: 'echo partial; echo "disk full" >&2; exit 3'
        - log: { message: 'must not run' }
  - /split-stderr:
      actions:
        - execute:
            command: 'printf ''\\303'' >&2; sleep 0.2; printf ''\\251 ended\\n'' >&2; exit 1'
  - /missing-program:
      actions:
        - execute:
            command: ['definitely-not-a-program']
            shell: false
  - /timeout:
      actions:
        - execute:
            command: 'sleep 5'
            timeout: 0.3
  - /context:
      actions:
        - execute:
            command: 'echo -n "Hello"'
            output: '{% set _ = context.set("result", result) %}stored'
        - eval:
            block: '{{ context.result }}=={{ "Hello" }}'
`;

describe('execute', () => {
  let server: ServerProcess;
  beforeAll(async () => (server = await ServerProcess.start(CONFIG)));
  afterAll(async () => server.stop());

  async function run(path: string, body?: unknown): Promise<{ status: number; lines: string[]; raw: string }> {
    const mark = server.stdout.length;
    const { status } = await server.post(path, body);
    // stdout and stderr are separate pipes: give the last lines a moment to arrive
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { status, lines: server.linesSince(mark), raw: server.stdout.slice(mark) };
  }

  it('runs through sh by default; result keeps its trailing newline, so {{ result }} prints a blank line after', async () => {
    const { status, raw } = await run('/echo');
    expect(status).toBe(200);
    expect(raw).toBe('Hello there!\n\n');
  });

  it('gives the output template the result to loop over', async () => {
    expect((await run('/format-output')).lines).toEqual(['line=one', 'line=two']);
  });

  it('runs a named shell with -c', async () => {
    expect((await run('/bash')).lines).toEqual(['running in bash']);
  });

  it('runs a list directly with shell: false', async () => {
    const { lines } = await run('/no-shell');
    expect(lines).toEqual(expect.arrayContaining(['bin', 'usr', 'var']));
  });

  it('uses a list shell as the full prefix; the command items are joined by spaces', async () => {
    expect((await run('/shell-prefix')).lines).toEqual(['prefixed bash']);
  });

  it('a folded command with shell: false loses the newline YAML adds', async () => {
    const { status, lines } = await run('/folded', { command: 'hostname' });
    expect(status).toBe(200);
    expect(lines[0]).toMatch(/^host=\S+$/);
  });

  it('renders each argument without a shell: request data cannot inject commands', async () => {
    expect((await run('/templated-args', { a: '$(id)' })).lines).toEqual(['$(id)|$HOME; rm -rf /|']);
  });

  it('adds templated env values and runs in cwd', async () => {
    expect((await run('/env-and-cwd', { message: "it's $(safe)" })).lines).toEqual([`it's $(safe) in ${workdir}`]);
  });

  it('a non-zero exit fails with the status and the stderr tail; later actions do not run', async () => {
    const stderrMark = server.stderr.length;
    const { status, lines } = await run('/fails');
    expect(status).toBe(500);
    expect(lines).toEqual([]);
    expect(server.stderr.slice(stderrMark)).toMatch(/POST \/fails: action 0 \(execute\) failed: command exited with status 3; stderr: disk full/);
  });

  it('passes on standard error whole when a character arrives in two reads', async () => {
    const stderrMark = server.stderr.length;
    expect((await run('/split-stderr')).status).toBe(500);
    const written = server.stderr.slice(stderrMark);
    expect(written).toContain('é ended');
    expect(written).toMatch(/failed: command exited with status 1; stderr: é ended/);
    expect(written).not.toContain('\uFFFD');
  });

  it('a program that cannot start fails with a clear reason', async () => {
    const stderrMark = server.stderr.length;
    expect((await run('/missing-program')).status).toBe(500);
    expect(server.stderr.slice(stderrMark)).toMatch(/cannot run "definitely-not-a-program": no such program/);
  });

  it('kills a command that passes its timeout', async () => {
    const started = Date.now();
    const stderrMark = server.stderr.length;
    expect((await run('/timeout')).status).toBe(500);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(server.stderr.slice(stderrMark)).toMatch(/command timed out after 0.3 s/);
  });

  it('stores its result in context for a later eval (upstream test_evaluate)', async () => {
    expect((await run('/context')).lines).toEqual(['stored', 'Hello==Hello']);
  });
});
