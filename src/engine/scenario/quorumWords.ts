/**
 * The quorum configuration in Failover Cluster Manager's words, for the report's reasons, the
 * snapshot and the views (which never work them out themselves).
 */
import type { QuorumModel, QuorumSpec } from './model';

const MODEL_NAMES: Readonly<Record<QuorumModel, string>> = {
  nodeMajority: 'Node Majority',
  nodeAndDiskMajority: 'Node and Disk Majority',
  nodeAndFileShareMajority: 'Node and File Share Majority',
  diskOnly: 'No Majority: Disk Only',
};

/** "Node and File Share Majority". */
export function quorumModelName(model: QuorumModel): string {
  return MODEL_NAMES[model];
}

/** "the witness disk Quorum", "the file share witness over LAN", or null (Node Majority). */
export function witnessWords(q: QuorumSpec): string | null {
  switch (q.model) {
    case 'nodeAndDiskMajority':
    case 'diskOnly':
      return `the witness disk ${q.witness}`;
    case 'nodeAndFileShareMajority':
      return `the file share witness over ${q.fileShareWitness.network}`;
    default:
      return null;
  }
}

/** "Node and File Share Majority, with the file share witness over LAN"; "Node Majority". */
export function describeQuorum(q: QuorumSpec): string {
  const witness = witnessWords(q);
  if (q.model === 'diskOnly') return `${MODEL_NAMES[q.model]}: ${witness ?? 'the witness disk'} is the only vote`;
  return witness === null ? MODEL_NAMES[q.model] : `${MODEL_NAMES[q.model]}, with ${witness}`;
}
