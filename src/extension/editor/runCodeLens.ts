import * as vscode from 'vscode';
import { lensesFor, type ScenarioAnalyzer } from './analysis';
import { isScenarioDocument } from '../scenarioFiles';

/** Files the lenses are offered for, whatever language they are opened as. */
export const SCENARIO_SELECTOR: vscode.DocumentSelector = { pattern: '**/*.cluster.json' };

/**
 * "Run scenario" (and "Open in Cluster Explorer") at the top of a scenario file that loads
 * without errors; otherwise a lens that says how many errors stand in the way. VS Code asks
 * again after every change, and the analysis of a version is shared with the diagnostics.
 */
export class RunCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly analyzer: ScenarioAnalyzer) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    try {
      return this.lenses(document);
    } catch {
      // The diagnostics report what went wrong with the file; the lens just stays away.
      return [];
    }
  }

  private lenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isScenarioDocument(document.uri)) return [];
    const analysis = this.analyzer.analyze({
      key: document.uri.toString(),
      version: document.version,
      languageId: document.languageId,
      getText: () => document.getText(),
    });
    const top = new vscode.Range(0, 0, 0, 0);
    return lensesFor(analysis).map(
      (lens) =>
        new vscode.CodeLens(top, {
          title: lens.title,
          tooltip: lens.tooltip,
          command: lens.command,
          arguments: lens.scenarioUri ? [document.uri] : [],
        }),
    );
  }
}
