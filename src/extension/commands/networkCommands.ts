/**
 * Network commands: one node's link to a network (a pulled cable) from a link item or, from the
 * palette, a pick of node and network; a whole network (its switch) from a network item.
 */
import type { Action } from '../../engine/scenario/model';
import { act, registerCommand, resolveSubjects, type CommandDeps } from './commandContext';

export function registerNetworkCommands(deps: CommandDeps): void {
  for (const kind of ['disconnect', 'reconnect'] as const) {
    registerCommand(deps, `fcsim.${kind}`, async (...args) => {
      const subjects = await resolveSubjects(deps, `fcsim.${kind}`, 'link', args);
      if (!subjects) return;
      act(
        deps,
        subjects.targets.filter((t) => t.node).map((t): Action => ({ do: kind, node: t.node as string, network: t.name })),
      );
    });
  }
  for (const kind of ['failNetwork', 'restoreNetwork'] as const) {
    registerCommand(deps, `fcsim.${kind}`, async (...args) => {
      const subjects = await resolveSubjects(deps, `fcsim.${kind}`, 'network', args);
      if (!subjects) return;
      act(deps, subjects.targets.map((t): Action => ({ do: kind, network: t.name })));
    });
  }
}
