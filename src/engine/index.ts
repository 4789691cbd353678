/**
 * The engine's public face: load a scenario, build a simulation with every module wired
 * (simulation/createSimulation.ts), run it, report. The CLI, the extension and the tests all come
 * through here.
 */
import { loadScenario } from './scenario/load';
import type { Diagnostic } from './scenario/diagnostics';
import type { Scenario } from './scenario/model';
import { buildReport, type Report } from './scenario/report';
import { createSimulation } from './simulation/createSimulation';
import { Simulation } from './simulation/simulation';
import { takeSnapshot } from './takeSnapshot';
import type { ClusterSnapshot } from './snapshot';

export interface RunResult {
  readonly diagnostics: Diagnostic[];
  /** Null when the file has errors: nothing runs then. */
  readonly report: Report | null;
  readonly simulation: Simulation | null;
}

/** Loads and runs a scenario's text to the end. */
export function runScenarioText(text: string): RunResult {
  const { scenario, diagnostics } = loadScenario(text);
  if (!scenario) return { diagnostics, report: null, simulation: null };
  const simulation = createSimulation(scenario);
  simulation.run();
  return { diagnostics, report: buildReport(simulation), simulation };
}

export { loadScenario, createSimulation, buildReport, Simulation, takeSnapshot };
export type { Diagnostic, Scenario, Report, ClusterSnapshot };
