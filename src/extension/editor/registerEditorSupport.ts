import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { realTimers } from '../session/timers';
import type { SimulationSession } from '../session/simulationSession';
import { ScenarioAnalyzer } from './analysis';
import { ScenarioChecker, type CheckWorker } from './checker';
import { RunCodeLensProvider, SCENARIO_SELECTOR } from './runCodeLens';
import { registerRunScenarioFile } from './runScenarioFile';
import { ScenarioDiagnostics } from './scenarioDiagnostics';

/** The worker thread's bundle (scripts/build.mjs builds it from diagnosticsWorker.ts). */
const WORKER_BUNDLE = ['dist', 'diagnosticsWorker.js'] as const;

/**
 * Editing scenario files: problems on the exact range as the user types, "Run scenario" at the
 * top of a valid file, and the `fcsim.runScenarioFile` command behind it. Completion, hovers and
 * schema errors come from VS Code's JSON service (`contributes.jsonValidation`, `*.cluster.json`
 * opened as `jsonc`). Large files are checked in a worker thread (checker.ts).
 */
export function registerEditorSupport(context: vscode.ExtensionContext, session: SimulationSession, log: Logger): void {
  const workerPath = vscode.Uri.joinPath(context.extensionUri, ...WORKER_BUNDLE).fsPath;
  const checker = new ScenarioChecker({
    startWorker: (): CheckWorker => {
      const worker = new Worker(workerPath);
      // Never what keeps the extension host from exiting.
      worker.unref();
      return worker;
    },
    log,
    timers: realTimers,
  });
  const analyzer = new ScenarioAnalyzer(checker);
  const diagnostics = new ScenarioDiagnostics(analyzer, log);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeLensProvider(SCENARIO_SELECTOR, new RunCodeLensProvider(analyzer)),
    registerRunScenarioFile(session, log, diagnostics),
    { dispose: () => analyzer.clear() },
    checker,
  );
}
