// Set up for every test file (vitest.config.ts): folders shared by a file's tests go when it ends.
import { afterAll } from 'vitest';
import { removeSharedTempDirs } from './temp.js';

afterAll(removeSharedTempDirs);
