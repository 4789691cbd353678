import { ActionRejected } from '../model/actionRejected';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { MigrationsView } from '../migration/migrationManager';
import type { HealthView } from '../health/healthMonitor';
import type { WorkloadSpec } from '../scenario/model';
import type { StorageReach } from '../storage/storageManager';

/**
 * A VM's own actions: start (boot, or restore from its saved state), turn off, save, and
 * `setWorkload`. A VM turned off or saved by an admin is not an outage: its downtime does not
 * grow, but its clients do lose their connections. A save and a restore move the VM's memory over
 * its node's own storage path, as storage flows.
 */
export class VmActions {
  constructor(
    private readonly ctx: Pick<RunContext, 'activities' | 'kernel' | 'network' | 'scenario' | 'state'>,
    private readonly vms: VmLifecycle,
    private readonly migrations: Pick<MigrationsView, 'isMoving'>,
    private readonly health: Pick<HealthView, 'failoverOf'>,
    private readonly storage: Pick<StorageReach, 'whyNoOwnPath'>,
  ) {}

  /** Writes so far happened at the old rates; those who follow the VM's writes are told (VmLifecycle). */
  setWorkload(name: string, workload: WorkloadSpec): void {
    this.vms.setWorkload(this.ctx.state.vm(name), workload);
  }

  start(name: string): void {
    const { ctx, vms } = this;
    const vm = ctx.state.vm(name);
    if (vm.status !== 'off' && vm.status !== 'saved') throw new ActionRejected(`${vm.name} is ${vm.status}; only an off or saved VM can be started`);
    // A saved or off VM moves with a quick migration of a VM on its classic disk.
    if (this.migrations.isMoving(vm.name)) throw new ActionRejected(`${vm.name} is being migrated`);
    const node = ctx.state.node(vm.node);
    if (!node.canHost) throw new ActionRejected(node.stopping ? `its node ${vm.node} is stopping its cluster service` : `its node ${vm.node} is ${node.status}`);
    // A VM depends on its disk: a classic disk that has failed (its owner lost the path) must come
    // back online, where the cluster's restart or failover puts it, before the VM can start.
    const disk = ctx.state.disks.get(vm.spec.disk);
    if (disk && !disk.spec.csv && !disk.online) throw new ActionRejected(`its disk ${disk.name} has failed (offline), so ${vm.name} cannot start until the disk is back online`);
    if (node.free < vm.spec.memory) throw new ActionRejected(`${vm.node} has not enough free memory for ${vm.name}`);
    // A restore reads the saved memory over the node's own storage path.
    const noPath = vm.status === 'saved' ? this.storage.whyNoOwnPath(vm.node, vm.spec.disk) : null;
    if (noPath) throw new ActionRejected(`${noPath}, so ${vm.name} cannot be restored from its saved state`);
    const from = vm.status;
    vms.reserveMemory(vm.node, vm.spec.memory);
    if (from === 'off') {
      vms.setStatus(vm, 'booting', 'started');
      const done = ctx.activities.begin(`${vm.name} boot`);
      ctx.kernel.after(ctx.scenario.settings.bootTime, () => {
        done();
        // Only this boot ends here: a VM that failed meanwhile and boots again on a failover's
        // restart is the failover's to bring online, at the end of its own boot.
        if (vm.status === 'booting' && !this.health.failoverOf(vm.name)) vms.setStatus(vm, 'running', 'booted');
      }, `${vm.name} boot`);
      return;
    }
    vms.setStatus(vm, 'restoring', 'started from its saved state');
    const done = ctx.activities.begin(`${vm.name} restore`);
    ctx.network.startStorageFlow({
      node: vm.node,
      disk: vm.spec.disk,
      direction: 'read',
      bytes: vm.spec.memory,
      tag: 'storage',
      label: `${vm.name} restore`,
      onComplete: () => {
        done();
        if (vm.status === 'restoring') vms.setStatus(vm, 'running', 'restored from its saved state');
      },
      onFail: () => {
        done();
        // Stopped meanwhile (its node crashed or lost quorum): the failover already let go of its memory.
        if (vm.status !== 'restoring') return;
        vms.releaseMemory(vm.node, vm.spec.memory);
        vms.setStatus(vm, 'saved', 'restore failed: storage path lost');
      },
    });
  }

  /** Turns the VM off. */
  stop(name: string): void {
    const { vms } = this;
    const vm = this.ctx.state.vm(name);
    if (vm.status !== 'running') throw new ActionRejected(`${vm.name} is ${vm.status}, not running`);
    if (this.migrations.isMoving(vm.name)) throw new ActionRejected(`${vm.name} is being migrated`);
    vms.releaseMemory(vm.node, vm.spec.memory);
    vms.setStatus(vm, 'off', 'shut down');
    vms.disconnectClients(vm, 0, 'shut down');
  }

  save(name: string): void {
    const { ctx, vms } = this;
    const vm = ctx.state.vm(name);
    if (vm.status !== 'running') throw new ActionRejected(`${vm.name} is ${vm.status}, not running`);
    if (this.migrations.isMoving(vm.name)) throw new ActionRejected(`${vm.name} is being migrated`);
    // The save writes the memory over the node's own storage path.
    const noPath = this.storage.whyNoOwnPath(vm.node, vm.spec.disk);
    if (noPath) throw new ActionRejected(`${noPath}, so ${vm.name}'s memory cannot be saved there`);
    vms.setStatus(vm, 'saving', 'saving its memory to disk');
    vms.disconnectClients(vm, 0, 'saved');
    const done = ctx.activities.begin(`${vm.name} save`);
    ctx.network.startStorageFlow({
      node: vm.node,
      disk: vm.spec.disk,
      direction: 'write',
      bytes: vm.spec.memory,
      tag: 'storage',
      label: `${vm.name} save`,
      // Either end applies only to a VM still saving: one whose node crashed or lost quorum
      // meanwhile has been stopped (failed, its memory let go) and must not come back here.
      onComplete: () => {
        done();
        if (vm.status !== 'saving') return;
        vms.releaseMemory(vm.node, vm.spec.memory);
        vms.setStatus(vm, 'saved', 'saved');
      },
      onFail: () => {
        done();
        if (vm.status !== 'saving') return;
        vms.setStatus(vm, 'running', 'save failed: storage path lost');
      },
    });
  }
}
