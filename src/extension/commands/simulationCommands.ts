/**
 * Simulation controls: open a scenario (the active editor, a file, or a bundled example), run,
 * pause, step, speed, reset, run to the end with a cancellable progress notification, and save
 * the actions taken by hand as a new scenario file.
 */
import * as vscode from 'vscode';
import { loadScenario, type Diagnostic } from '../../engine';
import { formatClock } from '../../format/quantities';
import { formatDiagnostic } from '../../engine/scenario/diagnostics';
import { SPEEDS, type Speed } from '../session/simulationSession';
import { pickOne, registerCommand, requireSnapshot, type CommandDeps } from './commandContext';
import { VIEW_ID } from './logic/commandTable';
import { examplePickItems, speedLabel, speedPickItems } from './logic/pickItems';
import { saveAsScenario } from './logic/saveAsScenario';
import { asUri, confirmDiscard, loadIntoSession, openScenarioDocument, SAVE_AS_SCENARIO } from './loadScenario';
import { isScenarioDocument, isScenarioPath, SCENARIO_SUFFIX } from '../scenarioFiles';

export function registerSimulationCommands(deps: CommandDeps): void {
  const { session } = deps;
  registerCommand(deps, 'fcsim.openScenario', (arg) => openScenario(deps, arg));
  registerCommand(deps, 'fcsim.openExample', () => openExample(deps));
  registerCommand(deps, 'fcsim.run', () => run(deps));
  registerCommand(deps, 'fcsim.pause', () => session.pause());
  registerCommand(deps, 'fcsim.step', () => {
    if (!requireSnapshot(deps)) return;
    if (!session.step()) void vscode.window.showInformationMessage(`Nothing left to run: the simulation ended at ${formatClock(session.time)}.`);
  });
  registerCommand(deps, 'fcsim.setSpeed', (arg) => setSpeed(deps, arg));
  registerCommand(deps, 'fcsim.reset', () => reset(deps));
  registerCommand(deps, 'fcsim.runToEnd', () => runToEnd(deps));
  registerCommand(deps, SAVE_AS_SCENARIO, () => saveAs(deps));
}

async function openScenario(deps: CommandDeps, arg: unknown): Promise<void> {
  let doc: vscode.TextDocument | undefined;
  const uri = asUri(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (uri) doc = await openScenarioDocument(uri, deps.log);
  else if (active && isScenarioDocument(active.uri)) doc = active;
  else {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Open Scenario',
      title: 'Open a cluster scenario (*.cluster.json)',
      filters: { 'Cluster scenarios': ['json'], 'All files': ['*'] },
    });
    if (!picked?.[0]) return;
    doc = await openScenarioDocument(picked[0], deps.log);
    if (doc) await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  }
  if (!doc) return;
  await loadText(deps, doc.getText(), doc.uri);
}

async function openExample(deps: CommandDeps): Promise<void> {
  const folder = vscode.Uri.joinPath(deps.context.extensionUri, 'examples');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const files = await Promise.all(
    entries
      .filter(([name, type]) => type === vscode.FileType.File && isScenarioPath(name))
      .map(async ([fileName]) => ({ fileName, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, fileName))) })),
  );
  const fileName = await pickOne(examplePickItems(files), { title: 'Open an example scenario', placeHolder: 'Example', matchOnDetail: true });
  if (!fileName) return;
  const file = files.find((f) => f.fileName === fileName);
  if (file) await loadText(deps, file.text, vscode.Uri.joinPath(folder, fileName));
}

function sourceUri(name: string): vscode.Uri | undefined {
  try {
    return /^[a-zA-Z][\w+.-]+:/.test(name) ? vscode.Uri.parse(name, true) : vscode.Uri.file(name);
  } catch {
    return undefined;
  }
}

/** Loads a scenario's text into the session, or says what is wrong with it. */
async function loadText(deps: CommandDeps, text: string, uri: vscode.Uri): Promise<void> {
  const fileName = uri.path.split('/').pop() ?? uri.toString();
  const result = await loadIntoSession(deps, text, uri, `Opening ${fileName}`, 'Open Anyway');
  if (!result) return;
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    deps.log.error(`${fileName} is not a valid scenario:\n${errors.map((d) => describeDiagnostic(d)).join('\n')}`);
    const open = 'Open File';
    const first = errors[0] ? ` ${describeDiagnostic(errors[0])}` : '';
    const choice = await vscode.window.showErrorMessage(
      `${fileName} is not a valid scenario (${errors.length} error${errors.length === 1 ? '' : 's'}).${first}`,
      open,
    );
    if (choice === open) await vscode.window.showTextDocument(uri);
    return;
  }
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  deps.log.info(`Loaded ${fileName}${warnings.length ? ` with ${warnings.length} cluster-validation warning(s)` : ''}`);
  for (const w of warnings) deps.log.info(`  ${describeDiagnostic(w)}`);
  vscode.window.setStatusBarMessage(`$(check) Loaded ${deps.session.scenario?.name ?? fileName}`, 4000);
  // Show the cluster; a missing view (another extension layout) is no reason to fail the load.
  await Promise.resolve(vscode.commands.executeCommand(`${VIEW_ID}.focus`)).catch(() => undefined);
}

/** `12:5: error: $.vms[0].memory: ...`, as the CLI prints it (without the file name). */
function describeDiagnostic(d: Diagnostic): string {
  return formatDiagnostic(d, '').replace(/^:/, '');
}

async function run(deps: CommandDeps): Promise<void> {
  const { session } = deps;
  if (!requireSnapshot(deps)) return;
  if (session.state === 'ended') {
    const again = 'Run Again from the Start';
    const choice = await vscode.window.showInformationMessage(`The run ended at ${formatClock(session.time)}.`, again);
    if (choice !== again || !(await confirmDiscard(deps.session, 'Running again from the start', 'Run Again'))) return;
    session.reset();
  }
  session.play();
}

async function setSpeed(deps: CommandDeps, arg: unknown): Promise<void> {
  const { session } = deps;
  // A keybinding or another command may pass the speed itself.
  // Only a number or its text ("100", "max"): String() of just any argument could throw.
  const given = typeof arg === 'number' || typeof arg === 'string' ? String(arg) : undefined;
  let speed: Speed | undefined = SPEEDS.find((s) => String(s) === given);
  speed ??= await pickOne(speedPickItems(session.speed), { title: 'Simulation speed', placeHolder: `Now: ${speedLabel(session.speed)}` });
  if (speed !== undefined) session.setSpeed(speed);
}

async function reset(deps: CommandDeps): Promise<void> {
  if (!requireSnapshot(deps)) return;
  if (!(await confirmDiscard(deps.session, 'A reset', 'Reset'))) return;
  deps.session.reset();
}

async function runToEnd(deps: CommandDeps): Promise<void> {
  const { session } = deps;
  if (!requireSnapshot(deps)) return;
  if (session.state === 'ended') {
    void vscode.window.showInformationMessage(`The run has already ended, at ${formatClock(session.time)}. Reset to run it again.`);
    return;
  }
  const name = session.scenario?.name ?? 'the scenario';
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running "${name}" to the end`, cancellable: true },
    async (progress, token) => {
      let done = 0;
      return session.runToEnd(token, (fraction) => {
        const message = `simulated time ${formatClock(session.time)}`;
        if (fraction === null) progress.report({ message });
        else {
          progress.report({ message, increment: Math.max(0, (fraction - done) * 100) });
          done = fraction;
        }
      });
    },
  );
  if (outcome === 'cancelled') vscode.window.setStatusBarMessage(`Stopped at ${formatClock(session.time)}`, 4000);
  else vscode.window.setStatusBarMessage(`$(check) Run ended at ${formatClock(session.time)}`, 4000);
}

/** Where "Save as" proposes to write: beside the source file, else in the first workspace folder. */
function defaultSaveUri(deps: CommandDeps, source: string): vscode.Uri | undefined {
  const uri = sourceUri(source);
  const base = (uri?.path.split('/').pop() ?? 'scenario').replace(/\.cluster\.json$|\.json$/i, '');
  const fileName = `${base}-with-actions${SCENARIO_SUFFIX}`;
  const bundled = uri !== undefined && uri.toString().startsWith(deps.context.extensionUri.toString());
  if (uri && uri.scheme === 'file' && !bundled) return vscode.Uri.joinPath(uri, '..', fileName);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, fileName) : undefined;
}

/** Writes the scenario with the recorded actions to a file the user names; true once written. */
async function saveAs(deps: CommandDeps): Promise<boolean> {
  const { session } = deps;
  const source = session.source;
  if (!source || !requireSnapshot(deps)) return false;
  const recorded = session.recordedActions;
  if (recorded.length === 0) {
    void vscode.window.showInformationMessage('No action has been taken by hand since the scenario was loaded or reset, so there is nothing to add to its timeline.');
    return false;
  }
  const text = saveAsScenario(source.text, recorded);
  // The file must load as it is written; a failure here is a bug, reported rather than saved.
  const errors = loadScenario(text).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the new scenario would not load: ${errors.map(describeDiagnostic).join('; ')}`);

  // The save dialog asks before replacing an existing file; nothing is ever overwritten silently.
  const target = await vscode.window.showSaveDialog({
    defaultUri: defaultSaveUri(deps, source.name),
    filters: { 'Cluster scenarios': ['json'] },
    saveLabel: 'Save Scenario',
    title: `Save the scenario with ${recorded.length} action${recorded.length === 1 ? '' : 's'} taken by hand`,
  });
  if (!target) return false;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  deps.log.info(`Saved ${recorded.length} recorded action(s) to ${target.toString()}`);
  await vscode.window.showTextDocument(target);
  if (!isScenarioPath(target.path)) {
    void vscode.window.showInformationMessage(`Saved. Name the file *${SCENARIO_SUFFIX} to get completion and checks for scenarios in the editor.`);
  }
  return true;
}
