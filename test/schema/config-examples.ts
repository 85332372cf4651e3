import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/doc-examples.js';

export { ROOT };

/** server.yml and every config under examples/ (not the Compose file examples/docker-compose.yml). */
export function exampleFiles(): string[] {
  const examples = readdirSync(join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join('examples', file))
    .filter((file) => file !== join('examples', 'docker-compose.yml'));
  return ['server.yml', ...examples].map((file) => relative(ROOT, join(ROOT, file)));
}
