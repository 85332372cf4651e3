import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { buildBundle } from '../../helpers/build-bundle.js';
import { tempDir } from '../../helpers/cli.js';
import { buildWorker } from '../worker-harness.js';
import { QUEUE_SERVER } from './queue-helpers.js';

const EXAMPLE = join(import.meta.dirname, '../../../examples/edge-relay/worker.yml');
// a message of the queue journal only (adapters/cloudflare/queue-journal.ts)
const QUEUE_CODE = 'a queue message holds';

it('a Worker bundle carries the queue journal only when its config names server.queue', async () => {
  const example = await buildBundle({ target: 'cloudflare', configFile: EXAMPLE, outDir: tempDir(), warn: () => undefined });
  const exampleCode = readFileSync(example.file, 'utf8');
  expect(exampleCode).not.toContain(QUEUE_CODE);

  const queued = await buildWorker(`${QUEUE_SERVER}endpoints:\n  - /hook:\n      async: true\n      actions:\n        - log: { message: x }\n`);
  expect(queued.code).toContain(QUEUE_CODE);
  console.log(`edge-relay example: ${gzipSync(exampleCode).length} bytes gzipped, without the queue journal`);
});
