import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/cli.js';

// a setup file: this hook is the test file's first, so it runs after the file's own afterAll
// hooks have stopped the servers that were using the folders
afterAll(removeTempDirs);
