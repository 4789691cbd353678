import * as vscode from 'vscode';
import type { Logger } from '../logger';
import type { SimulationSession } from '../session/simulationSession';
import { ScenarioAnalyzer } from './analysis';
import { RunCodeLensProvider, SCENARIO_SELECTOR } from './runCodeLens';
import { registerRunScenarioFile } from './runScenarioFile';
import { ScenarioDiagnostics } from './scenarioDiagnostics';

/**
 * Editing scenario files: problems on the exact range as the user types, "Run scenario" at the
 * top of a valid file, and the `fcsim.runScenarioFile` command behind it. Completion, hovers and
 * schema errors come from VS Code's JSON service (`contributes.jsonValidation`, `*.cluster.json`
 * opened as `jsonc`).
 */
export function registerEditorSupport(context: vscode.ExtensionContext, session: SimulationSession, log: Logger): void {
  const analyzer = new ScenarioAnalyzer();
  const diagnostics = new ScenarioDiagnostics(analyzer, log);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeLensProvider(SCENARIO_SELECTOR, new RunCodeLensProvider(analyzer)),
    registerRunScenarioFile(session, log, diagnostics),
    { dispose: () => analyzer.clear() },
  );
}
