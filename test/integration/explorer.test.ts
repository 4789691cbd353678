import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, exampleUri, explorerTree, findEntry, waitFor, type ExtensionTestApi } from './helpers';

const ARTICLE = 'article-cluster.cluster.json';
const NODES = ['HV01', 'HV02', 'HV03', 'HV04'];
const VMS = ['SQL01', 'WEB01', 'WEB02', 'FS01', 'DC01'];

describe('Running a scenario: the Cluster Explorer and live migration', function () {
  this.timeout(120_000);
  let api: ExtensionTestApi;
  let article: vscode.Uri;

  before(async () => {
    const activated = await activateExtension();
    api = activated.api;
    article = exampleUri(activated.extensionPath, ARTICLE);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The VM's owner node in the session's snapshot. */
  const ownerOf = (vm: string): string | undefined => api.session.snapshot()?.vms.find((v) => v.name === vm)?.node;

  /** Shows the view, so the provider applies the latest snapshot (it waits while hidden). */
  const showExplorer = async (): Promise<void> => {
    await vscode.commands.executeCommand('workbench.view.extension.fcsim');
  };

  it('"Run scenario" loads the example, fills the tree and runs to the end', async () => {
    const ran = await vscode.commands.executeCommand<boolean>('fcsim.runScenarioFile', article);
    assert.equal(ran, true, 'fcsim.runScenarioFile resolves to true for a valid file');
    assert.equal(api.session.source?.name, article.fsPath);
    await waitFor('the run to end', () => api.session.state === 'ended', 90_000);
    // The article's timeline: SQL01 live-migrated to HV02, FS01 quick-migrated to HV01.
    assert.equal(ownerOf('SQL01'), 'HV02');
    assert.equal(ownerOf('FS01'), 'HV01');

    await showExplorer();
    const tree = await waitFor('the tree of the ended run', async () => {
      const t = await explorerTree(api);
      return findEntry(findEntry(t, 'node', 'HV02')?.children ?? [], 'vm', 'SQL01') && t;
    });
    for (const name of NODES) assert.equal(findEntry(tree, 'node', name)?.label, name, `node ${name} in the tree`);
    for (const name of VMS) assert.equal(findEntry(tree, 'vm', name)?.label, name, `VM ${name} in the tree`);
    for (const name of ['Cluster Internal', 'LAN', 'iSCSI']) assert.ok(findEntry(tree, 'network', name), `network ${name} in the tree`);
  });

  it('fcsim.liveMigrate moves a VM chosen as a tree target, and the tree follows', async () => {
    await vscode.commands.executeCommand('fcsim.openScenario', article);
    await waitFor('the example loaded at time zero', () => api.session.state === 'ready' && api.session.snapshot()?.t === 0);
    assert.equal(ownerOf('SQL01'), 'HV01');
    assert.equal(api.session.recordedActions.length, 0, 'nothing done by hand yet');

    await vscode.commands.executeCommand('fcsim.liveMigrate', { kind: 'vm', name: 'SQL01' }, 'HV02');
    assert.deepEqual(
      api.session.recordedActions.map((r) => r.action),
      [{ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }],
      'the migration was requested by hand, before the timeline would',
    );
    const moving = api.session.snapshot()?.vms.find((v) => v.name === 'SQL01');
    assert.ok(moving?.migration?.to === 'HV02' || moving?.node === 'HV02', `SQL01 migrating to HV02: ${JSON.stringify(moving?.migration)}`);

    await vscode.commands.executeCommand('fcsim.runToEnd');
    await waitFor('the run to end', () => api.session.state === 'ended', 90_000);
    assert.equal(ownerOf('SQL01'), 'HV02');

    await showExplorer();
    await waitFor('SQL01 under HV02 in the tree', async () => {
      const tree = await explorerTree(api);
      const underHv01 = findEntry(findEntry(tree, 'node', 'HV01')?.children ?? [], 'vm', 'SQL01');
      return !underHv01 && findEntry(findEntry(tree, 'node', 'HV02')?.children ?? [], 'vm', 'SQL01');
    });
  });
});
