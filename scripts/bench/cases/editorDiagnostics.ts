/**
 * The editor's diagnostics on a scenario at the loader's limits (64 nodes, 8,000 VMs, 10,000
 * timeline entries, pretty-printed: about 3 MiB) while it is edited: how long the extension
 * host's thread is blocked at a time, and how long the problems take to come.
 *
 * The checks go through the extension's own ScenarioChecker and ScenarioAnalyzer (checker.ts,
 * analysis.ts) with a real worker thread, running diagnosticsWorker.ts bundled here with the
 * options of scripts/build.mjs (so the current source is measured, as shipped). While they run,
 * a timer on this thread ticks every millisecond; the longest gap between two ticks is the
 * longest the thread was held (`maxBlockedMs`, the goal: no slice over 50 ms), whatever held it
 * (posting 3 MiB to the worker, taking its answer, garbage collection, the machine's other load).
 *
 * Re-checks: each edit changes one VM's owner (an error, then valid again), checked one after the
 * other; then a burst of five edits 30 ms apart, as typing would send them, of which only the last
 * is checked. For comparison, the same file checked on the host's thread as before the worker
 * (`inline...`), and the article example (4 KB) both ways: what decides which files stay inline.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { ScenarioAnalyzer } from '../../../src/extension/editor/analysis';
import { analyzeText } from '../../../src/extension/editor/analyzeText';
import { ScenarioChecker, type CheckWorker } from '../../../src/extension/editor/checker';
import { realTimers } from '../../../src/extension/session/timers';
import { median, now, round, type BenchCase } from '../measure';

const ROOT = join(__dirname, '..', '..', '..');
const MiB = 2 ** 20;

/** A valid scenario at the loader's limits, as a user's file (2-space indentation). */
export function limitsScenarioText(): string {
  const nodes = Array.from({ length: 64 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
  const disks = Array.from({ length: 8 }, (_, i) => `CSV${i + 1}`);
  const vm = (i: number): string => `VM${String(i + 1).padStart(4, '0')}`;
  return JSON.stringify(
    {
      name: 'bench: a cluster at the loader limits',
      description: 'Generated for the editor diagnostics benchmark: 64 nodes, 8,000 VMs, 10,000 live migrations in the timeline.',
      seed: 1,
      nodes: nodes.map((name) => ({ name, memory: '1536GiB' })),
      networks: [
        { name: 'Cluster', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
        { name: 'Live Migration', role: 'cluster', bandwidth: '10Gbps', latency: '0.1ms' },
        { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps', latency: '0.3ms' },
        { name: 'iSCSI', role: 'none', bandwidth: '10Gbps', latency: '0.1ms' },
      ],
      settings: { liveMigration: { networks: ['Live Migration', 'Cluster'] } },
      disks: disks.map((name) => ({ name, size: '64TiB', throughput: '2GiB/s', csv: true, path: 'iSCSI' })),
      vms: Array.from({ length: 8000 }, (_, i) => ({
        name: vm(i),
        owner: nodes[i % nodes.length],
        memory: `${1 + (i % 8)}GiB`,
        disk: disks[i % disks.length],
        vhd: '40GiB',
        workload: ['idle', 'web', 'database', 'memoryIntensive'][i % 4],
        clients: i % 50,
        preferredOwners: [nodes[i % nodes.length], nodes[(i + 1) % nodes.length]],
      })),
      timeline: Array.from({ length: 10_000 }, (_, i) => ({ at: `${60 + i * 60}s`, do: 'liveMigrate', vm: vm(i % 8000), to: nodes[(i + 1) % nodes.length] })),
    },
    null,
    2,
  );
}

/** The longest gaps between ticks of a 1 ms timer on this thread. */
class BlockedMonitor {
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  readonly gaps: number[] = [];

  start(): void {
    this.last = now();
    const tick = (): void => {
      const t = now();
      this.gaps.push(t - this.last);
      this.last = t;
      this.timer = setTimeout(tick, 1);
    };
    this.timer = setTimeout(tick, 1);
  }

  stop(): { max: number; over50: number; p99: number } {
    if (this.timer) clearTimeout(this.timer);
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return { max: sorted.at(-1) ?? 0, over50: sorted.filter((g) => g > 50).length, p99: sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0 };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A document the bench edits: each edit a new version. */
class Doc {
  version = 0;
  constructor(
    readonly key: string,
    private text: string,
  ) {}
  readonly languageId = 'jsonc';
  getText(): string {
    return this.text;
  }
  set(text: string): void {
    this.text = text;
    this.version++;
  }
}

export const editorDiagnostics: BenchCase = {
  name: 'editorDiagnostics3MiB',
  description: 'editor diagnostics of a 3 MiB scenario at the loader limits, re-checked as it is edited: longest block of the extension host thread',
  runs: 3,
  quickRuns: 1,
  goal: { metric: { name: 'maxBlockedMs', max: 50 }, text: 'no slice over 50 ms on the extension host thread' },
  prepare(quick) {
    const valid = limitsScenarioText();
    // One VM's owner: a node the cluster does not have, then the right one again.
    const at = valid.indexOf('"owner": "HV33"', valid.indexOf('"name": "VM4001"'));
    const edits = [`${valid.slice(0, at)}"owner": "HV99"${valid.slice(at + '"owner": "HV33"'.length)}`, valid];
    const small = readFileSync(join(ROOT, 'examples', 'article-cluster.cluster.json'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'fcsim-bench-'));
    const bundle = join(dir, 'diagnosticsWorker.js');
    // As scripts/build.mjs's Node bundle (CommonJS, Node 20, jsonc-parser's ES module entry).
    buildSync({ entryPoints: [join(ROOT, 'src/extension/editor/diagnosticsWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], outfile: bundle, logLevel: 'warning' });
    const rechecks = quick ? 2 : 6;
    const log = { info: () => undefined, error: (m: string) => process.stderr.write(`${m}\n`) };
    const startWorker = (): CheckWorker => new Worker(bundle);

    return {
      setup: { textMiB: round(valid.length / MiB, 3), rechecks },
      async work() {
        // The worker (the extension's way).
        const checker = new ScenarioChecker({ startWorker, log, timers: realTimers });
        const analyzer = new ScenarioAnalyzer(checker);
        const doc = new Doc('file:///bench/limits.cluster.json', valid);
        const monitor = new BlockedMonitor();
        monitor.start();
        let t = now();
        const first = await analyzer.analyze(doc);
        const firstMs = now() - t;
        if (!first || first.errors !== 0) throw new Error('the generated scenario should load');
        const recheck: number[] = [];
        for (let i = 0; i < rechecks; i++) {
          doc.set(edits[i % 2]);
          t = now();
          const a = await analyzer.analyze(doc);
          recheck.push(now() - t);
          if (a?.errors !== (i % 2 === 0 ? 1 : 0)) throw new Error(`re-check ${i}: ${a?.errors} errors`);
        }
        // Typing: five edits 30 ms apart, the check of the last one awaited.
        const burst: Promise<unknown>[] = [];
        for (let i = 0; i < 5; i++) {
          doc.set(edits[i % 2]);
          burst.push(analyzer.analyze(doc));
          if (i < 4) await sleep(30);
        }
        t = now();
        const outcomes = await Promise.all(burst);
        const burstMs = now() - t;
        const blocked = monitor.stop();
        checker.dispose();

        // As before: every check on the host's thread.
        const inlineChecker = new ScenarioChecker({ startWorker: null, log, timers: realTimers });
        const inlineAnalyzer = new ScenarioAnalyzer(inlineChecker);
        const inlineDoc = new Doc('file:///bench/inline.cluster.json', valid);
        const inlineMonitor = new BlockedMonitor();
        inlineMonitor.start();
        const inline: number[] = [];
        for (let i = 0; i < (quick ? 1 : 2); i++) {
          // A turn of the event loop between two checks, as between two typing pauses.
          await sleep(5);
          inlineDoc.set(edits[i % 2]);
          t = now();
          await inlineAnalyzer.analyze(inlineDoc);
          inline.push(now() - t);
        }
        await sleep(5);
        const inlineBlocked = inlineMonitor.stop();

        // The article example (4 KB): on this thread, and a round trip through a warm worker.
        const smallInline: number[] = [];
        for (let i = 0; i < 7; i++) {
          t = now();
          analyzeText(small, 'jsonc');
          smallInline.push(now() - t);
        }
        const warm = new ScenarioChecker({ startWorker, log, timers: realTimers, inlineBelow: 0 });
        t = now();
        await warm.check({ key: 's', version: 0, languageId: 'jsonc', text: small });
        const smallWorkerStart = now() - t;
        const smallWorker: number[] = [];
        for (let i = 1; i < 8; i++) {
          t = now();
          await warm.check({ key: 's', version: i, languageId: 'jsonc', text: small });
          smallWorker.push(now() - t);
        }
        warm.dispose();
        rmSync(dir, { recursive: true, force: true });

        return {
          maxBlockedMs: round(blocked.max),
          blockedP99Ms: round(blocked.p99),
          slicesOver50Ms: blocked.over50,
          firstCheckMs: round(firstMs),
          recheckMedianMs: round(median(recheck)),
          burstLastCheckMs: round(burstMs),
          burstChecksSuperseded: outcomes.filter((o) => o === undefined).length,
          inlineMaxBlockedMs: round(inlineBlocked.max),
          inlineRecheckMedianMs: round(median(inline)),
          smallInlineMedianMs: round(median(smallInline), 3),
          smallWorkerRoundTripMs: round(median(smallWorker), 3),
          smallWorkerStartMs: round(smallWorkerStart),
        };
      },
    };
  },
};
