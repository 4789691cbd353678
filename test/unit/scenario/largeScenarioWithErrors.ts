/**
 * A scenario at the loader's limits (the 64-node, 8,000-VM drain cluster of the benchmarks) broken
 * on purpose in the places whose checks were made faster: lists of names (unknown, in another case,
 * the default list of all nodes), memory (a VM larger than its node, nodes overcommitted, too little
 * room to fail over), VMs per node past 2008 R2's limit, restricted possible owners. Everything is
 * derived from fixed numbers, so the same scenario comes out every time (largeChecks.test.ts pins
 * its diagnostics to what the checks gave before they were made faster).
 */
import { drainScenario } from '../../../scripts/bench/scenarios';

type Json = Record<string, unknown>;

export function largeScenarioWithErrors(): Json {
  const json = drainScenario(64, 8000).json;
  const nodes = json.nodes as Json[];
  const vms = json.vms as Json[];
  const networks = json.networks as Json[];
  const node = (i: number): string => `HV${String(i + 1).padStart(2, '0')}`;
  // Small nodes: their VMs overcommit them, one VM is larger than its node, and the others
  // cannot take a failed node's VMs.
  for (let i = 0; i < 6; i++) nodes[i]!.memory = `${[512, 256, 128, 1000, 700, 900][i]}GiB`;
  nodes[6]!.memory = '8GiB';
  // 450 running VMs on HV08: past 2008 R2's 384 per node.
  for (let k = 0; k < 330; k++) vms[k * 17 + 3]!.owner = node(7);
  // Lists of names: unknown, repeated, restricted, on every 37th VM.
  for (let k = 0; k * 37 < vms.length; k++) {
    const vm = vms[k * 37]!;
    const owner = String(vm.owner);
    switch (k % 6) {
      case 0:
        vm.possibleOwners = [owner, node((k + 1) % 64), 'HV99'];
        break;
      case 1:
        vm.possibleOwners = [owner, owner.toLowerCase(), node((k + 2) % 64)];
        break;
      case 2:
        vm.preferredOwners = [node((k + 3) % 64), 'hv01', 'Nope'];
        break;
      case 3:
        vm.possibleOwners = [owner];
        break;
      case 4:
        vm.possibleOwners = [owner, node((k + 5) % 64)];
        vm.preferredOwners = [node((k + 6) % 64), node((k + 5) % 64)];
        break;
      default:
        vm.liveMigrationNetworks = ['Live Migration', 'Cluster', 'Nope', 'cluster'];
    }
  }
  // A network on some nodes only, listing one twice and one that does not exist.
  networks[2]!.nodes = [node(0), node(1), node(2), 'hv02', 'HV65', ...Array.from({ length: 40 }, (_, i) => node(i + 3))];
  return json;
}
