#!/usr/bin/env node
/**
 * `fcsim`: runs scenario files headless. The exit code is the contract of docs/scenario-format.md:
 * 0 ran and every expectation held, 1 an expectation failed, 2 not a valid scenario.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs, UsageError, USAGE } from './args';
import { loadScenario, createSimulation, buildReport } from '../engine';
import { formatDiagnostic } from '../engine/scenario/diagnostics';
import { renderTextReport } from './textReport';
import { DEFAULT_EVENT_LIMIT } from '../engine/simulation/simulation';
import { formatBytes, formatClock } from '../format/quantities';
import { LIMITS } from '../engine/scenario/limits';

declare const __VERSION__: string | undefined;

export const EXIT_OK = 0;
export const EXIT_EXPECTATION_FAILED = 1;
export const EXIT_INVALID = 2;

interface Io {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  color: boolean;
  /** Events a run may take before it stops (tests bound runs with it); default DEFAULT_EVENT_LIMIT. */
  maxEvents?: number;
}

export function main(argv: readonly string[], io: Io): number {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`fcsim: ${e.message}\n\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  if (command.kind === 'help') {
    io.out(USAGE + '\n');
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    io.out(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    return EXIT_OK;
  }

  let text: string;
  try {
    text = io.readFile(command.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a scenario file' : String((e as Error).message);
    io.err(`${command.file}: error: cannot read the scenario: ${why}\n`);
    return EXIT_INVALID;
  }

  const { scenario, diagnostics } = loadScenario(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');

  if (command.kind === 'validate') {
    if (command.json) io.out(JSON.stringify({ file: command.file, valid: errors.length === 0, diagnostics }, null, 2) + '\n');
    else {
      for (const d of diagnostics) io.err(formatDiagnostic(d, command.file) + '\n');
      if (errors.length === 0) io.out(`${command.file}: valid scenario${warnings.length ? `, ${warnings.length} cluster validation warning(s)` : ''}\n`);
    }
    if (errors.length === 0) return EXIT_OK;
    if (!command.json) io.err(`${command.file}: ${errors.length} error(s)\n`);
    return EXIT_INVALID;
  }

  // A run prints every problem on stderr; stdout carries only the report.
  for (const d of diagnostics) io.err(formatDiagnostic(d, command.file) + '\n');
  if (!scenario) {
    io.err(`${command.file}: ${errors.length} error(s); nothing was run\n`);
    return EXIT_INVALID;
  }
  const sim = createSimulation(scenario);
  if (command.events) sim.log.subscribe((e) => io.out(JSON.stringify(e) + '\n'));
  sim.run(io.maxEvents ?? DEFAULT_EVENT_LIMIT);
  const report = buildReport(sim);
  io.out(command.json ? JSON.stringify(report, null, 2) + '\n' : renderTextReport(report, io.color));
  // Also on stderr, where a CI log shows it even with --json: the report is of an unfinished run.
  const stopped = report.notices.find((n) => n.kind === 'eventLimit');
  if (stopped) io.err(`${command.file}: warning: ${stopped.reason} (simulated time ${formatClock(report.simulatedTime)})\n`);
  return report.expectations.every((e) => e.passed) ? EXIT_OK : EXIT_EXPECTATION_FAILED;
}

/**
 * Reads a file as text; one far past the loader's size limit is refused unread (every character
 * is at most 3 bytes of UTF-8 in a UTF-16 unit), so a huge file costs no memory.
 */
export function readScenarioFile(path: string): string {
  const stat = statSync(path);
  const size = stat.isFile() ? stat.size : 0;
  if (size > 3 * LIMITS.fileSize) {
    throw Object.assign(new Error(`the file is ${formatBytes(size)}; a scenario file is at most ${formatBytes(LIMITS.fileSize)}`), { code: 'EFBIG' });
  }
  return readFileSync(path, 'utf8');
}

if (require.main === module) {
  const code = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readFile: readScenarioFile,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  });
  process.exitCode = code;
}
