/**
 * The timeline actions of docs/scenario-format.md and the fields each one takes, in one table. The schema's
 * if/then per `do`, the loader's messages ('missing "to": a live migration needs the target node')
 * and normalize all follow it; a unit test checks the schema against it.
 */
import type { ActionKind } from './model';

export type ActionField = 'vm' | 'to' | 'node' | 'network' | 'disk' | 'on' | 'task' | 'duration' | 'workload';

export interface ActionInfo {
  /** The fields the action requires, in the order a snippet writes them. */
  readonly fields: readonly ActionField[];
  /** Fields it may take besides, written after the required ones. */
  readonly optional?: readonly ActionField[];
  /** The action as a noun phrase: "a live migration needs ...". */
  readonly noun: string;
  /** What each field is for this action: "... needs the target node". */
  readonly needs: Readonly<Partial<Record<ActionField, string>>>;
  /** One sentence for the schema and hovers, in Failover Cluster Manager's words. */
  readonly description: string;
}

export const ACTIONS: Readonly<Record<ActionKind, ActionInfo>> = {
  liveMigrate: {
    fields: ['vm', 'to'],
    noun: 'a live migration',
    needs: { vm: 'the virtual machine to move', to: 'the target node' },
    description: 'Live migration: copy the running VM\'s memory to the target node in passes, then pause it briefly for the last dirty pages.',
  },
  quickMigrate: {
    fields: ['vm', 'to'],
    noun: 'a quick migration',
    needs: { vm: 'the virtual machine to move', to: 'the target node' },
    description: 'Quick migration: save the VM to shared storage, move its disk to the target node and restore it there.',
  },
  drainNode: {
    fields: ['node'],
    noun: 'draining a node',
    needs: { node: 'the node to pause' },
    description:
      "Pause the node and live-migrate its VMs to other nodes (Windows Server 2012's node drain: on 2008 R2, a validation warning; there the administrator pauses the node and live-migrates each VM).",
  },
  resumeNode: {
    fields: ['node'],
    noun: 'resuming a node',
    needs: { node: 'the paused node' },
    description: 'Resume a paused node so that it can host VMs again.',
  },
  crashNode: {
    fields: ['node'],
    noun: 'crashing a node',
    needs: { node: 'the node that fails' },
    description: 'The node fails at once (no save): its VMs restart on other nodes from a crash-consistent state.',
  },
  startNode: {
    fields: ['node'],
    noun: 'starting a node',
    needs: { node: 'the node to start' },
    description: 'The node starts and rejoins the cluster.',
  },
  stopClusterService: {
    fields: ['node'],
    noun: 'stopping the cluster service',
    needs: { node: 'the node whose cluster service stops' },
    description:
      "Stop the Cluster service on a node (More Actions > Stop Cluster Service): its VMs' groups move to other nodes through each VM's offline action, then the node leaves the cluster: no failure detection, its vote no longer counts.",
  },
  startClusterService: {
    fields: ['node'],
    noun: 'starting the cluster service',
    needs: { node: 'the node whose cluster service starts' },
    description: 'Start the Cluster service on a node where it was stopped: the node joins the cluster again.',
  },
  disconnect: {
    fields: ['node', 'network'],
    noun: 'disconnecting a node',
    needs: { node: 'the node whose link fails', network: 'the network it is cut from' },
    description: 'The node\'s link to the network fails (a pulled cable).',
  },
  reconnect: {
    fields: ['node', 'network'],
    noun: 'reconnecting a node',
    needs: { node: 'the node whose link returns', network: 'the network it rejoins' },
    description: 'The node\'s link to the network returns.',
  },
  failNetwork: {
    fields: ['network'],
    noun: 'failing a network',
    needs: { network: 'the network that goes down' },
    description: 'The whole network fails (its switch goes down).',
  },
  restoreNetwork: {
    fields: ['network'],
    noun: 'restoring a network',
    needs: { network: 'the network that comes back' },
    description: 'The failed network comes back.',
  },
  maintenance: {
    fields: ['disk', 'on'],
    noun: 'maintenance mode',
    needs: { disk: 'the disk or Cluster Shared Volume', on: 'whether to turn it on (true) or off (false)' },
    description:
      'Turn maintenance on or off: on a Cluster Shared Volume the cluster takes the VMs on it offline (their offlineAction) and brings them back when it is turned off; on a classic disk the VMs stay online.',
  },
  redirectedAccess: {
    fields: ['disk', 'on'],
    noun: 'redirected access',
    needs: { disk: 'the Cluster Shared Volume', on: 'whether to turn it on (true) or off (false)' },
    description: 'Turn redirected access of a Cluster Shared Volume on or off: while on, every node but the coordinator sends its I/O through the coordinator; the VMs keep running.',
  },
  moveCoordinator: {
    fields: ['disk', 'to'],
    noun: 'moving the coordinator',
    needs: { disk: 'the Cluster Shared Volume', to: 'the node that becomes coordinator' },
    description: 'Move the coordinator node of a Cluster Shared Volume; I/O queues on every node during the move.',
  },
  repairVolume: {
    fields: ['disk', 'task', 'duration'],
    optional: ['node'],
    noun: 'a volume repair',
    needs: { disk: 'the Cluster Shared Volume', task: 'the task ("chkdsk" or "defrag")', duration: 'how long the task runs', node: 'the node running the cmdlet' },
    description: 'Run chkdsk or defrag on a Cluster Shared Volume (Repair-ClusterSharedVolume): maintenance is on while it runs, so its VMs go offline, then off and they come back.',
  },
  backup: {
    fields: ['disk', 'duration'],
    optional: ['node'],
    noun: 'a backup',
    needs: { disk: 'the Cluster Shared Volume to back up', duration: 'how long the backup runs', node: 'the node running the backup' },
    description: 'Back up a Cluster Shared Volume: redirected access (not maintenance) while the backup runs; the VMs keep running.',
  },
  setWorkload: {
    fields: ['vm', 'workload'],
    noun: 'changing a workload',
    needs: { vm: 'the virtual machine', workload: 'the new workload' },
    description: 'Change a VM\'s workload from this moment on.',
  },
  startVm: {
    fields: ['vm'],
    noun: 'starting a VM',
    needs: { vm: 'the virtual machine to start' },
    description: 'Start a VM that is off or saved.',
  },
  stopVm: {
    fields: ['vm'],
    noun: 'stopping a VM',
    needs: { vm: 'the virtual machine to turn off' },
    description: 'Turn a VM off.',
  },
  saveVm: {
    fields: ['vm'],
    noun: 'saving a VM',
    needs: { vm: 'the virtual machine to save' },
    description: 'Save a VM\'s state to disk and stop it.',
  },
};

export const ACTION_KINDS = Object.keys(ACTIONS) as ActionKind[];

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}
