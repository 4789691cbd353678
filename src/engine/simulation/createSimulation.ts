/**
 * The composition root: the one place that builds every module of a run and hands each the few
 * things it needs (the run's basics, see RunContext, and narrow interfaces of the modules it
 * calls). No module reaches another any other way.
 *
 * Who owns which hook, and who listens (in this order: the order they are built below):
 * - NetworkModel.onChange (a network or a link goes down or up): TopologyVersion, NetworkFailures
 *   (logs 'network.*' and 'link.*'), the CSV access tracker, the VM disk I/O model, HealthMonitor
 *   (heartbeat routes, regroup) and its ClientReach (VMs isolated on a node without a client network);
 * - NodeLifecycle.onStatusChange (before 'node.state' is logged): TopologyVersion, the CSV access
 *   tracker;
 * - VmLifecycle.onStatusChange (before 'vm.state' is logged): the disk I/O model (where the VM's I/O
 *   counts), FailoverManager (how long the VM has run since its boot, for its lost writes),
 *   the health module's ClientReach (a VM holding memory on a node its clients cannot reach is isolated);
 * - VmLifecycle.onMove (a migration or a failover put a VM on another node): ClientReach;
 * - VmLifecycle.onWorkloadChange: the disk I/O model (its demand), MigrationManager (the dirty
 *   bitmap of the VM's live migration);
 * - CsvAccessTracker.onApplied (once per pass of access changes, before they are logged): the disk
 *   I/O model (re-routes every VM's I/O).
 * - CsvAccessTracker.onMaintenance (a CSV's maintenance on or off, after it is logged):
 *   ClusterOffline (takes the volume's VMs offline through their offline action, brings them back).
 * - MigrationManager.onArrived / onFinished (a group move reached its target; a migration ended),
 *   VmLifecycle.onStatusChange and NodeLifecycle.onStatusChange: ClusterService (a node whose
 *   cluster service is stopping leaves once nothing is left on it; one that went down stops stopping).
 * Calls between modules, each through a narrow interface: migration asks storage whether nodes
 * reach a disk; health asks migration to fail what depended on a node that went down (or on a
 * classic disk that failed) and to fail VMs back (a move of the group), and storage to move a dead
 * coordinator's role; stopping a node's cluster service asks migration to move its groups,
 * ClusterOffline to take offline what cannot move, storage to move its coordinator roles and
 * health to let the node leave; a VM's own actions ask migration whether
 * it is moving, health whether it is failing over, storage whether its node has its own path.
 *
 * The order matters only for the log: a link going down is logged before what it causes (the CSVs
 * redirected, then the cluster's regroup), and it is the same in every run.
 */
import { Activities, EventLog, Kernel, Random } from '../kernel';
import { ClusterState } from '../model/clusterState';
import type { Emit, SimEvent } from '../model/events';
import { NodeLifecycle } from '../model/nodeLifecycle';
import { createRecords } from '../model/records';
import type { RunContext } from '../model/runContext';
import { VmLifecycle } from '../model/vmLifecycle';
import { ClusterService } from '../health/clusterService';
import { HealthMonitor } from '../health/healthMonitor';
import { MigrationManager } from '../migration/migrationManager';
import { NetworkFailures } from '../network/failures';
import { NetworkModel } from '../network/networkModel';
import { FABRIC, type Scenario } from '../scenario/model';
import { StorageManager } from '../storage/storageManager';
import { ClusterOffline } from '../vm/clusterOffline';
import { VmActions } from '../vm/vmActions';
import { Simulation, type ActionHandlers } from './simulation';
import { TopologyVersion } from './topologyVersion';

/** The simulation of a scenario with every module built and wired: what the CLI and the extension run. */
export function createSimulation(scenario: Scenario): Simulation {
  const kernel = new Kernel();
  const log = new EventLog<SimEvent>();
  const emit: Emit = (event) => log.emit({ t: kernel.now, ...event } as SimEvent);
  const network = new NetworkModel(
    kernel,
    scenario.networks,
    scenario.nodes.map((n) => n.name),
    scenario.disks.map((d) => ({ disk: d.name, throughput: d.throughput, path: d.storagePath === FABRIC ? null : d.storagePath })),
  );
  const ctx: RunContext = {
    scenario,
    kernel,
    state: new ClusterState(scenario),
    network,
    records: createRecords(scenario),
    activities: new Activities(),
    random: new Random(scenario.seed),
    emit,
  };

  const nodes = new NodeLifecycle(emit);
  const vms = new VmLifecycle(ctx);
  const topology = new TopologyVersion(network, nodes);
  const networkFailures = new NetworkFailures(ctx);
  // 'deferred': a dead coordinator's role waits for the health module to declare its node down.
  const storage = new StorageManager(ctx, nodes, vms, { coordinatorFailover: 'deferred' });
  const migrations = new MigrationManager(ctx, vms, nodes, storage);
  const health = new HealthMonitor(ctx, nodes, vms, migrations, storage);
  const vmActions = new VmActions(ctx, vms, migrations, health, storage);
  // Maintenance of a CSV (by hand or for a repair) takes its VMs offline and brings them back.
  const offline = new ClusterOffline(ctx, vms, storage.access, vmActions, migrations, storage);
  // Stopping a node's cluster service moves its groups away, then it leaves the cluster.
  const clusterService = new ClusterService(ctx, nodes, vms, migrations, health, storage, offline);

  // Every action, and the module that carries it out.
  const actions: ActionHandlers = {
    liveMigrate: (a) => void migrations.requestLive(a.vm, a.to),
    quickMigrate: (a) => void migrations.requestQuick(a.vm, a.to),
    drainNode: (a) => migrations.drain(a.node),
    resumeNode: (a) => migrations.resume(a.node),
    crashNode: (a) => health.crash(a.node),
    startNode: (a) => health.start(a.node),
    stopClusterService: (a) => clusterService.stop(a.node),
    startClusterService: (a) => clusterService.start(a.node),
    disconnect: (a) => networkFailures.disconnect(a.node, a.network),
    reconnect: (a) => networkFailures.reconnect(a.node, a.network),
    failNetwork: (a) => networkFailures.failNetwork(a.network),
    restoreNetwork: (a) => networkFailures.restoreNetwork(a.network),
    maintenance: (a) => storage.setMaintenance(a.disk, a.on),
    redirectedAccess: (a) => storage.setRedirectedAccess(a.disk, a.on),
    moveCoordinator: (a) => storage.moveCoordinator(a.disk, a.to),
    repairVolume: (a) => storage.startRepair(a.disk, a.task, a.duration, a.node ?? null),
    backup: (a) => storage.startBackup(a.disk, a.duration, a.node ?? null),
    startVm: (a) => vmActions.start(a.vm),
    stopVm: (a) => vmActions.stop(a.vm),
    saveVm: (a) => vmActions.save(a.vm),
    setWorkload: (a) => vmActions.setWorkload(a.vm, a.workload),
  };

  return new Simulation({ ctx, log, topology, migrations, storage, health, actions });
}
