import * as vscode from 'vscode';
import { lensesFor, type ScenarioAnalyzer } from './analysis';
import { isScenarioDocument } from '../scenarioFiles';

/** Files the lenses are offered for, whatever language they are opened as. */
export const SCENARIO_SELECTOR: vscode.DocumentSelector = { pattern: '**/*.cluster.json' };

/**
 * "Run scenario" (and "Open in Cluster Explorer") at the top of a scenario file that loads
 * without errors; otherwise a lens that says how many errors stand in the way. VS Code asks
 * again after every change, and the analysis of a version is shared with the diagnostics. While
 * the check of the current version is superseded by a newer one, the lenses of the latest
 * finished check stay (VS Code asks again for the newer version).
 */
export class RunCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly analyzer: ScenarioAnalyzer) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    try {
      return await this.lenses(document);
    } catch {
      // The diagnostics report what went wrong with the file; the lens just stays away.
      return [];
    }
  }

  private async lenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isScenarioDocument(document.uri)) return [];
    const key = document.uri.toString();
    const analysis =
      (await this.analyzer.analyze({
        key,
        version: document.version,
        languageId: document.languageId,
        getText: () => document.getText(),
      })) ?? this.analyzer.latest(key);
    if (!analysis) return [];
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
