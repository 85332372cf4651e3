#!/usr/bin/env node
// Writes schema/server.schema.json from the built CLI's `webhook-proxy schema`: the schema is
// generated from the key tables the loader checks configs with, never edited by hand.
// Run `npm run schema` (it builds first); test/schema/schema-up-to-date.test.ts fails until it is run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const text = execFileSync(process.execPath, [fileURLToPath(new URL('dist/node/cli.js', root)), 'schema'], { encoding: 'utf8' });
mkdirSync(new URL('schema/', root), { recursive: true });
writeFileSync(new URL('schema/server.schema.json', root), text);
process.stdout.write(`schema/server.schema.json: ${text.length} bytes\n`);
