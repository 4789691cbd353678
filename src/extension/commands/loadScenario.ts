/**
 * The one way a scenario gets into the session. "Open Scenario", "Open Example" and the editor's
 * "Run scenario" lens all load through loadIntoSession, so none of them forgets the actions taken
 * by hand without asking first; Reset and "Run Again" ask the same question (confirmDiscard).
 */
import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { SimulationSession } from '../session/simulationSession';

/** Writes the recorded actions into a copy of the scenario; resolves to true once written. */
export const SAVE_AS_SCENARIO = 'fcsim.saveAsScenario';

interface LoadDeps {
  readonly session: SimulationSession;
  readonly log: Logger;
}

/** True when the user agrees to lose the actions taken by hand (or there are none). */
export async function confirmDiscard(session: SimulationSession, what: string, go: string): Promise<boolean> {
  const n = session.recordedActions.length;
  if (n === 0) return true;
  const save = 'Save as Scenario First...';
  const choice = await vscode.window.showWarningMessage(
    `${what} forgets the ${n} action${n === 1 ? '' : 's'} you took by hand.`,
    { modal: true, detail: 'Save as Scenario writes them into the timeline of a copy of the scenario.' },
    go,
    save,
  );
  // Goes on after saving, not when the save dialog was dismissed.
  if (choice === save) return (await vscode.commands.executeCommand<boolean | undefined>(SAVE_AS_SCENARIO)) === true;
  return choice === go;
}

/** How the session names a scenario's source: a file's path, else the URI. */
export function sourceName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/**
 * The URI a command argument stands for, or undefined. Arguments may come from another
 * extension: an object whose prototype cannot be read stands for nothing.
 */
export function asUri(arg: unknown): vscode.Uri | undefined {
  try {
    return arg instanceof vscode.Uri ? arg : undefined;
  } catch {
    return undefined;
  }
}

/** The document at `uri`, or undefined after saying why it cannot be opened (deleted, unreadable). */
export async function openScenarioDocument(uri: vscode.Uri, log: Logger): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch (err) {
    const name = uri.path.split('/').pop() || uri.toString();
    log.info(`Could not open ${uri.toString()}: ${describeError(err)}`);
    void vscode.window.showErrorMessage(`Could not open ${name}: ${describeError(err)}`).then(undefined, () => undefined);
    return undefined;
  }
}

type SessionLoad = ReturnType<SimulationSession['load']>;

/**
 * Loads a scenario's text into the session once the user agreed to lose the actions taken by
 * hand (`what` names the load in that question: "Opening lab.cluster.json"). Undefined when they
 * kept them; else the session's result, errors included, for the caller to report in its way.
 */
export async function loadIntoSession(deps: LoadDeps, text: string, uri: vscode.Uri, what: string, go: string): Promise<SessionLoad | undefined> {
  if (!(await confirmDiscard(deps.session, what, go))) return undefined;
  return deps.session.load(text, sourceName(uri));
}
