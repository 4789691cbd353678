import type { MigrationManager } from '../migration/migrationManager';
import { whyNoStoragePath } from '../migration/checks';
import { ActionRejected } from './actionRejected';
import type { Simulation } from './simulation';
import { disconnectClients, releaseMemory, reserveMemory, setVmStatus } from './vmLifecycle';

/**
 * The power actions of a VM (start, shut down, save) and `setWorkload`. A VM turned off or
 * saved by an admin is not an outage: its downtime does not grow, but its clients do lose
 * their connections.
 */
export function attachVmActions(sim: Simulation, migrations: MigrationManager): void {
  sim.handle('setWorkload', (a) => {
    const vm = sim.state.vm(a.vm);
    const moving = migrations.liveMigrations().find((m) => m.vm === vm);
    // Writes so far happened at the old rates; the dirty bitmap must see them that way.
    moving?.workloadChanging();
    vm.workload = a.workload;
    moving?.workloadChanged();
  });

  sim.handle('startVm', (a) => {
    const vm = sim.state.vm(a.vm);
    if (vm.status !== 'off' && vm.status !== 'saved') throw new ActionRejected(`${vm.name} is ${vm.status}; only an off or saved VM can be started`);
    // A saved or off VM moves with a quick migration of a VM on its classic disk.
    if (migrations.isMoving(vm.name)) throw new ActionRejected(`${vm.name} is being migrated`);
    const node = sim.state.node(vm.node);
    if (!node.canHost) throw new ActionRejected(`its node ${vm.node} is ${node.status}`);
    if (node.free < vm.spec.memory) throw new ActionRejected(`${vm.node} has not enough free memory for ${vm.name}`);
    // A restore reads the saved memory over the node's own storage path.
    const noPath = vm.status === 'saved' ? whyNoStoragePath(sim, vm.node, vm.spec.disk) : null;
    if (noPath) throw new ActionRejected(`${noPath}, so ${vm.name} cannot be restored from its saved state`);
    const from = vm.status;
    reserveMemory(sim, vm.node, vm.spec.memory);
    if (from === 'off') {
      setVmStatus(sim, vm, 'booting', 'started');
      const done = sim.activities.begin(`${vm.name} boot`);
      sim.kernel.after(sim.scenario.settings.bootTime, () => {
        done();
        // Only this boot ends here: a VM that failed meanwhile and boots again on a failover's
        // restart is the failover's to bring online, at the end of its own boot.
        if (vm.status === 'booting' && !sim.health?.failoverOf(vm.name)) setVmStatus(sim, vm, 'running', 'booted');
      }, `${vm.name} boot`);
      return;
    }
    setVmStatus(sim, vm, 'restoring', 'started from its saved state');
    const done = sim.activities.begin(`${vm.name} restore`);
    sim.network.startStorageFlow({
      node: vm.node,
      disk: vm.spec.disk,
      direction: 'read',
      bytes: vm.spec.memory,
      tag: 'storage',
      label: `${vm.name} restore`,
      onComplete: () => {
        done();
        if (vm.status === 'restoring') setVmStatus(sim, vm, 'running', 'restored from its saved state');
      },
      onFail: () => {
        done();
        // Stopped meanwhile (its node crashed or lost quorum): the failover already let go of its memory.
        if (vm.status !== 'restoring') return;
        releaseMemory(sim, vm.node, vm.spec.memory);
        setVmStatus(sim, vm, 'saved', 'restore failed: storage path lost');
      },
    });
  });

  sim.handle('stopVm', (a) => {
    const vm = sim.state.vm(a.vm);
    if (vm.status !== 'running') throw new ActionRejected(`${vm.name} is ${vm.status}, not running`);
    if (migrations.isMoving(vm.name)) throw new ActionRejected(`${vm.name} is being migrated`);
    releaseMemory(sim, vm.node, vm.spec.memory);
    setVmStatus(sim, vm, 'off', 'shut down');
    disconnectClients(sim, vm, 0, 'shut down');
  });

  sim.handle('saveVm', (a) => {
    const vm = sim.state.vm(a.vm);
    if (vm.status !== 'running') throw new ActionRejected(`${vm.name} is ${vm.status}, not running`);
    if (migrations.isMoving(vm.name)) throw new ActionRejected(`${vm.name} is being migrated`);
    // The save writes the memory over the node's own storage path.
    const noPath = whyNoStoragePath(sim, vm.node, vm.spec.disk);
    if (noPath) throw new ActionRejected(`${noPath}, so ${vm.name}'s memory cannot be saved there`);
    setVmStatus(sim, vm, 'saving', 'saving its memory to disk');
    disconnectClients(sim, vm, 0, 'saved');
    const done = sim.activities.begin(`${vm.name} save`);
    sim.network.startStorageFlow({
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
        releaseMemory(sim, vm.node, vm.spec.memory);
        setVmStatus(sim, vm, 'saved', 'saved');
      },
      onFail: () => {
        done();
        if (vm.status !== 'saving') return;
        setVmStatus(sim, vm, 'running', 'save failed: storage path lost');
      },
    });
  });
}
