import { afterAll } from 'vitest';
import { removeTempDirs } from './paths';

// Vitest ends its worker processes without an 'exit' event: each test file cleans up after itself.
afterAll(removeTempDirs);
