/**
 * Cluster-validation warnings about the quorum configuration: where the chosen model is a poor fit
 * for the cluster, as TechNet's "Understanding Quorum Configurations in a Failover Cluster" (2008
 * R2) recommends: Node Majority for an odd number of nodes, Node and Disk Majority for an even
 * number, Node and File Share Majority for special configurations (a multi-site cluster without
 * shared storage), No Majority: Disk Only never (Set-ClusterQuorum: "a single point of failure").
 * Kept apart from warnings.ts (which calls it) so each area's warnings change on their own.
 *
 * The figures in the messages are the simulator's rule (more than half of the votes), worked out
 * here in words from the counts: n nodes, plus one vote for a witness.
 */
import type { Diagnostic } from './diagnostics';
import { FABRIC, witnessDiskOf, type JsonPath, type NetworkSpec, type Scenario } from './model';
import { isAttached, isClusterEnabled } from '../network/order';
import { quorumModelName } from './quorumWords';
import { quoteList } from './semantic';

type Warn = (code: string, path: JsonPath, message: string, hint: string) => void;

/** Node failures a cluster of `n` nodes survives: with a witness (online) or without. */
function tolerated(n: number, witness: boolean): number {
  const total = n + (witness ? 1 : 0);
  // Votes left after f failures: n - f (+1); quorum needs more than half of total.
  return Math.max(0, n + (witness ? 1 : 0) - (Math.floor(total / 2) + 1));
}

const failures = (k: number): string => `${k} node failure${k === 1 ? '' : 's'}`;

export function quorumFitWarnings(s: Scenario, out: Diagnostic[], nodeNames: readonly string[]): void {
  const warn: Warn = (code, path, message, hint) => out.push({ severity: 'warning', code, path, message, hint });
  const q = s.settings.quorum;
  const n = nodeNames.length;
  const path: JsonPath = ['settings', 'quorum'];
  const witnessDisks = s.disks.filter((d) => d.role === 'witness' && !d.csv).map((d) => d.name);
  const diskHint = witnessDisks.length
    ? `{ "model": "nodeAndDiskMajority", "witness": ${JSON.stringify(witnessDisks[0])} }`
    : `{ "model": "nodeAndDiskMajority", "witness": "Witness" } with a small classic disk "Witness" that has "role": "witness"`;

  // Node Majority with an even number of nodes: half of them lost is a tie, and a tie stops it.
  if (q.model === 'nodeMajority' && n >= 2 && n % 2 === 0) {
    warn(
      'even-votes-without-witness',
      path,
      `Node Majority with ${n} nodes: losing ${n / 2} of them leaves ${n / 2} of ${n} votes, not a majority, so the whole cluster stops; a witness disk would break the tie`,
      diskHint,
    );
  }

  // A witness with an odd number of nodes: an even vote total, so it buys no extra failure, and
  // the cluster survives one fewer while the witness is down.
  if ((q.model === 'nodeAndDiskMajority' || q.model === 'nodeAndFileShareMajority') && n % 2 === 1) {
    const name = quorumModelName(q.model);
    warn(
      'odd-nodes-with-witness',
      ['settings', 'quorum', 'model'],
      `${name} with ${n} node${n === 1 ? '' : 's'}: with the witness, ${n + 1} votes, and more than half is ${Math.floor((n + 1) / 2) + 1}, so the cluster survives ${failures(tolerated(n, true))}, as many as Node Majority does (${failures(tolerated(n, false))}), and ${failures(Math.max(0, tolerated(n, true) - 1))} while the witness is down; TechNet recommends Node Majority for an odd number of nodes`,
      `"quorum": "nodeMajority"`,
    );
  }

  // No Majority: Disk Only is never a good fit.
  if (q.model === 'diskOnly') {
    warn(
      'disk-only-quorum',
      ['settings', 'quorum', 'model'],
      `No Majority: Disk Only: the witness disk ${JSON.stringify(q.witness)} is the only vote: the cluster runs while one node reaches it, but if the disk (or its storage path) fails, every node stops, whatever the nodes: a single point of failure, not recommended`,
      n % 2 === 0 ? `{ "model": "nodeAndDiskMajority", "witness": ${JSON.stringify(q.witness)} } (${n} nodes: an even number)` : `"quorum": "nodeMajority" (${n} nodes: an odd number)`,
    );
  }

  if (q.model === 'nodeAndFileShareMajority') fileShareFit(s, q.fileShareWitness.network, nodeNames, warn, diskHint);
  singleNetworkWitness(s, warn);

  // A disk with the witness role that the quorum does not use.
  const used = witnessDiskOf(q);
  for (const d of s.disks) {
    if (d.role !== 'witness' || d.name === used) continue;
    warn(
      'witness-disk-unused',
      [...d.path, 'role'],
      `disk ${JSON.stringify(d.name)} has the witness role, but the quorum ${used === null ? `model is ${quorumModelName(q.model)} and uses no witness disk` : `uses ${JSON.stringify(used)}`}`,
      used === null
        ? `"quorum": { "model": "nodeAndDiskMajority", "witness": ${JSON.stringify(d.name)} }, or "role": "data"`
        : `"role": "data" (one witness per cluster)`,
    );
  }
}

/** Node and File Share Majority: a disk witness would fit (shared storage), nodes that cannot reach the share. */
function fileShareFit(s: Scenario, network: string, nodeNames: readonly string[], warn: Warn, diskHint: string): void {
  const path: JsonPath = ['settings', 'quorum', 'fileShareWitness', 'network'];
  const net = s.networks.find((x) => x.name === network);
  if (!net) return; // a semantic error already

  // Shared storage every node reaches: a disk witness would fit (a classic disk or CSV on a path all share).
  const everyNode = (d: Scenario['disks'][number]): boolean => {
    if (d.storagePath === null || d.storagePath === FABRIC) return true;
    const p = s.networks.find((x) => x.name === d.storagePath);
    return p !== undefined && nodeNames.every((node) => isAttached(p, node));
  };
  const shared = s.disks.filter(everyNode);
  if (shared.length > 0) {
    warn(
      'file-share-witness-with-shared-storage',
      ['settings', 'quorum', 'model'],
      `Node and File Share Majority, but every node reaches shared storage (${quoteList(shared.map((d) => d.name), 3)}): a disk witness fits this cluster; the file share witness is for special configurations, such as a multi-site cluster without shared storage, with the file server at a third site`,
      diskHint,
    );
  }

  const cut = nodeNames.filter((node) => !isAttached(net, node));
  if (cut.length > 0) {
    warn(
      'file-share-witness-unreachable',
      path,
      `${quoteList(cut, 4)} ${cut.length === 1 ? 'is' : 'are'} not attached to ${JSON.stringify(net.name)}, over which the file share witness is reached: ${cut.length === 1 ? 'its partition' : 'their partitions'} can never count the witness's vote`,
      `a network every node is attached to, or ${quoteList(cut, 2)} added to the nodes of ${JSON.stringify(net.name)}`,
    );
  }
}

/**
 * The witness reached over the one network that also carries every heartbeat: losing that network
 * splits the cluster and takes the witness away at once, so no partition gets a majority.
 */
function singleNetworkWitness(s: Scenario, warn: Warn): void {
  const q = s.settings.quorum;
  let via: NetworkSpec | undefined;
  let what: string;
  let path: JsonPath;
  if (q.model === 'nodeAndFileShareMajority') {
    via = s.networks.find((x) => x.name === q.fileShareWitness.network);
    what = 'the file share witness';
    path = ['settings', 'quorum', 'fileShareWitness', 'network'];
  } else {
    const diskName = witnessDiskOf(q);
    const disk = s.disks.find((d) => d.name === diskName);
    if (!disk || disk.storagePath === null || disk.storagePath === FABRIC) return;
    via = s.networks.find((x) => x.name === disk.storagePath);
    what = `the witness disk ${JSON.stringify(disk.name)}`;
    path = [...disk.path, 'path'];
  }
  if (!via) return;
  const enabled = s.networks.filter(isClusterEnabled);
  if (enabled.length !== 1 || enabled[0] !== via) return;
  warn(
    'witness-on-only-cluster-network',
    path,
    `${what} is reached over ${JSON.stringify(via.name)}, which is also the only network carrying heartbeats: if it fails, the cluster splits into single nodes and none reaches the witness, so every node stops`,
    `a dedicated cluster network ("role": "cluster") besides ${JSON.stringify(via.name)}, so that losing one network never costs both the heartbeats and the witness`,
  );
}
