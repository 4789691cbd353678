/**
 * The extension as a user meets it: the .vsix installed into a real VS Code (code-server) and
 * driven in a real Chromium. A workspace with the examples and a scenario with a mistake; the
 * user opens the Cluster Explorer and a scenario, runs it, live-migrates a VM from its context
 * menu, reads the migration's passes in the dashboard and sees the mistake flagged. A screenshot
 * of each step goes to test-output/e2e/screenshots/.
 *
 * Run with `npm run test:e2e` (scripts/e2e/run-e2e.mjs), which builds and packages the extension
 * and installs code-server first. The steps build on each other and run in order.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { CodeServer, EXTENSION_ID } from './codeServer';
import { outputDir, ROOT, vsixPath } from './environment';
import { assertEventually, launchChromium, UI_TIMEOUT, Workbench } from './workbench';

const ARTICLE = 'article-cluster.cluster.json';
const BROKEN = 'broken.cluster.json';
const NODES = ['HV01', 'HV02', 'HV03', 'HV04'];
const VMS = ['SQL01', 'WEB01', 'WEB02', 'FS01', 'DC01'];
const NETWORKS = ['Cluster Internal', 'LAN', 'iSCSI'];
const VOLUMES = ['C:\\ClusterStorage\\Volume1', 'C:\\ClusterStorage\\Volume2'];
/** The VM migrated by hand, and where: after the article's run WEB01 runs on HV02 and HV03 is down. */
const MOVED_VM = 'WEB01';
const FROM = 'HV02';
const TO = 'HV04';
/** WEB01 has 4 GiB: pass 1 sends every 4 KiB page. */
const FIRST_PASS_PAGES = ((4 * 1024 ** 3) / 4096).toLocaleString('en-US');

describe('The extension in VS Code (code-server in Chromium)', function () {
  this.timeout(180_000);
  const out = outputDir();
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let wb: Workbench;
  const browserErrors: string[] = [];

  before(async function () {
    this.timeout(300_000);
    // This suite's part of the output folder (the other suites keep theirs).
    for (const part of ['screenshots', 'workspace', 'code-server', 'chromium-profile']) rmSync(path.join(out, part), { recursive: true, force: true });
    mkdirSync(out, { recursive: true });

    // The workspace a user would have: the examples, and a copy of one with a mistake in it.
    const workspace = path.join(out, 'workspace');
    mkdirSync(workspace, { recursive: true });
    for (const name of readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.cluster.json'))) {
      copyFileSync(path.join(ROOT, 'examples', name), path.join(workspace, name));
    }
    const article = readFileSync(path.join(ROOT, 'examples', ARTICLE), 'utf8');
    const broken = article.replace('"owner": "HV01"', '"owner": "HV09"');
    assert.notEqual(broken, article);
    writeFileSync(path.join(workspace, BROKEN), broken);

    server = new CodeServer({ dir: path.join(out, 'code-server'), vsix: vsixPath(), workspace });
    const installed = server.prepare();
    assert.match(installed, new RegExp(`^${EXTENSION_ID.replace('.', '\\.')}@`, 'm'), `the .vsix is installed:\n${installed}`);
    await server.start();

    context = await launchChromium(path.join(out, 'chromium-profile'));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') browserErrors.push(m.text());
    });
    page.on('pageerror', (err) => browserErrors.push(`page error: ${err.message}`));
    wb = new Workbench(page, path.join(out, 'screenshots'));
    await page.goto(server.url);
    await wb.ready();
    await wb.screenshot('workbench');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.screenshot(`FAILED-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
    }
  });

  after(async () => {
    writeFileSync(path.join(out, 'browser-console-errors.txt'), `${browserErrors.join('\n')}\n`);
    await context?.close().catch(() => undefined);
    await server?.stop();
  });

  /** The Cluster Explorer's tree (in the side bar, once our container is shown). */
  const explorerTree = () => wb.tree('Cluster Explorer');
  /** The pane header's description: the simulated clock and the state ("00:12:00 · ended"). */
  const explorerDescription = () => page.locator('.pane-header', { hasText: 'Cluster Explorer' }).locator('.description');

  it('shows the Cluster Explorer, empty until a scenario is opened', async () => {
    await wb.showContainer('Failover Cluster Simulator');
    await page.getByText('No cluster scenario is loaded').waitFor();
    await page.getByRole('button', { name: 'Open Example Scenario' }).waitFor();
    await wb.screenshot('cluster-explorer-empty');
  });

  it('opens a scenario file and sees its nodes, VMs, networks and volumes in the Cluster Explorer', async () => {
    // The user opens the file from the Explorer, then its "Open in Cluster Explorer" CodeLens.
    await wb.showContainer('Explorer');
    await wb.treeItem(wb.tree('Files Explorer'), ARTICLE).click();
    await wb.editorTab(ARTICLE).waitFor();
    await wb.codeLens('Open in Cluster Explorer').click();

    const tree = explorerTree();
    await wb.treeItem(tree, 'HV01').waitFor();
    await wb.expand(wb.treeItem(tree, 'Virtual Machines'));
    await wb.expand(wb.treeItem(tree, 'Networks'));
    await wb.expand(wb.treeItem(tree, 'Cluster Shared Volumes'));
    const expected = [...NODES, ...VMS, ...NETWORKS, ...VOLUMES];
    let labels: string[] = [];
    await assertEventually(async () => {
      labels = (await wb.rows(tree)).map((r) => r.label);
      return expected.every((name) => labels.includes(name));
    }, `${expected.join(', ')} in the Cluster Explorer`).catch(() => assert.fail(`missing from the Cluster Explorer: ${expected.filter((n) => !labels.includes(n)).join(', ')}; it shows ${labels.join(' | ')}`));
    assert.deepEqual(await wb.childrenOf(tree, 'Nodes'), NODES);
    await wb.expand(wb.treeItem(tree, 'HV01'));
    await assertEventually(async () => (await wb.childrenOf(tree, 'HV01')).includes('SQL01'), 'SQL01 under HV01, where it starts');
    await assertEventually(async () => /ready/.test((await explorerDescription().textContent()) ?? ''), 'the view to say "ready"');
    await wb.screenshot('scenario-loaded');
  });

  it('runs the scenario to the end with the "Run scenario" CodeLens', async () => {
    await wb.codeLens('Run scenario').click();
    await assertEventually(async () => /ended/.test((await explorerDescription().textContent()) ?? ''), 'the run to end', 120_000);
    const tree = explorerTree();
    // The article's timeline live-migrates SQL01 from HV01 to HV02 (and HV03's crash sends more
    // VMs there: how many is the failover's business, not this test's).
    await tree.getByRole('treeitem', { name: /^HV02, Up · .* · \d+ VMs$/ }).waitFor();
    await wb.expand(wb.treeItem(tree, 'HV02'));
    await assertEventually(async () => (await wb.childrenOf(tree, 'HV02')).includes('SQL01'), 'SQL01 under HV02');
    assert.ok(!(await wb.childrenOf(tree, 'HV01')).includes('SQL01'), 'SQL01 no longer under HV01');
    assert.ok((await wb.childrenOf(tree, FROM)).includes(MOVED_VM), `${MOVED_VM} on ${FROM}`);
    await wb.screenshot('scenario-ran');
  });

  it(`live-migrates ${MOVED_VM} from its context menu and sees it under ${TO}`, async () => {
    const tree = explorerTree();
    const vmRow = tree.getByRole('treeitem', { name: new RegExp(`^${MOVED_VM}, Running`) }).first();
    await vmRow.click();
    await vmRow.click({ button: 'right' });
    const entry = page.getByRole('menuitem', { name: /^Live Migrate to/ });
    await entry.waitFor();
    await wb.screenshot('live-migrate-context-menu');
    await entry.click();

    await wb.quickPickOption(TO).first().waitFor();
    await wb.screenshot('live-migrate-target');
    await wb.quickPickOption(TO).first().click();
    await wb.quickInput().waitFor({ state: 'hidden' });

    // The migration starts at once; run what is left of the simulation.
    await wb.runCommand('Failover Cluster: Run to End');
    await assertEventually(async () => /ended/.test((await explorerDescription().textContent()) ?? ''), 'the run to end after the migration', 120_000);
    await tree.getByRole('treeitem', { name: new RegExp(`^${TO}, Up · .* · 1 VM$`) }).waitFor();
    await wb.expand(wb.treeItem(tree, TO));
    await assertEventually(async () => (await wb.childrenOf(tree, TO)).includes(MOVED_VM), `${MOVED_VM} under ${TO}`);
    assert.ok(!(await wb.childrenOf(tree, FROM)).includes(MOVED_VM), `${MOVED_VM} no longer under ${FROM}`);
    await wb.screenshot('live-migrated');
  });

  it('opens the dashboard and reads the passes of that migration', async () => {
    await wb.runCommand('Failover Cluster: Open Dashboard');
    const dashboard = await wb.webview('Failover Cluster Dashboard');
    const card = dashboard.locator('article.card.migration').filter({ has: dashboard.locator('.vm-name', { hasText: MOVED_VM }) }).first();
    await card.waitFor({ timeout: UI_TIMEOUT });
    await card.locator('.pill', { hasText: 'Completed' }).waitFor();
    await card.locator('details.chart-data summary').click();
    const passes = card.locator('table.pass-table tbody tr[data-pass]');
    await passes.first().waitFor();
    const rows = await passes.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    assert.ok(rows.length >= 2, `at least two pre-copy passes: ${JSON.stringify(rows)}`);
    assert.equal(rows[0][0], '1');
    assert.equal(rows[0][1], FIRST_PASS_PAGES, `pass 1 sends all of ${MOVED_VM}'s memory`);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i][0], String(i + 1));
    await card.scrollIntoViewIfNeeded();
    await wb.screenshot('dashboard-passes');
  });

  it('flags the mistake in a scenario file', async () => {
    await wb.showContainer('Explorer');
    await wb.treeItem(wb.tree('Files Explorer'), BROKEN).click();
    await wb.editorTab(BROKEN).waitFor();
    await wb.codeLens(/1 error: fix it to run the scenario/).waitFor();
    // Go to the problem (F8) in the editor: the error is squiggled, and the peek says what is wrong.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('F8');
    const peek = page.locator('.editor-group-container.active .marker-widget');
    await peek.filter({ hasText: /unknown node "HV09"/ }).waitFor();
    await page.locator('.editor-group-container.active .squiggly-error').first().waitFor();
    await wb.screenshot('scenario-mistake-in-editor');
    // The Problems panel lists it too.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').getByRole('treeitem').filter({ hasText: 'unknown node "HV09"' }).first().waitFor();
    await wb.screenshot('scenario-mistake-in-problems');
  });
});
