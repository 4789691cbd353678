/**
 * `fcsim run` once the file has loaded: simulate the scenario and print the report. Only `run`
 * needs the simulation, so main.ts loads this module (and with it every module of the simulation)
 * when it runs a scenario, not when it validates one: `validate` and `--help` start without it.
 */
import type { Scenario } from '../engine/scenario/model';
import { buildReport } from '../engine/scenario/report';
import { createSimulation } from '../engine/simulation/createSimulation';
import { DEFAULT_EVENT_LIMIT } from '../engine/simulation/simulation';
import { printableJson } from '../engine/scenario/printable';
import { formatClock } from '../format/quantities';
import { renderTextReport } from './textReport';

interface RunOptions {
  readonly file: string;
  readonly json: boolean;
  readonly events: boolean;
  readonly color: boolean;
  readonly maxEvents?: number;
}

/** Runs the scenario, writes the report; true when every expectation held. */
export function runScenario(scenario: Scenario, options: RunOptions, out: (text: string) => void, err: (line: string) => void): boolean {
  const sim = createSimulation(scenario);
  if (options.events) sim.log.subscribe((e) => out(printableJson(e) + '\n'));
  sim.run(options.maxEvents ?? DEFAULT_EVENT_LIMIT);
  const report = buildReport(sim);
  // The text report escapes the report's strings itself, before it adds its colours.
  out(options.json ? printableJson(report, 2) + '\n' : renderTextReport(report, options.color));
  // Also on stderr, where a CI log shows it even with --json: the report is of an unfinished run.
  const stopped = report.notices.find((n) => n.kind === 'eventLimit');
  if (stopped) err(`${options.file}: warning: ${stopped.reason} (simulated time ${formatClock(report.simulatedTime)})`);
  return report.expectations.every((e) => e.passed);
}
