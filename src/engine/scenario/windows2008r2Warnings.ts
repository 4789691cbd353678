/**
 * Validation warnings for what a real Windows Server 2008 R2 cluster could not be: beyond its
 * documented limits (nodes, running VMs, a VM's memory, heartbeat ranges, one live migration per
 * node), or using a feature of a later version (node drain). The scenario still loads and runs as
 * written; each warning says what would differ on 2008 R2. Sources: docs/fidelity.md, "2008 R2
 * limits and later features".
 *
 * The loader's own limits (64 nodes, 8,000 VMs, a 1 TiB VM: scenario/limits.ts) are errors and
 * stay apart: those bound what the simulator can run, these what 2008 R2 supports.
 *
 * Robust against scenarios that also have semantic errors: unknown names are skipped here.
 */
import type { Diagnostic } from './diagnostics';
import type { JsonPath, Scenario } from './model';
import { formatBytes, formatCount, formatDuration } from '../../format/quantities';

const MiB = 1024 ** 2;
const GiB = 1024 * MiB;

/** The figures, each from the page docs/fidelity.md names for it. */
const WINDOWS_2008_R2 = {
  /** "Nodes per cluster 16" (TechNet ee405267, Failover Clusters and Hyper-V). */
  nodesPerCluster: 16,
  /** "Running virtual machines per cluster and per node: 1,000 per cluster, with a maximum of 384 on any one node". */
  runningVmsPerCluster: 1000,
  runningVmsPerNode: 384,
  /** "Memory 64 GB" per virtual machine (TechNet ee405267); Hyper-V's GB are GiB (65,536 MB). */
  vmMemory: 64 * GiB,
  /** SameSubnetDelay "250-2000 milliseconds on a common subnet" (TechNet dd197562). */
  heartbeatDelay: { min: 0.25, max: 2 },
  /** "The range for missed heartbeats is from 3 through 10" (TechNet dd197562). */
  heartbeatThreshold: { min: 3, max: 10 },
  /** "Each set of nodes involved in a Hyper-V live migration ... supports one concurrent live migration at a time" (Savill). */
  liveMigrationsPerNode: 1,
} as const;

/** Tolerance for comparing times given in milliseconds as seconds ("250ms" is 0.25 exactly, but "0.3s" * 1000 is not 300). */
const EPS = 1e-9;

type Warn = (code: string, path: JsonPath, message: string, hint: string) => void;

export function windows2008r2Warnings(s: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn: Warn = (code, path, message, hint) => out.push({ severity: 'warning', code, path, message, hint });
  nodesPerCluster(s, warn);
  runningVms(s, warn);
  vmMemory(s, warn);
  heartbeatRanges(s, warn);
  concurrentLiveMigrations(s, warn);
  laterActions(s, warn);
  return out;
}

function nodesPerCluster(s: Scenario, warn: Warn): void {
  const max = WINDOWS_2008_R2.nodesPerCluster;
  if (s.nodes.length <= max) return;
  warn(
    'over-2008r2-nodes',
    s.nodes[max]!.path,
    `${s.nodes.length} nodes: a Windows Server 2008 R2 failover cluster has at most ${max} nodes (64 since Windows Server 2012), so this cluster could not be built on 2008 R2; the simulator runs it as written`,
    `at most ${max} nodes, or two clusters`,
  );
}

/**
 * Running VMs are counted as the scenario starts: the VMs with `state` running, each on its
 * `owner`. Moves during the run (failovers, drains) are not counted: 2008 R2's limit is on what
 * runs, and a plan that stays within it at the start may still exceed it after a failure.
 */
function runningVms(s: Scenario, warn: Warn): void {
  const running = s.vms.filter((v) => v.state === 'running');
  const perCluster = WINDOWS_2008_R2.runningVmsPerCluster;
  if (running.length > perCluster) {
    warn(
      'over-2008r2-running-vms',
      running[perCluster]!.path,
      `${formatCount(running.length)} VMs run at the start: Windows Server 2008 R2 supports at most ${formatCount(perCluster)} running VMs in a failover cluster (8,000 since Windows Server 2012), so Microsoft would not support this cluster on 2008 R2`,
      `at most ${formatCount(perCluster)} VMs with "state": "running", or two clusters`,
    );
  }
  const perNode = WINDOWS_2008_R2.runningVmsPerNode;
  // Counted in one pass, not one pass over every VM per node.
  const runningOn = new Map<string, number>();
  for (const v of running) runningOn.set(v.owner, (runningOn.get(v.owner) ?? 0) + 1);
  for (const node of s.nodes) {
    const count = runningOn.get(node.name) ?? 0;
    if (count <= perNode) continue;
    warn(
      'over-2008r2-running-vms-per-node',
      node.path,
      `${node.name} runs ${formatCount(count)} VMs at the start (the running VMs it owns): Windows Server 2008 R2 supports at most ${perNode} running VMs on one node of a failover cluster (1,024 since Windows Server 2012)`,
      `at most ${perNode} running VMs owned by ${node.name}; spread them over more nodes`,
    );
  }
}

function vmMemory(s: Scenario, warn: Warn): void {
  const max = WINDOWS_2008_R2.vmMemory;
  for (const vm of s.vms) {
    if (vm.memory <= max) continue;
    warn(
      'over-2008r2-vm-memory',
      [...vm.path, 'memory'],
      `VM ${JSON.stringify(vm.name)} has ${formatBytes(vm.memory)} (${formatCount(Math.ceil(vm.memory / MiB))} MB) of memory: a Hyper-V VM on Windows Server 2008 R2 has at most 64 GB (65,536 MB; 1 TB since Windows Server 2012), so it could not be configured on 2008 R2; the simulator runs it as written`,
      `"memory": "64GiB" or less`,
    );
  }
}

function heartbeatRanges(s: Scenario, warn: Warn): void {
  const { delay, threshold } = s.settings.heartbeat;
  const detection = formatDuration(delay * threshold);
  const d = WINDOWS_2008_R2.heartbeatDelay;
  if (delay < d.min - EPS || delay > d.max + EPS) {
    warn(
      'outside-2008r2-heartbeat-delay',
      ['settings', 'heartbeat', 'delay'],
      `a heartbeat every ${formatDuration(delay)}: Windows Server 2008 R2 accepts a SameSubnetDelay of ${formatDuration(d.min)} to ${formatDuration(d.max)} only, so this value cannot be set there; the simulator declares a node down after delay x threshold = ${detection}, which no 2008 R2 cluster with this threshold would`,
      `a delay from "250ms" to "2s" (2008 R2's default "1s")`,
    );
  }
  const t = WINDOWS_2008_R2.heartbeatThreshold;
  if (threshold < t.min || threshold > t.max) {
    warn(
      'outside-2008r2-heartbeat-threshold',
      ['settings', 'heartbeat', 'threshold'],
      `a threshold of ${threshold} missed heartbeats: Windows Server 2008 R2 accepts a SameSubnetThreshold of ${t.min} to ${t.max} only (up to 120 since Windows Server 2012), so this value cannot be set there; the simulator declares a node down after delay x threshold = ${detection}`,
      `a threshold from ${t.min} to ${t.max} (2008 R2's default 5)`,
    );
  }
}

function concurrentLiveMigrations(s: Scenario, warn: Warn): void {
  const n = s.settings.liveMigration.maxConcurrentPerNode;
  const max = WINDOWS_2008_R2.liveMigrationsPerNode;
  if (n <= max) return;
  warn(
    'over-2008r2-concurrent-live-migrations',
    ['settings', 'liveMigration', 'maxConcurrentPerNode'],
    `up to ${n} live migrations at once per node: Windows Server 2008 R2 runs one live migration at a time per node, as source or destination (concurrent live migrations came with Windows Server 2012), so on 2008 R2 these migrations would run one after the other, each faster on its own, the last one finishing later`,
    `"maxConcurrentPerNode": 1`,
  );
}

/** Actions of a later Windows Server, each with what a 2008 R2 administrator does instead. */
const LATER_ACTIONS: Readonly<Partial<Record<string, string>>> = {
  drainNode:
    "drainNode is Windows Server 2012's node drain (Pause > Drain Roles): 2008 R2 has no drain; there the administrator pauses the node and live-migrates each of its VMs to a node of their choice, or starts maintenance mode on the host in System Center Virtual Machine Manager 2008 R2, which live-migrates them. The simulator pauses the node and live-migrates each VM to its placement target, one live migration per node at a time, as those steps would",
};

function laterActions(s: Scenario, warn: Warn): void {
  for (const entry of s.timeline) {
    const message = LATER_ACTIONS[entry.action.do];
    if (message === undefined) continue;
    warn(
      'action-not-in-2008r2',
      [...entry.path, 'do'],
      message,
      entry.action.do === 'drainNode'
        ? `on 2008 R2: pause ${entry.action.node} and a "liveMigrate" for each of its VMs (the simulator's drainNode does both)`
        : 'an action 2008 R2 has',
    );
  }
}
