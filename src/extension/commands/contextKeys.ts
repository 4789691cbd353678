/**
 * Context keys for when-clauses (menus, viewsWelcome, the palette): whether a scenario is
 * loaded, and the session's state. Set only when they change.
 */
import * as vscode from 'vscode';
import type { SimulationSession } from '../session/simulationSession';
import { CONTEXT_KEYS } from './logic/commandTable';

export function registerContextKeys(context: vscode.ExtensionContext, session: SimulationSession): void {
  const current = new Map<string, unknown>();
  const set = (key: string, value: unknown): void => {
    if (current.has(key) && current.get(key) === value) return;
    current.set(key, value);
    // A rejection here would be unhandled: the menus then keep their previous state.
    void vscode.commands.executeCommand('setContext', key, value).then(undefined, () => current.delete(key));
  };
  const update = (): void => {
    set(CONTEXT_KEYS.loaded, session.state !== 'empty');
    set(CONTEXT_KEYS.state, session.state);
  };
  update();
  context.subscriptions.push(session.onDidChange(update));
}
