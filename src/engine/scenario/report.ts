import type { Simulation } from '../simulation/simulation';
import { evaluateExpectations } from './expectations';
import type { NodeReport, Notice, Report, VmReport } from './reportTypes';
import { formatCount } from '../../format/quantities';

export type { ExpectationResult, NodeReport, Notice, Report, VmReport } from './reportTypes';

/** Builds the report from a run that has ended (or been stopped). */
export function buildReport(sim: Simulation): Report {
  const now = sim.now;
  // Per-node CSV I/O totals are read from the flows: bring them up to now.
  sim.storage.settle();
  const vms: VmReport[] = [...sim.state.vms.values()].map((v) => ({
    vm: v.name,
    node: v.node,
    state: v.status,
    // An outage still open at the end counts up to now.
    downtime: v.downtime + (v.unavailableSince !== null ? now - v.unavailableSince : 0),
    clientsDisconnected: v.clientsDisconnected,
  }));
  const nodes: NodeReport[] = [...sim.state.nodes.values()].map((n) => ({ node: n.name, state: n.status, cause: n.downCause }));
  const notices: Notice[] = [];
  for (const e of sim.log.events) {
    if (e.kind === 'action.rejected') notices.push({ at: e.t, subject: e.subject, action: e.action, kind: 'rejected', reason: e.reason });
  }
  for (const label of sim.activities.labels()) notices.push({ at: now, subject: label, action: '', kind: 'unfinished', reason: 'still running when the run ended' });
  if (sim.ended === 'eventLimit') {
    const events = formatCount(sim.kernel.eventsProcessed);
    notices.push({
      at: now,
      subject: sim.scenario.name,
      action: '',
      kind: 'eventLimit',
      reason: `the run stopped after ${events} events, the engine's limit, before the scenario's end: this report shows the cluster at that moment`,
    });
  }
  const partial = {
    scenario: sim.scenario.name,
    seed: sim.scenario.seed,
    simulatedTime: now,
    endReason: sim.ended ?? 'running',
    migrations: sim.records.migrations,
    failovers: sim.records.failovers,
    volumes: sim.records.volumes,
    vms,
    nodes,
    quorum: sim.records.quorum,
    offlines: sim.records.offlines,
    isolations: sim.records.isolations,
    notices,
  };
  return { ...partial, expectations: evaluateExpectations(sim.scenario.expect, partial) };
}
