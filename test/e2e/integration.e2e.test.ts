/**
 * The integration suites of test/integration (written for @vscode/test-cli, `npm run test:vscode`)
 * run here in code-server's extension host, the same Node.js extension host as VS Code desktop's.
 * VS Code for the web takes the extension under development and the test runner from its
 * configuration's `developmentOptions` (as @vscode/test-web sets them); code-server has no
 * command-line option for them, so the page's configuration gets them before the workbench reads
 * it. The extension under test is the .vsix as installed (its folder is the development path).
 * The runner, a small module written here, runs the bundled suites with mocha in the extension
 * host and writes mocha's JSON report, which this test reads back and reports test by test.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { CodeServer, EXTENSION_ID } from './codeServer';
import { outputDir, ROOT, vsixPath } from './environment';
import { assertEventually, launchChromium } from './workbench';

interface MochaJsonTest {
  readonly fullTitle: string;
  readonly duration?: number;
  readonly err: { message?: string; stack?: string };
}
interface MochaJsonReport {
  readonly error?: string;
  readonly stats: { tests: number; passes: number; failures: number; pending: number };
  readonly passes: MochaJsonTest[];
  readonly failures: MochaJsonTest[];
  readonly pending: MochaJsonTest[];
}

/** The runner VS Code loads in the extension host: `run()` resolves when mocha is done. */
function runnerSource(testsDir: string, report: string, started: string): string {
  const mocha = path.join(ROOT, 'node_modules', 'mocha', 'lib', 'mocha.cjs');
  return `// Written by test/e2e/integration.e2e.test.ts: runs ${testsDir} in the extension host.
const fs = require('node:fs');
const path = require('node:path');
exports.run = async function run() {
  fs.writeFileSync(${JSON.stringify(started)}, String(process.pid));
  try {
    const Mocha = require(${JSON.stringify(mocha)});
    const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'json', reporterOption: { output: ${JSON.stringify(report)} } });
    for (const file of fs.readdirSync(${JSON.stringify(testsDir)}).filter((f) => f.endsWith('.test.js')).sort()) {
      mocha.addFile(path.join(${JSON.stringify(testsDir)}, file));
    }
    await mocha.loadFilesAsync();
    const failures = await new Promise((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(failures + ' integration test(s) failed');
  } catch (err) {
    if (!fs.existsSync(${JSON.stringify(report)})) fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ error: String(err && err.stack || err) }));
    throw err;
  }
};
`;
}

/** What VS Code for the web reads from `developmentOptions`: URIs as UriComponents. */
interface DevelopmentOptions {
  readonly extensions: { scheme: string; authority: string; path: string }[];
  readonly extensionTestsPath: { scheme: string; authority: string; path: string };
}

describe('The integration suites (test/integration) in code-server\'s extension host', function () {
  this.timeout(600_000);
  const out = path.join(outputDir(), 'integration');
  const report = path.join(out, 'mocha-report.json');
  const started = path.join(out, 'runner-started');
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;

  before(function () {
    this.timeout(300_000);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    // The suites, bundled as `npm run test:vscode` bundles them (out/test/integration/*.test.js).
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-integration-tests.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, `building the integration tests failed:\n${built.stdout}${built.stderr}`);
    const testsDir = path.join(out, 'tests');
    cpSync(path.join(ROOT, 'out', 'test', 'integration'), testsDir, { recursive: true });
    assert.ok(readdirSync(testsDir).some((f) => f.endsWith('.test.js')), 'the integration tests were built');
    writeFileSync(path.join(out, 'runner.js'), runnerSource(testsDir, report, started));
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
  });

  it('pass, every one of them', async () => {
    // The workspace of .vscode-test.mjs: the examples.
    const workspace = path.join(out, 'workspace');
    cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    server = new CodeServer({ dir: path.join(out, 'code-server'), vsix: vsixPath(), workspace });
    server.prepare();
    const installed = readdirSync(server.extensionsDir).find((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `the .vsix is installed in ${server.extensionsDir}`);
    const extensionPath = path.join(server.extensionsDir, installed);
    await server.start();

    const remote = (p: string) => ({ scheme: 'vscode-remote', authority: `127.0.0.1:${server!.port}`, path: p });
    const development: DevelopmentOptions = { extensions: [remote(extensionPath)], extensionTestsPath: remote(path.join(out, 'runner.js')) };
    context = await launchChromium(path.join(out, 'chromium-profile'));
    const page = context.pages()[0] ?? (await context.newPage());
    // The configuration is a <meta> the workbench's module script reads: set it once the page is
    // parsed ("interactive"), which is before module scripts run.
    await page.addInitScript(
      `document.addEventListener('readystatechange', () => {
        const meta = document.readyState === 'interactive' ? document.getElementById('vscode-workbench-web-configuration') : null;
        if (!meta) return;
        const config = JSON.parse(meta.getAttribute('data-settings') || '{}');
        config.developmentOptions = { ...config.developmentOptions, ...${JSON.stringify(development)} };
        meta.setAttribute('data-settings', JSON.stringify(config));
      });`,
    );
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    try {
      await assertEventually(() => existsSync(started), `the extension host to start the test runner; code-server's log: ${server.logFile}`, 180_000);
      assert.match(await page.title(), /Extension Development Host/, 'the window is an extension development host');
      await assertEventually(() => existsSync(report), `mocha's report from the extension host (${report})`, 300_000);
    } finally {
      await page.screenshot({ path: path.join(out, 'workbench.png') }).catch(() => undefined);
    }

    // The report is written when mocha ends; give a partial write a moment.
    let result: MochaJsonReport | undefined;
    await assertEventually(() => {
      try {
        result = JSON.parse(readFileSync(report, 'utf8')) as MochaJsonReport;
        return true;
      } catch {
        return false;
      }
    }, 'a complete report', 10_000);
    const r = result!;
    assert.ok(!r.error, `the test runner failed in the extension host: ${r.error}`);
    for (const t of r.passes) console.log(`      ✔ ${t.fullTitle}${t.duration ? ` (${t.duration} ms)` : ''}`);
    for (const t of r.pending) console.log(`      - ${t.fullTitle} (pending)`);
    for (const t of r.failures) console.log(`      ✘ ${t.fullTitle}\n          ${(t.err.message ?? '').split('\n').join('\n          ')}`);
    console.log(`      ${r.stats.passes} passed, ${r.stats.failures} failed in the extension host`);
    assert.ok(r.stats.tests > 0, 'the extension host ran the suites');
    assert.deepEqual(
      r.failures.map((t) => `${t.fullTitle}: ${t.err.message ?? ''}`),
      [],
      'integration tests that failed in code-server',
    );
  });
});
