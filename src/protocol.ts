/**
 * Messages between the extension host and the dashboard webview, typed both ways and checked
 * on arrival on each side (`parseWebviewMessage`, `parseHostMessage`): a message that does not
 * fit is dropped, so a forged message can do nothing but the dashboard's own few actions.
 *
 * The host sends the whole dashboard state once (`init`, when the page says it is `ready`, or
 * after a reload), then only changes (`update`), at most about ten times a second.
 * Everything here is plain JSON data. Names come from the user's scenario: the page renders them
 * as text, never as HTML.
 */

/** Traffic classes the network charts split utilisation by (as the engine's network model). */
export type TrafficKind = 'liveMigration' | 'redirectedIo' | 'metadata' | 'storage';

export interface PassView {
  readonly index: number;
  readonly pages: number;
  readonly bytes: number;
  readonly duration: number;
  readonly dirtiedPages: number;
}

/** One migration, live or quick, running or finished. `id` is stable for the whole run. */
export interface MigrationView {
  readonly id: string;
  readonly vm: string;
  readonly type: 'live' | 'quick';
  readonly from: string;
  readonly to: string;
  readonly network: string | null;
  readonly requestedAt: number;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  readonly outcome: 'queued' | 'running' | 'completed' | 'failed';
  readonly reason: string | null;
  readonly passes: readonly PassView[];
  /** Live, while pre-copy runs: the pass now being sent and how far it is (0..1). */
  readonly currentPass: { readonly index: number; readonly pages: number; readonly progress: number } | null;
  /** Pages dirtied so far during the running pass (what the next pass or the final copy sends). */
  readonly dirtyPages: number | null;
  /** The dirty bitmap of the running pass as a density per bucket (0..1), never the raw bitmap. */
  readonly dirtyDensity: readonly number[] | null;
  /** Where the hot working set ends, as a fraction of memory (0..1): the strip marks it. */
  readonly hotFraction: number;
  /** Bytes per second the migration's transfer gets now (0 when not transferring). */
  readonly throughput: number;
  readonly stopReason: 'converged' | 'maxPasses' | 'notConverging' | null;
  readonly finalPages: number;
  readonly blackout: number | null;
  readonly clients: number;
  readonly clientsDisconnected: number;
  readonly movedWith: readonly string[];
  /**
   * A group move (type `quick`): how the VM was taken offline: `save` for a quick migration; for
   * a move by the cluster (failback, a node's cluster service stopping) its offline action, and
   * then its `save` phase is that action and its `restore` phase a boot unless it was saved. Null
   * for a live migration.
   */
  readonly offlineAction: 'save' | 'shutdown' | 'turnOff' | null;
  /** Quick migration: its phases on the run's time axis (`to` null while the phase runs). */
  readonly phases: readonly { readonly phase: 'save' | 'diskMove' | 'restore'; readonly from: number; readonly to: number | null }[];
}

export type CellState = 'direct' | 'redirected' | 'paused' | 'maintenance' | 'noAccess';

export interface VolumeView {
  readonly disk: string;
  readonly path: string;
  readonly coordinator: string;
  readonly maintenance: boolean;
  readonly online: boolean;
  /** One cell per node, in node order. */
  readonly cells: readonly { readonly node: string; readonly state: CellState; readonly reason: string | null; readonly since: number | null }[];
  /** Redirected I/O each node sends through the coordinator now, bytes per second. */
  readonly redirectedTraffic: readonly { readonly node: string; readonly bytesPerSecond: number }[];
}

/** One sample of a network's utilisation, bytes per second per traffic kind. */
export interface NetworkSample {
  readonly t: number;
  readonly byKind: Readonly<Record<TrafficKind, number>>;
}

export interface NetworkView {
  readonly name: string;
  readonly role: 'cluster' | 'clusterAndClient' | 'none';
  /** Port capacity each way, bytes per second: the charts' full scale. */
  readonly bandwidth: number;
  readonly up: boolean;
  /**
   * A sample where the rates changed (and the last one before each change): the rates hold from
   * one sample to the next, and the last sample's up to the clock `t`. At most
   * DASHBOARD_LIMITS.samplesPerNetwork; older ones are thinned (protocolState.appendSamples).
   */
  readonly samples: readonly NetworkSample[];
}

/** What an event is about, for the timeline's filters and for revealing it in the explorer. */
export interface EventRefs {
  readonly nodes: readonly string[];
  readonly vms: readonly string[];
  readonly disks: readonly string[];
  readonly networks: readonly string[];
}

export interface TimelineEvent {
  /** Position in the run's event log: unique, increasing. */
  readonly seq: number;
  readonly t: number;
  /** The engine's event kind, e.g. 'migration.passEnded', 'csv.access', 'link.down'. */
  readonly kind: string;
  /** A sentence in Failover Cluster Manager's words. */
  readonly text: string;
  readonly refs: EventRefs;
}

export interface DashboardState {
  readonly scenario: string;
  readonly t: number;
  readonly session: 'empty' | 'ready' | 'playing' | 'paused' | 'ended';
  readonly nodes: readonly string[];
  readonly migrations: readonly MigrationView[];
  readonly volumes: readonly VolumeView[];
  readonly networks: readonly NetworkView[];
  readonly events: readonly TimelineEvent[];
}

/**
 * A change to the dashboard state: upserts by id/name, appends for series and events. The page
 * (webview/store.ts) appends with the host's own appendSamples and appendEvents
 * (src/protocolState.ts), so both sides keep the same series and limits.
 */
export type DashboardChange =
  | { readonly kind: 'clock'; readonly t: number; readonly session: DashboardState['session'] }
  | { readonly kind: 'migration'; readonly migration: MigrationView }
  | { readonly kind: 'volume'; readonly volume: VolumeView }
  | { readonly kind: 'network'; readonly name: string; readonly up: boolean; readonly samples: readonly NetworkSample[] }
  | { readonly kind: 'events'; readonly events: readonly TimelineEvent[] };

/** Something in the cluster the dashboard can point at. */
export interface ItemRef {
  readonly kind: 'vm' | 'node' | 'network' | 'volume' | 'disk';
  readonly name: string;
}

/**
 * The page's own UI state (timeline filters, the item in focus): the page sends it on every
 * change and also keeps it with `vscode.setState(viewState)`, so the panel serializer gets it
 * back after a reload; the host hands it back in `init`.
 */
export interface ViewState {
  readonly filters: Readonly<Record<string, string>>;
  readonly focused: ItemRef | null;
}

export type HostToWebview =
  /** The whole state; `viewState` is the page's UI state the host kept (absent: none yet). */
  | { readonly type: 'init'; readonly state: DashboardState; readonly viewState?: ViewState }
  | { readonly type: 'update'; readonly changes: readonly DashboardChange[] }
  /** The user selected this in the Cluster Explorer: bring it into view. */
  | { readonly type: 'focus'; readonly item: ItemRef };

export type WebviewToHost =
  | { readonly type: 'ready' }
  /** Reveal this item in the Cluster Explorer (the user clicked it or an event about it). */
  | { readonly type: 'reveal'; readonly item: ItemRef }
  /** The page's own UI state, kept by the host for the panel serializer. */
  | { readonly type: 'viewState'; readonly state: ViewState };
