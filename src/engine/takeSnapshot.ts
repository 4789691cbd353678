/**
 * Builds a {@link ClusterSnapshot} from a simulation: what views read. Pure: it changes nothing
 * in the simulation (reading a flow's progress is exact and free), so two snapshots at the same
 * simulated time are deep-equal.
 *
 * Cost, for 64 nodes and 8,000 VMs: one pass over the VMs, which hands out again each VM's
 * previous snapshot object while it reads the same (see SnapshotMemo; a view can then skip it by
 * reference); the node -> VMs lists rebuilt only when a VM changed owner node (one more pass, never
 * a VM x node loop); one utilisation read per network, and the NetFT /
 * live-migration flags, which depend only on what is up: they are computed over every pair of
 * member nodes (2,016 pairs for 64 nodes) only when the simulation's topology version changed
 * since the last snapshot, and cached against it otherwise.
 */
import { LiveMigration } from './migration/liveMigration';
import type { NodeRuntime, VmRuntime } from './model/clusterState';
import { witnessDiskOf, type NetworkSpec } from './scenario/model';
import { describeQuorum, quorumModelName, witnessWords } from './scenario/quorumWords';
import type { SimulationView } from './simulation/simulationView';
import type {
  ClusterSnapshot,
  DiskSnapshot,
  MigrationProgress,
  NodeAccess,
  NetworkSnapshot,
  NodeSnapshot,
  VmSnapshot,
  VolumeSnapshot,
} from './snapshot';

export function takeSnapshot(sim: SimulationView): ClusterSnapshot {
  const { state, scenario } = sim;
  const now = sim.now;
  const memo = memoOf(sim);
  const migrations = migrationProgress(sim, memo);

  // One pass over the VMs; the node -> VMs lists are rebuilt only when a VM changed owner.
  const vms = snapshotVms(sim, memo, migrations);
  const vmsOnNode = memo.vmsOnNode;
  const vmsOnDisk = memo.vmsOnDisk;

  const nodes: NodeSnapshot[] = [];
  for (const node of state.nodes.values()) nodes.push(nodeSnapshot(memo, node, vmsOnNode.get(node.name) ?? NONE));

  const specs = sim.network.networks;
  const flags = networkFlags(sim, specs);
  const networks: NetworkSnapshot[] = specs.map((spec, k) => {
    const use = sim.network.utilisation(spec.name);
    return {
      name: spec.name,
      role: spec.role,
      metric: spec.metric,
      autoMetric: spec.autoMetric,
      up: use.up,
      bandwidth: spec.bandwidth,
      netft: flags.netft[k],
      liveMigration: flags.liveMigration[k],
      links: linksOf(memo, spec.name, use.links),
      traffic: { ...use.byTag },
    };
  });

  const tracker = sim.csvAccess;
  const storage = sim.storage;
  const volumes: VolumeSnapshot[] = sim.records.volumes.map((v) =>
    sameAsLast(memo.volumes, v.disk, {
      disk: v.disk,
      path: v.path,
      coordinator: v.coordinator,
      online: state.disk(v.disk).online,
      maintenance: tracker.inMaintenance(v.disk),
      redirectedAccess: tracker.inRedirectedAccess(v.disk),
      // Each node's access, with the disk I/O its VMs get and ask for now.
      access: accessOf(memo, v.disk, tracker.access(v.disk), (a) => storage.rates(v.disk, a.node)),
    }),
  );

  const q = scenario.settings.quorum;
  const witnessDisk = witnessDiskOf(q);
  const disks: DiskSnapshot[] = [];
  for (const disk of state.disks.values()) {
    if (disk.spec.csv) continue;
    const snap: DiskSnapshot = { name: disk.name, owner: disk.owner, online: disk.online, role: disk.spec.role, vms: vmsOnDisk.get(disk.name) ?? NONE };
    disks.push(disk.name === witnessDisk ? { ...snap, quorumVote: q.model === 'diskOnly' ? 'only' : 'witness' } : snap);
  }

  return {
    t: now,
    name: scenario.name,
    phase: !sim.isStarted ? 'ready' : (sim.ended ?? 'running'),
    hasQuorum: sim.records.quorum.at(-1)?.hasQuorum ?? true,
    ...quorumDetail(sim),
    quorumConfig: { model: q.model, name: quorumModelName(q.model), witness: witnessWords(q), description: describeQuorum(q) },
    nodes,
    vms,
    networks,
    volumes,
    disks,
  };
}

const NONE: readonly string[] = [];

/**
 * What the last snapshot of a simulation handed out, per simulation: objects that read the same
 * in the next snapshot are handed out again rather than copied (a VM that is not moving, a node
 * whose VMs and memory did not change, a node's list of VMs). Snapshots are read-only, so sharing
 * an object between two of them changes nothing a view can see, saves allocating 8,000 VMs' worth
 * of objects a few times a second, and lets a view skip what did not change by reference.
 */
interface SnapshotMemo {
  /** The VMs in file order (the set of VMs never changes during a run). */
  readonly vms: readonly VmRuntime[];
  /** VM name -> index in `vms`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Each VM's last snapshot, indexed like `vms`. */
  readonly lastVms: (VmSnapshot | undefined)[];
  /** Node name -> the names of the VMs it owns, in file order, as of the last snapshot. */
  vmsOnNode: Map<string, readonly string[]>;
  /** Disk name -> the VMs stored on it, in file order (a VM's disk never changes). */
  readonly vmsOnDisk: ReadonlyMap<string, readonly string[]>;
  readonly nodes: Map<string, NodeSnapshot>;
  /** VM name -> its migration's progress as last handed out. */
  migrations: Map<string, MigrationProgress>;
  /** Disk name -> its volume, and each node's access to it, as last handed out. */
  readonly volumes: Map<string, VolumeSnapshot>;
  readonly access: Map<string, readonly NodeAccess[]>;
  /** Network name -> its links as last handed out. */
  readonly links: Map<string, readonly { readonly node: string; readonly up: boolean }[]>;
}

const memos = new WeakMap<SimulationView, SnapshotMemo>();

function memoOf(sim: SimulationView): SnapshotMemo {
  const hit = memos.get(sim);
  if (hit) return hit;
  const vms = [...sim.state.vms.values()];
  const vmsOnDisk = new Map<string, string[]>();
  for (const name of sim.state.disks.keys()) vmsOnDisk.set(name, []);
  for (const vm of vms) vmsOnDisk.get(vm.spec.disk)?.push(vm.spec.name);
  const indexOf = new Map(vms.map((vm, i) => [vm.spec.name, i]));
  const memo: SnapshotMemo = { vms, indexOf, lastVms: new Array<VmSnapshot | undefined>(vms.length), vmsOnNode: new Map(), vmsOnDisk, nodes: new Map(), migrations: new Map(), volumes: new Map(), access: new Map(), links: new Map() };
  memos.set(sim, memo);
  return memo;
}

/** The network's links, the last array handed out while every link reads the same. */
function linksOf(memo: SnapshotMemo, network: string, links: readonly { readonly node: string; readonly up: boolean }[]): readonly { readonly node: string; readonly up: boolean }[] {
  const last = memo.links.get(network);
  if (last !== undefined && last.length === links.length && last.every((l, i) => l.node === links[i].node && l.up === links[i].up)) return last;
  const fresh = links.map((l) => ({ node: l.node, up: l.up }));
  memo.links.set(network, fresh);
  return fresh;
}

/** The last quorum change with its details, if there has been one (the load-time entry has none). */
function quorumDetail(sim: SimulationView): Pick<ClusterSnapshot, 'quorum'> {
  const q = sim.records.quorum.at(-1);
  if (!q || q.nodes === undefined || q.votes === undefined || q.totalVotes === undefined) return {};
  const detail = { at: q.at, nodes: [...q.nodes], votes: q.votes, totalVotes: q.totalVotes, reason: q.reason ?? '' };
  return { quorum: q.witness ? { ...detail, witness: { name: q.witness.name, heldBy: [...q.witness.heldBy] } } : detail };
}

/**
 * `fresh`, or the object last handed out under `key` when it has the same fields with the same
 * values (compared one level deep: a field holding an array or object must be the same one).
 */
function sameAsLast<T extends object>(last: Map<string, T>, key: string, fresh: T): T {
  const before = last.get(key);
  if (before !== undefined && sameFields(before, fresh)) return before;
  last.set(key, fresh);
  return fresh;
}

function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let fields = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    fields++;
  }
  for (const _ in y) fields--;
  return fields === 0;
}

/**
 * Each node's access to the volume, with the disk I/O its VMs get and ask for now (`rates`): the
 * last entry again while it reads the same (compared before the two are merged into a new
 * object), and the last array while every entry does.
 */
function accessOf(memo: SnapshotMemo, disk: string, access: readonly NodeAccess[], rates: (a: NodeAccess) => object): readonly NodeAccess[] {
  const last = memo.access.get(disk);
  const out = new Array<NodeAccess>(access.length);
  let same = last !== undefined && last.length === access.length;
  for (let i = 0; i < access.length; i++) {
    const a = access[i];
    const r = rates(a);
    const before = last?.[i];
    if (before !== undefined && sameMerge(before, a, r)) {
      out[i] = before;
    } else {
      out[i] = { ...a, ...r };
      same = false;
    }
  }
  if (same && last !== undefined) return last;
  memo.access.set(disk, out);
  return out;
}

/** True when `merged` has the fields of `a` and `b` (which share none), with the same values: `{ ...a, ...b }` would read the same. */
function sameMerge(merged: object, a: object, b: object): boolean {
  const m = merged as Record<string, unknown>;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let fields = 0;
  for (const k in x) {
    if (m[k] !== x[k]) return false;
    fields++;
  }
  for (const k in y) {
    if (m[k] !== y[k]) return false;
    fields++;
  }
  for (const _ in m) fields--;
  return fields === 0;
}

/**
 * The node's snapshot: its last one again while it reads the same (its list of VMs included).
 * A field added to NodeSnapshot must be compared here too.
 */
function nodeSnapshot(memo: SnapshotMemo, node: NodeRuntime, vms: readonly string[]): NodeSnapshot {
  const last = memo.nodes.get(node.name);
  if (
    last !== undefined &&
    last.status === node.status &&
    (last.downCause ?? null) === node.downCause &&
    (last.stopping ?? false) === node.stopping &&
    last.used === node.reserved &&
    last.memory === node.spec.memory &&
    last.vms === vms
  ) {
    return last;
  }
  const snap: NodeSnapshot = {
    name: node.name,
    status: node.status,
    ...(node.downCause !== null ? { downCause: node.downCause } : {}),
    ...(node.stopping ? { stopping: true } : {}),
    memory: node.spec.memory,
    used: node.reserved,
    vms,
  };
  memo.nodes.set(node.name, snap);
  return snap;
}

/**
 * The VMs in file order. The node -> VMs lists are brought up to date only where a VM's owner
 * node changed since the last snapshot: the lists it left and joined are rebuilt, the others
 * handed out again.
 */
function snapshotVms(sim: SimulationView, memo: SnapshotMemo, migrations: ReadonlyMap<string, MigrationProgress>): VmSnapshot[] {
  const now = sim.now;
  const { vms: runtimes, lastVms } = memo;
  const health = sim.health;
  // Each moving VM's migration by its index, so the loop below makes no look-up by name for it.
  const migrationAt = new Array<MigrationProgress | undefined>(runtimes.length);
  for (const [name, progress] of migrations) {
    const i = memo.indexOf.get(name);
    if (i !== undefined) migrationAt[i] = progress;
  }
  const out = new Array<VmSnapshot>(runtimes.length);
  const first = memo.vmsOnNode.size === 0;
  /** Indices of the VMs whose owner node changed, and the node each left. */
  const moved: number[] = [];
  const left: string[] = [];
  for (let i = 0; i < runtimes.length; i++) {
    const vm = runtimes[i];
    const last = lastVms[i];
    const name = vm.spec.name;
    const migration = migrationAt[i] ?? null;
    // Only while the VM is in a failover, so a VM that never failed over looks as before.
    const failover = health.failoverOf(name);
    const snap = failover ? { ...vmSnapshot(vm, now, migration, undefined), failover } : vmSnapshot(vm, now, migration, last);
    if (last !== undefined && last.node !== snap.node) {
      moved.push(i);
      left.push(last.node);
    }
    lastVms[i] = snap;
    out[i] = snap;
  }
  if (first) memo.vmsOnNode = nodeLists(sim, out);
  else if (moved.length > 0) relist(memo, out, moved, left);
  return out;
}

/** Node name -> its VMs' names in file order. */
function nodeLists(sim: SimulationView, vms: readonly VmSnapshot[]): Map<string, readonly string[]> {
  const lists = new Map<string, string[]>();
  for (const name of sim.state.nodes.keys()) lists.set(name, []);
  for (const vm of vms) lists.get(vm.node)?.push(vm.name);
  return lists;
}

/** The lists of the nodes that the VMs `moved` (indices in `vms`) left or joined, rebuilt in file order. */
function relist(memo: SnapshotMemo, vms: readonly VmSnapshot[], moved: readonly number[], left: readonly string[]): void {
  const lists = memo.vmsOnNode;
  const index = memo.indexOf;
  const joined = new Map<string, number[]>();
  moved.forEach((i, k) => {
    if (!joined.has(left[k])) joined.set(left[k], []);
    const to = vms[i].node;
    const into = joined.get(to);
    if (into) into.push(i);
    else joined.set(to, [i]);
  });
  for (const [node, arrived] of joined) {
    const old = lists.get(node);
    if (old === undefined) continue;
    const kept: number[] = [];
    for (const name of old) {
      const i = index.get(name);
      if (i !== undefined && vms[i].node === node) kept.push(i);
    }
    const all = kept.concat(arrived).sort((a, b) => a - b);
    lists.set(node, all.map((i) => vms[i].name));
  }
}

/**
 * The VM's snapshot: `last` (its previous one) again when it reads the same field by field (its
 * migration the same object: see migrationProgress), else a new object. A field added to VmSnapshot must be compared here too.
 */
function vmSnapshot(vm: VmRuntime, now: number, migration: MigrationProgress | null, last: VmSnapshot | undefined): VmSnapshot {
  const spec = vm.spec;
  // An outage still going on counts up to now, as in the report.
  const downtime = vm.downtime + (vm.unavailableSince !== null ? now - vm.unavailableSince : 0);
  if (
    last !== undefined &&
    last.migration === migration &&
    last.failover === undefined &&
    last.node === vm.node &&
    last.status === vm.status &&
    last.clientsDisconnected === vm.clientsDisconnected &&
    last.downtime === downtime &&
    (last.isolatedSince ?? null) === vm.isolatedSince
  ) {
    return last;
  }
  return {
    name: spec.name,
    node: vm.node,
    status: vm.status,
    memory: spec.memory,
    disk: spec.disk,
    clients: spec.clients,
    clientsDisconnected: vm.clientsDisconnected,
    downtime,
    migration,
    // Only while isolated, so a VM that never was looks as before.
    ...(vm.isolatedSince !== null ? { isolatedSince: vm.isolatedSince } : {}),
  };
}

/**
 * Each moving VM's migration: live ones pass by pass, quick ones phase by phase, queued requests.
 * One that reads the same as in the last snapshot (a queued request, a migration between two
 * steps) is the same object, so its VM's snapshot can be handed out again too.
 */
function migrationProgress(sim: SimulationView, memo: SnapshotMemo): Map<string, MigrationProgress> {
  const out = new Map<string, MigrationProgress>();
  const manager = sim.migrations;
  const maxPasses = sim.scenario.settings.liveMigration.maxPasses;
  for (const m of manager.inProgress()) {
    const { from, to } = m.record;
    if (m instanceof LiveMigration) {
      const phase = m.phase === 'done' ? 'final' : m.phase;
      out.set(m.vm.name, { type: 'live', from, to, network: m.record.network, phase, pass: m.passIndex, maxPasses, progress: m.transferProgress });
    } else {
      for (const name of m.group) {
        out.set(name, { type: 'quick', from, to, network: null, phase: m.stepOf(name), pass: 0, maxPasses: 0, progress: m.progressOf(name) });
      }
    }
  }
  for (const r of manager.queued()) {
    if (!out.has(r.vm)) out.set(r.vm, { type: r.type, from: r.from, to: r.to, network: r.network, phase: 'queued', pass: 0, maxPasses, progress: 0 });
  }
  const last = memo.migrations;
  for (const [vm, progress] of out) {
    const before = last.get(vm);
    if (before !== undefined && sameProgress(before, progress)) out.set(vm, before);
  }
  memo.migrations = out;
  return out;
}

/** Field by field (a field added to MigrationProgress must be compared here too). */
function sameProgress(a: MigrationProgress, b: MigrationProgress): boolean {
  return (
    a.type === b.type &&
    a.from === b.from &&
    a.to === b.to &&
    a.network === b.network &&
    a.phase === b.phase &&
    a.pass === b.pass &&
    a.maxPasses === b.maxPasses &&
    a.progress === b.progress
  );
}

interface NetworkFlags {
  readonly version: number;
  /** Indexed like `sim.network.networks`. */
  readonly netft: readonly boolean[];
  readonly liveMigration: readonly boolean[];
}

/** The last flags computed per simulation, valid while its topology version is the same. */
const flagCache = new WeakMap<SimulationView, NetworkFlags>();

/**
 * Which networks NetFT routes over, and which live migration would use first (cluster setting,
 * else the default order), between at least one pair of member nodes (up or paused). The same
 * rules as network/order.ts (netftNetwork, liveMigrationOrder), evaluated with per-network
 * bitmaps of usable nodes instead of a sort and a filter per pair.
 */
export function networkFlags(sim: SimulationView, specs: readonly NetworkSpec[]): NetworkFlags {
  const version = sim.topologyVersion;
  const hit = flagCache.get(sim);
  if (hit && hit.version === version && hit.netft.length === specs.length) return hit;

  const members = [...sim.state.nodes.values()].filter((n) => n.status === 'up' || n.status === 'paused').map((n) => n.name);
  const m = members.length;
  const count = specs.length;
  // attached[k][i]: member i is attached to network k; usable[k][i]: and can send on it now.
  const attached: Uint8Array[] = [];
  const usable: Uint8Array[] = [];
  for (const spec of specs) {
    const on = new Set(spec.nodes);
    const up = sim.network.isNetworkUp(spec.name);
    const a = new Uint8Array(m);
    const u = new Uint8Array(m);
    for (let i = 0; i < m; i++) {
      a[i] = on.has(members[i]) ? 1 : 0;
      u[i] = a[i] && up && sim.network.isLinkUp(members[i], spec.name) ? 1 : 0;
    }
    attached.push(a);
    usable.push(u);
  }
  const indices = specs.map((_, k) => k);
  // Stable sorts: equal metrics keep file order, as in order.ts.
  const byMetric = [...indices].sort((x, y) => specs[x].metric - specs[y].metric);
  // Cluster-enabled networks by metric: NetFT's order, and the default live-migration order's networks.
  const clusterByMetric = byMetric.filter((k) => specs[k].role === 'cluster' || specs[k].role === 'clusterAndClient');
  const explicitNames = sim.scenario.settings.liveMigration.networks;
  let explicit: number[] | null = null;
  if (explicitNames !== null) {
    explicit = [];
    for (const name of explicitNames) {
      const k = specs.findIndex((s) => s.name === name);
      if (k >= 0 && !explicit.includes(k)) explicit.push(k);
    }
  }

  const netft = new Array<boolean>(count).fill(false);
  const live = new Array<boolean>(count).fill(false);
  let left = 2 * count;
  const mark = (flags: boolean[], k: number): void => {
    if (k >= 0 && !flags[k]) {
      flags[k] = true;
      left--;
    }
  };
  for (let i = 0; i < m && left > 0; i++) {
    for (let j = i + 1; j < m && left > 0; j++) {
      for (const k of clusterByMetric) {
        if (usable[k][i] && usable[k][j]) {
          mark(netft, k);
          break;
        }
      }
      mark(live, explicit ? firstUsable(explicit, usable, i, j) : defaultLiveMigration(clusterByMetric, attached, usable, i, j));
    }
  }
  const flags: NetworkFlags = { version, netft, liveMigration: live };
  flagCache.set(sim, flags);
  return flags;
}

/** The first network of `order` that both nodes can use now, or -1. (Usable implies attached.) */
function firstUsable(order: readonly number[], usable: readonly Uint8Array[], i: number, j: number): number {
  for (const k of order) if (usable[k][i] && usable[k][j]) return k;
  return -1;
}

/**
 * The default live-migration order between two nodes: the cluster-enabled networks both are
 * attached to (`clusterByMetric`), by metric, with the lowest-metric one moved to the end; the
 * first usable one, or -1.
 */
function defaultLiveMigration(clusterByMetric: readonly number[], attached: readonly Uint8Array[], usable: readonly Uint8Array[], i: number, j: number): number {
  let lowest = -1;
  for (const k of clusterByMetric) {
    if (!attached[k][i] || !attached[k][j]) continue;
    if (lowest < 0) {
      lowest = k;
      continue;
    }
    if (usable[k][i] && usable[k][j]) return k;
  }
  return lowest >= 0 && usable[lowest][i] && usable[lowest][j] ? lowest : -1;
}
