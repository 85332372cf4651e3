import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

// Every subcommand reads its options the same way: a mistake exits 2 with one short reason above the usage.
describe('command-line arguments', () => {
  it.each([
    [['--wacth'], 'unknown option --wacth: did you mean "--watch"?'],
    [['check', '--traget', 'lambda'], 'unknown option --traget: did you mean "--target"?'],
    [['build', '--target', 'lambda', '--outt', 'x'], 'unknown option --outt: did you mean "--out"?'],
    [['deliveries', '--stat', 'dead'], 'unknown option --stat: did you mean "--state"?'],
    [['deliveries', 'purge', '--dead', '--older-then', '7d'], 'unknown option --older-then: did you mean "--older-than"?'],
    [['check', '--hepl'], 'unknown option --hepl: did you mean "--help"?'],
  ])('an unknown option near a known one names it: %j', async (args, reason) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`webhook-proxy: ${reason}`);
    expect(result.stderr).toContain('Usage:');
  });

  it('an unknown option far from every known one gets no guess', async () => {
    const result = await runCli(['build', '--target', 'lambda', '--minify']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('webhook-proxy: unknown option --minify');
    expect((await runCli(['deliveries', 'show', 'abc', '-x'])).stderr.split('\n')[0]).toBe('webhook-proxy: unknown option -x');
  });

  it.each([
    [['check', '--target'], '--target needs one of node, lambda, cloudflare'],
    [['build', '--target', 'lambda', '--out'], '--out needs a folder'],
    [['build', '--target'], '--target needs one of lambda, cloudflare'],
    [['deliveries', '--state'], '--state needs one of pending, running, retrying, succeeded, dead'],
    [['deliveries', '--limit'], '--limit needs a whole number, 1 or more'],
    [['deliveries', 'purge', '--dead', '--older-than'], '--older-than needs a duration (e.g. 7d)'],
  ])('an option without its value is refused: %j', async (args, reason) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`webhook-proxy: ${reason}`);
  });

  it('an option followed by another option has no value, rather than taking the option as one', async () => {
    const result = await runCli(['build', '--out', '--target', 'lambda']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('webhook-proxy: --out needs a folder, not the option --target (a value starting with "-" is written --out=--target)');
  });

  it('a switch given a value is refused', async () => {
    const result = await runCli(['--watch=yes']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('webhook-proxy: --watch takes no value');
  });

  it.each([
    [['check', '--target=mainframe'], '--target must be one of node, lambda, cloudflare, not "mainframe"'],
    [['deliveries', '--state', 'lost'], '--state must be one of pending, running, retrying, succeeded, dead, not "lost"'],
    [['deliveries', '--limit=0'], '--limit takes a whole number, 1 or more, not "0"'],
    [['deliveries', 'purge', '--dead', '--succeeded'], 'purge takes one of --dead and --succeeded'],
    [['deliveries', 'retry'], 'deliveries retry needs a delivery id'],
  ])('a value outside the option’s set is refused: %j', async (args, reason) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`webhook-proxy: ${reason}`);
  });

  it('--name=value and --name value mean the same, anywhere among the arguments', async () => {
    const file = writeConfig('endpoints:\n  - /x:\n');
    expect(await runCli(['check', '--target=lambda', file])).toMatchObject({ code: 0, stdout: `${file}: OK (1 endpoint, target lambda)\n` });
    expect(await runCli(['check', file, '--target', 'lambda'])).toMatchObject({ code: 0, stdout: `${file}: OK (1 endpoint, target lambda)\n` });
  });

  it('after -- every argument is a file, so a config named like an option can be given', async () => {
    const file = writeConfig('endpoints:\n  - /x:\n', '-odd.yml');
    const result = await runCli(['check', '--target', 'cloudflare', '--', '-odd.yml'], { cwd: dirname(file) });
    expect(result).toMatchObject({ code: 0, stdout: '-odd.yml: OK (1 endpoint, target cloudflare)\n' });
  });

  it('after -- even --help is a file name', async () => {
    const file = writeConfig('endpoints:\n  - /x:\n', '--help');
    const result = await runCli(['check', '--', '--help'], { cwd: dirname(file) });
    expect(result).toMatchObject({ code: 0, stdout: '--help: OK (1 endpoint, target node)\n' });
  });

  it('--help after a subcommand still prints the usage', async () => {
    const result = await runCli(['build', '--target', 'lambda', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('webhook-proxy build --target lambda|cloudflare');
  });
});
