/**
 * Questions about the network model's active flows that the engine does not answer itself, asked
 * through its public API only (`sim.network.activeFlows()`): which flows carry a migration, and
 * which carry redirected CSV I/O between a node and a coordinator. Built once per model update.
 *
 * Flows are recognised by their tag, ends and label. The labels are the engine's own
 * ("SQL01 pass 3", "FS01 save"): a migration's flows are those whose label is its VM's name
 * followed by one of its steps, so two VMs never share a flow even when one name starts with the
 * other.
 */
import type { Flow } from '../../../engine/network/flow';
import type { MigrationRecord } from '../../../engine/model/records';
import type { Simulation } from '../../../engine/simulation/simulation';

/** What follows the VM's name in the label of a live migration's transfers (liveMigration.ts). */
const LIVE_STEP = /^(configuration|pass \d+|final pages and device state)$/;
/** ... and of a quick migration's storage flows (quickMigration.ts). */
const QUICK_STEP = /^(save|restore)$/;

export class FlowIndex {
  private readonly live: readonly Flow[];
  private readonly storage: readonly Flow[];
  /** Redirected CSV I/O, by unordered pair of nodes. */
  private readonly redirectedByPair = new Map<string, Flow[]>();

  constructor(sim: Simulation) {
    const live: Flow[] = [];
    const storage: Flow[] = [];
    for (const f of sim.network.activeFlows()) {
      if (f.tag === 'liveMigration') live.push(f);
      else if (f.tag === 'storage') storage.push(f);
      else if (f.tag === 'redirectedIo') {
        const key = pairKey(f.from, f.to);
        const list = this.redirectedByPair.get(key);
        if (list) list.push(f);
        else this.redirectedByPair.set(key, [f]);
      }
    }
    this.live = live;
    this.storage = storage;
  }

  /** Bytes per second a live migration's transfer gets now (0 between transfers). */
  liveRate(record: MigrationRecord): number {
    let rate = 0;
    for (const f of this.live) {
      if (f.from === record.from && f.to === record.to && f.network === record.network && isStepOf(f.label, record.vm, LIVE_STEP)) rate += f.rate;
    }
    return rate;
  }

  /** Bytes per second a quick migration's saves or restores get now, over every VM it moves. */
  quickRate(vms: readonly string[]): number {
    let rate = 0;
    for (const f of this.storage) {
      if (vms.some((vm) => isStepOf(f.label, vm, QUICK_STEP))) rate += f.rate;
    }
    return rate;
  }

  /** Redirected I/O flows between two nodes, either way. */
  redirectedBetween(a: string, b: string): readonly Flow[] {
    return this.redirectedByPair.get(pairKey(a, b)) ?? [];
  }

  get hasRedirected(): boolean {
    return this.redirectedByPair.size > 0;
  }
}

function isStepOf(label: string, vm: string, step: RegExp): boolean {
  return label.length > vm.length + 1 && label.startsWith(vm) && label[vm.length] === ' ' && step.test(label.slice(vm.length + 1));
}

function pairKey(a: string, b: string): string {
  return a < b ? JSON.stringify([a, b]) : JSON.stringify([b, a]);
}
