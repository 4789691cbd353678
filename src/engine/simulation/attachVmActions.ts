import type { MigrationManager } from '../migration/migrationManager';
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
    const node = sim.state.node(vm.node);
    if (!node.canHost) throw new ActionRejected(`its node ${vm.node} is ${node.status}`);
    if (node.free < vm.spec.memory) throw new ActionRejected(`${vm.node} has not enough free memory for ${vm.name}`);
    const from = vm.status;
    reserveMemory(sim, vm.node, vm.spec.memory);
    if (from === 'off') {
      setVmStatus(sim, vm, 'booting', 'started');
      const done = sim.activities.begin(`${vm.name} boot`);
      sim.kernel.after(sim.scenario.settings.bootTime, () => {
        done();
        if (vm.status === 'booting') setVmStatus(sim, vm, 'running', 'booted');
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
      onComplete: () => {
        done();
        releaseMemory(sim, vm.node, vm.spec.memory);
        setVmStatus(sim, vm, 'saved', 'saved');
      },
      onFail: () => {
        done();
        setVmStatus(sim, vm, 'running', 'save failed: storage path lost');
      },
    });
  });
}
