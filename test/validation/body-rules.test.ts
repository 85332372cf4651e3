import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

// upstream's test_server.py endpoint, plus scalar rules
const CONFIG = `
server: { port: 0 }
endpoints:
  - /testing:
      headers:
        X-Sample: '^ab[0-9]+$'
      body:
        key: value
        item:
          prop: '^[0-9]*$'
  - /scalars:
      body:
        id: 123
        draft: false
        merged: 'True'
        closed_by: None
        meta: '\\{"a":1'
        count: '^[0-9]+$'
`;

const headers = { 'X-Sample': 'ab123' };
const valid = { key: 'value', item: { prop: '123' } };

describe('body rules', () => {
  let server: InProcessServer;
  beforeAll(async () => (server = await InProcessServer.start(CONFIG)));
  afterAll(async () => server.stop());

  it('accepts a matching nested body', async () => {
    expect((await server.post('/testing', valid, headers)).status).toBe(200);
  });

  it('accepts a body without an optional object whose rules match ""', async () => {
    expect((await server.post('/testing', { key: 'value' }, headers)).status).toBe(200);
  });

  it('refuses a string where a mapping rule exists', async () => {
    expect((await server.post('/testing', { key: 'value', item: 'flat' }, headers)).status).toBe(409);
  });

  it('refuses a failing second-level value and prints the dotted path', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/testing', { key: 'value', item: { prop: 'invalid' } }, headers)).status).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate "item.prop": "invalid" does not match "^[0-9]*$"']);
  });

  it('ignores payload keys without a rule', async () => {
    expect((await server.post('/testing', { ...valid, extra: { deep: [1, 2] } }, headers)).status).toBe(200);
  });

  it('matches numbers in their JSON form and a rule written as a YAML number as its text', async () => {
    const body = { id: 123, draft: false, merged: true, closed_by: null, meta: { a: 1 }, count: 42 };
    expect((await server.post('/scalars', body)).status).toBe(200);
    expect((await server.post('/scalars', { ...body, id: 124 })).status).toBe(409);
    expect((await server.post('/scalars', { ...body, count: 'many' })).status).toBe(409);
  });

  it('matches booleans as True/False or true/false, and null as None or null', async () => {
    const body = { id: 123, draft: false, merged: true, closed_by: null, meta: { a: 1 }, count: 1 };
    expect((await server.post('/scalars', { ...body, draft: true })).status).toBe(409);
    expect((await server.post('/scalars', { ...body, merged: false })).status).toBe(409);
    expect((await server.post('/scalars', { ...body, closed_by: 'octocat' })).status).toBe(409);
  });

  it('matches an object against a string rule as its compact JSON', async () => {
    const body = { id: 123, draft: false, merged: true, closed_by: null, count: 1 };
    expect((await server.post('/scalars', { ...body, meta: { a: 1, b: 2 } })).status).toBe(200);
    expect((await server.post('/scalars', { ...body, meta: { b: 2 } })).status).toBe(409);
  });
});
