/**
 * Node commands: pause and drain, resume, crash, start. Each acts on every selected node.
 */
import type { Action } from '../../engine/scenario/model';
import { act, registerCommand, resolveSubjects, type CommandDeps } from './commandContext';

type NodeAction = 'drainNode' | 'resumeNode' | 'crashNode' | 'startNode';

export function registerNodeCommands(deps: CommandDeps): void {
  for (const kind of ['drainNode', 'resumeNode', 'crashNode', 'startNode'] as const) {
    registerCommand(deps, `fcsim.${kind}`, (...args) => nodeAction(deps, kind, args));
  }
}

async function nodeAction(deps: CommandDeps, kind: NodeAction, args: readonly unknown[]): Promise<void> {
  const subjects = await resolveSubjects(deps, `fcsim.${kind}`, 'node', args);
  if (!subjects) return;
  act(deps, subjects.targets.map((t): Action => ({ do: kind, node: t.name })));
}
