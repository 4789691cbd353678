/**
 * Semantic checks: what JSON Schema cannot see. Names that must be unique or must exist, memory and
 * VHDs that must fit, storage paths, the quorum witness, and timeline actions that can be judged
 * before running (time order, a migration to the node the VM is already on, CSV-only actions on a
 * classic disk, a link that is not there). Every diagnostic is an error with a JSON path, a message
 * that names the thing, and a hint that reads after "Expected ...".
 */
import { formatPath, type Diagnostic } from './diagnostics';
import {
  FABRIC,
  type Action,
  type DiskSpec,
  type JsonPath,
  type NetworkSpec,
  type NodeSpec,
  type Scenario,
  type TimelineEntry,
  type VmSpec,
} from './model';
import { isAttached } from '../network/order';
import { formatBytes } from '../../format/quantities';
import { formatTimeForScenario } from '../../format/scenarioNotation';
import { didYouMean } from './suggest';

// ---------------------------------------------------------------------------------------------
// Small helpers shared with warnings.ts

/** `"HV01", "HV02", "HV03"`; more than `max` names end in `, ... (12 in all)`. */
export function quoteList(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  return names.length > max ? `${shown.join(', ')}, ... (${names.length} in all)` : shown.join(', ');
}

/**
 * The valid name the user most likely meant: the shared did-you-mean (case-only slip, else a
 * small edit distance), else the only name that contains it or is contained in it
 * ("Disk 1" -> "Cluster Disk 1").
 */
function closestName(wrong: string, valid: readonly string[]): string | null {
  const close = didYouMean(wrong, valid);
  if (close !== undefined) return close;
  const w = wrong.toLowerCase().trim();
  if (w.length < 2) return null;
  const containing = valid.filter((v) => v.toLowerCase().includes(w) || w.includes(v.toLowerCase()));
  return containing.length === 1 ? containing[0]! : null;
}

/** Hint for a name that is not one of `valid`: a few valid names and a did-you-mean when close. */
function nameHint(kind: string, wrong: string, valid: readonly string[]): string {
  if (valid.length === 0) return `a ${kind} name, but the scenario defines none`;
  const close = closestName(wrong, valid);
  if (close === null) return `a ${kind} name: ${quoteList(valid)}`;
  const others = valid.filter((v) => v !== close);
  return others.length === 0
    ? `${JSON.stringify(close)} (did you mean it?)`
    : `${JSON.stringify(close)} (did you mean it?) or another ${kind} name: ${quoteList(others, 5)}`;
}

function at(path: JsonPath, ...more: Array<string | number>): JsonPath {
  return [...path, ...more];
}

// ---------------------------------------------------------------------------------------------

type Kind = 'node' | 'network' | 'disk' | 'VM';

interface Named {
  readonly name: string;
  readonly path: JsonPath;
}

/** The entities of one kind by name (first occurrence wins when names repeat). */
class Registry<T extends Named> {
  readonly byName = new Map<string, T>();
  /** Each name once, in file order. */
  readonly names: string[];
  /** Names defined more than once (reported as duplicate-name). */
  readonly repeated = new Set<string>();
  /**
   * Lists of names already checked and found clean (every name once and known). The scenario's
   * lists are never changed, and normalize.ts gives every VM without its own possible owners the
   * same list of all nodes: 8,000 VMs, one check instead of 8,000 of 64 names each.
   */
  readonly clean = new WeakSet<readonly string[]>();

  constructor(readonly kind: Kind, items: readonly T[]) {
    for (const it of items) {
      if (this.byName.has(it.name)) this.repeated.add(it.name);
      else this.byName.set(it.name, it);
    }
    this.names = [...this.byName.keys()];
  }

  get(name: string): T | undefined {
    return this.byName.get(name);
  }
}

class Checker {
  readonly out: Diagnostic[] = [];
  readonly nodes: Registry<NodeSpec>;
  readonly networks: Registry<NetworkSpec>;
  readonly disks: Registry<DiskSpec>;
  readonly vms: Registry<VmSpec>;

  constructor(readonly s: Scenario) {
    this.nodes = new Registry('node', s.nodes);
    this.networks = new Registry('network', s.networks);
    this.disks = new Registry('disk', s.disks);
    this.vms = new Registry('VM', s.vms);
  }

  error(code: string, path: JsonPath, message: string, hint?: string): void {
    this.out.push(hint === undefined ? { severity: 'error', code, path, message } : { severity: 'error', code, path, message, hint });
  }

  /** Looks a name up; reports `unknown-name` and returns undefined when there is no such entity. */
  ref<T extends Named>(reg: Registry<T>, name: string, path: JsonPath, role: string): T | undefined {
    const found = reg.get(name);
    if (!found) {
      this.error(
        'unknown-name',
        path,
        `unknown ${reg.kind} ${JSON.stringify(name)} (${role}): there is no ${reg.kind} of that name`,
        nameHint(reg.kind, name, reg.names),
      );
    }
    return found;
  }

  /** A list of names that should each appear once. */
  refList<T extends Named>(reg: Registry<T>, names: readonly string[], path: JsonPath, role: string): void {
    // Whether a list is clean depends on its names only: the path and role only word the errors.
    if (reg.clean.has(names)) return;
    const before = this.out.length;
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const first = seen.get(name);
      // A list defaulted to "every node" repeats a node defined twice: that is the duplicate-name error.
      if (first !== undefined && !reg.repeated.has(name)) {
        this.error(
          'duplicate-in-list',
          at(path, i),
          `${reg.kind} ${JSON.stringify(name)} appears twice in the ${role} (first at ${formatPath(at(path, first))})`,
          `each ${reg.kind} at most once`,
        );
        return;
      }
      if (first !== undefined) return;
      seen.set(name, i);
      // The path is made only for an error (a list of 64 nodes on each of 8,000 VMs is 512,000 names).
      if (!reg.get(name)) this.ref(reg, name, at(path, i), role);
    });
    if (this.out.length === before) reg.clean.add(names);
  }
}

// ---------------------------------------------------------------------------------------------

/** Semantic errors of a loaded scenario, in the order of the checks (roughly file order). */
export function checkSemantics(s: Scenario): Diagnostic[] {
  const c = new Checker(s);
  checkDuplicates(c);
  checkNetworks(c);
  checkDisks(c);
  checkVms(c);
  checkMemory(c);
  checkStorage(c);
  checkQuorum(c);
  checkTimeline(c);
  checkExpectations(c);
  return c.out;
}

const PLURAL: Record<Kind, string> = { node: 'nodes', network: 'networks', disk: 'disks', VM: 'VMs' };

function checkDuplicates(c: Checker): void {
  const kinds: Array<[Kind, readonly Named[]]> = [
    ['node', c.s.nodes],
    ['network', c.s.networks],
    ['disk', c.s.disks],
    ['VM', c.s.vms],
  ];
  for (const [kind, items] of kinds) {
    // Cluster names are case-insensitive: HV01 and hv01 are the same node to Windows.
    const first = new Map<string, Named>();
    for (const it of items) {
      const key = it.name.toLowerCase();
      const prev = first.get(key);
      if (!prev) {
        first.set(key, it);
        continue;
      }
      const same = prev.name === it.name ? 'the same name' : `the name ${JSON.stringify(prev.name)} (names are not case-sensitive)`;
      c.error(
        'duplicate-name',
        at(it.path, 'name'),
        `duplicate ${kind} name ${JSON.stringify(it.name)}: the ${kind} at ${formatPath(prev.path)} already has ${same}`,
        `a name no other ${kind} has (${PLURAL[kind]} so far: ${quoteList([...first.values()].map((x) => x.name))})`,
      );
    }
  }
}

function checkNetworks(c: Checker): void {
  for (const net of c.s.networks) {
    if (net.name.toLowerCase() === FABRIC) {
      c.error(
        'reserved-name',
        at(net.path, 'name'),
        `a network cannot be named ${JSON.stringify(net.name)}: a disk's "path": "${FABRIC}" means Fibre Channel/SAS, not a network`,
        `another network name, e.g. "iSCSI"`,
      );
    }
    c.refList(c.nodes, net.nodes, at(net.path, 'nodes'), `nodes attached to network ${JSON.stringify(net.name)}`);
  }
}

function checkDisks(c: Checker): void {
  for (const disk of c.s.disks) {
    const label = `disk ${JSON.stringify(disk.name)}`;
    if (disk.storagePath !== null && disk.storagePath !== FABRIC && !c.networks.get(disk.storagePath)) {
      c.error(
        'unknown-name',
        at(disk.path, 'path'),
        `unknown network ${JSON.stringify(disk.storagePath)} (storage path of ${label}): there is no network of that name`,
        nameHint('network', disk.storagePath, [...c.networks.names, FABRIC]),
      );
    }
    if (disk.csv && disk.storagePath === null) {
      c.error(
        'csv-without-path',
        disk.path,
        `${label} is a Cluster Shared Volume but has no storage path: every node needs a way to reach it for direct I/O`,
        `"path": the network that carries its storage traffic (${quoteList(c.networks.names.length ? c.networks.names : ['iSCSI'], 4)}) or "${FABRIC}" for Fibre Channel/SAS`,
      );
    }
    if (disk.coordinator !== null) c.ref(c.nodes, disk.coordinator, at(disk.path, 'coordinator'), `coordinator of ${label}`);
  }
}

function checkVms(c: Checker): void {
  for (const vm of c.s.vms) {
    const label = `VM ${JSON.stringify(vm.name)}`;
    c.ref(c.nodes, vm.owner, at(vm.path, 'owner'), `owner of ${label}`);
    c.ref(c.disks, vm.disk, at(vm.path, 'disk'), `disk of ${label}`);
    c.refList(c.nodes, vm.preferredOwners, at(vm.path, 'preferredOwners'), `preferred owners of ${label}`);
    // An owner that is not among the preferred owners is allowed (Windows allows it too): not flagged.
    c.refList(c.nodes, vm.possibleOwners, at(vm.path, 'possibleOwners'), `possible owners of ${label}`);
    // A resource never comes online on a node that is not a possible owner: the owner must be one.
    if (c.nodes.get(vm.owner) && !vm.possibleOwners.includes(vm.owner)) {
      c.error(
        'owner-not-possible-owner',
        at(vm.path, 'owner'),
        `${label} starts on ${vm.owner}, which is not one of its possible owners (${quoteList(vm.possibleOwners)}): it could never run there`,
        `one of its possible owners as owner (${quoteList(vm.possibleOwners, 4)}), or ${JSON.stringify(vm.owner)} added to "possibleOwners"`,
      );
    }
    // FailoverPeriod is a whole number of hours in 2008 R2.
    if (vm.failoverPeriod % 3600 !== 0) {
      c.error(
        'failover-period-not-hours',
        at(vm.path, 'failoverPeriod'),
        `the failover period of ${label} is ${JSON.stringify(formatTimeForScenario(vm.failoverPeriod))}: 2008 R2's FailoverPeriod is a whole number of hours`,
        `a whole number of hours from "0h" to "1193h", such as "6h"`,
      );
    }
    if (vm.liveMigrationNetworks !== null) {
      c.refList(c.networks, vm.liveMigrationNetworks, at(vm.path, 'liveMigrationNetworks'), `live migration networks of ${label}`);
    }
    const fb = vm.failback;
    if (fb.kind === 'window' && fb.start === fb.end) {
      c.error(
        'failback-window-empty',
        at(vm.path, 'failback'),
        `the failback window of ${label} starts and ends at the same hour (${fb.start}): a window runs from its start hour to its end hour, so this one is empty`,
        `two different hours, such as { "windowStart": ${fb.start}, "windowEnd": ${(fb.start + 6) % 24} }, or "immediately" for failback at any time`,
      );
    }
  }
  const lm = c.s.settings.liveMigration.networks;
  if (lm !== null) c.refList(c.networks, lm, ['settings', 'liveMigration', 'networks'], 'live migration networks of the cluster');
}

function checkMemory(c: Checker): void {
  const tooBig = new Set<VmSpec>();
  for (const vm of c.s.vms) {
    const node = c.nodes.get(vm.owner);
    if (!node || vm.memory <= node.memory) continue;
    tooBig.add(vm);
    const fits = [...c.nodes.byName.values()].filter((n) => n.memory >= vm.memory).map((n) => `${n.name} (${formatBytes(n.memory)})`);
    c.error(
      'vm-memory-exceeds-node',
      at(vm.path, 'memory'),
      `VM ${JSON.stringify(vm.name)} has ${formatBytes(vm.memory)} of memory, more than its owner ${node.name} has (${formatBytes(node.memory)}): it can never run there`,
      fits.length
        ? `at most ${formatBytes(node.memory)}, or an owner with enough memory: ${fits.slice(0, 4).join(', ')}`
        : `at most ${formatBytes(node.memory)}`,
    );
  }
  // Running VMs hold their memory on their owner from the start.
  const runningOn = groupByOwner(c.s.vms.filter((v) => v.state === 'running'));
  for (const node of c.s.nodes) {
    if (c.nodes.get(node.name) !== node) continue; // a duplicate, already reported
    const running = runningOn.get(node.name) ?? [];
    if (running.some((v) => tooBig.has(v))) continue; // already reported per VM
    let total = 0;
    for (const vm of running) {
      total += vm.memory;
      if (total <= node.memory) continue;
      const sum = running.reduce((acc, v) => acc + v.memory, 0);
      const used = new Map<string, number>();
      for (const v of c.s.vms) if (v.state === 'running') used.set(v.owner, (used.get(v.owner) ?? 0) + v.memory);
      const roomy = [...c.nodes.byName.values()]
        .filter((n) => n.name !== node.name && n.memory - (used.get(n.name) ?? 0) >= vm.memory)
        .map((n) => n.name);
      c.error(
        'node-memory-overcommitted',
        at(vm.path, 'owner'),
        `the running VMs on ${node.name} need ${formatBytes(sum)} of memory (${running.map((v) => `${v.name} ${formatBytes(v.memory)}`).join(', ')}), more than its ${formatBytes(node.memory)}; VM ${JSON.stringify(vm.name)} does not fit`,
        `running VMs totalling at most ${formatBytes(node.memory)} on ${node.name}: ${
          roomy.length ? `another owner for ${vm.name} (${quoteList(roomy, 4)} have room), ` : ''
        }less memory, or "state": "off"`,
      );
      break;
    }
  }
}

/** VMs by owner name, each list in file order: one pass instead of one per node. */
function groupByOwner(vms: readonly VmSpec[]): Map<string, VmSpec[]> {
  const by = new Map<string, VmSpec[]>();
  for (const v of vms) {
    const list = by.get(v.owner);
    if (list) list.push(v);
    else by.set(v.owner, [v]);
  }
  return by;
}

function checkStorage(c: Checker): void {
  // VHDs on each disk must fit in it.
  for (const disk of c.s.disks) {
    if (c.disks.get(disk.name) !== disk) continue;
    const on = c.s.vms.filter((v) => v.disk === disk.name);
    const total = on.reduce((acc, v) => acc + v.vhd, 0);
    if (total > disk.size) {
      c.error(
        'vhds-exceed-disk',
        at(disk.path, 'size'),
        `the VHDs on disk ${JSON.stringify(disk.name)} need ${formatBytes(total)} (${on.map((v) => `${v.name} ${formatBytes(v.vhd)}`).join(', ')}), more than its size of ${formatBytes(disk.size)}`,
        `a size of at least ${Math.ceil(total / 1024 ** 3)}GiB, or smaller VHDs ("vhd") totalling at most ${formatBytes(disk.size)}`,
      );
    }
  }

  // A witness disk holds the quorum only: not a CSV, no VMs.
  for (const disk of c.s.disks) {
    if (disk.role !== 'witness') continue;
    if (disk.csv) {
      c.error(
        'witness-is-csv',
        at(disk.path, 'csv'),
        `witness disk ${JSON.stringify(disk.name)} is a Cluster Shared Volume: the quorum witness must be a classic cluster disk`,
        `"csv": false on the witness disk (or "role": "data" to use it as a CSV)`,
      );
    }
    for (const vm of c.s.vms) {
      if (vm.disk !== disk.name) continue;
      const data = [...c.disks.byName.values()].filter((d) => d.role !== 'witness').map((d) => d.name);
      c.error(
        'witness-hosts-vms',
        at(vm.path, 'disk'),
        `VM ${JSON.stringify(vm.name)} is on ${JSON.stringify(disk.name)}, the quorum witness disk: a witness holds no VMs`,
        data.length ? `a data disk: ${quoteList(data, 4)}` : `a data disk ("role": "data"); the scenario has none yet`,
      );
    }
  }

  // A classic disk (LUN) is online on one node at a time, and its VMs are one group with it: they
  // are all on the node that owns it (the disk's owner is its first VM's owner).
  const classicOwner = new Map<string, VmSpec>();
  for (const vm of c.s.vms) {
    const disk = c.disks.get(vm.disk);
    if (!disk || disk.csv || disk.role === 'witness' || !c.nodes.get(vm.owner)) continue;
    const first = classicOwner.get(disk.name);
    if (!first) {
      classicOwner.set(disk.name, vm);
      continue;
    }
    if (first.owner === vm.owner) continue;
    c.error(
      'classic-disk-split',
      at(vm.path, 'owner'),
      `VM ${JSON.stringify(vm.name)} is on ${vm.owner}, but its disk ${JSON.stringify(disk.name)} is a classic cluster disk online on ${first.owner} (with VM ${JSON.stringify(first.name)}): a classic disk is online on one node at a time, and every VM on it is on that node`,
      `"owner": ${JSON.stringify(first.owner)}, or "csv": true on disk ${JSON.stringify(disk.name)} (a Cluster Shared Volume is online on every node)`,
    );
  }

  // A node must reach a disk's storage path to own it (classic) or to run its VMs / coordinate it (CSV).
  const notAttached = (disk: DiskSpec, node: string): NetworkSpec | null => {
    if (disk.storagePath === null || disk.storagePath === FABRIC) return null;
    const net = c.networks.get(disk.storagePath);
    return net && !isAttached(net, node) ? net : null;
  };
  const attachedHint = (net: NetworkSpec, node: string): string =>
    `a node attached to ${JSON.stringify(net.name)} (${quoteList(net.nodes, 4)}), or ${node} added to the nodes of network ${JSON.stringify(net.name)}`;
  for (const vm of c.s.vms) {
    const disk = c.disks.get(vm.disk);
    if (!disk || !c.nodes.get(vm.owner)) continue;
    const net = notAttached(disk, vm.owner);
    if (!net) continue;
    c.error(
      'owner-not-on-storage-path',
      at(vm.path, 'owner'),
      `VM ${JSON.stringify(vm.name)} runs on ${vm.owner}, which is not attached to ${JSON.stringify(net.name)}, the storage path of its disk ${JSON.stringify(disk.name)}`,
      attachedHint(net, vm.owner),
    );
  }
  for (const disk of c.s.disks) {
    if (disk.coordinator === null || !c.nodes.get(disk.coordinator)) continue;
    const net = notAttached(disk, disk.coordinator);
    if (!net) continue;
    c.error(
      'coordinator-not-on-storage-path',
      at(disk.path, 'coordinator'),
      `coordinator ${disk.coordinator} of disk ${JSON.stringify(disk.name)} is not attached to ${JSON.stringify(net.name)}, its storage path: the coordinator mounts the volume and needs direct access`,
      attachedHint(net, disk.coordinator),
    );
  }
}

/**
 * The witness the quorum names: a disk with role `witness` (Node and Disk Majority, Disk Only;
 * that it is a classic disk holding no VMs is checked with the disks), or the client network over
 * which the nodes reach a file share witness (Node and File Share Majority).
 */
function checkQuorum(c: Checker): void {
  const q = c.s.settings.quorum;
  if (q.model === 'nodeAndFileShareMajority') {
    const path: JsonPath = ['settings', 'quorum', 'fileShareWitness', 'network'];
    const net = c.ref(c.networks, q.fileShareWitness.network, path, 'network of the file share witness');
    if (net && net.role !== 'clusterAndClient') {
      const clientNets = [...c.networks.byName.values()].filter((n) => n.role === 'clusterAndClient').map((n) => n.name);
      c.error(
        'file-share-witness-not-client-network',
        path,
        `the file share witness is reached over network ${JSON.stringify(net.name)}, whose role is "${net.role}": ${
          net.role === 'cluster' ? 'a cluster-only network is private to the nodes' : 'a network the cluster does not use is kept for storage (iSCSI)'
        }, and the file server holding the share is a server outside the cluster, on the public network`,
        clientNets.length
          ? `a network of role "clusterAndClient": ${quoteList(clientNets, 4)}`
          : `a network of role "clusterAndClient" (the scenario has none: "role": "clusterAndClient" on the network the file server is on)`,
      );
    }
    return;
  }
  if (q.model !== 'nodeAndDiskMajority' && q.model !== 'diskOnly') return;
  const path: JsonPath = ['settings', 'quorum', 'witness'];
  const disk = c.ref(c.disks, q.witness, path, 'quorum witness');
  if (disk && disk.role !== 'witness') {
    const witnesses = [...c.disks.byName.values()].filter((d) => d.role === 'witness').map((d) => d.name);
    c.error(
      'witness-not-witness-disk',
      path,
      `the quorum witness ${JSON.stringify(disk.name)} is not a witness disk (its role is "${disk.role}")`,
      witnesses.length
        ? `a disk with "role": "witness": ${quoteList(witnesses, 4)}`
        : `a disk with "role": "witness" (a small classic disk holding no VMs)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Timeline

// Maintenance applies to classic disks too (their VMs stay online); redirected access is CSV-only.
const CSV_ONLY = new Set<Action['do']>(['redirectedAccess', 'moveCoordinator', 'repairVolume', 'backup']);

function csvHint(c: Checker, disk: DiskSpec): string {
  const csvs = [...c.disks.byName.values()].filter((d) => d.csv).map((d) => d.name);
  return csvs.length
    ? `a Cluster Shared Volume: ${quoteList(csvs, 4)} (or "csv": true on disk ${JSON.stringify(disk.name)})`
    : `a Cluster Shared Volume ("csv": true on disk ${JSON.stringify(disk.name)})`;
}

function checkTimeline(c: Checker): void {
  const t = c.s.timeline;

  // Time order: each entry at or after the one listed before it.
  for (let i = 1; i < t.length; i++) {
    const prev = t[i - 1]!;
    const cur = t[i]!;
    if (cur.at < prev.at) {
      c.error(
        'timeline-out-of-order',
        at(cur.path, 'at'),
        `timeline entry "${cur.action.do}" at ${formatTimeForScenario(cur.at)} is listed after an entry at ${formatTimeForScenario(prev.at)} (${formatPath(prev.path)}): the timeline must be in time order`,
        `a time of at least ${formatTimeForScenario(prev.at)}, or this entry moved before ${formatPath(prev.path)}`,
      );
    }
  }

  // VMs that something earlier in the timeline may already have moved off their initial owner.
  const mayHaveMoved = new Set<string>();
  const index = vmIndex(c.s.vms);

  for (const e of t) {
    const a = e.action;
    const where = `${a.do} at ${formatTimeForScenario(e.at)}`;
    const vm = 'vm' in a ? c.ref(c.vms, a.vm, at(e.path, 'vm'), `VM of ${where}`) : undefined;
    const node = 'node' in a && a.node !== undefined ? c.ref(c.nodes, a.node, at(e.path, 'node'), `node of ${where}`) : undefined;
    const network = 'network' in a ? c.ref(c.networks, a.network, at(e.path, 'network'), `network of ${where}`) : undefined;
    const disk = 'disk' in a ? c.ref(c.disks, a.disk, at(e.path, 'disk'), `disk of ${where}`) : undefined;
    const to = 'to' in a ? c.ref(c.nodes, a.to, at(e.path, 'to'), `target node of ${where}`) : undefined;

    if ((a.do === 'liveMigrate' || a.do === 'quickMigrate') && vm && to && !mayHaveMoved.has(vm.name) && to.name === vm.owner) {
      const others = c.nodes.names.filter((n) => n !== vm.owner);
      c.error(
        'migrate-to-current-node',
        at(e.path, 'to'),
        `${where}: VM ${JSON.stringify(vm.name)} is already on ${vm.owner} (nothing earlier in the timeline moves it), so there is nothing to migrate`,
        others.length ? `another node: ${quoteList(others, 5)}` : `another node (the cluster has only ${vm.owner})`,
      );
    }

    if (disk && !disk.csv && CSV_ONLY.has(a.do)) {
      c.error(
        'not-a-csv',
        at(e.path, 'disk'),
        `${where}: disk ${JSON.stringify(disk.name)} is a classic cluster disk; ${a.do} applies to Cluster Shared Volumes only`,
        csvHint(c, disk),
      );
    }

    // The node a coordinator move, a backup or a repair moves the volume to must reach the disk.
    const newCoordinator = a.do === 'moveCoordinator' ? to : a.do === 'backup' || a.do === 'repairVolume' ? node : undefined;
    const field = a.do === 'moveCoordinator' ? 'to' : 'node';
    if (newCoordinator && disk && disk.csv && disk.storagePath !== null && disk.storagePath !== FABRIC) {
      const net = c.networks.get(disk.storagePath);
      if (net && !isAttached(net, newCoordinator.name)) {
        c.error(
          'coordinator-not-on-storage-path',
          at(e.path, field),
          `${where}: ${newCoordinator.name} is not attached to ${JSON.stringify(net.name)}, the storage path of ${JSON.stringify(disk.name)}, so it cannot coordinate the volume`,
          `a node attached to ${JSON.stringify(net.name)}: ${quoteList(net.nodes, 5)}`,
        );
      }
    }

    if ((a.do === 'disconnect' || a.do === 'reconnect') && node && network && !isAttached(network, node.name)) {
      const its = [...c.networks.byName.values()].filter((n) => isAttached(n, node.name)).map((n) => n.name);
      c.error(
        'not-attached',
        at(e.path, 'network'),
        `${where}: ${node.name} is not attached to network ${JSON.stringify(network.name)}, so it has no link there to ${a.do}`,
        its.length ? `a network ${node.name} is attached to: ${quoteList(its, 5)}` : `a network ${node.name} is attached to (it has none)`,
      );
    }

    markMoves(c, e, mayHaveMoved, index);
  }

  // duration: every timeline entry must happen.
  const last = t.reduce<TimelineEntry | null>((m, e) => (m === null || e.at > m.at ? e : m), null);
  if (c.s.duration !== null && last !== null && last.at > c.s.duration) {
    c.error(
      'duration-before-timeline-end',
      ['duration'],
      `the simulation stops at ${formatTimeForScenario(c.s.duration)}, before the timeline entry "${last.action.do}" at ${formatTimeForScenario(last.at)} (${formatPath(last.path)}), which would never happen`,
      `a duration of at least ${formatTimeForScenario(last.at)}, or no "duration" (run until the timeline has finished)`,
    );
  }
}

/**
 * Records which VMs a timeline entry may move, conservatively: any action on the VM; any action on
 * its owner node (drain, crash, a lost link); any whole-network failure; a quick or live migration
 * of a VM on the same classic disk (the LUN moves and takes every VM on it along).
 */
function markMoves(c: Checker, e: TimelineEntry, moved: Set<string>, index: VmIndex): void {
  const a = e.action;
  if ('vm' in a) {
    moved.add(a.vm);
    const vm = c.vms.get(a.vm);
    const disk = vm && c.disks.get(vm.disk);
    if (disk && !disk.csv) for (const v of index.byDisk.get(disk.name) ?? []) moved.add(v);
  }
  // A backup's or repair's node moves no VM.
  if ('node' in a && a.do !== 'backup' && a.do !== 'repairVolume') for (const v of index.byOwner.get(a.node) ?? []) moved.add(v);
  if (a.do === 'failNetwork') for (const v of c.s.vms) moved.add(v.name);
}

interface VmIndex {
  readonly byDisk: ReadonlyMap<string, readonly string[]>;
  readonly byOwner: ReadonlyMap<string, readonly string[]>;
}

/** VM names by disk and by initial owner, built once: a long timeline must not scan every VM per entry. */
function vmIndex(vms: readonly VmSpec[]): VmIndex {
  const byDisk = new Map<string, string[]>();
  const byOwner = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, name: string): void => {
    const list = map.get(key);
    if (list) list.push(name);
    else map.set(key, [name]);
  };
  for (const v of vms) {
    add(byDisk, v.disk, v.name);
    add(byOwner, v.owner, v.name);
  }
  return { byDisk, byOwner };
}

// ---------------------------------------------------------------------------------------------

function checkExpectations(c: Checker): void {
  for (const x of c.s.expect) {
    if ('vm' in x) {
      c.ref(c.vms, x.vm, at(x.path, 'vm'), 'VM of an expectation');
      if ('endsOn' in x) c.ref(c.nodes, x.endsOn, at(x.path, 'endsOn'), `node VM ${JSON.stringify(x.vm)} is expected to end on`);
    } else {
      const disk = c.ref(c.disks, x.disk, at(x.path, 'disk'), 'disk of an expectation');
      if ('coordinator' in x) c.ref(c.nodes, x.coordinator, at(x.path, 'coordinator'), `expected coordinator of disk ${JSON.stringify(x.disk)}`);
      if (disk && !disk.csv) {
        const what = 'coordinator' in x ? 'a coordinator' : 'redirected access';
        c.error(
          'not-a-csv',
          at(x.path, 'disk'),
          `the expectation on disk ${JSON.stringify(disk.name)} is about ${what}, which only a Cluster Shared Volume has; this disk is a classic cluster disk`,
          csvHint(c, disk),
        );
      }
    }
  }
}
