/**
 * Partitions and quorum, as a pure function of what the cluster believes about its heartbeats.
 *
 * Partitions. Two nodes are in the same partition when they are connected, directly or through
 * other nodes, by pairs that still see each other's heartbeats (see heartbeat.ts). A real cluster
 * requires every member to see every other (a regroup keeps a fully connected set); taking the
 * connected component instead is a simplification that only matters for partial meshes.
 *
 * Votes. Every node has one vote, including a node that crashed but is not declared down yet (the
 * cluster does not know yet). With Node and Disk Majority the witness disk has one more vote,
 * which goes to at most one partition: the one holding it now (the partition of its owner node)
 * if that partition can still reach the disk, else the first partition (by its first node in
 * file order) with a live node that reaches it. A partition has quorum when its votes are more
 * than half of all votes (nodes + witness), so at most one partition ever has quorum.
 *
 * Reaching the witness: a live node (not crashed) whose storage path to the disk is up.
 */

export interface QuorumInput {
  /** Node names, in file order. */
  readonly nodes: readonly string[];
  /** Per node: false for a node that crashed (its vote still counts until it is declared down). */
  readonly alive: readonly boolean[];
  /** True when the cluster counts i and j as connected. */
  readonly connected: (i: number, j: number) => boolean;
  /**
   * Per node: false for a node that is not a cluster member at all (its cluster service was
   * stopped): it is in no partition's votes and reaches no witness; the total of votes is
   * unchanged (2008 R2 has no dynamic quorum). Absent: every node is a member.
   */
  readonly member?: readonly boolean[];
  /** Null for Node Majority. */
  readonly witness: null | {
    readonly disk: string;
    /** Per node: a live node whose path to the witness disk is up. */
    readonly reaches: readonly boolean[];
    /** Index of the node that owns the witness disk now, or -1. */
    readonly owner: number;
  };
}

export interface Partition {
  /** Node indices, ascending. */
  readonly members: readonly number[];
  /** True when at least one member has not crashed. */
  readonly alive: boolean;
  readonly holdsWitness: boolean;
  readonly votes: number;
  readonly hasQuorum: boolean;
}

export interface QuorumView {
  /** Partitions in order of their first node. */
  readonly partitions: readonly Partition[];
  /** Per node: index into `partitions`. */
  readonly partitionOf: Int32Array;
  readonly totalVotes: number;
  /** The partition with quorum, or null when none has it. */
  readonly quorum: Partition | null;
}

export function computeQuorum(input: QuorumInput): QuorumView {
  const n = input.nodes.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const member = (i: number): boolean => input.member?.[i] ?? true;
  const alive = (i: number): boolean => input.alive[i] && member(i);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!member(i) || !member(j) || !input.connected(i, j)) continue;
      const a = find(i);
      const b = find(j);
      // The smaller index is the root, so each root is its partition's first node.
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  const groups = [...byRoot.values()];

  const w = input.witness;
  let witnessGroup = -1;
  if (w) {
    const reaches = (g: number[]): boolean => g.some((i) => alive(i) && w.reaches[i]);
    const incumbent = w.owner >= 0 ? groups.findIndex((g) => g.includes(w.owner)) : -1;
    if (incumbent >= 0 && reaches(groups[incumbent])) witnessGroup = incumbent;
    else witnessGroup = groups.findIndex(reaches);
  }
  const totalVotes = n + (w ? 1 : 0);
  const partitionOf = new Int32Array(n);
  let quorum: Partition | null = null;
  const partitions = groups.map((members, g): Partition => {
    for (const i of members) partitionOf[i] = g;
    const live = members.some(alive);
    const holdsWitness = g === witnessGroup;
    const votes = members.filter(member).length + (holdsWitness ? 1 : 0);
    const p: Partition = { members, alive: live, holdsWitness, votes, hasQuorum: live && 2 * votes > totalVotes };
    if (p.hasQuorum) quorum = p;
    return p;
  });
  return { partitions, partitionOf, totalVotes, quorum };
}
