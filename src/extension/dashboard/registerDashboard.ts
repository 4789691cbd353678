/**
 * The dashboard in the extension: one view model fed by the session from activation on (so a
 * dashboard opened mid-run has the run's history), at most one panel, the "Open Dashboard"
 * command, the serializer that restores the panel after a reload, and the two links with the
 * Cluster Explorer: an item clicked on the page is revealed in the tree, and an item selected in
 * the tree is brought into view on the page.
 */
import * as vscode from 'vscode';
import type { ItemRef, ViewState } from '../../protocol';
import { parseViewState } from '../../protocolValidation';
import type { ClusterExplorer } from '../explorer/registerExplorer';
import type { Logger } from '../logger';
import type { SimulationSession } from '../session/simulationSession';
import { realTimers, type Timers } from '../session/timers';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, type PanelDeps } from './dashboardPanel';
import { DashboardModel } from './model/dashboardModel';
import { itemFor, sameItem, targetsFor } from './refs';

const OPEN_DASHBOARD_COMMAND = 'fcsim.openDashboard';
/** Where the page's UI state is kept between panels and windows. */
const VIEW_STATE_KEY = 'fcsim.dashboard.viewState';

export interface Dashboard {
  readonly model: DashboardModel;
  /** The open panel, if any. */
  readonly panel: DashboardPanel | undefined;
  /** Opens the dashboard, or brings the open one to the front. */
  open(): void;
}

export function registerDashboard(
  context: vscode.ExtensionContext,
  session: SimulationSession,
  explorer: ClusterExplorer,
  log: Logger,
  timers: Timers = realTimers,
): Dashboard {
  const model = new DashboardModel();
  let panel: DashboardPanel | undefined;
  let viewState: ViewState | undefined = parseViewState(context.workspaceState.get<unknown>(VIEW_STATE_KEY)) ?? undefined;
  /** The tree selection a reveal asked by the page will cause: not sent back to the page. */
  let echo: ItemRef | null = null;

  const refresh = (): void => {
    try {
      model.update({ sim: session.sim, snapshot: session.snapshot(), state: session.state });
    } catch (err) {
      log.error('Dashboard: reading the simulation', err);
    }
  };
  refresh();

  const reveal = async (item: ItemRef): Promise<void> => {
    for (const target of targetsFor(item)) {
      echo = itemFor(target);
      if (await explorer.reveal(target)) return;
    }
    echo = null;
    log.info(`Dashboard: ${item.kind} "${item.name}" is not in the Cluster Explorer`);
  };

  const deps = (): PanelDeps => ({
    extensionUri: context.extensionUri,
    model,
    log,
    timers,
    viewState,
    refresh,
    reveal,
    onViewState: (state) => {
      viewState = state;
      context.workspaceState.update(VIEW_STATE_KEY, state).then(undefined, (err: unknown) => log.error('Dashboard: keeping its view state', err));
    },
    onDidDispose: (p) => {
      if (panel === p) panel = undefined;
    },
  });

  const open = (): void => {
    if (panel) panel.reveal();
    else panel = DashboardPanel.create(deps());
  };

  context.subscriptions.push(
    { dispose: () => panel?.dispose() },
    session.onDidChange((change) => {
      try {
        model.update({ sim: session.sim, snapshot: change.snapshot, state: change.state });
        panel?.changed();
      } catch (err) {
        log.error('Dashboard: update', err);
      }
    }),
    vscode.commands.registerCommand(OPEN_DASHBOARD_COMMAND, () => log.guard('Open Dashboard', open)),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel: vscode.WebviewPanel, state: unknown) => {
        try {
          const restored = parseViewState(state) ?? parseViewState((state as { viewState?: unknown } | null)?.viewState);
          if (restored) viewState = restored;
          const previous = panel;
          panel = new DashboardPanel(webviewPanel, deps());
          previous?.dispose();
        } catch (err) {
          log.error('Dashboard: restoring the panel', err);
        }
      },
    }),
    explorer.view.onDidChangeSelection((e) => {
      try {
        const expected = echo;
        echo = null;
        const first = e.selection[0];
        if (!panel || !first) return;
        const item = itemFor(first.target);
        if (item && !sameItem(item, expected)) panel.focus(item);
      } catch (err) {
        log.error('Dashboard: following the Cluster Explorer selection', err);
      }
    }),
  );

  return {
    model,
    get panel() {
      return panel;
    },
    open,
  };
}
