/**
 * The engine's public face: load a scenario, build a simulation with every module wired
 * (simulation/createSimulation.ts), run it, report. The CLI, the extension and the tests all come
 * through here.
 *
 * Where things live (no file imports another in a circle: test/unit/architecture/importCycles):
 * - kernel/     virtual clock, event queue, seeded random numbers, the event log, typed hooks
 * - scenario/   the file format: units, schema and semantic checks, warnings, expectations, report
 * - network/    flows sharing links, NetFT and live-migration network order, network failures
 * - memory/     dirty bitmap, workload write models
 * - model/      the cluster's entities and their state; the owners of node and VM status (with
 *               their hooks), the records the report is made of, what a module is handed
 * - storage/    Cluster Shared Volumes: access per node, coordinator, modes; VM disk I/O as flows
 * - migration/  live and quick migration, drain and resume, placement
 * - health/     heartbeats, quorum, node crash and start, failover
 * - vm/         a VM's own actions: start, turn off, save, workload
 * - simulation/ the composition root, the run loop, invariant checks
 * - snapshot.ts, takeSnapshot.ts: what views read
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
