/**
 * Each migration as the dashboard shows it: the engine's record (passes, stop reason, blackout,
 * clients), the live progress of a running one (the pass being sent, its progress, the dirty
 * bitmap as a density, the rate its transfer gets), and a quick migration's phases on the run's
 * time axis, built from its 'migration.phase' events. Pure: reads the simulation, changes nothing
 * in it except that asking for the dirty density brings the bitmap up to date (see `density`).
 */
import { LiveMigration } from '../../../engine/migration/liveMigration';
import type { QuickMigration } from '../../../engine/migration/quickMigration';
import { bucketStart } from '../../../engine/memory/dirtyBitmap';
import type { SimEvent } from '../../../engine/model/events';
import { PAGE_SIZE } from '../../../engine/scenario/model';
import type { MigrationRecord } from '../../../engine/model/records';
import type { Simulation } from '../../../engine/simulation/simulation';
import type { MigrationView } from '../../../protocol';
import { DASHBOARD_LIMITS } from '../../../protocolValidation';
import type { FlowIndex } from './flows';

type Phase = { phase: 'save' | 'diskMove' | 'restore'; from: number; to: number | null };

/** The id of the migration with this index in the run's records: stable for the whole run. */
const migrationId = (index: number): string => `m${index}`;

/**
 * Quick migrations' phases, from the events: 'save' (or 'shutdown', 'turnOff' for a move through
 * the offline action) opens the offline phase; 'diskOffline' closes it and opens the disk move (a
 * classic disk); 'restore' (or 'boot') closes either and opens the online phase; the migration's
 * end closes whatever is open.
 */
export class QuickPhases {
  private readonly byRecord = new Map<number, Phase[]>();
  /** The record index of each VM's quick migration in progress. */
  private readonly open = new Map<string, number>();

  of(index: number): readonly Phase[] {
    return this.byRecord.get(index) ?? [];
  }

  /** How many phases record `index` has (`of(index).length`, without a list). */
  count(index: number): number {
    return this.byRecord.get(index)?.length ?? 0;
  }

  /** Takes one engine event into account (only quick migrations' events matter). */
  observe(e: SimEvent, records: readonly MigrationRecord[]): void {
    switch (e.kind) {
      case 'migration.started':
        if (e.type === 'quick') {
          const index = findRecord(records, e.subject, e.t);
          if (index >= 0) this.open.set(e.subject, index);
        }
        return;
      case 'migration.phase': {
        const index = this.open.get(e.subject);
        if (index === undefined) return;
        const phases = this.byRecord.get(index) ?? [];
        this.byRecord.set(index, phases);
        const start = (phase: Phase['phase']): void => {
          close(phases, e.t);
          phases.push({ phase, from: e.t, to: null });
        };
        // A move through the offline action takes the VM offline by its action (the card's first
        // phase, named by the record's offlineAction) and brings it online by a boot unless it saved.
        if (e.phase === 'save' || e.phase === 'shutdown' || e.phase === 'turnOff') start('save');
        else if (e.phase === 'diskOffline') start('diskMove');
        else if (e.phase === 'restore' || e.phase === 'boot') start('restore');
        return;
      }
      case 'migration.completed':
      case 'migration.failed': {
        if (e.type !== 'quick') return;
        const index = this.open.get(e.subject);
        if (index === undefined) return;
        close(this.byRecord.get(index) ?? [], e.t);
        this.open.delete(e.subject);
        return;
      }
      default:
        return;
    }
  }
}

function close(phases: Phase[], t: number): void {
  const last = phases.at(-1);
  if (last && last.to === null) last.to = t;
}

/** The latest quick-migration record of `vm` that started at `t`. */
function findRecord(records: readonly MigrationRecord[], vm: string, t: number): number {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.vm === vm && r.type === 'quick' && r.startedAt === t) return i;
  }
  return -1;
}

/** The running migration objects of the simulation, by their record. */
export function runningByRecord(sim: Simulation): Map<MigrationRecord, LiveMigration | QuickMigration> {
  const out = new Map<MigrationRecord, LiveMigration | QuickMigration>();
  for (const m of sim.migrations.inProgress()) out.set(m.record, m);
  return out;
}

export interface MigrationInputs {
  readonly sim: Simulation;
  readonly flows: FlowIndex;
  readonly phases: QuickPhases;
  readonly running: ReadonlyMap<MigrationRecord, LiveMigration | QuickMigration>;
  /** Read the dirty bitmap of a running pass (see DashboardModel.liveDensity). */
  readonly density: boolean;
}

/** The view of record `index`. */
export function migrationView(index: number, record: MigrationRecord, inputs: MigrationInputs): MigrationView {
  const { sim } = inputs;
  const vm = sim.state.vms.get(record.vm);
  const memory = vm?.spec.memory ?? 0;
  const m = inputs.running.get(record);
  const live = m instanceof LiveMigration ? m : null;

  let currentPass: MigrationView['currentPass'] = null;
  let dirtyPages: number | null = null;
  let dirtyDensity: number[] | null = null;
  let throughput = 0;
  if (live) {
    throughput = inputs.flows.liveRate(record);
    if (live.phase === 'precopy') {
      const index = live.passIndex;
      const pages = index <= 1 ? Math.ceil(memory / PAGE_SIZE) : (record.passes[index - 2]?.dirtiedPages ?? 0);
      currentPass = { index, pages, progress: clamp01(live.transferProgress) };
      if (inputs.density) {
        const buckets = DASHBOARD_LIMITS.densityBuckets;
        dirtyDensity = live.dirtyDensity(buckets).map(clamp01);
        dirtyPages = pagesIn(dirtyDensity, Math.ceil(memory / PAGE_SIZE));
      }
    }
  } else if (m) {
    throughput = inputs.flows.quickRate((m as QuickMigration).group);
  }

  const workingSet = vm?.workload.workingSet ?? 0;
  return {
    id: migrationId(index),
    vm: record.vm,
    type: record.type,
    from: record.from,
    to: record.to,
    network: record.network,
    requestedAt: record.requestedAt,
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    outcome: record.outcome,
    // Within the protocol's limits, or the page would drop the whole message (a quick migration's
    // reason names every VM on its classic disk, and a disk may hold thousands).
    reason: record.reason === null || record.reason.length <= DASHBOARD_LIMITS.textLength ? record.reason : `${record.reason.slice(0, DASHBOARD_LIMITS.textLength - 1)}…`,
    passes: record.passes.map((p) => ({ index: p.index, pages: p.pages, bytes: p.bytes, duration: p.duration, dirtiedPages: p.dirtiedPages })),
    currentPass,
    dirtyPages,
    dirtyDensity,
    hotFraction: memory > 0 ? clamp01(workingSet / memory) : 0,
    throughput: Number.isFinite(throughput) && throughput > 0 ? throughput : 0,
    stopReason: record.stopReason,
    finalPages: record.finalPages,
    blackout: record.blackout,
    clients: vm?.spec.clients ?? 0,
    clientsDisconnected: record.clientsDisconnected,
    movedWith: record.movedWith.slice(0, DASHBOARD_LIMITS.refs),
    offlineAction: record.offlineAction,
    phases: record.type === 'quick' ? inputs.phases.of(index).map((p) => ({ ...p })) : [],
  };
}

/**
 * What can change in a migration that is not running: a queued or finished record is only
 * rebuilt when one of these changes (a running one is rebuilt every time). Kept as values and
 * compared one by one, with no string built, as a long run has thousands of resting records to
 * look at on every refresh.
 */
export type RestingKey = readonly [string, number | null, number | null, number, number | null, number, string | null, number];

export function restingKey(record: MigrationRecord, phases: number): RestingKey {
  return [record.outcome, record.startedAt, record.completedAt, record.passes.length, record.blackout, record.clientsDisconnected, record.network, phases];
}

/** True when `key` still describes the record (`restingKey` would give the same values). */
export function sameRestingKey(key: RestingKey | undefined, record: MigrationRecord, phases: number): boolean {
  return (
    key !== undefined &&
    key[0] === record.outcome &&
    key[1] === record.startedAt &&
    key[2] === record.completedAt &&
    key[3] === record.passes.length &&
    key[4] === record.blackout &&
    key[5] === record.clientsDisconnected &&
    key[6] === record.network &&
    key[7] === phases
  );
}

/** The number of dirty pages a density stands for: exact, since each bucket's size is known. */
export function pagesIn(density: readonly number[], pages: number): number {
  let n = 0;
  const buckets = density.length;
  for (let b = 0; b < buckets; b++) n += Math.round(density[b] * (bucketStart(b + 1, buckets, pages) - bucketStart(b, buckets, pages)));
  return n;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
