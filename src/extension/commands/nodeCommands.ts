/**
 * Node commands: pause and drain, resume, crash, start, and (under More Actions) stop and start
 * the cluster service. Each acts on every selected node.
 */
import type { Action } from '../../engine/scenario/model';
import { act, registerCommand, resolveSubjects, type CommandDeps } from './commandContext';

const NODE_ACTIONS = ['drainNode', 'resumeNode', 'crashNode', 'startNode', 'stopClusterService', 'startClusterService'] as const;
type NodeAction = (typeof NODE_ACTIONS)[number];

export function registerNodeCommands(deps: CommandDeps): void {
  for (const kind of NODE_ACTIONS) {
    registerCommand(deps, `fcsim.${kind}`, (...args) => nodeAction(deps, kind, args));
  }
}

async function nodeAction(deps: CommandDeps, kind: NodeAction, args: readonly unknown[]): Promise<void> {
  const subjects = await resolveSubjects(deps, `fcsim.${kind}`, 'node', args);
  if (!subjects) return;
  act(deps, subjects.targets.map((t): Action => ({ do: kind, node: t.name })));
}
