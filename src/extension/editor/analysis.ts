/**
 * What the editor knows about an open scenario file: the loader's result for one version of its
 * text, computed once and shared by the diagnostics and the CodeLens (VS Code asks for lenses on
 * its own schedule, and both would otherwise load the same text twice per keystroke). Where the
 * check runs (the host's thread, or a worker thread for a large file) is the checker's business
 * (checker.ts). Free of `vscode`, so it is unit-tested.
 */
import type { TextAnalysis } from './analyzeText';
import type { CheckOutcome, CheckRequest } from './checker';
import { OPEN_SCENARIO, RUN_SCENARIO_FILE, SHOW_PROBLEMS } from './commandIds';

export interface Analysis extends TextAnalysis {
  /** The document version whose text was checked. */
  readonly version: number;
}

/** The part of a text document the analysis reads. */
export interface AnalyzedDocument {
  /** A stable identity, e.g. the URI as a string. */
  readonly key: string;
  readonly version: number;
  readonly languageId: string;
  getText(): string;
}

/** Runs one check (checker.ts's ScenarioChecker). */
interface Checker {
  check(request: CheckRequest): Promise<CheckOutcome>;
  forget(key: string): void;
}

export class ScenarioAnalyzer {
  /** The check of each document's latest version asked for. */
  private readonly pending = new Map<string, { readonly version: number; readonly analysis: Promise<Analysis | undefined> }>();
  /** Each document's latest finished analysis. */
  private readonly done = new Map<string, Analysis>();

  constructor(private readonly checker: Checker) {}

  /**
   * The analysis of the document's current version, its text read and checked only when the
   * version changed; undefined when a newer version's check superseded it before it ran.
   */
  analyze(doc: AnalyzedDocument): Promise<Analysis | undefined> {
    const version = doc.version;
    const finished = this.done.get(doc.key);
    if (finished?.version === version) return Promise.resolve(finished);
    const asked = this.pending.get(doc.key);
    if (asked?.version === version) return asked.analysis;
    const analysis = this.checker.check({ key: doc.key, version, languageId: doc.languageId, text: doc.getText() }).then(
      (outcome) => {
        if (outcome === 'superseded') return undefined;
        const a: Analysis = { ...outcome, version };
        const last = this.done.get(doc.key);
        if (last === undefined || last.version <= version) this.done.set(doc.key, a);
        return a;
      },
      (err: unknown) => {
        // Not kept: asking again for this version checks it again.
        if (this.pending.get(doc.key)?.analysis === analysis) this.pending.delete(doc.key);
        throw err;
      },
    );
    this.pending.set(doc.key, { version, analysis });
    return analysis;
  }

  /** The latest analysis that finished for this document, whatever its version. */
  latest(key: string): Analysis | undefined {
    return this.done.get(key);
  }

  forget(key: string): void {
    this.pending.delete(key);
    this.done.delete(key);
    this.checker.forget(key);
  }

  clear(): void {
    for (const key of [...this.pending.keys()]) this.checker.forget(key);
    this.pending.clear();
    this.done.clear();
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
  if (!analysis.loads) {
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
