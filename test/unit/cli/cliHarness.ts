import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');
export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as `fcsim ...args` would. */
export function runCli(...args: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(args, {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    readFile: (p) => readFileSync(p, 'utf8'),
    color: false,
  });
  return { code, stdout, stderr };
}
