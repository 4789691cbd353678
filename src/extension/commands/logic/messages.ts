/**
 * What the user reads after acting by hand: the action in Failover Cluster Manager's words and,
 * when the cluster refuses it, the engine's reason ("Live migration of SQL01 refused: target
 * node HV02 is paused"). Free of `vscode`.
 */
import type { Action } from '../../../engine/scenario/model';
import { formatDuration } from '../../../format/quantities';

/** The action as the subject of a sentence: "Live migration of SQL01". */
function describeAction(action: Action): string {
  switch (action.do) {
    case 'liveMigrate':
      return `Live migration of ${action.vm}`;
    case 'quickMigrate':
      return `Quick migration of ${action.vm}`;
    case 'drainNode':
      return `Pausing and draining ${action.node}`;
    case 'resumeNode':
      return `Resuming ${action.node}`;
    case 'crashNode':
      return `Crashing ${action.node}`;
    case 'startNode':
      return `Starting ${action.node}`;
    case 'stopClusterService':
      return `Stopping the cluster service on ${action.node}`;
    case 'startClusterService':
      return `Starting the cluster service on ${action.node}`;
    case 'disconnect':
      return `Disconnecting ${action.node} from ${action.network}`;
    case 'reconnect':
      return `Reconnecting ${action.node} to ${action.network}`;
    case 'failNetwork':
      return `Failing network ${action.network}`;
    case 'restoreNetwork':
      return `Restoring network ${action.network}`;
    case 'maintenance':
      return `Turning maintenance ${action.on ? 'on' : 'off'} for ${action.disk}`;
    case 'redirectedAccess':
      return `Turning redirected access ${action.on ? 'on' : 'off'} for ${action.disk}`;
    case 'moveCoordinator':
      return `Moving the coordinator of ${action.disk}`;
    case 'repairVolume':
      return `Repair (${action.task}) of ${action.disk}`;
    case 'backup':
      return `Backup of ${action.disk}`;
    case 'setWorkload':
      return `Changing the workload of ${action.vm}`;
    case 'startVm':
      return `Starting ${action.vm}`;
    case 'stopVm':
      return `Turning off ${action.vm}`;
    case 'saveVm':
      return `Saving ${action.vm}`;
    default: {
      const never: never = action;
      return String(never);
    }
  }
}

/** What was done, for the status bar's transient message: "Live migration of SQL01 to HV02 requested". */
function acceptedMessage(action: Action): string {
  switch (action.do) {
    case 'liveMigrate':
    case 'quickMigrate':
    case 'moveCoordinator':
      return `${describeAction(action)} to ${action.to} requested`;
    case 'backup':
    case 'repairVolume':
      return `${describeAction(action)} started for ${formatDuration(action.duration)}`;
    case 'setWorkload':
      return `${action.vm} now runs the ${action.workload.preset ?? 'custom'} workload`;
    default:
      return `${describeAction(action)}: done`;
  }
}

export function refusalMessage(action: Action, reason: string): string {
  return `${describeAction(action)} refused: ${reason}`;
}

export interface Outcome {
  readonly action: Action;
  readonly accepted: boolean;
  readonly reason?: string;
}

/**
 * One warning for the refused actions of a batch (a multi-selection), or null when all were
 * accepted. One refusal reads like a single action's; several are listed after a count.
 */
export function refusalSummary(outcomes: readonly Outcome[]): string | null {
  const refused = outcomes.filter((o) => !o.accepted);
  if (refused.length === 0) return null;
  if (refused.length === 1 && outcomes.length === 1) return refusalMessage(refused[0].action, refused[0].reason ?? 'no reason given');
  const each = refused.map((o) => `${describeAction(o.action)}: ${o.reason ?? 'no reason given'}`);
  return `${refused.length} of ${outcomes.length} actions refused. ${each.join('. ')}.`;
}

/** A short confirmation for a batch: one action's own message, else a count. */
export function acceptedSummary(outcomes: readonly Outcome[]): string | null {
  const ok = outcomes.filter((o) => o.accepted);
  if (ok.length === 0) return null;
  if (ok.length === 1) return acceptedMessage(ok[0].action);
  return `${ok.length} actions requested`;
}
