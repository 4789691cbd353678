/**
 * The Cluster Explorer view: its provider fed by the session's (already batched) change
 * notifications, drag and drop for live migration, and the simulated clock as the view's
 * description. Returns what other parts (the dashboard) need to reveal an item.
 */
import * as vscode from 'vscode';
import { formatClock } from '../../format/quantities';
import type { Logger } from '../logger';
import type { SessionState, SimulationSession } from '../session/simulationSession';
import { ClusterExplorerProvider } from './clusterExplorerProvider';
import { ExplorerDragAndDrop } from './dragAndDrop';
import type { ExplorerItem } from './items/explorerItem';
import type { Target } from './target';
import { VIEW_ID } from '../commands/logic/commandTable';


export interface ClusterExplorer {
  readonly provider: ClusterExplorerProvider;
  readonly view: vscode.TreeView<ExplorerItem>;
  /** Shows the item standing for a target; false when the tree has no such item now. */
  reveal(target: Target, options?: { select?: boolean; focus?: boolean; expand?: boolean | number }): Promise<boolean>;
}

const STATE_WORDS: Readonly<Record<SessionState, string>> = {
  empty: '',
  ready: 'ready',
  playing: 'playing',
  paused: 'paused',
  ended: 'ended',
};

export function registerExplorer(context: vscode.ExtensionContext, session: SimulationSession, log: Logger): ClusterExplorer {
  const provider = new ClusterExplorerProvider(log);
  const view = vscode.window.createTreeView(VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: new ExplorerDragAndDrop(provider, log),
  });

  let description: string | undefined;
  const describe = (state: SessionState, t: number | null): void => {
    const text = t === null || state === 'empty' ? undefined : `${formatClock(t)} · ${STATE_WORDS[state]}`;
    if (text !== description) view.description = description = text;
  };

  provider.update(session.snapshot(), session.scenario);
  describe(session.state, session.snapshot()?.t ?? null);
  provider.setVisible(view.visible);

  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility((e) => provider.setVisible(e.visible)),
    session.onDidChange((change) => {
      provider.update(change.snapshot, session.scenario);
      describe(change.state, change.snapshot?.t ?? null);
    }),
  );

  return {
    provider,
    view,
    reveal: async (target, options) => {
      const item = provider.find(target);
      if (!item) return false;
      await view.reveal(item, options ?? { select: true, focus: false });
      return true;
    },
  };
}
