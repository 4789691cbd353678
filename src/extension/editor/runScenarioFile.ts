import * as vscode from 'vscode';
import type { Logger } from '../logger';
import type { SimulationSession } from '../session/simulationSession';
import { formatDiagnostics } from '../../engine/scenario/load';
import { isScenarioDocument } from '../scenarioFiles';
import { asUri, loadIntoSession, openScenarioDocument, sourceName } from '../commands/loadScenario';
import { FOCUS_EXPLORER, RUN_SCENARIO_FILE, RUN_TO_END, SHOW_PROBLEMS } from './commandIds';
import { editorMessage } from './diagnosticRanges';
import type { ScenarioDiagnostics } from './scenarioDiagnostics';

/**
 * `fcsim.runScenarioFile [uri]`: loads a scenario file's text as the editor has it (unsaved
 * edits included) into the session, shows the Cluster Explorer and runs it to the end. Without
 * a URI: the active `*.cluster.json` editor, else a file the user picks. Resolves to true when
 * the scenario loaded, false when it has errors (they are shown, never thrown), none was chosen,
 * or the user kept the actions taken by hand rather than load it over them.
 */
export function registerRunScenarioFile(session: SimulationSession, log: Logger, diagnostics: ScenarioDiagnostics): vscode.Disposable {
  return vscode.commands.registerCommand(RUN_SCENARIO_FILE, async (arg?: unknown) => {
    const ran = await log.guard('Run scenario', () => runScenarioFile(arg, session, log, diagnostics));
    return ran === true;
  });
}

async function runScenarioFile(arg: unknown, session: SimulationSession, log: Logger, diagnostics: ScenarioDiagnostics): Promise<boolean> {
  const uri = await scenarioUri(arg);
  if (!uri) return false;
  const doc = await openScenarioDocument(uri, log);
  if (!doc) return false;
  // The problems of this very text, now rather than after the typing delay (not awaited: the
  // run loads the text itself, and a large file is checked in a worker meanwhile).
  void diagnostics.update(doc);
  const name = vscode.workspace.asRelativePath(uri, false);
  const loaded = await loadIntoSession({ session, log }, doc.getText(), uri, `Running ${name}`, 'Run Anyway');
  if (!loaded) return false;
  const source = sourceName(uri);
  if (!loaded.ok) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    log.info(`${name} was not loaded:\n${formatDiagnostics(errors, source)}`);
    const first = errors[0];
    const where = first?.line !== undefined ? ` Line ${first.line}: ` : ' ';
    const message = `${name} has ${errors.length} error${errors.length === 1 ? '' : 's'} and cannot run.${first ? `${where}${editorMessage(first)}` : ''}`;
    // Not awaited: the command is done, whether or not the user ever answers.
    void vscode.window.showErrorMessage(message, 'Show Problems', 'Go to Error').then(async (choice) => {
      if (choice === 'Show Problems') await vscode.commands.executeCommand(SHOW_PROBLEMS);
      if (choice === 'Go to Error' && first?.line !== undefined) {
        const at = new vscode.Position(first.line - 1, (first.column ?? 1) - 1);
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
      }
    }).then(undefined, (err: unknown) => log.error('Run scenario: showing the error', err));
    return false;
  }
  log.info(`loaded ${name}; running it to the end`);
  await vscode.commands.executeCommand(FOCUS_EXPLORER);
  await vscode.commands.executeCommand(RUN_TO_END);
  return true;
}

async function scenarioUri(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = asUri(arg);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isScenarioDocument(active.uri)) return active.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Run Scenario',
    title: 'Run a failover cluster scenario (*.cluster.json)',
    filters: { 'Failover cluster scenarios (*.cluster.json)': ['json'] },
  });
  return picked?.[0];
}
