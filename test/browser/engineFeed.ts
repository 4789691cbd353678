/**
 * The messages the extension host sends the dashboard during a real engine run: the scenario is
 * run with the engine, in steps of simulated time as the session plays it, and the host's own
 * DashboardModel turns each step into an `init` or an `update` (as the dashboard panel does).
 * Every message is checked with the page's parseHostMessage, so a message the page would drop
 * fails here, with what was wrong.
 */
import { createSimulation, loadScenario, takeSnapshot } from '../../src/engine';
import type { Simulation } from '../../src/engine/simulation/simulation';
import { DashboardModel, type SessionPhase } from '../../src/extension/dashboard/model/dashboardModel';
import type { DashboardState, HostToWebview } from '../../src/protocol';
import { parseHostMessage } from '../../src/protocolValidation';

export interface Feed {
  readonly sim: Simulation;
  /** In the order the host sends them; the first is an `init`. */
  readonly messages: readonly HostToWebview[];
  /** Simulated time after each message. */
  readonly times: readonly number[];
  /** The whole state at the end, as the host would send it to a page that reloads. */
  readonly finalState: DashboardState;
}

export function engineFeed(scenarioText: string, step = 1): Feed {
  const { scenario, diagnostics } = loadScenario(scenarioText);
  if (!scenario) throw new Error(`scenario does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  const sim = createSimulation(scenario);
  const model = new DashboardModel();
  model.liveDensity = true;
  const messages: HostToWebview[] = [];
  const times: number[] = [];

  const send = (message: HostToWebview): void => {
    if (parseHostMessage(JSON.parse(JSON.stringify(message))) === null) {
      throw new Error(`the host's ${message.type} message at t=${sim.now} does not pass parseHostMessage`);
    }
    messages.push(message);
    times.push(sim.now);
  };
  const observe = (state: SessionPhase): void => {
    model.update({ sim, snapshot: takeSnapshot(sim), state });
    const taken = model.takeChanges();
    if (taken.reset) send({ type: 'init', state: model.takeState() });
    else if (taken.changes.length > 0) send({ type: 'update', changes: taken.changes });
  };

  observe('ready');
  sim.start();
  const end = scenario.duration;
  let t = 0;
  while (end !== null ? t < end : sim.busy) {
    t += step;
    sim.runUntil(end !== null ? Math.min(t, end) : t);
    observe('playing');
    if (t > 24 * 3600) throw new Error('the run does not end within a simulated day');
  }
  sim.run();
  observe('ended');
  return { sim, messages, times, finalState: model.state() };
}
