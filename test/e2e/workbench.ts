/**
 * Driving VS Code's workbench (code-server, in Chromium) as a user does: the activity bar, the
 * views' trees by their accessible roles, context menus, the command palette (F1) and quick
 * picks, CodeLens, and webviews. Every wait is on something visible, never a fixed sleep.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { chromiumPath } from './environment';

/** How long a step may wait for the workbench to show something (code-server's first start is slow). */
export const UI_TIMEOUT = 60_000;

/**
 * The flags a headless Chromium needs here: Playwright already runs it without the sandbox
 * (needed as root); these keep it from calling Google's services, which a closed network refuses.
 */
const CHROMIUM_ARGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--no-default-browser-check'];

/** A headless Chromium with a fresh profile in `profileDir`, window 1600x1000. */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
  });
}

export class Workbench {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  /** Waits until the workbench is laid out and the activity bar shows our container. */
  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await this.activityTab('Explorer').waitFor({ timeout: 120_000 });
  }

  /** Saves a screenshot `NN-name.png` of the whole window; returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots++;
    const file = path.join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** An activity-bar entry (Explorer, Search, ..., or an extension's container) by its title. */
  activityTab(title: string): Locator {
    return this.page.locator('.part.activitybar').getByRole('tab', { name: new RegExp(`^${escape(title)}\\b`) });
  }

  /** Shows a container of the activity bar (unless it is already shown: a second click would hide it). */
  async showContainer(title: string): Promise<void> {
    const tab = this.activityTab(title);
    await tab.waitFor({ timeout: UI_TIMEOUT });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await assertEventually(async () => (await tab.getAttribute('aria-selected')) === 'true', `${title} shown in the side bar`);
  }

  /** A tree (a view's, the Problems panel's, ...) by its accessible name. */
  tree(name: string | RegExp): Locator {
    return this.page.getByRole('tree', { name });
  }

  /** A row of a tree whose accessible name starts with `label` (then the end, a comma or a space). */
  treeItem(tree: Locator, label: string): Locator {
    return tree.getByRole('treeitem', { name: new RegExp(`^${escape(label)}(?:$|[,\\s])`) });
  }

  /**
   * Expands a collapsed row (clicking its twistie), or does nothing if it is expanded. A refresh
   * of the row that lands with the click can swallow it, so it clicks again until the row is open.
   */
  async expand(row: Locator): Promise<void> {
    await row.waitFor({ timeout: UI_TIMEOUT });
    const open = row.and(row.page().locator('[aria-expanded="true"]'));
    const deadline = Date.now() + UI_TIMEOUT;
    while ((await row.getAttribute('aria-expanded')) === 'false') {
      if (Date.now() > deadline) assert.fail(`timed out after ${UI_TIMEOUT / 1000} s expanding a row`);
      await row.locator('.monaco-tl-twistie').click();
      await open.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
  }

  /**
   * The rows a tree shows now, as (level, label, description) in order: enough to tell what is
   * under what. A tree renders only the rows in view, so keep it small enough to fit.
   */
  async rows(tree: Locator): Promise<TreeRow[]> {
    return tree.getByRole('treeitem').evaluateAll((elements) =>
      elements
        .map((e) => ({
          top: Number.parseFloat(/(?:^|;)\s*top:\s*(-?[\d.]+)px/.exec(e.getAttribute('style') ?? '')?.[1] ?? '0'),
          level: Number(e.getAttribute('aria-level') ?? '0'),
          label: e.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: e.querySelector('.label-description')?.textContent?.trim() ?? '',
        }))
        .sort((a, b) => a.top - b.top)
        .map(({ level, label, description }) => ({ level, label, description })),
    );
  }

  /** The labels of the rows directly under the row labelled `parent` (which must be expanded). */
  async childrenOf(tree: Locator, parent: string): Promise<string[]> {
    const rows = await this.rows(tree);
    const at = rows.findIndex((r) => r.label === parent);
    if (at < 0) return [];
    const out: string[] = [];
    for (let i = at + 1; i < rows.length && rows[i].level > rows[at].level; i++) {
      if (rows[i].level === rows[at].level + 1) out.push(rows[i].label);
    }
    return out;
  }

  /** Runs a command from the command palette by its title, as shown there ("Category: Title"). */
  async runCommand(title: string): Promise<void> {
    await this.openQuickInput(`>${title}`);
    const option = this.quickPickOption(title);
    await option.first().waitFor({ timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** The quick input widget (command palette, quick open, an extension's quick pick). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** An entry of the open quick pick whose accessible name starts with `label`. */
  quickPickOption(label: string): Locator {
    return this.quickInput().getByRole('option', { name: new RegExp(`^${escape(label)}`) });
  }

  /** Opens the command palette (F1) and types `text` into it (without ">", it is Quick Open). */
  async openQuickInput(text: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(text);
  }

  /** Right-clicks `row` and chooses `item` from its context menu. */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const entry = this.page.getByRole('menuitem', { name: new RegExp(`^${escape(item)}`) });
    await entry.waitFor({ timeout: UI_TIMEOUT });
    await entry.click();
  }

  /** A CodeLens of the active editor by its text (without its icon). */
  codeLens(text: string | RegExp): Locator {
    return this.page.locator('.editor-group-container.active .codelens-decoration a').filter({ hasText: text });
  }

  /** An editor tab by its title. */
  editorTab(title: string): Locator {
    return this.page.locator('.tabs-container').getByRole('tab', { name: new RegExp(`^${escape(title)}`) });
  }

  /** The content of the webview panel whose tab is `title`: VS Code nests it in two iframes. */
  async webview(title: string): Promise<FrameLocator> {
    await this.editorTab(title).waitFor({ timeout: UI_TIMEOUT });
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Closes whatever quick input, menu or notification toast is open. */
  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Escape');
  }
}

export interface TreeRow {
  readonly level: number;
  readonly label: string;
  readonly description: string;
}

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Polls `probe` until it is true, for at most `ms`; fails saying what it waited for. */
export async function assertEventually(probe: () => Promise<boolean> | boolean, what: string, ms = UI_TIMEOUT): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${ms / 1000} s waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
