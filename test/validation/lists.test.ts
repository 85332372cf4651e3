import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

const CONFIG = `
server: { port: 0 }
endpoints:
  - /push:
      body:
        commits:
          id: '^[0-9a-f]{7}$'
          added: '^src/'
  - /matrix:
      body:
        rows: '^[0-9]+$'
`;

const commit = (id: string, added: string[] = ['src/a.ts']) => ({ id, added });

describe('lists in the payload: every element must pass', () => {
  let server: InProcessServer;
  beforeAll(async () => (server = await InProcessServer.start(CONFIG)));
  afterAll(async () => server.stop());

  it('accepts when every element passes', async () => {
    expect((await server.post('/push', { commits: [commit('abcdef0'), commit('1234567')] })).status).toBe(200);
  });

  it('refuses when one element fails, naming its index', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/push', { commits: [commit('abcdef0'), commit('1234567'), commit('nothex!')] })).status).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate "commits[2].id": "nothex!" does not match "^[0-9a-f]{7}$"']);
  });

  it('checks each element of a list value against a string rule', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/push', { commits: [commit('abcdef0', ['src/a', 'docs/b'])] })).status).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate "commits[0].added[1]": "docs/b" does not match "^src/"']);
  });

  it('accepts an empty list, having no element to fail', async () => {
    expect((await server.post('/push', { commits: [] })).status).toBe(200);
    expect((await server.post('/push', { commits: [commit('abcdef0', [])] })).status).toBe(200);
  });

  it('walks lists in lists', async () => {
    expect((await server.post('/matrix', { rows: [[1, 2], [3]] })).status).toBe(200);
    const mark = server.stdout.length;
    expect(
      (
        await server.post('/matrix', {
          rows: [
            [1, 2],
            [3, 'x'],
          ],
        })
      ).status,
    ).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate "rows[1][1]": "x" does not match "^[0-9]+$"']);
  });

  it('a missing list key is "" for a string rule', async () => {
    expect((await server.post('/matrix', { other: 1 })).status).toBe(409);
  });
});
