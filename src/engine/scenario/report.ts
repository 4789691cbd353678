import type { Simulation } from '../simulation/simulation';
import type { FailoverRecord, MigrationRecord, QuorumRecord, VolumeRecord } from '../simulation/records';
import { evaluateExpectations } from './expectations';
import { formatCount } from '../../format/quantities';

/** The CLI's report: the contract of SCENARIO.md. Times are seconds, sizes bytes. */
export interface Report {
  scenario: string;
  seed: number;
  simulatedTime: number;
  endReason: string;
  migrations: MigrationRecord[];
  failovers: FailoverRecord[];
  volumes: VolumeRecord[];
  vms: VmReport[];
  quorum: QuorumRecord[];
  expectations: ExpectationResult[];
  /** Actions the cluster refused or this version does not simulate, with the reason. */
  notices: Notice[];
}

export interface VmReport {
  vm: string;
  node: string;
  state: string;
  downtime: number;
  clientsDisconnected: number;
}

export interface ExpectationResult {
  text: string;
  passed: boolean;
  /** What actually happened, in a few words. */
  actual: string;
}

export interface Notice {
  at: number;
  subject: string;
  action: string;
  /** `eventLimit`: the run stopped at the engine's event limit, before the scenario's end. */
  kind: 'rejected' | 'notSimulated' | 'unfinished' | 'eventLimit';
  reason: string;
}

/** Builds the report from a run that has ended (or been stopped). */
export function buildReport(sim: Simulation): Report {
  const now = sim.now;
  // Per-node CSV I/O totals are read from the flows: bring them up to now.
  sim.storage?.settle();
  const vms: VmReport[] = [...sim.state.vms.values()].map((v) => ({
    vm: v.name,
    node: v.node,
    state: v.status,
    // An outage still open at the end counts up to now.
    downtime: v.downtime + (v.outageSince !== null ? now - v.outageSince : 0),
    clientsDisconnected: v.clientsDisconnected,
  }));
  const notices: Notice[] = [];
  for (const e of sim.log.events) {
    if (e.kind === 'action.rejected') notices.push({ at: e.t, subject: e.subject, action: e.action, kind: 'rejected', reason: e.reason });
    if (e.kind === 'action.notSimulated') notices.push({ at: e.t, subject: e.subject, action: e.action, kind: 'notSimulated', reason: e.reason });
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
    quorum: sim.records.quorum,
    notices,
  };
  return { ...partial, expectations: evaluateExpectations(sim.scenario.expect, partial) };
}
