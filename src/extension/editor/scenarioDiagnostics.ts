import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { realTimers, type Timers } from '../session/timers';
import { type Analysis, type ScenarioAnalyzer } from './analysis';
import { isScenarioDocument } from '../scenarioFiles';
import { DIAGNOSTICS_DELAY_MS, KeyedDebouncer } from './debounce';
import type { EditorDiagnostic } from './diagnosticRanges';

const DIAGNOSTIC_SOURCE = 'Failover Cluster Simulator';

/**
 * The loader's errors and cluster-validation warnings as problems of each open `*.cluster.json`
 * document: at once when it opens, 300 ms after the last change while the user types (per
 * document), and gone when it closes. Schema errors are reported too, although VS Code's JSON
 * service also reports them from the same schema: ours say which units a value takes.
 *
 * A check may finish after the document changed again (a large file is checked in a worker
 * thread: checker.ts): its problems are then for a text the editor no longer shows, with ranges
 * that no longer fit, so they are dropped and the check of the newer version shows instead.
 */
export class ScenarioDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('fcsim');
  private readonly debouncer: KeyedDebouncer;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly analyzer: ScenarioAnalyzer,
    private readonly log: Logger,
    timers: Timers = realTimers,
  ) {
    this.debouncer = new KeyedDebouncer(DIAGNOSTICS_DELAY_MS, timers);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => void this.update(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !isScenarioDocument(e.document.uri)) return;
        const doc = e.document;
        this.debouncer.schedule(doc.uri.toString(), () => void this.update(doc));
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) void this.update(doc);
  }

  /**
   * Checks the document now (a command about to run it wants the problems shown at once) and
   * shows its problems; resolves to the analysis shown, or undefined when there is none to show
   * (not a scenario, closed, changed again before the check finished, or the check failed).
   */
  async update(doc: vscode.TextDocument): Promise<Analysis | undefined> {
    let key = '';
    try {
      if (!isScenarioDocument(doc.uri)) return undefined;
      key = doc.uri.toString();
      this.debouncer.cancel(key);
      if (doc.isClosed) return undefined;
      const analysis = await this.analyzer.analyze({ key, version: doc.version, languageId: doc.languageId, getText: () => doc.getText() });
      // Stale: the document changed or closed while it was checked.
      if (analysis === undefined || this.disposed || doc.isClosed || doc.version !== analysis.version) return undefined;
      this.collection.set(doc.uri, analysis.diagnostics.map(toVscode));
      return analysis;
    } catch (err) {
      // The loader never throws; if it ever did, keep the editor usable and say so in the log.
      this.log.error(`checking ${key || 'a document'} failed`, err);
      return undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debouncer.cancel(key);
    this.analyzer.forget(key);
    this.collection.delete(uri);
  }
}

function toVscode(d: EditorDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.startLine, d.startCharacter, d.endLine, d.endCharacter);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}
