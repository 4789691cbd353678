/**
 * A session-like driver for the dashboard's view model: runs an example through the real engine
 * and feeds the model as the session would (a snapshot and the session state at each
 * notification), here every `step` simulated seconds, or event by event.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulation, loadScenario, takeSnapshot } from '../../../src/engine';
import type { Simulation } from '../../../src/engine/simulation/simulation';
import { DashboardModel, type SessionPhase } from '../../../src/extension/dashboard/model/dashboardModel';
import type { MigrationView, VolumeView } from '../../../src/protocol';

export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

export function exampleText(file: string): string {
  return readFileSync(join(EXAMPLES, file), 'utf8');
}

export function simulationOf(text: string): Simulation {
  const { scenario, diagnostics } = loadScenario(text);
  assert.ok(scenario, diagnostics.map((d) => d.message).join('; '));
  return createSimulation(scenario);
}

export class Driver {
  readonly sim: Simulation;
  readonly model = new DashboardModel();
  phase: SessionPhase = 'ready';
  /** Called after each feed (to take changes as a panel would). */
  afterFeed: (() => void) | null = null;

  constructor(
    fileOrText: string,
    private readonly step = 0.25,
    density = true,
  ) {
    this.sim = simulationOf(fileOrText.trimStart().startsWith('{') ? fileOrText : exampleText(fileOrText));
    this.model.liveDensity = density;
    this.feed();
  }

  get now(): number {
    return this.sim.now;
  }

  /** One session notification: the model reads the simulation as it is now. */
  feed(): void {
    this.model.update({ sim: this.sim, snapshot: takeSnapshot(this.sim), state: this.phase });
    this.afterFeed?.();
  }

  /** Plays to simulated time `t`, feeding the model every `step` seconds. */
  runTo(t: number): this {
    this.phase = 'playing';
    this.sim.start();
    while (this.sim.now < t) {
      this.sim.runUntil(Math.min(t, this.sim.now + this.step));
      this.feed();
    }
    this.phase = 'paused';
    this.feed();
    return this;
  }

  /** Steps event instant by event instant (as "Step to Next Event"), feeding each time, until `done`. */
  stepUntil(done: () => boolean, maxSteps = 100_000): this {
    this.phase = 'paused';
    this.sim.start();
    for (let i = 0; i < maxSteps && !done(); i++) {
      const next = this.sim.kernel.nextTime();
      if (next === undefined) break;
      this.sim.runUntil(next);
      this.feed();
    }
    assert.ok(done(), 'the condition was reached');
    return this;
  }

  /** Runs to the end, feeding every `step` seconds, then says it ended. */
  runToEnd(): this {
    this.phase = 'playing';
    this.sim.start();
    while (this.sim.busy && this.sim.kernel.nextTime() !== undefined) {
      this.sim.runUntil(this.sim.now + this.step);
      this.feed();
    }
    this.sim.run(0);
    this.phase = 'ended';
    this.feed();
    return this;
  }

  migration(vm: string, nth = 0): MigrationView {
    const found = this.model.state().migrations.filter((m) => m.vm === vm)[nth];
    assert.ok(found, `a migration of ${vm}`);
    return found;
  }

  volume(disk: string): VolumeView {
    const found = this.model.state().volumes.find((v) => v.disk === disk);
    assert.ok(found, `volume ${disk}`);
    return found;
  }
}
