import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lensesFor, ScenarioAnalyzer, type Analysis, type AnalyzedDocument } from '../../../src/extension/editor/analysis';
import { analyzeText } from '../../../src/extension/editor/analyzeText';
import { ScenarioChecker } from '../../../src/extension/editor/checker';
import { realTimers } from '../../../src/extension/session/timers';
import { isScenarioDocument, isScenarioPath } from '../../../src/extension/scenarioFiles';
import { OPEN_SCENARIO, RUN_SCENARIO_FILE, SHOW_PROBLEMS } from '../../../src/extension/editor/commandIds';

const read = (path: string): string => readFileSync(join(__dirname, '..', '..', '..', path), 'utf8');
const ARTICLE = read('examples/article-cluster.cluster.json');
// An example without cluster-validation warnings.
const NO_WARNINGS = read('examples/csv-backup-and-maintenance.cluster.json');
const INVALID = read('test/fixtures/invalid.cluster.json');

/** A document whose text can change, counting how often the analysis reads it. */
function doc(text: string, languageId = 'jsonc'): AnalyzedDocument & { reads: number; edit(text: string): void } {
  let version = 1;
  let current = text;
  const d = {
    key: 'file:///w/a.cluster.json',
    get version() {
      return version;
    },
    languageId,
    reads: 0,
    getText() {
      d.reads++;
      return current;
    },
    edit(next: string) {
      current = next;
      version++;
    },
  };
  return d;
}

describe('editor: which files are scenarios', () => {
  it('*.cluster.json in any case', () => {
    assert.ok(isScenarioPath('/w/examples/article-cluster.cluster.json'));
    assert.ok(isScenarioPath('C:/Lab/Two.Cluster.JSON'));
    assert.ok(!isScenarioPath('/w/cluster.json.bak'));
    assert.ok(!isScenarioPath('/w/package.json'));
  });

  it('not the copies a Git diff shows', () => {
    assert.ok(isScenarioDocument({ scheme: 'file', path: '/w/a.cluster.json' }));
    assert.ok(isScenarioDocument({ scheme: 'untitled', path: '/w/a.cluster.json' }));
    assert.ok(!isScenarioDocument({ scheme: 'git', path: '/w/a.cluster.json' }));
  });
});

/** An analyzer whose checks all run on this thread. */
function inlineAnalyzer(): ScenarioAnalyzer {
  return new ScenarioAnalyzer(new ScenarioChecker({ startWorker: null, log: { info() {}, error() {} }, timers: realTimers }));
}

describe('editor: ScenarioAnalyzer', () => {
  it('loads each version of a document once', async () => {
    const analyzer = inlineAnalyzer();
    const d = doc(ARTICLE);
    const first = analyzer.analyze(d);
    assert.equal(analyzer.analyze(d), first, 'the same check while it runs');
    assert.equal((await analyzer.analyze(d))?.version, 1);
    assert.equal(d.reads, 1);
    d.edit(INVALID);
    const second = await analyzer.analyze(d);
    assert.equal(d.reads, 2);
    assert.equal(second?.loads, false);
    assert.equal(second?.errors, 1);
    assert.equal(second?.version, 2);
    assert.equal(analyzer.latest(d.key), second);
    analyzer.forget(d.key);
    assert.equal(analyzer.latest(d.key), undefined);
    await analyzer.analyze(d);
    assert.equal(d.reads, 3, 'a forgotten document is loaded again');
  });

  it('counts errors and warnings, and leaves syntax errors to the JSON service in json and jsonc editors', async () => {
    const broken = ARTICLE.replace('"seed": 2009,', '"seed": 2009');
    const jsonc = (await inlineAnalyzer().analyze(doc(broken, 'jsonc')))!;
    assert.equal(jsonc.errors, 1);
    assert.deepEqual(jsonc.diagnostics, []);
    const plain = (await inlineAnalyzer().analyze(doc(broken, 'plaintext')))!;
    assert.deepEqual(
      plain.diagnostics.map((d) => d.code),
      ['syntax'],
    );
    const valid = (await inlineAnalyzer().analyze(doc(ARTICLE)))!;
    assert.equal(valid.errors, 0);
    assert.equal(valid.warnings, 2);
    assert.equal(valid.loads, true);
  });
});

describe('editor: CodeLens', () => {
  const analyze = (text: string): Analysis => {
    const r = analyzeText(text, 'jsonc');
    return { ...r, version: 1 };
  };

  it('a valid file: Run scenario first, with the file, then Open in Cluster Explorer', () => {
    const lenses = lensesFor(analyze(NO_WARNINGS));
    assert.deepEqual(
      lenses.map((l) => [l.title, l.command, l.scenarioUri]),
      [
        ['$(play) Run scenario', RUN_SCENARIO_FILE, true],
        ['$(list-tree) Open in Cluster Explorer', OPEN_SCENARIO, true],
      ],
    );
  });

  it('a valid file with warnings also counts them', () => {
    const lenses = lensesFor(analyze(ARTICLE));
    assert.equal(lenses[0]!.command, RUN_SCENARIO_FILE);
    assert.deepEqual(lenses.at(-1), {
      title: '$(warning) 2 cluster validation warnings',
      tooltip: lenses.at(-1)!.tooltip,
      command: SHOW_PROBLEMS,
      scenarioUri: false,
    });
  });

  it('a file with errors cannot run: no Run scenario, the errors counted', () => {
    const lenses = lensesFor(analyze(INVALID));
    assert.deepEqual(
      lenses.map((l) => [l.title, l.command]),
      [['$(error) 1 error: fix it to run the scenario', SHOW_PROBLEMS]],
    );
    const two = lensesFor(analyze(INVALID.replace('"memory": "1GiB"', '"memory": "1"')));
    assert.equal(two[0]!.title, '$(error) 2 errors: fix them to run the scenario');
  });
});
