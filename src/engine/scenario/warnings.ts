/**
 * Cluster-validation warnings, in the spirit of Failover Cluster Manager's "Validate a
 * Configuration" report and the article's advice: the scenario is valid, but the cluster it
 * describes has a weakness worth knowing about. One `code` per kind of finding.
 *
 * Robust against scenarios that also have semantic errors: unknown names are skipped here.
 */
import type { Diagnostic } from './diagnostics';
import { FABRIC, type JsonPath, type NetworkSpec, type NodeSpec, type Scenario, type VmSpec } from './model';
import { byMetric, isAttached, isClusterEnabled } from '../network/order';
import { PairOrders } from './pairOrders';
import { formatBitRate, formatBytes } from '../../format/quantities';
import { quorumFitWarnings } from './quorumWarnings';
import { quoteList } from './semantic';
import { windows2008r2Warnings } from './windows2008r2Warnings';

/** 1 Gbps in bytes per second: the article asks for "a gigabit or higher dedicated switch". */
const GIGABIT: number = 1e9 / 8;

export function clusterWarnings(s: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (code: string, path: JsonPath, message: string, hint?: string): void => {
    out.push(hint === undefined ? { severity: 'warning', code, path, message } : { severity: 'warning', code, path, message, hint });
  };
  const w: Ctx = { s, warn, nodeNames: uniqueNodeNames(s), orders: new PairOrders(s.networks), ownerSets: new WeakMap() };
  clusterNetworks(w);
  liveMigrationNetworks(w);
  sharedClassicDisks(w);
  failoverMemory(w);
  quorum(w);
  preferredOwnersStorage(w);
  possibleOwners(w);
  failbackWithoutOwners(w);
  // 2008 R2's limits and the features of later versions: their own module.
  out.push(...windows2008r2Warnings(s));
  return out;
}

interface Ctx {
  readonly s: Scenario;
  readonly warn: (code: string, path: JsonPath, message: string, hint?: string) => void;
  /** Node names, each once, in file order. */
  readonly nodeNames: readonly string[];
  /** The network orders between pairs of nodes, each worked out once. */
  readonly orders: PairOrders;
  /** Each list of possible owners as a set, made once per list (most VMs share the default one). */
  readonly ownerSets: WeakMap<readonly string[], ReadonlySet<string>>;
}

function ownerSet(w: Ctx, vm: VmSpec): ReadonlySet<string> {
  let set = w.ownerSets.get(vm.possibleOwners);
  if (!set) w.ownerSets.set(vm.possibleOwners, (set = new Set(vm.possibleOwners)));
  return set;
}

function uniqueNodeNames(s: Scenario): string[] {
  return [...new Set(s.nodes.map((n) => n.name))];
}

function pairsOf(names: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([names[i]!, names[j]!]);
  return pairs;
}

/** "between HV01 and HV02", "between HV01 and HV02 and 2 other pairs of nodes", "between every pair of nodes". */
function describePairs(pairs: ReadonlyArray<readonly [string, string]>, all: number): string {
  const [a, b] = pairs[0]!;
  if (pairs.length === all && all > 1) return 'between every pair of nodes';
  if (pairs.length === 1) return `between ${a} and ${b}`;
  return `between ${a} and ${b} and ${pairs.length - 1} other pair${pairs.length > 2 ? 's' : ''} of nodes`;
}

/** Groups items by a key, keeping first-seen order of keys. */
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Cluster communication (NetFT)

function clusterNetworks(w: Ctx): void {
  const { s } = w;
  if (w.nodeNames.length < 2) return; // heartbeats only matter between nodes
  const enabled = s.networks.filter(isClusterEnabled);
  if (enabled.length === 0) {
    w.warn(
      'no-cluster-network',
      ['networks'],
      'no network is enabled for cluster use: the nodes cannot exchange heartbeats, CSV metadata or redirected I/O',
      'at least one network with "role": "cluster" (dedicated to cluster communication) or "clusterAndClient"',
    );
    return;
  }
  if (enabled.length === 1) {
    const only = enabled[0]!;
    w.warn(
      'single-cluster-network',
      [...only.path, 'role'],
      `${JSON.stringify(only.name)} is the only network the cluster can use for its communication: heartbeats, CSV metadata and redirected I/O have no other route, so losing it (one cable, one switch) partitions the cluster`,
      'a second network with "role": "cluster" or "clusterAndClient"',
    );
  } else {
    // Several cluster networks, but some pairs of nodes may share only one (or none).
    const pairs = pairsOf(w.nodeNames);
    const routes = pairs.map((p) => ({ p, nets: w.orders.netftOrder(p[0], p[1]) }));
    const none = routes.filter((r) => r.nets.length === 0).map((r) => r.p);
    if (none.length) {
      w.warn(
        'no-cluster-network',
        ['networks'],
        `no cluster network is shared ${describePairs(none, pairs.length)}: those nodes cannot exchange heartbeats and will partition`,
        `a network with "role": "cluster" or "clusterAndClient" attached to both (its "nodes" list)`,
      );
    }
    const single = routes.filter((r) => r.nets.length === 1);
    for (const [net, rs] of groupBy(single, (r) => r.nets[0]!)) {
      w.warn(
        'single-cluster-network',
        [...net.path, 'nodes'],
        `${JSON.stringify(net.name)} is the only cluster network ${describePairs(rs.map((r) => r.p), pairs.length)}: their heartbeats have no other route`,
        'both nodes attached to a second network with "role": "cluster" or "clusterAndClient"',
      );
    }
  }

  // The article: "a dedicated network just for cluster communications ... gigabit or higher".
  const dedicated = enabled.filter((n) => n.role === 'cluster');
  if (dedicated.length === 0) {
    w.warn(
      'no-dedicated-cluster-network',
      [...enabled[0]!.path, 'role'],
      `no network is dedicated to cluster communication: heartbeats, CSV metadata and redirected I/O share ${quoteList(enabled.map((n) => n.name), 3)} with client traffic`,
      'a network with "role": "cluster" on its own gigabit (or faster) switch',
    );
  }
  for (const n of dedicated) {
    if (n.bandwidth >= GIGABIT) continue;
    w.warn(
      'slow-cluster-network',
      [...n.path, 'bandwidth'],
      `cluster network ${JSON.stringify(n.name)} runs at ${formatBitRate(n.bandwidth)}: redirected I/O and live migration need gigabit or faster`,
      'a bandwidth of at least "1Gbps"',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Live migration networks

/** The names of the disks whose storage path is this network (iSCSI). */
function storageOf(s: Scenario, net: NetworkSpec): string[] {
  return s.disks.filter((d) => d.storagePath === net.name).map((d) => d.name);
}

/**
 * A live-migration order to suggest: the cluster-enabled networks that carry no storage, by
 * metric, with the one NetFT prefers moved to the end (so heartbeats and live migration part).
 */
function suggestedOrder(s: Scenario): string[] {
  const ok = byMetric(s.networks.filter((n) => isClusterEnabled(n) && storageOf(s, n).length === 0));
  if (ok.length > 1) ok.push(ok.shift()!);
  return ok.map((n) => n.name);
}

interface LmContext {
  /** "the cluster's" or `VM "SQL01"'s` */
  readonly whose: string;
  readonly explicit: readonly string[] | null;
  /** Where to point for a given first network. */
  readonly pathFor: (net: NetworkSpec) => JsonPath;
  /** Where to point when no network is usable at all. */
  readonly listPath: JsonPath;
  /** What to write instead, given an example order (or '' when there is none worth showing). */
  readonly fix: (example: string) => string;
}

function liveMigrationNetworks(w: Ctx): void {
  const { s } = w;
  const pairs = pairsOf(w.nodeNames);
  if (pairs.length === 0) return;
  const suggestion = suggestedOrder(s);
  const asList = `[${suggestion.map((n) => JSON.stringify(n)).join(', ')}]`;
  /** Any order avoiding storage networks will do for the storage warning... */
  const exampleAvoidingStorage = suggestion.length ? `, e.g. ${asList}` : '';
  /** ...but only one that starts elsewhere than NetFT's network for the NetFT warning. */
  const exampleAvoidingNetft = suggestion.length > 1 ? `, e.g. ${asList}` : '';

  const contexts: LmContext[] = [];
  const clusterList = s.settings.liveMigration.networks;
  contexts.push({
    whose: clusterList === null ? "the cluster's default" : "the cluster's",
    explicit: clusterList,
    pathFor: (net) =>
      clusterList === null ? net.path : ['settings', 'liveMigration', 'networks', Math.max(0, clusterList.indexOf(net.name))],
    listPath: clusterList === null ? ['networks'] : ['settings', 'liveMigration', 'networks'],
    fix: (example) =>
      `"settings": { "liveMigration": { "networks": [...] } } listing the networks live migration should use, in order${example}`,
  });
  for (const vm of s.vms) {
    const list = vm.liveMigrationNetworks;
    if (list === null) continue;
    contexts.push({
      whose: `VM ${JSON.stringify(vm.name)}'s`,
      explicit: list,
      pathFor: (net) => [...vm.path, 'liveMigrationNetworks', Math.max(0, list.indexOf(net.name))],
      listPath: [...vm.path, 'liveMigrationNetworks'],
      fix: (example) => `a "liveMigrationNetworks" order for ${vm.name} that starts with another network${example}`,
    });
  }

  for (const ctx of contexts) {
    const firsts = pairs.map((p) => ({ p, first: w.orders.liveMigrationOrder(p[0], p[1], ctx.explicit)[0] ?? null }));

    const noNet = firsts.filter((f) => f.first === null).map((f) => f.p);
    if (noNet.length) {
      w.warn(
        'no-live-migration-network',
        ctx.listPath,
        `${ctx.whose} live migration has no network ${describePairs(noNet, pairs.length)}: a live migration there cannot start`,
        ctx.explicit === null
          ? 'a network enabled for cluster use ("role": "cluster" or "clusterAndClient") both nodes are attached to'
          : `a list that includes a network both nodes are attached to${exampleAvoidingStorage}`,
      );
    }

    // A list may name a network the cluster does not use (role none); the default order never does.
    if (ctx.explicit !== null) notForClusterInList(w, ctx, pairs, exampleAvoidingStorage);

    const withFirst = firsts.filter((f): f is { p: [string, string]; first: NetworkSpec } => f.first !== null);
    for (const [net, fs] of groupBy(withFirst, (f) => f.first)) {
      const storage = storageOf(s, net);
      // A role-none network first is told apart above (it is only ever there because a list put it there).
      if (storage.length && isClusterEnabled(net)) {
        const why =
          ctx.explicit === null
            ? `it carries the storage traffic of ${quoteList(storage, 3)} and is enabled for cluster use, so 2008 R2 orders it by its metric like any cluster network and a migration competes with the VMs' disk I/O`
            : `it carries the storage traffic of ${quoteList(storage, 3)}, so a migration competes with the VMs' disk I/O`;
        w.warn(
          'live-migration-over-storage',
          ctx.pathFor(net),
          `${ctx.whose} live migration order uses ${JSON.stringify(net.name)} first ${describePairs(fs.map((f) => f.p), pairs.length)}: ${why}. As the article warns, "it's quite possible Live Migration may choose a network you did not want used for cluster traffic, such as the iSCSI network!"`,
          ctx.explicit === null
            ? `"role": "none" for ${JSON.stringify(net.name)} (Do not allow cluster network communication on this network), or ${ctx.fix(exampleAvoidingStorage)}`
            : ctx.fix(exampleAvoidingStorage),
        );
      }
      // The default order puts NetFT's network last, so it comes first only where it is the one
      // cluster network two nodes share: 2008 R2 does the same, and single-cluster-network says so.
      if (ctx.explicit === null) continue;
      const sameAsNetft = fs.filter((f) => w.orders.netftNetwork(f.p[0], f.p[1]) === net).map((f) => f.p);
      if (sameAsNetft.length) {
        w.warn(
          'netft-and-live-migration-same-network',
          ctx.pathFor(net),
          `${ctx.whose} live migration order uses ${JSON.stringify(net.name)} first ${describePairs(sameAsNetft, pairs.length)}, the network NetFT uses for heartbeats, CSV metadata and redirected I/O there: a live migration can saturate it and delay them (2008 R2 keeps them apart by default for that reason)`,
          ctx.fix(exampleAvoidingNetft),
        );
      }
    }
  }
}

/**
 * An explicit live-migration list that names a network with role `none`: allowed (2008 R2's
 * Network for live migration tab can list it), but the cluster does not otherwise use that
 * network, and it usually carries storage. One warning per list entry, at that entry.
 */
function notForClusterInList(w: Ctx, ctx: LmContext, pairs: ReadonlyArray<readonly [string, string]>, example: string): void {
  const { s } = w;
  const list = ctx.explicit ?? [];
  for (const name of list) {
    const net = s.networks.find((n) => n.name === name);
    if (!net || net.role !== 'none') continue;
    const firstFor = pairs.filter((p) => w.orders.liveMigrationOrder(p[0], p[1], list)[0] === net);
    const usedFor = pairs.filter((p) => w.orders.liveMigrationOrder(p[0], p[1], list).includes(net));
    if (usedFor.length === 0) continue; // no pair of nodes shares it: the list entry is skipped everywhere
    const storage = storageOf(s, net);
    const when = firstFor.length
      ? `live migration uses it first ${describePairs(firstFor, pairs.length)}`
      : `live migration falls back to it ${describePairs(usedFor, pairs.length)} when the networks listed before it are down`;
    const competes = storage.length
      ? `it carries the storage traffic of ${quoteList(storage, 3)}, so a migration there competes with the VMs' disk I/O and the quick migrations' saves and restores`
      : 'whatever else it carries (backups, storage) competes with the migration';
    w.warn(
      'live-migration-network-not-for-cluster',
      ctx.pathFor(net),
      `${ctx.whose} live migration order lists ${JSON.stringify(net.name)}, a network not enabled for cluster use (role "none", typically iSCSI): ${when}, as the list says; ${competes}. Without a list, live migration would keep off it`,
      `the list without ${JSON.stringify(net.name)}${example}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Storage

function sharedClassicDisks(w: Ctx): void {
  for (const disk of w.s.disks) {
    if (disk.csv) continue;
    const on = w.s.vms.filter((v) => v.disk === disk.name);
    if (on.length < 2) continue;
    w.warn(
      'vms-share-classic-disk',
      disk.path,
      `VMs ${quoteList(on.map((v) => v.name))} share the classic cluster disk ${JSON.stringify(disk.name)}: a quick migration or failover moves the whole LUN, so they cannot move independently; moving one takes the others along`,
      `one VM per classic disk, or "csv": true to make ${JSON.stringify(disk.name)} a Cluster Shared Volume`,
    );
  }
}

function preferredOwnersStorage(w: Ctx): void {
  const { s } = w;
  for (const vm of s.vms) {
    const disk = s.disks.find((d) => d.name === vm.disk);
    if (!disk || disk.storagePath === null || disk.storagePath === FABRIC) continue;
    const net = s.networks.find((n) => n.name === disk.storagePath);
    if (!net) continue;
    vm.preferredOwners.forEach((node, i) => {
      if (node === vm.owner || !w.nodeNames.includes(node) || isAttached(net, node)) return;
      const consequence = disk.csv
        ? `the VM would run there in redirected access, all its disk I/O over the cluster network`
        : `the disk cannot come online there, so failover to it fails`;
      w.warn(
        'preferred-owner-not-on-storage-path',
        [...vm.path, 'preferredOwners', i],
        `${node}, a preferred owner of VM ${JSON.stringify(vm.name)}, is not attached to ${JSON.stringify(net.name)}, the storage path of ${JSON.stringify(disk.name)}: ${consequence}`,
        `preferred owners attached to ${JSON.stringify(net.name)} (${quoteList(net.nodes, 4)}), or ${node} added to the nodes of ${JSON.stringify(net.name)}`,
      );
    });
  }
}

/** Failback allowed for a VM with no preferred owners: AutoFailbackType 1 "requires a preferred owners list". */
function failbackWithoutOwners(w: Ctx): void {
  for (const vm of w.s.vms) {
    if (vm.failback.kind === 'prevent' || vm.preferredOwners.length > 0) continue;
    w.warn(
      'failback-without-preferred-owners',
      [...vm.path, 'failback'],
      `failback is allowed for VM ${JSON.stringify(vm.name)} (${vm.failback.kind === 'window' ? 'within a window' : 'immediately'}) but it lists no preferredOwners: 2008 R2 fails a group back only to a preferred owner ("requires a preferred owners list"), so it never fails back`,
      `"preferredOwners" for ${JSON.stringify(vm.name)} (its most preferred node first), or "failback": "prevent"`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Possible owners

/**
 * A preferred owner that is not a possible owner is allowed by 2008 R2 (preferred owners are the
 * group's, possible owners its resource's) but never used: the VM never goes there. And a VM whose
 * only possible owner is its owner can never fail over.
 */
function possibleOwners(w: Ctx): void {
  const { s } = w;
  for (const vm of s.vms) {
    if (!w.nodeNames.includes(vm.owner)) continue;
    vm.preferredOwners.forEach((node, i) => {
      if (vm.possibleOwners.includes(node) || !w.nodeNames.includes(node)) return;
      w.warn(
        'preferred-owner-not-possible-owner',
        [...vm.path, 'preferredOwners', i],
        `${node}, a preferred owner of VM ${JSON.stringify(vm.name)}, is not one of its possible owners: the cluster never places it there, so this preference is never used`,
        `adding ${node} to "possibleOwners" (${quoteList(vm.possibleOwners, 4)}), or removing it from "preferredOwners"`,
      );
    });
    if (w.nodeNames.length > 1 && vm.possibleOwners.every((n) => n === vm.owner)) {
      w.warn(
        'no-failover-node',
        [...vm.path, 'possibleOwners'],
        `VM ${JSON.stringify(vm.name)} has ${vm.owner} as its only possible owner: if ${vm.owner} fails, the VM stays failed until it is back, and it can never be migrated`,
        `adding at least one more node to "possibleOwners"`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Failover capacity

/**
 * For each node, can the other nodes restart its running VMs after it fails? First-fit decreasing
 * into the other nodes' free memory (other nodes in file order; larger VMs first, ties file order),
 * each VM only on its possible owners. A VM with no other possible owner is left to
 * `no-failover-node` (possibleOwners below).
 */
function failoverMemory(w: Ctx): void {
  const { s } = w;
  const nodes: NodeSpec[] = w.nodeNames.map((n) => s.nodes.find((x) => x.name === n)!);
  if (nodes.length < 2) return;
  const running = s.vms.filter((v) => v.state === 'running' && w.nodeNames.includes(v.owner));
  const used = new Map<string, number>();
  for (const v of running) used.set(v.owner, (used.get(v.owner) ?? 0) + v.memory);
  // Each node's running VMs in file order, found in one pass (not one pass over every VM per node).
  const runningOn = groupBy(running, (v) => v.owner);

  for (const node of nodes) {
    const others = nodes.filter((n) => n !== node);
    const mine = (runningOn.get(node.name) ?? []).filter((v) => others.some((n) => ownerSet(w, v).has(n.name)));
    if (mine.length === 0) continue;
    const free = others.map((n) => Math.max(0, n.memory - (used.get(n.name) ?? 0)));
    const totalFree = free.reduce((a, b) => a + b, 0);
    const unplaced: VmSpec[] = [];
    const decreasing = [...mine].sort((a, b) => b.memory - a.memory);
    for (const vm of decreasing) {
      const owners = ownerSet(w, vm);
      const i = free.findIndex((f, j) => f >= vm.memory && owners.has(others[j]!.name));
      if (i < 0) unplaced.push(vm);
      else free[i]! -= vm.memory;
    }
    if (unplaced.length === 0) continue;
    const need = mine.reduce((a, v) => a + v.memory, 0);
    const shortfall = unplaced.reduce((a, v) => a + v.memory, 0);
    const restricted = unplaced.some((v) => others.some((n) => !ownerSet(w, v).has(n.name)));
    const why =
      totalFree >= need
        ? `the other nodes have ${formatBytes(totalFree)} free in all, but not in pieces large enough${restricted ? ' on their possible owners' : ''}`
        : `the other nodes have only ${formatBytes(totalFree)} free`;
    w.warn(
      'insufficient-failover-memory',
      node.path,
      `if ${node.name} fails, ${formatBytes(shortfall)} of its running VMs cannot restart elsewhere (${unplaced.map((v) => `${v.name} ${formatBytes(v.memory)}`).join(', ')}): they need ${formatBytes(need)} and ${why}`,
      `at least ${formatBytes(shortfall)} more free memory on the other nodes, or less memory given to the VMs on ${node.name}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Quorum

function quorum(w: Ctx): void {
  // The quorum's fit (its model against the number of nodes, the witness and its network) has its
  // own module: quorumWarnings.ts.
  const found: Diagnostic[] = [];
  quorumFitWarnings(w.s, found, w.nodeNames);
  for (const d of found) w.warn(d.code, d.path, d.message, d.hint);
}
