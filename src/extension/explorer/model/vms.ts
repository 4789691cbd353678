/**
 * A VM: its state, its owner node and, while it moves, how far the migration is
 * ("live migration, pass 3/8, 61%"). Listed twice: under Virtual Machines (with the owner node)
 * and under its owner node; both share one computation, as there may be 8,000 of them.
 */
import type { VmSnapshot } from '../../../engine/snapshot';
import { formatBytes, formatClock, formatDuration } from '../../../format/quantities';
import { contextValue } from '../target';
import type { ItemDescriptor } from './descriptor';
import { FOLDER_IDS, nodeId, nodeVmId, vmId } from './ids';
import { md, MIGRATING_ICON, migrationSentence, migrationWords, percent, VM_STATUS } from './words';

export interface VmDescriptors {
  /** The owner node `underNode` was built for. */
  readonly node: string;
  /** Under Virtual Machines. */
  readonly inFolder: ItemDescriptor;
  /** Under its owner node. */
  readonly underNode: ItemDescriptor;
}

function vmDescriptors(vm: VmSnapshot): VmDescriptors {
  const status = VM_STATUS[vm.status];
  const m = vm.migration;
  const lines = [`**${md(vm.name)}** — ${status.word}: ${status.explain}, owner node ${md(vm.node)}.`];
  if (m) lines.push(migrationSentence(m));
  lines.push(`Memory: ${formatBytes(vm.memory)} · storage: ${md(vm.disk)}`);
  if (vm.clients > 0) {
    const connected = vm.clients - vm.clientsDisconnected;
    lines.push(`Clients: ${connected} of ${vm.clients} connected${vm.clientsDisconnected ? ` (${vm.clientsDisconnected} lost their connection)` : ''}.`);
  }
  const isolated = vm.isolatedSince !== undefined;
  if (isolated) {
    lines.push(
      `**Isolated** since ${formatClock(vm.isolatedSince ?? 0)}: no client network reaches ${md(vm.node)}, so its clients cannot reach it; it keeps running there (2008 R2 does not move a VM whose network is lost), and its clients time out after the TCP timeout.`,
    );
  }
  // Downtime grows while the VM is down or isolated; shown once it is running (and reached) again so the tooltip (and so the item) does not change every tick.
  if (vm.status === 'running' && !isolated && vm.downtime > 0) lines.push(`Downtime so far: ${formatDuration(vm.downtime)}.`);
  const tooltip = lines.join('\n\n');
  const icon = m ? MIGRATING_ICON : status.icon;
  const cv = contextValue('vm', [vm.status, m ? 'migrating' : null]);
  const target = { kind: 'vm', name: vm.name } as const;
  const moving = `${m ? ` · ${migrationWords(m)}` : ''}${isolated ? ' · isolated' : ''}`;
  return {
    node: vm.node,
    inFolder: {
      id: vmId(vm.name),
      parent: FOLDER_IDS.vmsFolder,
      kind: 'vm',
      label: vm.name,
      description: `${status.word} · ${m ? `${m.from} → ${m.to}` : vm.node}${moving}`,
      tooltip,
      icon,
      contextValue: cv,
      target,
      collapsible: 'none',
    },
    underNode: {
      id: nodeVmId(vm.node, vm.name),
      parent: nodeId(vm.node),
      kind: 'vm',
      label: vm.name,
      // During a live migration's clean-up the VM is already on the target: it came from the source.
      description: `${status.word}${m ? (vm.node === m.to ? ` · from ${m.from}` : ` · to ${m.to}`) : ''}${moving}`,
      tooltip,
      icon,
      contextValue: cv,
      target,
      collapsible: 'none',
    },
  };
}

/** True when two snapshots of a VM read the same in the tree (same descriptors). No allocation. */
function sameVmView(a: VmSnapshot, b: VmSnapshot): boolean {
  if (
    a.name !== b.name ||
    a.status !== b.status ||
    a.node !== b.node ||
    a.memory !== b.memory ||
    a.disk !== b.disk ||
    a.clients !== b.clients ||
    a.clientsDisconnected !== b.clientsDisconnected ||
    a.isolatedSince !== b.isolatedSince ||
    (a.status === 'running' && a.isolatedSince === undefined ? a.downtime : 0) !== (b.status === 'running' && b.isolatedSince === undefined ? b.downtime : 0)
  ) {
    return false;
  }
  const m = a.migration;
  const n = b.migration;
  if (m === null || n === null) return m === n;
  return (
    m.type === n.type &&
    m.from === n.from &&
    m.to === n.to &&
    m.network === n.network &&
    m.phase === n.phase &&
    m.pass === n.pass &&
    m.maxPasses === n.maxPasses &&
    percent(m.progress) === percent(n.progress)
  );
}

/**
 * The VMs' descriptors of the previous build, reused (the same objects) for every VM that reads
 * the same: with 8,000 VMs most do not change between two snapshots a quarter of a second apart,
 * so a build only formats the few that did, and the diff compares the rest by identity.
 */
export class VmDescriptorCache {
  private entries = new Map<string, { vm: VmSnapshot; d: VmDescriptors; build: number }>();
  private used = 0;
  private build = 0;

  get(vm: VmSnapshot): VmDescriptors {
    this.used++;
    const e = this.entries.get(vm.name);
    if (e && (e.vm === vm || sameVmView(e.vm, vm))) {
      e.build = this.build;
      return e.d;
    }
    const d = vmDescriptors(vm);
    this.entries.set(vm.name, { vm, d, build: this.build });
    return d;
  }

  /** The descriptors `get` returned for the VM named `name` in the build going on, if it did. */
  current(name: string): VmDescriptors | undefined {
    const e = this.entries.get(name);
    return e !== undefined && e.build === this.build ? e.d : undefined;
  }

  /** Called after each build: forgets VMs that are gone once they pile up. */
  endBuild(): void {
    if (this.entries.size > 2 * this.used + 64) this.entries.clear();
    this.used = 0;
    this.build++;
  }
}
