/**
 * The built dashboard page (dist/webview/dashboard.js + .css) in headless Chromium, under the
 * extension's strict CSP, with a stand-in for acquireVsCodeApi, fed the messages of a real engine
 * run of the article's example scenario (through the host's DashboardModel): it checks the passes
 * shown against the engine's records, the CSV grid's states against its snapshot, the timeline's
 * filters, reveal and focus, state kept across a reload, and that a VM named
 * `<img src=x onerror=alert(1)>` shows as text and runs nothing. Screenshots in light and dark
 * themes go to test-output/.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`) and a build
 * (`npm run build`); without either it fails and says so.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { takeSnapshot } from '../../src/engine';
import type { HostToWebview, MigrationView, WebviewToHost } from '../../src/protocol';
import { engineFeed, type Feed } from './engineFeed';
import { startHarnessServer, type HarnessServer } from './server';

const REPO = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(REPO, 'test-output');
const XSS_NAME = '<img src=x onerror=alert(1)>';

/** What the harness page exposes (test/browser/harness/fake-vscode-api.js). */
interface Harness {
  posted: WebviewToHost[];
  violations: { directive: string; blocked: string; sample: string }[];
  state(): unknown;
  deliver(messages: readonly HostToWebview[]): void;
}
/** The page's globals as these tests use them (test files compile without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
type HarnessWindow = {
  __harness: Harness;
  document: {
    body: { dataset: Record<string, string | undefined>; className: string };
    querySelector(selector: string): PageElement;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
};

interface Opened {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
  readonly dialogs: string[];
  delivered: number;
}

describe('dashboard page (headless Chromium)', function () {
  this.timeout(180_000);

  let browser: Browser;
  let server: HarnessServer;
  let feed: Feed;
  const opened: Opened[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}. The browser test needs Debian's chromium: run "apt-get update && apt-get install -y chromium" (as root), then "npm run test:browser".`);
    }
    for (const file of ['dashboard.js', 'dashboard.css', 'codicons/codicon.css']) {
      if (!existsSync(join(REPO, 'dist', 'webview', file))) throw new Error(`dist/webview/${file} is missing: run "npm run build" first.`);
    }
    mkdirSync(OUTPUT, { recursive: true });
    feed = engineFeed(readFileSync(join(REPO, 'examples', 'article-cluster.cluster.json'), 'utf8'));
    server = await startHarnessServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterEach(async function () {
    while (opened.length > 0) await opened.pop()?.context.close();
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  async function open(theme: 'light' | 'dark', options: { csp?: boolean } = {}): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: theme });
    const page = await context.newPage();
    const o: Opened = { context, page, errors: [], dialogs: [], delivered: 0 };
    opened.push(o);
    page.on('pageerror', (err) => o.errors.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') o.errors.push(`console error: ${msg.text()} (${msg.location().url})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) o.errors.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on('dialog', (dialog) => {
      o.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(server.url({ theme, csp: options.csp }));
    await waitForPosted(page, (m) => m.type === 'ready');
    return o;
  }

  /** Delivers host messages in batches as the host would, waiting until the page has drawn them. */
  async function deliver(o: Opened, messages: readonly HostToWebview[], batch = 40): Promise<void> {
    for (let i = 0; i < messages.length; i += batch) {
      const chunk = messages.slice(i, i + batch);
      await o.page.evaluate((m) => (globalThis as unknown as HarnessWindow).__harness.deliver(m), chunk);
      o.delivered += chunk.length;
      await o.page.waitForFunction((n) => Number((globalThis as unknown as HarnessWindow).document.body.dataset.applied) >= n, o.delivered);
    }
  }

  async function posted(page: Page): Promise<WebviewToHost[]> {
    return page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness.posted);
  }

  async function waitForPosted(page: Page, match: (m: WebviewToHost) => boolean): Promise<WebviewToHost> {
    for (let i = 0; i < 100; i++) {
      const found = (await posted(page)).find(match);
      if (found) return found;
      await page.waitForTimeout(50);
    }
    throw new Error(`the page did not post the expected message; it posted ${JSON.stringify(await posted(page))}`);
  }

  async function assertClean(o: Opened): Promise<void> {
    const violations = await o.page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness.violations);
    assert.deepEqual(violations, [], 'the page broke its Content Security Policy');
    assert.deepEqual(o.errors, [], 'the page logged errors');
    assert.deepEqual(o.dialogs, [], 'the page opened a dialog');
  }

  /** The index of the first message where `vm`'s migration matches. */
  function messageWhere(vm: string, test: (m: MigrationView) => boolean): number {
    const i = feed.messages.findIndex((msg) => msg.type === 'update' && msg.changes.some((c) => c.kind === 'migration' && c.migration.vm === vm && test(c.migration)));
    assert.ok(i > 0, `no message in the run where ${vm}'s migration matches`);
    return i;
  }

  /** Mean luminance (0..255) of a canvas inside `selector`'s first match. */
  async function canvasLuminance(page: Page, selector: string): Promise<number> {
    return page.evaluate((sel) => {
      const canvas = (globalThis as unknown as HarnessWindow).document.querySelector(sel);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      return sum / (data.length / 4);
    }, selector);
  }

  /** The share of a canvas's pixels that differ clearly from `background` (r, g, b). */
  async function canvasInk(page: Page, selector: string, background: [number, number, number]): Promise<number> {
    return page.evaluate(
      ([sel, [r, g, b]]) => {
        const canvas = (globalThis as unknown as HarnessWindow).document.querySelector(sel);
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 30) ink++;
        return ink / (data.length / 4);
      },
      [selector, background] as const,
    );
  }

  /** Each row's cells' text (rows inside a closed <details> have no innerText). */
  async function rowCells(locator: ReturnType<Page['locator']>): Promise<string[][]> {
    return locator.evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { cells: ArrayLike<PageElement> }).cells, (c) => c.textContent ?? '')));
  }

  it('shows a running live migration: its passes, the running pass’s progress and the dirty-bitmap strip; redirected CSV access while it lasts', async function () {
    const o = await open('dark');
    const upTo = messageWhere('SQL01', (m) => m.currentPass !== null && m.currentPass.index === 2 && m.currentPass.progress >= 0.4);
    await deliver(o, feed.messages.slice(0, upTo + 1));
    const page = o.page;

    const card = page.locator('article.migration').filter({ has: page.getByRole('button', { name: 'SQL01', exact: true }) });
    await card.waitFor();
    assert.match(await card.locator('.pill').first().innerText(), /Running/);
    // The running pass: its progress, as a bar and in words.
    const label = await card.locator('.progress-label').innerText();
    assert.match(label, /^Pass 2: \d+% of [\d,]+ pages/);
    const value = await card.locator('vscode-progress-bar').evaluate((el) => (el as unknown as { value: number }).value);
    assert.ok(value >= 40 && value <= 100, `progress bar at ${value}`);
    // Pass 1 done as the engine recorded it, pass 2 running.
    const pass1 = feed.sim.records.migrations[0].passes[0];
    const rows = await rowCells(card.locator('table.pass-table tbody tr'));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0].slice(0, 3), ['1', pass1.pages.toLocaleString('en-US'), pass1.dirtiedPages.toLocaleString('en-US')]);
    assert.equal(rows[1][0], '2 (running)');
    // The strip: drawn, with the hot working set dirtier than the rest of memory.
    const strip = card.locator('.strip');
    assert.ok(await strip.isVisible(), 'the dirty-bitmap strip is shown');
    assert.match(await strip.locator('.strip-caption').innerText(), /Dirty bitmap of pass 2/);
    const summary = await strip.locator('.strip-summary').innerText();
    const shares = /first (\d+)% of memory\): ([\d.]+)% of its pages dirty; rest of memory: ([\d.]+)%/.exec(summary);
    assert.ok(shares, summary);
    assert.equal(shares[1], '25');
    assert.ok(Number(shares[2]) > Number(shares[3]), `hot set ${shares[2]}% dirty vs rest ${shares[3]}%`);
    const ink = await canvasInk(page, 'article.migration .strip-canvas', [0x31, 0x31, 0x31]);
    assert.ok(ink > 0.05, `the strip canvas has dirty pages drawn on it (${(ink * 100).toFixed(1)}% of its pixels)`);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-running-dark.png'), fullPage: true });

    // 3 min 30 s in: HV03 has lost its iSCSI path and reaches both volumes through the coordinator.
    const at = feed.times.findIndex((t) => t >= 210);
    await deliver(o, feed.messages.slice(upTo + 1, at + 1));
    for (const disk of ['Cluster Disk 1', 'Cluster Disk 2']) {
      const row = page.locator('table.csv-grid tbody tr').filter({ has: page.getByRole('button', { name: disk, exact: true }) });
      const cell = row.locator('td.cell[data-node="HV03"]');
      assert.equal(await cell.getAttribute('data-state'), 'redirected');
      assert.match(await cell.innerText(), /Redirected\s+storage path lost/);
      assert.match(await cell.innerText(), /via HV0[12]/);
    }
    await assertClean(o);
  });

  it('shows the run’s finished migrations, CSV grid and networks; light, dark and high-contrast themes (screenshots)', async function () {
    const o = await open('light');
    await deliver(o, feed.messages);
    const page = o.page;
    const records = feed.sim.records.migrations;

    // The live migration: every pass as the engine recorded it, why it stopped, blackout, clients.
    const live = records.find((r) => r.vm === 'SQL01' && r.type === 'live');
    assert.ok(live && live.outcome === 'completed');
    const card = page.locator('article.migration').filter({ has: page.getByRole('button', { name: 'SQL01', exact: true }) });
    assert.match(await card.locator('.pill').first().innerText(), /Completed/);
    assert.ok(await card.locator('.progress-row').isHidden(), 'no progress bar once finished');
    const rows = await rowCells(card.locator('table.pass-table tbody tr[data-pass]'));
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[2]]),
      live.passes.map((p) => [String(p.index), p.pages.toLocaleString('en-US'), p.dirtiedPages.toLocaleString('en-US')]),
    );
    const facts = await card.locator('table.facts').innerText();
    assert.match(facts, new RegExp(`Passes\\s+${live.passes.length}\\b`));
    assert.match(facts, new RegExp(`Stopped\\s+${live.stopReason}`));
    assert.match(facts, /Blackout\s+[\d.]+ ms/);
    assert.match(facts, /Clients\s+40 kept, 0 lost/);
    assert.match(facts, /Network used\s+[\d.]+ GiB in [\d,]+ pages/);
    // Its last dirty bitmap stays.
    assert.match(await card.locator('.strip-caption').innerText(), /as last seen, during pass/);

    // The quick migration: its phases on one time axis.
    const quick = page.locator('article.migration').filter({ has: page.getByRole('button', { name: 'FS01', exact: true }) });
    assert.match(await quick.locator('.pill').first().innerText(), /Completed/);
    const phases = await quick.locator('table.phase-table tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: { phase: string } }).dataset.phase));
    assert.deepEqual(phases, feed.finalState.migrations.find((m) => m.vm === 'FS01')?.phases.map((p) => p.phase));
    assert.ok(phases.includes('save') && phases.includes('restore'));
    assert.match(await quick.locator('table.facts').innerText(), /Outage\s+[\d.]+ s/);

    // The CSV grid: each node's access to each volume as the engine has it at the end, the coordinator marked.
    const snapshot = takeSnapshot(feed.sim);
    assert.ok(snapshot.volumes.length === 2);
    for (const v of snapshot.volumes) {
      const row = page.locator('table.csv-grid tbody tr').filter({ has: page.getByRole('button', { name: v.disk, exact: true }) });
      for (const a of v.access) {
        const cell = row.locator(`td.cell[data-node="${a.node}"]`);
        assert.equal(await cell.getAttribute('data-state'), a.state, `${v.disk} on ${a.node}`);
        assert.equal(await cell.locator('.cell-coordinator').count(), a.node === v.coordinator ? 1 : 0, `coordinator mark of ${v.disk} on ${a.node}`);
      }
    }
    const down = page.locator('table.csv-grid td.cell[data-node="HV03"]').first();
    assert.match(await down.innerText(), /No access\s+node down/);

    // Networks: one chart per network; the live migration's traffic on Cluster Internal.
    assert.equal(await page.locator('article.network').count(), snapshot.networks.length);
    const samples = feed.finalState.networks.find((n) => n.name === 'Cluster Internal')?.samples ?? [];
    assert.ok(samples.some((s) => s.byKind.liveMigration > 0), 'the live migration is in the network samples');

    // Header and timeline.
    assert.equal(await page.locator('h1').innerText(), snapshot.name);
    assert.match(await page.locator('.session-ended').innerText(), /Ended/);
    assert.match(await page.locator('.timeline-status').innerText(), new RegExp(`^${feed.finalState.events.length} events`));
    assert.match(await page.locator('.summary').innerText(), /CSV access: 2 without access/);

    await page.screenshot({ path: join(OUTPUT, 'dashboard-light.png'), fullPage: true });
    const light = await canvasLuminance(page, 'article.migration .strip-canvas');

    // VS Code switches theme by changing the body's class (and the variables with it): charts follow.
    await page.evaluate(() => {
      (globalThis as unknown as HarnessWindow).document.body.className = 'vscode-dark';
    });
    await page.waitForTimeout(100);
    const dark = await canvasLuminance(page, 'article.migration .strip-canvas');
    assert.ok(light - dark > 60, `the strip was redrawn for the dark theme (mean luminance ${light.toFixed(0)} → ${dark.toFixed(0)})`);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-dark.png'), fullPage: true });
    await page.evaluate(() => {
      (globalThis as unknown as HarnessWindow).document.body.className = 'vscode-high-contrast';
    });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-high-contrast.png'), fullPage: true });
    await assertClean(o);
  });

  it('filters the timeline, reveals what is clicked, takes focus from the explorer and keeps filters and focus across a reload', async function () {
    const o = await open('dark');
    await deliver(o, feed.messages);
    const page = o.page;

    // Clicking an event reveals what it is about; clicking a name reveals that.
    await page.locator('.event', { hasText: 'Live migration of SQL01 from HV01 to HV02 started' }).locator('.event-text').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', item: { kind: 'vm', name: 'SQL01' } });
    await page.locator('table.csv-grid thead').getByRole('button', { name: 'HV02', exact: true }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', item: { kind: 'node', name: 'HV02' } });
    await page.locator('table.csv-grid tbody').getByRole('button', { name: 'Cluster Disk 2', exact: true }).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', item: { kind: 'volume', name: 'Cluster Disk 2' } });

    // Filter by VM with the select, then by text.
    await page.locator('#filter-vm').click();
    await page.locator('#filter-vm').getByRole('option', { name: 'FS01', exact: true }).click();
    await page.waitForFunction(() => {
      const events = Array.from((globalThis as unknown as HarnessWindow).document.querySelectorAll('.event'));
      return events.length > 0 && events.every((e) => (e.textContent ?? '').includes('FS01'));
    });
    const fsEvents = feed.finalState.events.filter((e) => e.refs.vms.includes('FS01')).length;
    assert.equal(await page.locator('.event').count(), fsEvents);
    assert.deepEqual((await posted(page)).at(-1), { type: 'viewState', state: { filters: { node: '', vm: 'FS01', volume: '', kind: '', text: '' }, focused: null } });
    await page.locator('#filter-text input').fill('memory');
    await page.waitForFunction(() => Array.from((globalThis as unknown as HarnessWindow).document.querySelectorAll('.event')).every((e) => /memory/i.test(e.textContent ?? '')));
    assert.ok((await page.locator('.event').count()) >= 1);
    assert.ok((await page.locator('.event').count()) < fsEvents);

    // Selecting a volume in the Cluster Explorer: the page scrolls to it and highlights it.
    await deliver(o, [{ type: 'focus', item: { kind: 'volume', name: 'Cluster Disk 2' } }]);
    const row = page.locator('table.csv-grid tbody tr.focused');
    assert.equal(await row.count(), 1);
    assert.ok(await row.getByRole('button', { name: 'Cluster Disk 2', exact: true }).isVisible());
    assert.ok(await row.evaluate((el) => { const r = (el as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect(); return r.bottom > 0 && r.top < 900; }), 'scrolled into view');
    assert.match(await page.locator('.focus-chip').innerText(), /volume Cluster Disk 2/);
    await page.waitForTimeout(600); // the smooth scroll
    await page.screenshot({ path: join(OUTPUT, 'dashboard-focus-dark.png') });
    const saved = { filters: { node: '', vm: 'FS01', volume: '', kind: '', text: 'memory' }, focused: { kind: 'volume', name: 'Cluster Disk 2' } };
    assert.deepEqual((await posted(page)).at(-1), { type: 'viewState', state: saved });
    assert.deepEqual(await page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness.state()), saved);

    // A reload (VS Code restoring the panel): the page gets its state back and the host sends init again.
    await page.reload();
    o.delivered = 0;
    await waitForPosted(page, (m) => m.type === 'ready');
    await deliver(o, [{ type: 'init', state: feed.finalState }]);
    assert.equal(await page.locator('#filter-vm').evaluate((el) => (el as unknown as { value: string }).value), 'FS01');
    assert.equal(await page.locator('#filter-text').evaluate((el) => (el as unknown as { value: string }).value), 'memory');
    assert.ok((await page.locator('.event').count()) < fsEvents);
    assert.equal(await page.locator('table.csv-grid tbody tr.focused').count(), 1);

    // Messages that are not the protocol's are dropped.
    await page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness.deliver([{ type: 'init', state: { scenario: 1 } } as unknown as HostToWebview]));
    await page.waitForTimeout(50);
    assert.equal(await page.locator('h1').innerText(), feed.finalState.scenario);
    await assertClean(o);
  });

  it('shows redirected access and maintenance as two states, each with its own words and icon', async function () {
    const side = engineFeed(readFileSync(join(REPO, 'examples', 'redirected-access-vs-maintenance.cluster.json'), 'utf8'), 10);
    const o = await open('light');
    const page = o.page;
    // Mid-window (3 min): redirected access on Cluster Disk 1, maintenance on Cluster Disk 2.
    const mid = side.times.findIndex((t) => t >= 180);
    await deliver(o, side.messages.slice(0, mid + 1));
    const row = (disk: string) => page.locator('table.csv-grid tbody tr').filter({ has: page.getByRole('button', { name: disk, exact: true }) });
    assert.match(await row('Cluster Disk 1').locator('.pill').innerText(), /^\s*Redirected access\s*$/);
    assert.match(await row('Cluster Disk 2').locator('.pill').innerText(), /^\s*Maintenance \(VMs offline\)\s*$/);
    assert.equal(await row('Cluster Disk 1').locator('td.cell[data-node="HV02"]').getAttribute('data-state'), 'redirected');
    assert.match(await row('Cluster Disk 1').locator('td.cell[data-node="HV02"]').innerText(), /redirected access \(VMs running\)/);
    assert.equal(await row('Cluster Disk 2').locator('td.cell[data-node="HV02"]').getAttribute('data-state'), 'maintenance');
    assert.notEqual(
      await row('Cluster Disk 1').locator('.pill .codicon').getAttribute('class'),
      await row('Cluster Disk 2').locator('.pill .codicon').getAttribute('class'),
    );
    await assertClean(o);
  });

  it(`shows a VM named ${XSS_NAME} as text and runs nothing (without the CSP's help)`, async function () {
    const text = readFileSync(join(REPO, 'examples', 'article-cluster.cluster.json'), 'utf8').replaceAll('"SQL01"', JSON.stringify(XSS_NAME));
    const xss = engineFeed(text);
    assert.ok(xss.finalState.migrations.some((m) => m.vm === XSS_NAME), 'the scenario has the VM');
    const o = await open('dark', { csp: false });
    const page = o.page;
    const mid = messageWhereIn(xss, XSS_NAME);
    await deliver(o, xss.messages.slice(0, mid + 1));
    await deliver(o, xss.messages.slice(mid + 1));
    await deliver(o, [{ type: 'focus', item: { kind: 'vm', name: XSS_NAME } }]);

    const title = page.locator('article.migration .vm-name').filter({ hasText: XSS_NAME });
    assert.equal(await title.count(), 1);
    assert.equal(await title.innerText(), XSS_NAME);
    assert.ok((await page.getByText(XSS_NAME, { exact: false }).count()) > 3, 'the name appears, literally, in the card, the filters and the events');
    assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
    assert.deepEqual(o.dialogs, []);
    await title.click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', item: { kind: 'vm', name: XSS_NAME } });
    await page.waitForTimeout(200);
    assert.deepEqual(o.dialogs, [], 'no dialog fired');
    assert.deepEqual(o.errors, []);
  });
});

/** The first message where `vm`'s live migration is in pre-copy with a dirty bitmap (so every part of its card is drawn). */
function messageWhereIn(feed: Feed, vm: string): number {
  const i = feed.messages.findIndex((msg) => msg.type === 'update' && msg.changes.some((c) => c.kind === 'migration' && c.migration.vm === vm && c.migration.dirtyDensity !== null));
  assert.ok(i > 0, `no message where ${vm}'s dirty bitmap is sent`);
  return i;
}
