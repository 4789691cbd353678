import { LiveMigration } from '../migration/liveMigration';
import type { FailoverRecord, MigrationRecord } from '../model/records';
import type { SimulationView } from './simulationView';

/**
 * The promises the engine keeps at every event, as a list of broken ones (empty when all hold).
 * Tests call it after every logged event; it is cheap enough for that on test-sized clusters.
 * - a VM is on exactly one node, and a VM that runs is on a node that is up (or paused);
 * - a VM holding memory (running, booting, restoring...) is on one of its possible owners: no
 *   migration, failover or drain ever brings it online elsewhere;
 * - no node's memory is over-committed;
 * - memory is accounted exactly: what a node holds is the memory of the VMs that hold memory
 *   there plus what migrations in progress reserved on it (shell VMs, a source's copy until its
 *   clean-up ends, room for a restore);
 * - a CSV is online exactly when its coordinator has direct access (or a coordinator move is
 *   under way); a node that is down has no access to any volume; while a coordinator move is
 *   under way every node's I/O is paused, and at no other time; in maintenance mode, during a
 *   backup or a repair no node but the coordinator has direct access;
 * - a VM never runs in a partition without quorum: a VM holding memory (running, booting,
 *   suspended, saving, restoring) is on a node that is up or paused and in the partition with
 *   quorum (health/), and no node outside that partition is up or paused;
 * - VM disk I/O flows follow the access: each running VM's I/O counts where it runs, no direct
 *   flow for a node that is not direct, no redirected flow but to the coordinator, none while
 *   paused or without access, and no node gets more than its VMs ask for;
 * - a VM runs on one node only: it is moved by at most one migration at a time, and until a live
 *   migration's switch-over it is on the source, running (suspended for the final copy), while
 *   the target holds only the shell; after it, during the clean-up, it runs on the target while
 *   the source still holds its copy;
 * - a completed live migration lost no page (its record's lostPages is 0);
 * - a running VM on a classic (non-CSV) disk runs on the disk's owner node: only that node has the
 *   LUN (a migration or a failover moves the disk with the VM). (Not checked: that the disk is
 *   online; `startVm` of an off VM does not yet ask whether its classic disk has failed.)
 * - a failover record keeps its times in order, failedAt <= detectedAt <= onlineAt (none after
 *   now), and while its VM has not left `from` its failedAt is not before the VM began running
 *   there (`hostedSince`): an outage cannot start before the VM was on the node;
 * - no VM is left on a node that is down: none holds memory there, and one that is failed, or
 *   saved but meant to run (a failed quick migration left it so), is in a failover: waiting for
 *   the cluster to detect a crashed node only within the detection wait (threshold + 1
 *   heartbeats), then placed, or failed with a reason. (An off VM, or one an admin saved, is an
 *   offline group: where it is owned is not modelled; so is one the cluster took offline through
 *   its offline action and has not brought back, the report's open `offlines` entry.)
 * - a VM is isolated (health/clientReach.ts) exactly while it holds memory on a node that no
 *   client network reaches (every `clusterAndClient` network down or its link down), and its
 *   clients are not counted as connected once it has had no answer for longer than `tcpTimeout`;
 * - a migration that failed at this instant left its VM where its record says (`leftOn`), unless
 *   the cluster has already restarted it elsewhere from there (a failover from `leftOn`).
 */
export function invariantViolations(sim: SimulationView): string[] {
  const broken: string[] = [];
  const expected = new Map<string, number>();
  for (const name of sim.state.nodes.keys()) expected.set(name, 0);
  const health = sim.health;

  const tcpTimeout = sim.scenario.settings.tcpTimeout;
  for (const vm of sim.state.vms.values()) {
    // (The health module's view of the client networks follows each network change, logged first.)
    const isolated = vm.holdsMemory && !sim.health.clientsReach(vm.node);
    if (isolated !== (vm.isolatedSince !== null)) broken.push(`${vm.name} on ${vm.node} is ${vm.isolatedSince !== null ? '' : 'not '}marked isolated, but its clients ${isolated ? 'cannot' : 'can'} reach it there`);
    // (At the instant it becomes isolated its time out may be due at once: it runs after everything else then.)
    if (vm.isolatedSince !== null && vm.isolatedSince < sim.now && vm.spec.clients > 0 && vm.clientsConnected && vm.silentSince !== null && sim.now > vm.silentSince + tcpTimeout) {
      broken.push(`${vm.name} has been isolated since ${vm.isolatedSince} (no answer since ${vm.silentSince}), longer than tcpTimeout, and its clients are still connected`);
    }
    if (!sim.state.nodes.has(vm.node)) broken.push(`${vm.name} is on unknown node ${vm.node}`);
    const node = sim.state.nodes.get(vm.node);
    const answering = vm.status === 'running' || vm.status === 'booting';
    if (answering && node?.status === 'down') broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is down`);
    if (vm.holdsMemory && !health.inQuorum(vm.node)) broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is not in the partition with quorum`);
    if (vm.holdsMemory && node?.status === 'joining') broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is still joining`);
    if (vm.holdsMemory) expected.set(vm.node, (expected.get(vm.node) ?? 0) + vm.spec.memory);
    if (vm.holdsMemory && !vm.spec.possibleOwners.includes(vm.node)) broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is not one of its possible owners`);
    const disk = sim.state.disks.get(vm.spec.disk);
    if (vm.status === 'running' && disk && !disk.spec.csv && disk.owner !== vm.node) {
      broken.push(`${vm.name} runs on ${vm.node} but its classic disk ${disk.name} is owned by ${String(disk.owner)}`);
    }
  }
  const moving = new Set<string>();
  for (const m of sim.migrations.inProgress()) {
    const held = m.heldMemory();
    if (held) expected.set(held.node, (expected.get(held.node) ?? 0) + held.bytes);
    for (const name of m instanceof LiveMigration ? [m.vm.name] : m.group) {
      if (moving.has(name)) broken.push(`${name} is moved by two migrations at once`);
      moving.add(name);
    }
    if (m instanceof LiveMigration && m.phase === 'cleanup') {
      // Resumed on the target; the source has not yet cleaned up (it holds the copy: heldMemory).
      const { vm, record } = m;
      if (vm.node !== record.to || vm.status !== 'running') broken.push(`${vm.name} is ${vm.status} on ${vm.node} during the clean-up of its live migration to ${record.to}`);
    } else if (m instanceof LiveMigration && m.phase !== 'done') {
      const { vm, record } = m;
      if (vm.node !== record.from) broken.push(`${vm.name} is on ${vm.node} during its live migration from ${record.from} to ${record.to}`);
      const want = m.phase === 'final' ? 'suspended' : 'running';
      if (vm.status !== want) broken.push(`${vm.name} is ${vm.status} during the ${m.phase} phase of its live migration (expected ${want})`);
    }
  }
  for (const r of sim.records.migrations) {
    if (r.type === 'live' && r.outcome === 'completed' && r.lostPages !== 0) broken.push(`the live migration of ${r.vm} completed with ${r.lostPages} lost pages`);
  }
  broken.push(...failoverTimeViolations(sim), ...leftOnDownNode(sim), ...failedMigrationPlacement(sim));
  for (const node of sim.state.nodes.values()) {
    if (node.reserved > node.spec.memory) broken.push(`${node.name} holds ${node.reserved} bytes of VM memory, more than its ${node.spec.memory}`);
    const want = expected.get(node.name) ?? 0;
    if (node.status !== 'down' && Math.abs(node.reserved - want) > 0.5) {
      broken.push(`${node.name} holds ${node.reserved} bytes but its VMs and migrations account for ${want}`);
    }
    if (node.status === 'down' && node.reserved !== 0) broken.push(`${node.name} is down but holds ${node.reserved} bytes`);
    if ((node.status === 'up' || node.status === 'paused') && !health.inQuorum(node.name)) broken.push(`${node.name} is ${node.status} outside the partition with quorum`);
  }
  const csv = sim.csvAccess;
  for (const disk of csv.disks) {
    const access = csv.access(disk);
    const coordinator = csv.coordinator(disk);
    const online = csv.isOnline(disk);
    const paused = csv.isPaused(disk);
    if (!paused) {
      const coordinatorDirect = access.some((a) => a.node === coordinator && a.state === 'direct');
      if (online !== coordinatorDirect) broken.push(`${disk} is ${online ? 'online' : 'offline'} but its coordinator ${coordinator} ${coordinatorDirect ? 'has' : 'lacks'} direct access`);
      if (access.some((a) => a.state === 'paused')) broken.push(`${disk} has a node paused while no coordinator move is under way`);
      if (csv.mode(disk) !== null) {
        for (const a of access) if (a.state === 'direct' && a.node !== coordinator) broken.push(`${a.node} has direct access to ${disk} while it is in ${csv.mode(disk)} mode`);
      }
    } else {
      if (!online) broken.push(`${disk} is offline during a coordinator move`);
      if (access.some((a) => a.state === 'direct' || a.state === 'redirected')) broken.push(`${disk}'s I/O is paused for a coordinator move but a node still does I/O`);
      const mounting = !csv.isAwaitingCoordinator(disk);
      if (mounting && sim.state.node(coordinator).status === 'down') broken.push(`${disk} is being mounted on ${coordinator}, which is down`);
    }
    if (!online && access.some((a) => a.state === 'direct' || a.state === 'redirected')) broken.push(`${disk} is offline while a node has access`);
    for (const a of access) {
      if (sim.state.node(a.node).status === 'down' && a.state !== 'noAccess') broken.push(`${a.node} is down but has ${a.state} access to ${disk}`);
    }
  }
  broken.push(...sim.storage.violations());
  return broken;
}

/** A failover's times in order, and never before its VM ran on the node it failed on. */
function failoverTimeViolations(sim: SimulationView): string[] {
  const broken: string[] = [];
  const latest = new Map<string, FailoverRecord>();
  for (const f of sim.records.failovers) {
    latest.set(f.vm, f);
    const times: [string, number | null][] = [['failedAt', f.failedAt], ['detectedAt', f.detectedAt], ['onlineAt', f.onlineAt]];
    let last: [string, number] | null = null;
    for (const [name, t] of times) {
      if (t === null) continue;
      if (t > sim.now) broken.push(`the failover of ${f.vm} from ${f.from} has ${name} ${t}, after now (${sim.now})`);
      if (last && t < last[1]) broken.push(`the failover of ${f.vm} from ${f.from} has ${name} ${t} before ${last[0]} ${last[1]}`);
      last = [name, t];
    }
  }
  for (const f of latest.values()) {
    const vm = sim.state.vms.get(f.vm);
    // Still where it failed and not held anywhere since: its hostedSince is still that of `from`.
    if (!vm || f.to !== null || vm.node !== f.from || vm.holdsMemory) continue;
    if (f.failedAt < vm.hostedSince) broken.push(`the failover of ${f.vm} from ${f.from} has failedAt ${f.failedAt}, before it began running there (${vm.hostedSince})`);
  }
  return broken;
}

/** No VM left on a node that is down but by a failover that is handling it (see invariantViolations). */
function leftOnDownNode(sim: SimulationView): string[] {
  const broken: string[] = [];
  const { delay, threshold } = sim.scenario.settings.heartbeat;
  const detectionWait = (threshold + 1) * delay;
  for (const vm of sim.state.vms.values()) {
    if (sim.state.nodes.get(vm.node)?.status !== 'down') continue;
    if (vm.holdsMemory) {
      broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is down`);
      continue;
    }
    const meantToRun = vm.status === 'failed' || (vm.status === 'saved' && vm.outageSince !== null);
    if (!meantToRun) continue;
    // Taken offline by the cluster through its offline action (maintenance, a stopping cluster
    // service with no node to take it): it waits to be brought back or started, not failed over.
    if (vm.status === 'saved' && sim.records.offlines.some((o) => o.vm === vm.name && o.onlineAt === null)) continue;
    const f = sim.health.failoverOf(vm.name);
    if (!f) broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is down, and no failover is under way`);
    else if (f.state === 'detecting' && sim.now > f.since + detectionWait + 1e-9) {
      broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is down, still waiting for detection ${sim.now - f.since} s after it failed (more than ${detectionWait} s)`);
    }
  }
  return broken;
}

/** A migration that failed now left its VM on the node its record says. */
function failedMigrationPlacement(sim: SimulationView): string[] {
  const broken: string[] = [];
  const latest = new Map<string, MigrationRecord>();
  for (const m of sim.records.migrations) latest.set(m.vm, m);
  for (const m of latest.values()) {
    if (m.outcome !== 'failed' || m.completedAt !== sim.now) continue;
    if (m.leftOn !== m.from && m.leftOn !== m.to) {
      broken.push(`the failed ${m.type} migration of ${m.vm} from ${m.from} to ${m.to} says it left it on ${String(m.leftOn)}`);
      continue;
    }
    const vm = sim.state.vms.get(m.vm);
    if (!vm || vm.node === m.leftOn) continue;
    const failedOver = sim.records.failovers.some((f) => f.vm === m.vm && f.from === m.leftOn && f.to === vm.node && f.detectedAt !== null && f.detectedAt >= (m.completedAt as number));
    if (!failedOver) broken.push(`the ${m.type} migration of ${m.vm} from ${m.from} to ${m.to} failed leaving it on ${m.leftOn}, but it is on ${vm.node}`);
  }
  return broken;
}
