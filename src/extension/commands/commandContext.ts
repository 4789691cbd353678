/**
 * What every command area shares: registration behind log.guard (no exception reaches the
 * extension host), quick picks built from the pure pick items, asking for a subject when a
 * command comes from the palette, and acting on the session with the engine's refusals shown as
 * warnings.
 */
import * as vscode from 'vscode';
import type { Target, TargetKind } from '../explorer/target';
import type { Logger } from '../logger';
import type { SimulationSession } from '../session/simulationSession';
import type { ClusterSnapshot } from '../../engine/snapshot';
import type { Action } from '../../engine/scenario/model';
import { commandSpec } from './logic/commandTable';
import { resolveInvocation, type Invocation } from './logic/args';
import { contextValueFor, targetLabel } from './logic/contextValues';
import { noSubjectMessage, subjectPickItems, type PickItem } from './logic/pickItems';
import { acceptedSummary, refusalSummary, type Outcome } from './logic/messages';

export interface CommandDeps {
  readonly context: vscode.ExtensionContext;
  readonly session: SimulationSession;
  readonly log: Logger;
}

/** Registers `id`; whatever the handler throws is logged and shown, never rethrown. */
export function registerCommand(deps: CommandDeps, id: string, handler: (...args: unknown[]) => unknown): void {
  // "Live Migrate to..." -> "Live Migrate failed: ..."
  const what = commandSpec(id).title.replace(/( to)?\.\.\.$/, '');
  deps.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => deps.log.guard(what, () => handler(...args))));
}

/** The cluster now, or undefined (and an offer to open a scenario) when nothing is loaded. */
export function requireSnapshot(deps: CommandDeps): ClusterSnapshot | undefined {
  const snapshot = deps.session.snapshot();
  if (snapshot) return snapshot;
  void vscode.window.showInformationMessage('Open a cluster scenario first.', 'Open Scenario...', 'Open Example...').then((choice) => {
    if (choice === 'Open Scenario...') void vscode.commands.executeCommand('fcsim.openScenario');
    if (choice === 'Open Example...') void vscode.commands.executeCommand('fcsim.openExample');
  });
  return undefined;
}

type VsItem<T> = vscode.QuickPickItem & { readonly item: PickItem<T> };

function toVs<T>(item: PickItem<T>): VsItem<T> {
  if (item.separator) return { label: item.label, kind: vscode.QuickPickItemKind.Separator, item };
  return {
    label: item.label,
    description: item.description,
    detail: item.detail,
    picked: item.picked,
    iconPath: item.icon ? new vscode.ThemeIcon(item.icon) : undefined,
    item,
  };
}

/** Shows `items` and returns the value picked, or undefined when dismissed. */
export async function pickOne<T>(items: readonly PickItem<T>[], options: vscode.QuickPickOptions): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick(items.map(toVs), { matchOnDescription: true, ...options });
  return picked?.item.value;
}

/**
 * The targets a command acts on: the tree item(s) it was invoked on, else one the user picks
 * from those whose state allows the command. Undefined when there is nothing to act on.
 */
export async function resolveSubjects(deps: CommandDeps, command: string, kind: TargetKind, args: readonly unknown[]): Promise<(Invocation & { snapshot: ClusterSnapshot }) | undefined> {
  const snapshot = requireSnapshot(deps);
  if (!snapshot) return undefined;
  const invocation = resolveInvocation(args, kind);
  if (invocation.targets.length > 0) {
    // A tree item can outlive its cluster (another scenario loaded since the menu opened).
    const present = invocation.targets.filter((t) => contextValueFor(t, snapshot) !== null);
    if (present.length === 0) {
      void vscode.window.showInformationMessage(`${invocation.targets.map(targetLabel).join(', ')} is not in the loaded cluster.`);
      return undefined;
    }
    return { targets: present, toNode: invocation.toNode, snapshot };
  }
  const title = commandSpec(command).title;
  const items = subjectPickItems(command, kind, snapshot);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(noSubjectMessage(title, kind));
    return undefined;
  }
  const target = await pickOne<Target>(items, { title, placeHolder: placeholder(kind) });
  return target ? { targets: [target], toNode: invocation.toNode, snapshot } : undefined;
}

function placeholder(kind: TargetKind): string {
  switch (kind) {
    case 'vm':
      return 'Virtual machine';
    case 'node':
      return 'Node';
    case 'link':
      return "Node and network (the node's link to that network)";
    case 'network':
      return 'Network';
    case 'volume':
      return 'Cluster Shared Volume';
    default:
      return '';
  }
}

/**
 * Takes the actions by hand, in order. Refusals become one warning with the engine's reasons;
 * what was accepted shows briefly in the status bar.
 */
export function act(deps: CommandDeps, actions: readonly Action[]): Outcome[] {
  const outcomes: Outcome[] = actions.map((action) => {
    const result = deps.session.act(action);
    return result.accepted ? { action, accepted: true } : { action, accepted: false, reason: result.reason };
  });
  const refused = refusalSummary(outcomes);
  if (refused) {
    deps.log.info(refused);
    void vscode.window.showWarningMessage(refused);
  }
  const accepted = acceptedSummary(outcomes);
  if (accepted) {
    deps.log.info(accepted);
    vscode.window.setStatusBarMessage(`$(check) ${accepted}`, 4000);
  }
  return outcomes;
}
