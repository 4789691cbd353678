import type { EventHandle, Random } from '../kernel';
import { bucketStart, CopyTracker, WriteProcess } from '../memory';
import type { VmRuntime } from '../model/clusterState';
import type { Flow, FlowFailReason } from '../network/flow';
import { PAGE_SIZE } from '../scenario/model';
import type { MigrationRecord, StopReason } from '../model/records';
import { CONFIG_BYTES, DEVICE_STATE_BYTES, DISK_OFFLINE_TIME, DISK_ONLINE_TIME } from './constants';
import type { MigrationHost } from './migrationHost';

/**
 * `config`: the setup (configuration sent, shell VM created on the target); `precopy`: a pass;
 * `final`: suspended for the final copy; `cleanup`: resumed on the target, the source not yet
 * cleaned up; `done`.
 */
export type LivePhase = 'config' | 'precopy' | 'final' | 'cleanup' | 'done';

/**
 * One live migration, step by step as Windows Server 2008 R2 does it:
 * 1. setup: the configuration goes to the target, which creates a shell VM and allocates its
 *    memory (the reservation is made at once, so nothing else takes the room); the shell takes
 *    `setupTime` after the configuration has arrived;
 * 2. pre-copy passes over the live-migration network: pass 1 sends every page while the VM runs,
 *    a dirty bitmap records the pages it writes meanwhile, and each next pass sends those;
 * 3. pre-copy stops when what is left fits the blackout target (`converged`), at `maxPasses`, or
 *    when the dirty set stops shrinking (`notConverging`);
 * 4. the VM is suspended, the last pages and the device state are sent, and it resumes on the
 *    target; an unsolicited ARP tells clients and switches where it is;
 * 5. clean-up: for `cleanupTime` the cluster hands the group over to the target and the source
 *    tears its copy down, holding its memory until the end, when the migration completes.
 * Every transfer is one TCP stream: a flow capped at min(streamThroughput, tcpEfficiency x the
 * network's bandwidth), so one migration stays below a 10 Gbps link's rate, and the pass rates the
 * stop rule reads are the capped ones. The fixed costs fall outside the blackout.
 * On a classic (non-CSV) disk, only one node has the LUN online: after the final copy the disk
 * goes offline on the source and online on the target (the storage handle moves, the 2008 R2
 * whitepaper's step 3), still inside the blackout, which is then the final copy plus the LUN move
 * (the same offline and online times as a quick migration's disk move).
 * The blackout is the time between suspend and resume. Any failure before the resume leaves the
 * VM running on the source, untouched (its classic disk back online there), and frees the shell;
 * one during the clean-up only cuts it short: the VM already runs on the target.
 */
export class LiveMigration {
  phase: LivePhase = 'config';
  private readonly tracker: CopyTracker;
  private writes: WriteProcess;
  private flow: Flow | null = null;
  private passStart = 0;
  private passPages = 0;
  /** Simulated time up to which the VM's writes are in the dirty bitmap. */
  private writesUntil = 0;
  private suspendedAt: number | null = null;
  private resumedAt: number | null = null;
  /** The shell's creation or the clean-up, while one is under way. */
  private timer: EventHandle | null = null;
  /** What one migration's stream can carry on its network (set at start). */
  private streamCap = Number.POSITIVE_INFINITY;
  /** Pages that would be lost by resuming on the target now; checked at resume (must be 0). */
  lostPagesAtResume: number | null = null;

  constructor(
    private readonly host: MigrationHost<LiveMigration>,
    readonly record: MigrationRecord,
    readonly vm: VmRuntime,
    private readonly rng: Random,
  ) {
    const pages = Math.ceil(vm.spec.memory / PAGE_SIZE);
    this.tracker = new CopyTracker(pages);
    this.writes = new WriteProcess(vm.workload, pages);
  }

  private get ctx(): MigrationHost<LiveMigration>['ctx'] {
    return this.host.ctx;
  }

  private get now(): number {
    return this.host.ctx.kernel.now;
  }

  get network(): string {
    return this.record.network as string;
  }

  /** The pass running now (1-based), 0 before pre-copy starts. */
  get passIndex(): number {
    return this.record.passes.length + (this.phase === 'precopy' ? 1 : 0);
  }

  /** Fraction of the current transfer (config, pass or final copy) already sent. */
  get transferProgress(): number {
    if (!this.flow || this.flow.bytes === 0) return 0;
    return Math.min(1, this.flow.bytesDone() / this.flow.bytes);
  }

  /**
   * The dirty bitmap of the running pass as a density per bucket, for views (never the bits).
   * Looking must not change the run: drawing the writes since the last update would consume the
   * migration's random stream, so they are added as their expectation instead (a page written at
   * rate r is dirty after dt with probability 1 - e^(-r·dt)), exact in the mean and draw-free.
   * The pages already counted but not yet placed (the bitmap places them only when read) are
   * likewise shown as their expectation (`expectedDensity`).
   */
  dirtyDensity(buckets: number): number[] {
    const density = this.tracker.dirty.expectedDensity(buckets);
    const dt = this.phase === 'precopy' ? this.now - this.writesUntil : 0;
    if (dt <= 0) return density;
    const pages = this.tracker.pages;
    const hot = this.writes.hotPages;
    const pHot = -Math.expm1(-this.writes.hotPageRate * dt);
    const pCold = -Math.expm1(-this.writes.coldPageRate * dt);
    return density.map((d, b) => {
      const start = bucketStart(b, buckets, pages);
      const size = bucketStart(b + 1, buckets, pages) - start;
      if (size <= 0) return d;
      const hotPages = Math.min(Math.max(hot - start, 0), size);
      const p = (hotPages * pHot + (size - hotPages) * pCold) / size;
      return 1 - (1 - d) * (1 - p);
    });
  }

  /** Where the hot working set ends, as a fraction of memory (for the dashboard's strip). */
  get hotFraction(): number {
    return this.tracker.pages === 0 ? 0 : this.writes.hotPages / this.tracker.pages;
  }

  start(): void {
    const { ctx, record, vm } = this;
    const { streamThroughput, tcpEfficiency } = ctx.scenario.settings.liveMigration;
    this.streamCap = Math.min(streamThroughput, tcpEfficiency * ctx.network.bandwidth(this.network));
    record.outcome = 'running';
    record.startedAt = this.now;
    this.host.vms.reserveMemory(record.to, vm.spec.memory);
    ctx.emit({ kind: 'migration.started', subject: vm.name, type: 'live', from: record.from, to: record.to, network: record.network });
    this.send(CONFIG_BYTES, 'configuration', () => this.createShell());
  }

  /**
   * Memory this migration holds beyond the VM's own: the shell on the target until the resume,
   * then the source's copy until the clean-up ends.
   */
  heldMemory(): { node: string; bytes: number } | null {
    if (this.phase === 'done') return null;
    return { node: this.phase === 'cleanup' ? this.record.from : this.record.to, bytes: this.vm.spec.memory };
  }

  /**
   * The VM's workload has just changed: its writes so far were made at the old rates (the write
   * process still follows them), those from now on follow the new ones.
   */
  workloadChanged(): void {
    this.catchUpWrites();
    this.writes = new WriteProcess(this.vm.workload, this.tracker.pages);
  }

  /**
   * Ends the migration as failed (target died, network lost...). The VM stays on the source.
   * `sourceDown`: the source itself went down, so a VM suspended for the final copy does not
   * resume there (the caller stops it).
   */
  fail(reason: string, sourceDown = false): void {
    if (this.phase === 'done') return;
    if (this.phase === 'cleanup') {
      // The VM already runs on the target: whatever happens now only cuts the clean-up short
      // (a source that goes down takes its copy with it; a target that goes down takes the VM,
      // which fails over from there).
      this.complete();
      return;
    }
    const { ctx, record, vm } = this;
    this.phase = 'done';
    this.timer?.cancel();
    this.timer = null;
    const flow = this.flow;
    this.flow = null;
    flow?.cancel();
    this.host.vms.releaseMemory(record.to, vm.spec.memory);
    // Caught moving its classic disk: the LUN is back where the VM is, on the source.
    const disk = ctx.state.disk(vm.spec.disk);
    if (!disk.spec.csv && !disk.online) {
      disk.owner = record.from;
      disk.online = true;
    }
    if (this.suspendedAt !== null && !sourceDown && ctx.state.node(record.from).status !== 'down') {
      // Suspended for the final copy: it simply resumes where it was.
      this.host.vms.setStatus(vm, 'running', `live migration failed: ${reason}`);
      this.host.vms.endOutage(vm, 'live migration failed');
    }
    record.outcome = 'failed';
    record.reason = reason;
    record.completedAt = this.now;
    record.leftOn = vm.node;
    ctx.emit({ kind: 'migration.failed', subject: vm.name, type: 'live', reason });
    this.host.finished(this);
  }

  /**
   * The shell VM is created on the target `setupTime` after the configuration arrived; then
   * pass 1 starts, on the same connection: a network or link that went down meanwhile is found
   * broken at that first send (the migration fails then, as its stream would).
   */
  private createShell(): void {
    const { ctx, record, vm } = this;
    this.timer = ctx.kernel.after(
      ctx.scenario.settings.liveMigration.setupTime,
      () => {
        this.timer = null;
        if (this.phase !== 'config') return;
        if (!ctx.network.canCarry(this.network, record.from, record.to)) {
          this.fail(flowFailure(this.network, ctx.network.isNetworkUp(this.network) ? 'linkDown' : 'networkFailed'));
          return;
        }
        ctx.emit({ kind: 'migration.shellCreated', subject: vm.name, node: record.to, memory: vm.spec.memory });
        record.setup = this.now - (record.startedAt as number);
        this.startPass(this.tracker.startFirstPass());
      },
      `${vm.name} shell VM on ${record.to}`,
    );
  }

  private send(bytes: number, what: string, done: () => void): void {
    this.flow = this.ctx.network.startFlow({
      network: this.network,
      from: this.record.from,
      to: this.record.to,
      bytes,
      maxRate: this.streamCap,
      tag: 'liveMigration',
      label: `${this.vm.name} ${what}`,
      onComplete: () => {
        this.flow = null;
        done();
      },
      onFail: (_flow, why: FlowFailReason) => this.fail(flowFailure(this.network, why)),
    });
  }

  private startPass(pages: number): void {
    this.phase = 'precopy';
    this.passStart = this.now;
    this.passPages = pages;
    if (this.record.passes.length === 0) this.writesUntil = this.now;
    this.ctx.emit({ kind: 'migration.passStarted', subject: this.vm.name, index: this.passIndex, pages });
    this.send(pages * PAGE_SIZE, `pass ${this.passIndex}`, () => this.endPass());
  }

  private endPass(): void {
    const { ctx, record, vm } = this;
    this.catchUpWrites();
    const index = record.passes.length + 1;
    const duration = this.now - this.passStart;
    const dirtied = this.tracker.endPass();
    const bytes = this.passPages * PAGE_SIZE;
    record.passes.push({ index, pages: this.passPages, bytes, duration, dirtiedPages: dirtied });
    ctx.emit({ kind: 'migration.passEnded', subject: vm.name, index, pages: this.passPages, duration, dirtiedPages: dirtied });

    const stop = this.stopReason(dirtied, bytes, duration);
    if (stop === null) this.startPass(dirtied);
    else this.suspend(dirtied, stop);
  }

  /**
   * Whether pre-copy stops after a pass that sent `bytes` in `duration` and saw `dirtied` pages
   * written meanwhile. The blackout estimate uses the rate that pass achieved.
   */
  private stopReason(dirtied: number, bytes: number, duration: number): StopReason | null {
    const { maxPasses, blackoutTarget } = this.ctx.scenario.settings.liveMigration;
    const latency = this.ctx.network.latency(this.network);
    const transfer = Math.max(duration - latency, 1e-9);
    const rate = bytes > 0 ? bytes / transfer : this.streamCap;
    const finalEstimate = (dirtied * PAGE_SIZE + DEVICE_STATE_BYTES) / rate + latency;
    if (dirtied === 0 || finalEstimate <= blackoutTarget) return 'converged';
    if (this.record.passes.length >= maxPasses) return 'maxPasses';
    if (dirtied >= this.passPages) return 'notConverging';
    return null;
  }

  private suspend(finalPages: number, stopReason: StopReason): void {
    const { ctx, record, vm } = this;
    this.phase = 'final';
    record.stopReason = stopReason;
    record.finalPages = finalPages;
    this.suspendedAt = this.now;
    this.host.vms.setStatus(vm, 'suspended', 'live migration: final copy');
    this.host.vms.beginOutage(vm);
    ctx.emit({ kind: 'migration.suspended', subject: vm.name, node: record.from, finalPages, stopReason });
    this.send(finalPages * PAGE_SIZE + DEVICE_STATE_BYTES, 'final pages and device state', () => this.moveDisk());
  }

  /**
   * A classic disk: offline on the source, online on the target, inside the blackout (a CSV is
   * online everywhere: nothing to move). A target that lost its storage path meanwhile cannot
   * bring the disk online: the migration fails and the VM resumes on the source.
   */
  private moveDisk(): void {
    const { ctx, record, vm } = this;
    const disk = ctx.state.disk(vm.spec.disk);
    if (disk.spec.csv) {
      this.resume();
      return;
    }
    disk.online = false;
    ctx.emit({ kind: 'migration.phase', subject: vm.name, phase: 'diskOffline', node: record.from });
    ctx.kernel.after(DISK_OFFLINE_TIME, () => {
      if (this.phase !== 'final') return;
      const noPath = this.host.storage.whyNoOwnPath(record.to, disk.name);
      if (noPath) {
        this.fail(`${noPath}: it cannot bring ${disk.name} online`);
        return;
      }
      ctx.emit({ kind: 'migration.phase', subject: vm.name, phase: 'diskOnline', node: record.to });
      ctx.kernel.after(DISK_ONLINE_TIME, () => {
        if (this.phase !== 'final') return;
        disk.owner = record.to;
        disk.online = true;
        this.resume();
      }, `${vm.name} disk online on ${record.to}`);
    }, `${vm.name} disk offline on ${record.from}`);
  }

  private resume(): void {
    const { ctx, record, vm } = this;
    this.tracker.finishFinalCopy();
    // The bookkeeping check of "a planned live migration loses no page", made on every resume.
    this.lostPagesAtResume = this.tracker.lostPages();
    record.lostPages = this.lostPagesAtResume;
    if (this.lostPagesAtResume !== 0) throw new Error(`internal: ${vm.name} would resume with ${this.lostPagesAtResume} stale pages`);
    this.phase = 'cleanup';
    this.resumedAt = this.now;
    // The shell's reservation on the target becomes the VM's; the source keeps its copy until the
    // clean-up ends (heldMemory).
    this.host.vms.moveTo(vm, record.to);
    this.host.vms.setStatus(vm, 'running', `live migration from ${record.from}`);
    const blackout = this.now - (this.suspendedAt as number);
    const clientsBefore = vm.clientsDisconnected;
    this.host.vms.endOutage(vm, 'live migration blackout');
    record.blackout = blackout;
    record.clientsDisconnected = vm.clientsDisconnected - clientsBefore;
    ctx.emit({ kind: 'migration.resumed', subject: vm.name, node: record.to, blackout });
    ctx.emit({ kind: 'migration.arp', subject: vm.name, node: record.to });
    this.timer = ctx.kernel.after(
      ctx.scenario.settings.liveMigration.cleanupTime,
      () => {
        this.timer = null;
        this.complete();
      },
      `${vm.name} clean-up on ${record.from}`,
    );
  }

  /** The clean-up is over (or cut short): the source lets go of its copy, and the migration completes. */
  private complete(): void {
    const { ctx, record, vm } = this;
    this.timer?.cancel();
    this.timer = null;
    this.phase = 'done';
    this.host.vms.releaseMemory(record.from, vm.spec.memory);
    record.cleanup = this.now - (this.resumedAt as number);
    record.outcome = 'completed';
    record.completedAt = this.now;
    ctx.emit({ kind: 'migration.completed', subject: vm.name, type: 'live', to: record.to });
    this.host.finished(this);
  }

  /** Applies the VM's writes since the last update to the dirty bitmap (only while it runs). */
  private catchUpWrites(): void {
    const now = this.now;
    if (this.phase === 'precopy' && now > this.writesUntil) {
      this.writes.applyWrites(this.tracker.dirty, now - this.writesUntil, this.rng);
    }
    this.writesUntil = now;
  }
}

export function flowFailure(network: string, why: FlowFailReason): string {
  return why === 'networkFailed' ? `network "${network}" failed` : `a node's link to "${network}" went down`;
}
