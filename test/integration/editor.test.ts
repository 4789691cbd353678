import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeLenses, DIAGNOSTIC_SOURCE, exampleUri, ourDiagnostics, rangeOf, waitFor } from './helpers';

const ARTICLE = 'article-cluster.cluster.json';

describe('Editing scenario files', function () {
  this.timeout(60_000);
  let extensionPath: string;
  let scratch: string;

  before(async () => {
    ({ extensionPath } = await activateExtension());
    scratch = mkdtempSync(path.join(tmpdir(), 'fcsim-it-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A copy of the article example with `edit` applied, in a scratch folder outside the workspace. */
  function brokenCopy(name: string, edit: (text: string) => string): vscode.Uri {
    const text = readFileSync(exampleUri(extensionPath, ARTICLE).fsPath, 'utf8');
    const edited = edit(text);
    assert.notEqual(edited, text, 'the edit changes the example');
    const file = path.join(scratch, name);
    writeFileSync(file, edited);
    return vscode.Uri.file(file);
  }

  it('opens *.cluster.json as JSON with Comments', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri(extensionPath, ARTICLE));
    assert.equal(doc.languageId, 'jsonc');
  });

  it('shows the cluster validation warnings of a valid example on their value', async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri(extensionPath, ARTICLE));
    await vscode.window.showTextDocument(doc);
    const diagnostics = await waitFor('the warnings of the article example', () => {
      const ds = ourDiagnostics(doc.uri);
      return ds.length >= 2 && ds;
    });
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Warning), 'a valid file has warnings only');
    const votes = diagnostics.find((d) => d.code === 'even-votes-without-witness');
    assert.ok(votes, 'the even-votes warning');
    assert.ok(votes.range.isEqual(rangeOf(doc, '"nodeMajority"')), `range ${JSON.stringify(votes.range)}`);
    assert.match(votes.message, /Consider/);
    assert.equal(votes.source, DIAGNOSTIC_SOURCE);
  });

  it('offers "Run scenario" at the top of a valid file', async () => {
    const uri = exampleUri(extensionPath, ARTICLE);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await waitFor('the CodeLens of the article example', async () => {
      const ls = await codeLenses(uri);
      return ls.some((l) => l.command?.command === 'fcsim.runScenarioFile') && ls;
    });
    const run = lenses.find((l) => l.command?.command === 'fcsim.runScenarioFile')!;
    assert.equal(run.range.start.line, 0);
    assert.match(run.command!.title, /Run scenario/);
    assert.equal(String(run.command!.arguments?.[0]), uri.toString());
  });

  it('marks a semantic error on its exact range, offers no run, and clears it as the user types', async () => {
    const uri = brokenCopy('unknown-owner.cluster.json', (t) => t.replace('"owner": "HV01"', '"owner": "HV09"'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const error = await waitFor('the unknown-name error', () => ourDiagnostics(uri).find((d) => d.code === 'unknown-name'));
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(error.range.isEqual(rangeOf(doc, '"HV09"')), `range ${JSON.stringify(error.range)}`);
    assert.match(error.message, /unknown node "HV09".*Expected "HV01"/);

    const before = await codeLenses(uri);
    assert.ok(!before.some((l) => l.command?.command === 'fcsim.runScenarioFile'), 'no Run scenario on a file with errors');
    assert.ok(before.some((l) => /error/.test(l.command?.title ?? '')), 'a lens says there are errors');

    assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, '"HV09"'), '"HV01"')));
    await waitFor('the error to go once fixed', () => !ourDiagnostics(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    await waitFor('Run scenario once fixed', async () => (await codeLenses(uri)).some((l) => l.command?.command === 'fcsim.runScenarioFile'));

    assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, '"8GiB"'), '"8"')));
    const unit = await waitFor('the missing unit error', () => ourDiagnostics(uri).find((d) => d.code === 'bad-quantity'));
    assert.ok(unit.range.isEqual(rangeOf(doc, '"8"')), `range ${JSON.stringify(unit.range)}`);
    assert.match(unit.message, /has no unit.*Expected/);
  });

  it('binds the JSON schema: VS Code\'s JSON service reports an unknown property too', async () => {
    const uri = brokenCopy('unknown-property.cluster.json', (t) => t.replace('"seed": 2009,', '"seed": 2009,\n  "sede": 1,'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ours = await waitFor('our unknown-property error', () => ourDiagnostics(uri).find((d) => d.code === 'unknown-property'));
    assert.ok(ours.range.isEqual(rangeOf(doc, '"sede"')));
    // The JSON language server starts on demand; give it time.
    await waitFor(
      "the JSON service's schema error",
      () => vscode.languages.getDiagnostics(uri).find((d) => d.source !== DIAGNOSTIC_SOURCE && /sede/.test(d.message)),
      45_000,
    );
  });

  it('does not load a file with errors into the session', async () => {
    const uri = brokenCopy('bad-unit.cluster.json', (t) => t.replace('"memory": "8GiB"', '"memory": "8"'));
    const ran = await vscode.commands.executeCommand<boolean>('fcsim.runScenarioFile', uri);
    assert.equal(ran, false);
    await waitFor('the error of a file run but never shown', () => ourDiagnostics(uri).find((d) => d.code === 'bad-quantity'));
  });

  it('checks a file at the loader\'s limits (64 nodes, 8,000 VMs, about 3 MiB) as the user edits it, off the host thread', async function () {
    this.timeout(180_000);
    const file = path.join(scratch, 'limits.cluster.json');
    writeFileSync(file, limitsScenario());
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.getText().length > 2 * 1024 * 1024, `${doc.getText().length} characters: checked in the worker thread`);
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('the first check of the large file', async () => (await codeLenses(uri)).some((l) => l.command?.command === 'fcsim.runScenarioFile'), 90_000);
    assert.ok(!ourDiagnostics(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'the generated file is valid');

    // A VM on a node the cluster does not have: the error on its value, in the file as edited.
    const owner = rangeOf(doc, '"HV33"', '"name": "VM4001"');
    assert.ok(await editor.edit((b) => b.replace(owner, '"HV99"')));
    const error = await waitFor('the unknown-name error in the large file', () => ourDiagnostics(uri).find((d) => d.code === 'unknown-name'), 90_000);
    assert.ok(error.range.isEqual(rangeOf(doc, '"HV99"')), `range ${JSON.stringify(error.range)}`);
    assert.match(error.message, /unknown node "HV99"/);

    // Several edits in a row: the problems that stay are those of the text as it ends up.
    let current = '"HV99"';
    for (const value of ['"HV98"', '"HV97"', '"HV01"']) {
      const at = rangeOf(doc, current);
      assert.ok(await editor.edit((b) => b.replace(at, value)));
      current = value;
    }
    await waitFor('the error to go once the owner is a node again', () => !ourDiagnostics(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 90_000);
    await waitFor('Run scenario on the fixed large file', async () => (await codeLenses(uri)).some((l) => l.command?.command === 'fcsim.runScenarioFile'), 90_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

/**
 * A valid scenario at the loader's limits, pretty-printed as a user's file would be: 64 nodes,
 * 8,000 VMs (125 per node, VM0001 on HV01, VM0002 on HV02...), 8 CSVs, 10,000 live migrations in the timeline.
 */
function limitsScenario(): string {
  const nodes = Array.from({ length: 64 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
  const disks = Array.from({ length: 8 }, (_, i) => `CSV${i + 1}`);
  const scenario = {
    name: 'A cluster at the limits',
    seed: 1,
    nodes: nodes.map((name) => ({ name, memory: '1536GiB' })),
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
      { name: 'iSCSI', role: 'none', bandwidth: '10Gbps', latency: '0.1ms' },
    ],
    disks: disks.map((name) => ({ name, size: '64TiB', throughput: '2GiB/s', csv: true, path: 'iSCSI' })),
    vms: Array.from({ length: 8000 }, (_, i) => ({
      name: `VM${String(i + 1).padStart(4, '0')}`,
      owner: nodes[i % nodes.length],
      memory: '4GiB',
      disk: disks[i % disks.length],
      vhd: '40GiB',
      workload: 'web',
      clients: 10,
    })),
    timeline: Array.from({ length: 10_000 }, (_, i) => ({ at: `${60 + i * 60}s`, do: 'liveMigrate', vm: `VM${String((i % 8000) + 1).padStart(4, '0')}`, to: nodes[(i + 1) % nodes.length] })),
  };
  return JSON.stringify(scenario, null, 2);
}
