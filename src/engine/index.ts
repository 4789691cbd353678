/**
 * The engine's public face: load a scenario, build a simulation with every feature module
 * attached, run it, report. The CLI, the extension and the tests all come through here.
 */
import { loadScenario } from './scenario/load';
import type { Diagnostic } from './scenario/diagnostics';
import type { Scenario } from './scenario/model';
import { buildReport, type Report } from './scenario/report';
import { Simulation } from './simulation/simulation';
import { attachNetwork } from './simulation/attachNetwork';
import { attachVmActions } from './simulation/attachVmActions';
import { MigrationManager } from './migration/migrationManager';
import { attachNodeFailure } from './health/nodeFailure';
import { attachStorage } from './storage/storageManager';
import { takeSnapshot } from './takeSnapshot';
import type { ClusterSnapshot } from './snapshot';

/** The simulation with every feature module attached: what the CLI and the extension run. */
export function createSimulation(scenario: Scenario): Simulation {
  const sim = new Simulation(scenario);
  attachNetwork(sim);
  attachStorage(sim);
  const migrations = new MigrationManager(sim);
  attachNodeFailure(sim, migrations);
  attachVmActions(sim, migrations);
  return sim;
}

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

export { loadScenario, buildReport, Simulation, takeSnapshot };
export type { Diagnostic, Scenario, Report, ClusterSnapshot };
