import type { FailoverRecord, IsolationRecord, MigrationRecord, OfflineRecord, QuorumRecord, VolumeRecord } from '../model/records';

/** The CLI's report: the contract of docs/scenario-format.md. Times are seconds, sizes bytes. */
export interface Report {
  scenario: string;
  seed: number;
  simulatedTime: number;
  endReason: string;
  migrations: MigrationRecord[];
  failovers: FailoverRecord[];
  volumes: VolumeRecord[];
  vms: VmReport[];
  /** Each node's state at the end, and why a node that is down is down. */
  nodes: NodeReport[];
  quorum: QuorumRecord[];
  /** VMs the cluster took offline through their offline action (maintenance, repair) and back. */
  offlines: OfflineRecord[];
  /** VMs that kept running on a node no client network reached, and the clients they lost (cause `clientNetworkLost`). */
  isolations: IsolationRecord[];
  expectations: ExpectationResult[];
  /** Actions the cluster refused, with the reason; what was still going at the end; an event-limit stop. */
  notices: Notice[];
}

export interface VmReport {
  vm: string;
  node: string;
  state: string;
  downtime: number;
  clientsDisconnected: number;
}

export interface NodeReport {
  node: string;
  /** `up`, `paused`, `joining` or `down`. */
  state: string;
  /** For a node that is down: `crashed`, `quorumLost` or `serviceStopped`; else null. */
  cause: string | null;
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
  kind: 'rejected' | 'unfinished' | 'eventLimit';
  reason: string;
}
