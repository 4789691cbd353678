/**
 * Whether a VM's clients can reach it: clients reach a VM over the client networks (role
 * `clusterAndClient`) of the node it runs on. A node that loses every one of them (its links
 * down, or the networks failed) while it stays a cluster member keeps its VMs running, isolated:
 * Windows Server 2008 R2 watches a VM's running state (and, if asked, its guest heartbeat, which
 * comes over VMBus), its cluster networks and its storage, not the virtual switch's external
 * network, so nothing moves the VMs (VM network health detection, "Protected network", is new in
 * Windows Server 2012 R2: docs/fidelity.md). Their clients time out: each VM's clients are lost
 * once it has had no answer for longer than `tcpTimeout` (the rule blackouts and outages follow,
 * kept by VmLifecycle over the union of the outage and the isolation), with cause
 * `clientNetworkLost` in the report's `isolations`. An isolation that ends sooner loses nothing.
 *
 * A VM is isolated while it holds memory (running, booting, suspended...) on a node that no
 * client network reaches: from the moment its node lost the last one, or from its arrival on
 * such a node (a migration, a failover), until it is reachable again (a network back, or it moved
 * to a node its clients reach) or it stops holding memory there (crashed, stopped, saved). A
 * scenario without client networks has nobody to isolate: every VM is always reached.
 *
 * Events: 'vm.isolated' (isolated true or false, with the reason) when a VM becomes isolated or
 * reachable again while it still runs; a VM that stops while isolated closes its entry without
 * one (its 'vm.state' says why). Its clients' loss is a 'vm.clientsDisconnected' at the time out.
 */
import { Priority, type EventHandle } from '../kernel';
import type { VmRuntime } from '../model/clusterState';
import type { IsolationRecord } from '../model/records';
import type { RunContext } from '../model/runContext';
import type { SimEvent } from '../model/events';
import type { VmLifecycle } from '../model/vmLifecycle';
import { formatClock, formatDuration } from '../../format/quantities';

type IsolatedEvent = Omit<Extract<SimEvent, { kind: 'vm.isolated' }>, 't'>;

interface Open {
  readonly record: IsolationRecord;
  /** The pending time out of its clients, or null (none left to lose, or they are lost). */
  timer: EventHandle | null;
  done: (() => void) | null;
}

export class ClientReach {
  /** Networks clients use (role `clusterAndClient`), in file order. */
  private readonly clientNetworks: readonly string[];
  /** Per node: why no client network reaches it now, or null when one does. */
  private readonly unreachable = new Map<string, string | null>();
  /** Per VM: its isolation in progress. */
  private readonly open = new Map<string, Open>();
  /**
   * Events of a VM moved (`onMove`), logged once its mover has finished the step: a live
   * migration moves the VM, then sets it running, and an event between the two would show a
   * VM half switched over. Logged at its next status change, or at the latest at this instant.
   */
  private pending: IsolatedEvent[] = [];
  private flushQueued = false;

  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'records' | 'scenario' | 'state'>,
    private readonly vms: Pick<VmLifecycle, 'onMove' | 'onStatusChange' | 'setIsolated' | 'clientsTimedOut'>,
  ) {
    this.clientNetworks = ctx.scenario.networks.filter((net) => net.role === 'clusterAndClient').map((net) => net.name);
    for (const name of ctx.state.nodes.keys()) this.unreachable.set(name, this.whyUnreachable(name));
    // VMs isolated from the start: their state is set now (so the first snapshot and every
    // invariant check see it), their events at the first instant of the run.
    const atStart: IsolatedEvent[] = [];
    for (const vm of ctx.state.vms.values()) this.evaluate(vm, 'at the start of the run', atStart);
    if (atStart.length > 0) ctx.kernel.at(0, () => this.announce(atStart), 'clients: isolated at the start', Priority.failure);
    ctx.network.onChange(() => this.networkChanged());
    vms.onStatusChange.connect((vm) => this.update(vm, `${vm.name} is ${vm.status} on ${vm.node}`));
    vms.onMove.connect((vm, from) => this.moved(vm, `${vm.name} moved from ${from} to ${vm.node}`));
  }

  /** Since when `node` has had no client network, as a sentence, or null when one reaches it. */
  whyNodeUnreachable(node: string): string | null {
    return this.unreachable.get(node) ?? null;
  }

  private networkChanged(): void {
    const changed = new Set<string>();
    for (const name of this.ctx.state.nodes.keys()) {
      const why = this.whyUnreachable(name);
      if ((why === null) !== (this.unreachable.get(name) === null)) changed.add(name);
      this.unreachable.set(name, why);
    }
    if (changed.size === 0) return;
    // Every VM first, then the events: each logged event shows every VM as it now is.
    const events = this.takePending();
    for (const vm of this.ctx.state.vms.values()) {
      if (!changed.has(vm.node)) continue;
      const reached = this.unreachable.get(vm.node) === null;
      this.evaluate(vm, reached ? `${vm.node} reaches a client network again` : '', events);
    }
    this.announce(events);
  }

  private update(vm: VmRuntime, why: string): void {
    const events = this.takePending();
    this.evaluate(vm, why, events);
    this.announce(events);
  }

  /** The state follows the move now; its events wait for the mover's next step (see `pending`). */
  private moved(vm: VmRuntime, why: string): void {
    this.evaluate(vm, why, this.pending);
    if (this.pending.length === 0 || this.flushQueued) return;
    this.flushQueued = true;
    const done = this.ctx.activities.begin('clients: a moved VM');
    this.ctx.kernel.at(
      this.ctx.kernel.now,
      () => {
        done();
        this.announce(this.takePending());
      },
      'clients: a moved VM',
      Priority.completion,
    );
  }

  private takePending(): IsolatedEvent[] {
    const events = this.pending;
    this.pending = [];
    this.flushQueued = false;
    return events;
  }

  private announce(events: readonly IsolatedEvent[]): void {
    for (const e of events) this.ctx.emit(e);
  }

  /** Starts or ends the VM's isolation to match where it is now; what to log goes to `events`. */
  private evaluate(vm: VmRuntime, why: string, events: IsolatedEvent[]): void {
    const nodeWhy = vm.holdsMemory ? (this.unreachable.get(vm.node) ?? null) : null;
    const current = this.open.get(vm.name);
    if (current && nodeWhy !== null && current.record.node === vm.node) return;
    if (current) this.end(vm, current, why, nodeWhy === null, events);
    if (nodeWhy !== null) this.begin(vm, nodeWhy, events);
  }

  private begin(vm: VmRuntime, nodeWhy: string, events: IsolatedEvent[]): void {
    const { ctx } = this;
    const now = ctx.kernel.now;
    const tcp = ctx.scenario.settings.tcpTimeout;
    const reason = `${nodeWhy}: ${vm.name} keeps running there, isolated (2008 R2 does not move a VM whose network is lost); its clients time out after ${formatDuration(tcp)}`;
    const record: IsolationRecord = { vm: vm.name, node: vm.node, cause: 'clientNetworkLost', from: now, to: null, clientsDisconnected: 0, disconnectedAt: null, reason };
    ctx.records.isolations.push(record);
    const o: Open = { record, timer: null, done: null };
    this.open.set(vm.name, o);
    this.vms.setIsolated(vm, now, reason);
    events.push({ kind: 'vm.isolated', subject: vm.name, node: vm.node, isolated: true, reason });
    // Nothing to lose: no clients, or their connections broke already (a VM restarted here).
    if (vm.spec.clients === 0 || !vm.clientsConnected) return;
    // They have had no answer since the silence began (a blackout may have started it earlier).
    const due = Math.max(now, (vm.silentSince ?? now) + tcp);
    const label = `${vm.name} isolated on ${vm.node}: its clients time out at ${formatClock(due)}`;
    o.done = ctx.activities.begin(label);
    // After everything else at that instant: an isolation that ends exactly at the time out lasted
    // tcpTimeout, not longer, and loses nothing.
    o.timer = ctx.kernel.at(due, () => this.timeOut(vm, o), label, Priority.observe);
  }

  private timeOut(vm: VmRuntime, o: Open): void {
    o.timer = null;
    o.done?.();
    o.done = null;
    if (this.open.get(vm.name) !== o) return;
    const tcp = formatDuration(this.ctx.scenario.settings.tcpTimeout);
    const count = this.vms.clientsTimedOut(vm, `isolated on ${o.record.node} for longer than tcpTimeout (${tcp}): ${this.unreachable.get(o.record.node) ?? 'no client network reaches it'}`);
    if (count > 0) {
      o.record.clientsDisconnected += count;
      o.record.disconnectedAt = this.ctx.kernel.now;
    }
  }

  /** The isolation ends: the VM is reachable again or stopped (`over`), or it is now isolated on another node. */
  private end(vm: VmRuntime, o: Open, why: string, over: boolean, events: IsolatedEvent[]): void {
    const { ctx } = this;
    o.timer?.cancel();
    o.timer = null;
    o.done?.();
    o.done = null;
    o.record.to = ctx.kernel.now;
    this.open.delete(vm.name);
    if (!over) return;
    const reason = vm.holdsMemory ? `${why}: its clients reach ${vm.name} on ${vm.node}` : why;
    this.vms.setIsolated(vm, null, reason);
    if (vm.holdsMemory) events.push({ kind: 'vm.isolated', subject: vm.name, node: vm.node, isolated: false, reason });
  }

  /** "no client network reaches HV02: its link to LAN is down; Public is down", or null. */
  private whyUnreachable(node: string): string | null {
    const net = this.ctx.network;
    if (this.clientNetworks.length === 0) return null;
    const parts: string[] = [];
    for (const name of this.clientNetworks) {
      if (!net.isAttached(node, name)) parts.push(`it is not attached to ${name}`);
      else if (!net.isNetworkUp(name)) parts.push(`${name} is down`);
      else if (!net.isLinkUp(node, name)) parts.push(`its link to ${name} is down`);
      else return null;
    }
    return `no client network reaches ${node} (${parts.join('; ')})`;
  }
}
