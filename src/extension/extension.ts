import * as vscode from 'vscode';
import { SimulationSession } from './session/simulationSession';
import { registerExplorer, type ClusterExplorer } from './explorer/registerExplorer';
import { registerCommands } from './commands/registerCommands';
import { registerEditorSupport } from './editor/registerEditorSupport';
import { registerStatusBar } from './statusBar';
import { registerDashboard, type Dashboard } from './dashboard/registerDashboard';
import { createLogger, describeError } from './logger';
import { realTimers } from './session/timers';

/**
 * Activation: one simulation session for the window, and the views and commands around it.
 * Each area registers itself from its own module; nothing here knows how a cluster behaves.
 */
/** What activation returns: used by the integration tests (and any extension that builds on ours). */
export interface ExtensionApi {
  readonly session: SimulationSession;
  readonly explorer: ClusterExplorer;
  readonly dashboard: Dashboard;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = createLogger(context);
  const session = new SimulationSession(realTimers, {
    // Exceptions from the session's timers and view listeners: logged, never thrown into the host.
    onError: (what, err) => {
      log.error(`${what} failed`, err);
      if (what === 'the simulation') {
        void vscode.window.showErrorMessage(`The simulation stopped: ${describeError(err)}. See the "Failover Cluster Simulator" output.`).then(undefined, () => undefined);
      }
    },
  });
  context.subscriptions.push({ dispose: () => session.dispose() });
  const explorer = registerExplorer(context, session, log);
  registerCommands(context, session, log);
  registerEditorSupport(context, session, log);
  registerStatusBar(context, session);
  const dashboard = registerDashboard(context, session, explorer, log);
  return { session, explorer, dashboard };
}

export function deactivate(): void {
  // Every resource is a context subscription, released by VS Code.
}
