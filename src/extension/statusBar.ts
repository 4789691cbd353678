/**
 * The status bar item: the simulated clock, the state and the speed ("$(server-process)
 * 00:01:45 · playing 10x"); a click runs or pauses. Hidden while nothing is loaded.
 */
import * as vscode from 'vscode';
import type { SimulationSession } from './session/simulationSession';
import { statusView } from './commands/logic/statusText';

export function registerStatusBar(context: vscode.ExtensionContext, session: SimulationSession): void {
  const item = vscode.window.createStatusBarItem('fcsim.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Failover Cluster Simulation';
  context.subscriptions.push(item);
  const update = (): void => {
    const view = statusView({
      state: session.state,
      time: session.time,
      speed: session.speed,
      scenarioName: session.scenario?.name ?? '',
      recordedActions: session.recordedActions.length,
    });
    if (!view.visible) {
      item.hide();
      return;
    }
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = view.command ?? undefined;
    item.accessibilityInformation = { label: view.tooltip };
    item.show();
  };
  update();
  context.subscriptions.push(session.onDidChange(update));
}
