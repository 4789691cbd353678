/**
 * The extension's side for the 8,000-VM cluster in the middle of its drains (node 33 of 64 being
 * drained, a minute in): what one refresh costs while the simulation plays at 100x (10 simulated
 * seconds per 100 ms tick, so VMs start and finish migrating between refreshes). One refresh is what the
 * session does for its views: an engine snapshot, the Cluster Explorer's model (every item's
 * descriptor, reused where the VM reads the same, and the diff to the previous tree), and the
 * dashboard's model update with the changes taken for the page (dirty density on, as while the
 * dashboard is visible). The first refresh after a load builds everything, and the next 20 run
 * while the JIT warms up: both are reported apart from the steady refreshes the goal is about.
 *
 * Each refresh's wall time and CPU time (process.cpuUsage: this process's threads, V8's garbage
 * collector helpers included) are reported as median, p90 and max. `views8000VmsLoaded` is the same
 * on a machine made busy on purpose: one busy-looping Node process per CPU runs beside it for the
 * whole work (on top of whatever else the machine runs: see the load average in the report).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { createSimulation, takeSnapshot } from '../../../src/engine';
import { ExplorerModel } from '../../../src/extension/explorer/model/explorerModel';
import { DashboardModel } from '../../../src/extension/dashboard/model/dashboardModel';
import { drainScenario, load } from '../scenarios';
import { median, now, round, type BenchCase } from '../measure';

const NODES = 64;
const DRAINING = 33;
/** Simulated seconds per refresh: speed 100 with the session's 100 ms tick. */
const STEP = 10;
/** Refreshes after the first (cold) one that are reported apart, as the JIT warms up. */
const WARMUP = 20;

/**
 * A Node process that keeps one CPU busy: it spins in 20 ms slices (so its event loop still turns)
 * and exits when its parent goes away (its stdin closes), or after `seconds` whatever happens.
 */
function busyLoop(seconds: number): ChildProcess {
  const code = `const stop = Date.now() + ${seconds * 1000};
process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume();
(function spin() { const t = Date.now() + 20; while (Date.now() < t); if (Date.now() > stop) process.exit(0); setImmediate(spin); })();`;
  return spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'ignore', 'ignore'] });
}

function p90(values: readonly number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(0.9 * (values.length - 1))];
}

function viewsCase(name: string, loaded: boolean): BenchCase {
  return {
    name,
    description: loaded
      ? 'the same as views8000Vms, with one busy-looping process per CPU beside it'
      : 'Explorer tree + dashboard update per refresh, 64 nodes / 8,000 VMs mid-drain, playing at 100x',
    runs: 5,
    quickRuns: 2,
    goal: { metric: { name: 'refreshP90Ms', max: 20 }, text: loaded ? 'p90 < 20 ms per refresh with every CPU also busy' : 'p90 < 20 ms per refresh' },
    prepare(quick) {
      const refreshes = quick ? 30 : 80;
      const t0 = now();
      const { json, shape } = drainScenario(NODES, NODES * 125);
      const scenario = load(json);
      const sim = createSimulation(scenario);
      const from = 60 + (DRAINING - 1) * shape.spacing + 60;
      sim.runUntil(from);
      const prepMs = now() - t0;
      const explorer = new ExplorerModel();
      const dashboard = new DashboardModel();
      dashboard.liveDensity = true;
      const load1 = os.loadavg()[0];
      // Started now, so they are spinning before the first refresh; stopped in `after`.
      const busy = loaded ? os.cpus().map(() => busyLoop(600)) : [];

      const cpuNow = (): number => {
        const c = process.cpuUsage();
        return (c.user + c.system) / 1000;
      };
      const refresh = (): { snapshot: number; tree: number; dashboard: number; cpu: number; changed: number } => {
        const cpu0 = cpuNow();
        const a = now();
        const snapshot = takeSnapshot(sim);
        const b = now();
        const diff = explorer.update(snapshot, scenario);
        const c = now();
        dashboard.update({ sim, snapshot, state: 'playing' });
        const taken = dashboard.takeChanges();
        if (taken.reset) dashboard.takeState();
        const d = now();
        return { snapshot: b - a, tree: c - b, dashboard: d - c, cpu: cpuNow() - cpu0, changed: diff.all ? -1 : diff.changed.length };
      };

      return {
        setup: { prepareMs: round(prepMs), simulatedAt: round(from), busyProcesses: busy.length, loadAverage1m: round(load1, 3) },
        work() {
          const cold = refresh();
          // The first refreshes after a load also pay for the JIT warming up: reported apart.
          const warmup: number[] = [];
          for (let i = 0; i < WARMUP; i++) {
            sim.runUntil(sim.now + STEP);
            const r = refresh();
            warmup.push(r.snapshot + r.tree + r.dashboard);
          }
          const totals: number[] = [];
          const cpus: number[] = [];
          const snapshots: number[] = [];
          const trees: number[] = [];
          const dashboards: number[] = [];
          const changed: number[] = [];
          let running = 0;
          for (let i = 0; i < refreshes; i++) {
            sim.runUntil(sim.now + STEP);
            const r = refresh();
            totals.push(r.snapshot + r.tree + r.dashboard);
            cpus.push(r.cpu);
            snapshots.push(r.snapshot);
            trees.push(r.tree);
            dashboards.push(r.dashboard);
            changed.push(r.changed);
            running += sim.migrations.inProgress().length;
          }
          return {
            treeItems: explorer.tree.items.size,
            coldRefreshMs: round(cold.snapshot + cold.tree + cold.dashboard),
            warmupMedianMs: round(median(warmup)),
            refreshMedianMs: round(median(totals)),
            refreshP90Ms: round(p90(totals)),
            refreshMaxMs: round(Math.max(...totals)),
            refreshCpuMedianMs: round(median(cpus)),
            refreshCpuP90Ms: round(p90(cpus)),
            snapshotMs: round(median(snapshots)),
            treeMs: round(median(trees)),
            dashboardMs: round(median(dashboards)),
            itemsChangedPerRefresh: round(median(changed)),
            migrationsRunningPerRefresh: round(running / refreshes),
          };
        },
        after() {
          for (const child of busy) child.kill();
          return { loadAverage1mAfter: round(os.loadavg()[0], 3) };
        },
      };
    },
  };
}

export const viewsRefresh = viewsCase('views8000Vms', false);
export const viewsRefreshLoaded = viewsCase('views8000VmsLoaded', true);
