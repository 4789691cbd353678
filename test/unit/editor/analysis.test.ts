import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lensesFor, ScenarioAnalyzer, type AnalyzedDocument } from '../../../src/extension/editor/analysis';
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

describe('editor: ScenarioAnalyzer', () => {
  it('loads each version of a document once', () => {
    const analyzer = new ScenarioAnalyzer();
    const d = doc(ARTICLE);
    const first = analyzer.analyze(d);
    assert.equal(analyzer.analyze(d), first);
    assert.equal(d.reads, 1);
    d.edit(INVALID);
    const second = analyzer.analyze(d);
    assert.equal(d.reads, 2);
    assert.equal(second.result.scenario, null);
    assert.equal(second.errors, 1);
    analyzer.forget(d.key);
    analyzer.analyze(d);
    assert.equal(d.reads, 3, 'a forgotten document is loaded again');
  });

  it('counts errors and warnings, and leaves syntax errors to the JSON service in json and jsonc editors', () => {
    const broken = ARTICLE.replace('"seed": 2009,', '"seed": 2009');
    const jsonc = new ScenarioAnalyzer().analyze(doc(broken, 'jsonc'));
    assert.equal(jsonc.errors, 1);
    assert.deepEqual(jsonc.diagnostics, []);
    const plain = new ScenarioAnalyzer().analyze(doc(broken, 'plaintext'));
    assert.deepEqual(
      plain.diagnostics.map((d) => d.code),
      ['syntax'],
    );
    const valid = new ScenarioAnalyzer().analyze(doc(ARTICLE));
    assert.equal(valid.errors, 0);
    assert.equal(valid.warnings, 2);
  });
});

describe('editor: CodeLens', () => {
  const analyze = (text: string) => new ScenarioAnalyzer().analyze(doc(text));

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
