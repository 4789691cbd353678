/**
 * Builds a {@link ClusterSnapshot} from a simulation: what views read. Pure: it changes nothing
 * in the simulation (reading a flow's progress is exact and free), so two snapshots at the same
 * simulated time are deep-equal.
 *
 * Cost, for 64 nodes and 8,000 VMs: one pass over the VMs (node -> VMs and disk -> VMs lists are
 * built in that pass, never a VM x node loop), one utilisation read per network, and the NetFT /
 * live-migration flags, which depend only on what is up: they are computed over every pair of
 * member nodes (2,016 pairs for 64 nodes) only when the simulation's topology version changed
 * since the last snapshot, and cached against it otherwise.
 */
import { LiveMigration } from './migration/liveMigration';
import type { VmRuntime } from './model/clusterState';
import { witnessDiskOf, type NetworkSpec } from './scenario/model';
import { describeQuorum, quorumModelName, witnessWords } from './scenario/quorumWords';
import type { SimulationView } from './simulation/simulationView';
import type {
  ClusterSnapshot,
  DiskSnapshot,
  MigrationProgress,
  NetworkSnapshot,
  NodeSnapshot,
  VmSnapshot,
  VolumeSnapshot,
} from './snapshot';

export function takeSnapshot(sim: SimulationView): ClusterSnapshot {
  const { state, scenario } = sim;
  const now = sim.now;
  const migrations = migrationProgress(sim);

  // One pass over the VMs: their snapshots and the node -> VMs and disk -> VMs lists.
  const vmsOnNode = new Map<string, string[]>();
  for (const name of state.nodes.keys()) vmsOnNode.set(name, []);
  const vmsOnDisk = new Map<string, string[]>();
  for (const name of state.disks.keys()) vmsOnDisk.set(name, []);
  const vms = snapshotVms(sim, migrations, vmsOnNode, vmsOnDisk);

  const nodes: NodeSnapshot[] = [];
  for (const node of state.nodes.values()) {
    nodes.push({
      name: node.name,
      status: node.status,
      ...(node.downCause !== null ? { downCause: node.downCause } : {}),
      ...(node.stopping ? { stopping: true } : {}),
      memory: node.spec.memory,
      used: node.reserved,
      vms: vmsOnNode.get(node.name) ?? [],
    });
  }

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
      links: use.links.map((l) => ({ node: l.node, up: l.up })),
      traffic: { ...use.byTag },
    };
  });

  const tracker = sim.csvAccess;
  const storage = sim.storage;
  const volumes: VolumeSnapshot[] = sim.records.volumes.map((v) => ({
    disk: v.disk,
    path: v.path,
    coordinator: v.coordinator,
    online: state.disk(v.disk).online,
    maintenance: tracker.inMaintenance(v.disk),
    redirectedAccess: tracker.inRedirectedAccess(v.disk),
    // Each node's access, with the disk I/O its VMs get and ask for now.
    access: tracker.access(v.disk).map((a) => ({ ...a, ...storage.rates(v.disk, a.node) })),
  }));

  const q = scenario.settings.quorum;
  const witnessDisk = witnessDiskOf(q);
  const disks: DiskSnapshot[] = [];
  for (const disk of state.disks.values()) {
    if (disk.spec.csv) continue;
    const snap: DiskSnapshot = { name: disk.name, owner: disk.owner, online: disk.online, role: disk.spec.role, vms: vmsOnDisk.get(disk.name) ?? [] };
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

/** The last quorum change with its details, if there has been one (the load-time entry has none). */
function quorumDetail(sim: SimulationView): Pick<ClusterSnapshot, 'quorum'> {
  const q = sim.records.quorum.at(-1);
  if (!q || q.nodes === undefined || q.votes === undefined || q.totalVotes === undefined) return {};
  const detail = { at: q.at, nodes: [...q.nodes], votes: q.votes, totalVotes: q.totalVotes, reason: q.reason ?? '' };
  return { quorum: q.witness ? { ...detail, witness: { name: q.witness.name, heldBy: [...q.witness.heldBy] } } : detail };
}

/** The VMs in file order; fills the node -> VMs and disk -> VMs lists on the way. */
function snapshotVms(
  sim: SimulationView,
  migrations: ReadonlyMap<string, MigrationProgress>,
  vmsOnNode: Map<string, string[]>,
  vmsOnDisk: Map<string, string[]>,
): VmSnapshot[] {
  const now = sim.now;
  const out: VmSnapshot[] = [];
  for (const vm of sim.state.vms.values()) {
    const spec = vm.spec;
    vmsOnNode.get(vm.node)?.push(spec.name);
    vmsOnDisk.get(spec.disk)?.push(spec.name);
    const snap = vmSnapshot(vm, now, migrations.get(spec.name) ?? null);
    // Only while the VM is in a failover, so a VM that never failed over looks as before.
    const failover = sim.health.failoverOf(spec.name);
    out.push(failover ? { ...snap, failover } : snap);
  }
  return out;
}

/**
 * Each VM's last snapshot. A VM that is not moving reads the same from one snapshot to the next
 * most of the time (8,000 of them, a few times a second): its previous object, equal field by
 * field, is handed out again rather than a copy. Snapshots are read-only, so sharing an object
 * between two of them changes nothing a view can see, and lets a view skip it by reference.
 */
const lastVmSnapshot = new WeakMap<VmRuntime, VmSnapshot>();

function vmSnapshot(vm: VmRuntime, now: number, migration: MigrationProgress | null): VmSnapshot {
  const spec = vm.spec;
  // An outage still going on counts up to now, as in the report.
  const downtime = vm.downtime + (vm.unavailableSince !== null ? now - vm.unavailableSince : 0);
  if (migration === null) {
    const last = lastVmSnapshot.get(vm);
    if (
      last !== undefined &&
      last.migration === null &&
      last.node === vm.node &&
      last.status === vm.status &&
      last.clientsDisconnected === vm.clientsDisconnected &&
      last.downtime === downtime &&
      (last.isolatedSince ?? null) === vm.isolatedSince
    ) {
      return last;
    }
  }
  const snap: VmSnapshot = {
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
  lastVmSnapshot.set(vm, snap);
  return snap;
}

/** Each moving VM's migration: live ones pass by pass, quick ones phase by phase, queued requests. */
function migrationProgress(sim: SimulationView): Map<string, MigrationProgress> {
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
  return out;
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
