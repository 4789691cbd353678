#!/usr/bin/env node
/**
 * `fcsim`: runs scenario files headless. The exit code is the contract of docs/scenario-format.md:
 * 0 ran and every expectation held, 1 an expectation failed, 2 not a valid scenario.
 */
import { parseArgs, UsageError, USAGE } from './args';
import { formatDiagnostic } from '../engine/scenario/diagnostics';
import { loadScenario, type LoadResult } from '../engine/scenario/load';
import { printable, printableJson } from '../engine/scenario/printable';
import { readScenarioFile, unreadable } from './readScenarioFile';
import { fdWriter } from './syncIo';

declare const __VERSION__: string | undefined;

export const EXIT_OK = 0;
export const EXIT_EXPECTATION_FAILED = 1;
export const EXIT_INVALID = 2;

interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The file's text; throws when it cannot be read (readScenarioFile's errors say why). */
  readFile(path: string): string;
  color: boolean;
  /** Events a run may take before it stops (tests bound runs with it); default DEFAULT_EVENT_LIMIT. */
  maxEvents?: number;
}

export function main(argv: readonly string[], io: Io): number {
  // Every line printed goes through printable(): names and file names come from the user.
  const out = (line: string): void => io.out(`${printable(line)}\n`);
  const err = (line: string): void => io.err(`${printable(line)}\n`);

  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`fcsim: ${e.message}`);
    io.err(`\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  if (command.kind === 'help') {
    io.out(USAGE + '\n');
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    out(typeof __VERSION__ === 'string' ? __VERSION__ : 'dev');
    return EXIT_OK;
  }

  // A file that cannot be read is one more invalid scenario: one error at 1:1, the same output.
  let loaded: LoadResult;
  try {
    loaded = loadScenario(io.readFile(command.file));
  } catch (e) {
    loaded = { scenario: null, diagnostics: [unreadable(e)] };
  }
  const { scenario, diagnostics } = loaded;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');

  if (command.kind === 'validate') {
    if (command.json) io.out(printableJson({ file: command.file, valid: errors.length === 0, diagnostics }, 2) + '\n');
    else {
      for (const d of diagnostics) err(formatDiagnostic(d, command.file));
      if (errors.length === 0) out(`${command.file}: valid scenario${warnings.length ? `, ${warnings.length} cluster validation warning(s)` : ''}`);
    }
    if (errors.length === 0) return EXIT_OK;
    if (!command.json) err(`${command.file}: ${errors.length} error(s)`);
    return EXIT_INVALID;
  }

  // A run prints every problem on stderr; stdout carries only the report.
  for (const d of diagnostics) err(formatDiagnostic(d, command.file));
  if (!scenario) {
    err(`${command.file}: ${errors.length} error(s); nothing was run`);
    return EXIT_INVALID;
  }
  // Loaded here, not at the top: only a run needs the simulation. The build makes it a file of
  // its own, dist/cliRun.js (scripts/build.mjs), so `validate` does not even parse it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runScenario } = require('./runCommand') as typeof import('./runCommand');
  const options = { file: command.file, json: command.json, events: command.events, color: !command.json && io.color, maxEvents: io.maxEvents };
  return runScenario(scenario, options, io.out, err) ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}

if (require.main === module) {
  const code = main(process.argv.slice(2), {
    out: fdWriter(1),
    err: fdWriter(2),
    readFile: (path) => readScenarioFile(path),
    // Asked only by a text report: process.stdout is set up on first use (see syncIo.ts).
    get color() {
      return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    },
  });
  process.exitCode = code;
}
