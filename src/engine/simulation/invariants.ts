import type { Simulation } from './simulation';

/**
 * The promises the engine keeps at every event, as a list of broken ones (empty when all hold).
 * Tests call it after every logged event; it is cheap enough for that on test-sized clusters.
 * - a VM is on exactly one node, and a VM that runs is on a node that is up (or paused);
 * - no node's memory is over-committed;
 * - memory is accounted exactly: what a node holds is the memory of the VMs that hold memory
 *   there plus what migrations in progress reserved on it (shell VMs, room for a restore);
 * - a CSV is online exactly when its coordinator has direct access, and then every node with
 *   direct access could coordinate it; a node that is down has no access to any volume.
 */
export function invariantViolations(sim: Simulation): string[] {
  const broken: string[] = [];
  const expected = new Map<string, number>();
  for (const name of sim.state.nodes.keys()) expected.set(name, 0);

  for (const vm of sim.state.vms.values()) {
    if (!sim.state.nodes.has(vm.node)) broken.push(`${vm.name} is on unknown node ${vm.node}`);
    const node = sim.state.nodes.get(vm.node);
    const answering = vm.status === 'running' || vm.status === 'booting';
    if (answering && node?.status === 'down') broken.push(`${vm.name} is ${vm.status} on ${vm.node}, which is down`);
    if (vm.holdsMemory) expected.set(vm.node, (expected.get(vm.node) ?? 0) + vm.spec.memory);
  }
  for (const m of sim.migrations?.inProgress() ?? []) {
    const held = m.heldMemory();
    if (held) expected.set(held.node, (expected.get(held.node) ?? 0) + held.bytes);
  }
  for (const node of sim.state.nodes.values()) {
    if (node.reserved > node.spec.memory) broken.push(`${node.name} holds ${node.reserved} bytes of VM memory, more than its ${node.spec.memory}`);
    const want = expected.get(node.name) ?? 0;
    if (node.status !== 'down' && Math.abs(node.reserved - want) > 0.5) {
      broken.push(`${node.name} holds ${node.reserved} bytes but its VMs and migrations account for ${want}`);
    }
    if (node.status === 'down' && node.reserved !== 0) broken.push(`${node.name} is down but holds ${node.reserved} bytes`);
  }
  const csv = sim.csvAccess;
  for (const disk of csv ? csv.disks : []) {
    if (!csv) break;
    const access = csv.access(disk);
    const coordinator = csv.coordinator(disk);
    const online = csv.isOnline(disk);
    const coordinatorDirect = access.some((a) => a.node === coordinator && a.state === 'direct');
    if (online !== coordinatorDirect) broken.push(`${disk} is ${online ? 'online' : 'offline'} but its coordinator ${coordinator} ${coordinatorDirect ? 'has' : 'lacks'} direct access`);
    if (!online && access.some((a) => a.state === 'direct')) broken.push(`${disk} is offline while a node has direct access`);
    for (const a of access) {
      if (sim.state.node(a.node).status === 'down' && a.state !== 'noAccess') broken.push(`${a.node} is down but has ${a.state} access to ${disk}`);
    }
  }
  return broken;
}
