/**
 * The extension's side for the 8,000-VM cluster in the middle of its drains (node 33 of 64 being
 * drained, a minute in): what one refresh costs while the simulation plays at 100x (10 simulated
 * seconds per 100 ms tick, so VMs start and finish migrating between refreshes). One refresh is what the
 * session does for its views: an engine snapshot, the Cluster Explorer's model (every item's
 * descriptor, reused where the VM reads the same, and the diff to the previous tree), and the
 * dashboard's model update with the changes taken for the page (dirty density on, as while the
 * dashboard is visible). The first refresh after a load builds everything, and the next 20 run
 * while the JIT warms up: both are reported apart from the steady refreshes the goal is about.
 */
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

export const viewsRefresh: BenchCase = {
  name: 'views8000Vms',
  description: 'Explorer tree + dashboard update per refresh, 64 nodes / 8,000 VMs mid-drain, playing at 100x',
  runs: 5,
  quickRuns: 2,
  goal: { metric: { name: 'refreshMedianMs', max: 20 }, text: '< 20 ms per refresh' },
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

    const refresh = (): { snapshot: number; tree: number; dashboard: number; changed: number } => {
      const a = now();
      const snapshot = takeSnapshot(sim);
      const b = now();
      const diff = explorer.update(snapshot, scenario);
      const c = now();
      dashboard.update({ sim, snapshot, state: 'playing' });
      const taken = dashboard.takeChanges();
      if (taken.reset) dashboard.takeState();
      const d = now();
      return { snapshot: b - a, tree: c - b, dashboard: d - c, changed: diff.all ? -1 : diff.changed.length };
    };

    return {
      setup: { prepareMs: round(prepMs), simulatedAt: round(from) },
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
        const snapshots: number[] = [];
        const trees: number[] = [];
        const dashboards: number[] = [];
        const changed: number[] = [];
        let running = 0;
        for (let i = 0; i < refreshes; i++) {
          sim.runUntil(sim.now + STEP);
          const r = refresh();
          totals.push(r.snapshot + r.tree + r.dashboard);
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
          refreshP90Ms: round([...totals].sort((x, y) => x - y)[Math.floor(0.9 * (totals.length - 1))]),
          refreshMaxMs: round(Math.max(...totals)),
          snapshotMs: round(median(snapshots)),
          treeMs: round(median(trees)),
          dashboardMs: round(median(dashboards)),
          itemsChangedPerRefresh: round(median(changed)),
          migrationsRunningPerRefresh: round(running / refreshes),
        };
      },
    };
  },
};
