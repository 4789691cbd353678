/**
 * What the editor knows about an open scenario file: the loader's result for one version of its
 * text, computed once and shared by the diagnostics and the CodeLens (VS Code asks for lenses on
 * its own schedule, and both would otherwise load the same text twice per keystroke).
 * Free of `vscode`, so it is unit-tested.
 */
import { loadScenario } from '../../engine/scenario/load';
import type { LoadResult } from '../../engine/scenario/load';
import { toEditorDiagnostics, type EditorDiagnostic } from './diagnosticRanges';
import { OPEN_SCENARIO, RUN_SCENARIO_FILE, SHOW_PROBLEMS } from './commandIds';

/** Languages whose syntax errors VS Code's JSON language service reports itself. */
const JSON_SERVICE_LANGUAGES = new Set(['json', 'jsonc']);

export interface Analysis {
  readonly version: number;
  readonly result: LoadResult;
  readonly diagnostics: readonly EditorDiagnostic[];
  /** Errors and warnings the loader found (syntax errors included, even when not shown by us). */
  readonly errors: number;
  readonly warnings: number;
}

/** The part of a text document the analysis reads. */
export interface AnalyzedDocument {
  /** A stable identity, e.g. the URI as a string. */
  readonly key: string;
  readonly version: number;
  readonly languageId: string;
  getText(): string;
}

export class ScenarioAnalyzer {
  private readonly cache = new Map<string, Analysis>();

  /** The analysis of the document's current version, loading its text only when it changed. */
  analyze(doc: AnalyzedDocument): Analysis {
    const cached = this.cache.get(doc.key);
    if (cached?.version === doc.version) return cached;
    const text = doc.getText();
    const result = loadScenario(text);
    const analysis: Analysis = {
      version: doc.version,
      result,
      diagnostics: toEditorDiagnostics(text, result.diagnostics, { omitSyntax: JSON_SERVICE_LANGUAGES.has(doc.languageId) }),
      errors: result.diagnostics.filter((d) => d.severity === 'error').length,
      warnings: result.diagnostics.filter((d) => d.severity === 'warning').length,
    };
    this.cache.set(doc.key, analysis);
    return analysis;
  }

  forget(key: string): void {
    this.cache.delete(key);
  }

  clear(): void {
    this.cache.clear();
  }
}

/** A CodeLens as plain data: `scenarioUri` means "pass the document's URI as the argument". */
interface LensSpec {
  readonly title: string;
  readonly tooltip: string;
  readonly command: string;
  readonly scenarioUri: boolean;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The lenses at the top of a scenario file: run it when it loads, else say why it cannot. */
export function lensesFor(analysis: Analysis): LensSpec[] {
  if (!analysis.result.scenario) {
    return [
      {
        title: `$(error) ${count(analysis.errors, 'error')}: fix ${analysis.errors === 1 ? 'it' : 'them'} to run the scenario`,
        tooltip: 'Show the problems in this file',
        command: SHOW_PROBLEMS,
        scenarioUri: false,
      },
    ];
  }
  const lenses: LensSpec[] = [
    {
      title: '$(play) Run scenario',
      tooltip: 'Load this scenario into the Cluster Explorer and run it to the end',
      command: RUN_SCENARIO_FILE,
      scenarioUri: true,
    },
    {
      title: '$(list-tree) Open in Cluster Explorer',
      tooltip: 'Load this scenario at time zero, to play it, step through it or act on the cluster by hand',
      command: OPEN_SCENARIO,
      scenarioUri: true,
    },
  ];
  if (analysis.warnings > 0) {
    lenses.push({
      title: `$(warning) ${count(analysis.warnings, 'cluster validation warning')}`,
      tooltip: 'The scenario runs, but the cluster it describes has weaknesses worth knowing about: show them',
      command: SHOW_PROBLEMS,
      scenarioUri: false,
    });
  }
  return lenses;
}
