/**
 * The changes not yet handed out, merged as they come: the latest view of each migration and
 * volume (by id), the clock once, each network's new samples in order, the new events in order.
 * Bounded: events beyond the page's own limit are dropped oldest first (the page would drop them
 * too); a network with more new samples than a series holds cannot be replayed sample by sample,
 * so the whole state is sent instead (`overflow`).
 */
import type { DashboardChange, DashboardState, MigrationView, NetworkSample, TimelineEvent, VolumeView } from '../../../protocol';
import { DASHBOARD_LIMITS } from '../../../protocolValidation';

export class PendingChanges {
  private clock: { t: number; session: DashboardState['session'] } | null = null;
  private readonly migrations = new Map<string, MigrationView>();
  private readonly volumes = new Map<string, VolumeView>();
  private readonly networks = new Map<string, { up: boolean; samples: NetworkSample[] }>();
  private events: TimelineEvent[] = [];
  private overflowed = false;

  get overflow(): boolean {
    return this.overflowed;
  }

  get isEmpty(): boolean {
    return this.clock === null && this.migrations.size === 0 && this.volumes.size === 0 && this.networks.size === 0 && this.events.length === 0;
  }

  setClock(t: number, session: DashboardState['session']): void {
    this.clock = { t, session };
  }

  migration(view: MigrationView): void {
    this.migrations.set(view.id, view);
  }

  volume(view: VolumeView): void {
    this.volumes.set(view.disk, view);
  }

  network(name: string, up: boolean, added: readonly NetworkSample[]): void {
    const entry = this.networks.get(name) ?? { up, samples: [] };
    entry.up = up;
    // Once overflowed, the whole state goes instead: no need to keep what it replaces.
    if (!this.overflowed) entry.samples.push(...added);
    if (entry.samples.length > DASHBOARD_LIMITS.samplesPerNetwork) {
      this.overflowed = true;
      for (const e of this.networks.values()) e.samples = [];
      entry.samples = [];
    }
    this.networks.set(name, entry);
  }

  addEvents(events: readonly TimelineEvent[]): void {
    if (events.length === 0) return;
    this.events = this.events.concat(events);
    const max = DASHBOARD_LIMITS.events;
    if (this.events.length > max) this.events = this.events.slice(this.events.length - max);
  }

  /** The changes in the order they apply, and empties the buffer. */
  take(): DashboardChange[] {
    const out: DashboardChange[] = [];
    if (this.clock) out.push({ kind: 'clock', t: this.clock.t, session: this.clock.session });
    for (const [name, { up, samples }] of this.networks) out.push({ kind: 'network', name, up, samples });
    for (const volume of this.volumes.values()) out.push({ kind: 'volume', volume });
    for (const migration of this.migrations.values()) out.push({ kind: 'migration', migration });
    if (this.events.length > 0) out.push({ kind: 'events', events: this.events });
    this.clear();
    return out;
  }

  clear(): void {
    this.clock = null;
    this.migrations.clear();
    this.volumes.clear();
    this.networks.clear();
    this.events = [];
    this.overflowed = false;
  }
}
