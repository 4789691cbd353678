/**
 * The loader's verdict on one scenario text, as the editor shows it: the same `loadScenario` as
 * the CLI (so the two never disagree), its diagnostics turned into editor ranges and messages.
 * Plain data in, plain data out: it runs on the extension host's thread for a small file and in
 * the diagnostics worker thread (diagnosticsWorker.ts) for a large one. Free of `vscode`.
 */
import { loadScenario } from '../../engine/scenario/load';
import { toEditorDiagnostics, type EditorDiagnostic } from './diagnosticRanges';

/** Languages whose syntax errors VS Code's JSON language service reports itself. */
const JSON_SERVICE_LANGUAGES = new Set(['json', 'jsonc']);

export interface TextAnalysis {
  /** The scenario loads (no errors), so it can run. */
  readonly loads: boolean;
  readonly diagnostics: readonly EditorDiagnostic[];
  /** Errors and warnings the loader found (syntax errors included, even when not shown by us). */
  readonly errors: number;
  readonly warnings: number;
}

export function analyzeText(text: string, languageId: string): TextAnalysis {
  const result = loadScenario(text);
  let errors = 0;
  let warnings = 0;
  for (const d of result.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return {
    loads: result.scenario !== null,
    diagnostics: toEditorDiagnostics(text, result.diagnostics, { omitSyntax: JSON_SERVICE_LANGUAGES.has(languageId) }),
    errors,
    warnings,
  };
}
