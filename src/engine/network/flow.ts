import type { Kernel, Time } from '../kernel';
import type { Bytes, BytesPerSecond } from '../scenario/model';
import type { FlowTable } from './flowTable';

/** What a flow carries: the dashboard shows a network's utilisation by class. */
export type TrafficClass = 'liveMigration' | 'redirectedIo' | 'metadata' | 'storage';

/** Every traffic class, in the order views list them. */
export const TRAFFIC_CLASSES: readonly TrafficClass[] = [
  'liveMigration',
  'redirectedIo',
  'metadata',
  'storage',
];

type FlowState = 'active' | 'completed' | 'failed' | 'cancelled';

/** Why a flow failed: its whole network failed, or the link of one of its two ends went down. */
export type FlowFailReason = 'networkFailed' | 'linkDown';

export interface FlowOptions {
  /** Name of the network the flow crosses. */
  readonly network: string;
  /** Sending node. */
  readonly from: string;
  /** Receiving node (not `from`: a node talking to itself does not use the network). */
  readonly to: string;
  /** Bytes to transfer, or Infinity for a stream that runs until it is cancelled or fails. */
  readonly bytes: Bytes;
  /** The flow's own limit (a disk's throughput, an application's demand); none when omitted. */
  readonly maxRate?: BytesPerSecond;
  readonly tag: TrafficClass;
  /** Free text for debugging and views, e.g. "SQL01 pass 3". */
  readonly label?: string;
  /** Called once when the last byte has arrived (never for a stream). */
  readonly onComplete?: (flow: Flow) => void;
  /** Called once when the flow fails; not called when it is cancelled. */
  readonly onFail?: (flow: Flow, reason: FlowFailReason) => void;
}

/**
 * A transfer between two nodes over one network, with a max-min fair share of the links it uses.
 * Progress is kept lazily (bytes done at the last rate change, and the rate since), so reading it
 * costs nothing and is exact at any moment.
 */
export interface Flow {
  /** Unique in its model, increasing in start order. */
  readonly id: number;
  readonly network: string;
  readonly from: string;
  readonly to: string;
  readonly tag: TrafficClass;
  readonly label: string;
  /** Total bytes, or Infinity for a stream. */
  readonly bytes: Bytes;
  readonly state: FlowState;
  /** Current rate in bytes per second (0 once the flow has ended). */
  readonly rate: BytesPerSecond;
  /** The flow's own cap, Infinity when it has none. */
  readonly maxRate: BytesPerSecond;
  readonly startedAt: Time;
  /** When the rate last changed (while active), else when the flow ended. */
  readonly rateChangedAt: Time;
  /**
   * When the flow will complete at the current rates, or null (a stream, a rate of 0, or ended).
   * It moves only when the flow's rate changes (or never, once every byte is sent).
   */
  readonly completesAt: Time | null;
  /** When it completed, failed or was cancelled; null while active. */
  readonly endedAt: Time | null;
  readonly failReason: FlowFailReason | null;
  /** Bytes sent so far (up to the current simulated time). */
  bytesDone(): Bytes;
  /** Bytes still to send (Infinity for a stream). */
  remaining(): Bytes;
  /** Stops the flow without calling onFail; a no-op once it has ended. */
  cancel(): void;
}

/** What a flow record needs from its model. */
export interface FlowOwner {
  readonly kernel: Kernel;
  cancelFlow(flow: FlowRecord): void;
}

/**
 * The model's record of a flow; callers only see it as a {@link Flow}. While the flow is active
 * its numbers live in its network's {@link FlowTable} slot; when it ends they are copied here.
 */
export class FlowRecord implements Flow {
  state: FlowState = 'active';
  endedAt: Time | null = null;
  failReason: FlowFailReason | null = null;
  /** Slot in the network's flow table while active, -1 after. */
  slot = -1;
  readonly startedAt: Time;
  private finalDone: Bytes = 0;
  private finalMaxRate: BytesPerSecond = 0;

  constructor(
    private readonly owner: FlowOwner,
    private readonly table: FlowTable<FlowRecord>,
    readonly id: number,
    readonly network: string,
    readonly from: string,
    readonly to: string,
    readonly tag: TrafficClass,
    readonly label: string,
    readonly bytes: Bytes,
    readonly onComplete: ((flow: Flow) => void) | undefined,
    readonly onFail: ((flow: Flow, reason: FlowFailReason) => void) | undefined,
  ) {
    this.startedAt = owner.kernel.now;
  }

  get rate(): BytesPerSecond {
    return this.slot >= 0 ? this.table.rate(this.slot) : 0;
  }

  get maxRate(): BytesPerSecond {
    return this.slot >= 0 ? this.table.maxRate(this.slot) : this.finalMaxRate;
  }

  get rateChangedAt(): Time {
    return this.slot >= 0 ? this.table.rateChangedAt(this.slot) : (this.endedAt as Time);
  }

  get completesAt(): Time | null {
    return this.slot >= 0 ? this.table.queue.timeOf(this.slot) : null;
  }

  bytesDone(): Bytes {
    return this.slot >= 0 ? this.table.bytesDone(this.slot, this.owner.kernel.now) : this.finalDone;
  }

  remaining(): Bytes {
    return Math.max(0, this.bytes - this.bytesDone());
  }

  cancel(): void {
    if (this.state === 'active') this.owner.cancelFlow(this);
  }

  /** Takes the flow out of its table and records how it ended. */
  end(state: 'completed' | 'failed' | 'cancelled', reason: FlowFailReason | null, now: Time): void {
    this.finalMaxRate = this.table.maxRate(this.slot);
    const done = this.table.remove(this.slot, now);
    this.finalDone = state === 'completed' ? this.bytes : done;
    this.slot = -1;
    this.state = state;
    this.failReason = reason;
    this.endedAt = now;
  }
}
