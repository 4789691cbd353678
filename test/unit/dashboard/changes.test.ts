// What goes to the page between two flushes: only what changed, as changes the page's own store
// (webview/store.ts) applies to arrive at exactly the host's state.
import { strict as assert } from 'node:assert';
import type { DashboardChange, DashboardState, HostToWebview } from '../../../src/protocol';
import { DashboardStore } from '../../../webview/store';
import { parseHostMessage } from '../../../src/protocolValidation';
import { takeSnapshot } from '../../../src/engine';
import { Driver, exampleText, simulationOf } from './driver';

const ARTICLE = 'article-cluster.cluster.json';

/** Through JSON and the page's own check, as a message arrives there. */
function arrive(message: HostToWebview): HostToWebview {
  const parsed = parseHostMessage(JSON.parse(JSON.stringify(message)));
  assert.ok(parsed, `the page accepts the ${message.type}`);
  return parsed;
}

/** What the page's store holds, in the protocol's shape. */
function held(store: DashboardStore): DashboardState {
  return {
    scenario: store.scenario,
    t: store.t,
    session: store.session,
    nodes: store.nodes,
    migrations: [...store.migrations.values()],
    volumes: [...store.volumes.values()],
    networks: [...store.networks.values()].map((n) => ({ name: n.name, role: n.role, bandwidth: n.bandwidth, up: n.up, samples: n.samples })),
    events: store.events,
  };
}

/** A page that applies what the model hands out, every `every` feeds (a panel flushing). */
class Page {
  private readonly store = new DashboardStore();
  messages = 0;
  private feeds = 0;

  constructor(
    private readonly d: Driver,
    private readonly every = 1,
  ) {
    d.afterFeed = () => {
      if (++this.feeds % this.every === 0) this.flush();
    };
  }

  get state(): DashboardState | null {
    return this.store.initialised ? held(this.store) : null;
  }

  flush(): DashboardChange[] {
    const { reset, changes } = this.d.model.takeChanges();
    if (reset || !this.store.initialised) {
      const init = arrive({ type: 'init', state: this.d.model.takeState() });
      assert.ok(init.type === 'init');
      this.store.init(init.state);
      this.messages++;
      return [];
    }
    if (changes.length === 0) return [];
    const update = arrive({ type: 'update', changes });
    assert.ok(update.type === 'update');
    this.store.update(update.changes);
    this.messages++;
    return changes;
  }
}

describe('dashboard model: changes between two flushes', () => {
  it('starts with the whole state, then hands out nothing when nothing changed', () => {
    const d = new Driver(ARTICLE);
    assert.deepEqual(d.model.takeChanges(), { reset: true, changes: [] });
    assert.equal(d.model.takeState().scenario, "The article's cluster: Live Migration and CSV on a four-node Hyper-V cluster");
    d.feed();
    assert.deepEqual(d.model.takeChanges(), { reset: false, changes: [] }, 'the same cluster again: no change');
    assert.deepEqual(d.model.takeChanges(), { reset: false, changes: [] });
  });

  it('sends a migration while it changes, once more when it ends, then never again', () => {
    const d = new Driver(ARTICLE);
    const page = new Page(d);
    const sent: number[] = [];
    d.afterFeed = () => {
      if (page.flush().some((c) => c.kind === 'migration' && c.migration.vm === 'SQL01')) sent.push(d.now);
    };
    d.runTo(200);
    const completedAt = d.migration('SQL01').completedAt ?? 0;
    assert.equal(sent[0], 30, 'from the request on');
    assert.ok(sent.length > 300, 'every update while it runs');
    assert.ok((sent.at(-1) ?? 0) >= completedAt, 'its end is sent');
    assert.ok((sent.at(-1) ?? 0) < completedAt + 0.5, 'not after it ended');
  });

  it('sends a volume only when its grid changed: at 3m and at 5m, not in between', () => {
    const d = new Driver(ARTICLE);
    d.runTo(150);
    d.model.takeChanges();
    const sent: number[] = [];
    d.afterFeed = () => {
      const { changes } = d.model.takeChanges();
      for (const c of changes) if (c.kind === 'volume' && !sent.includes(d.now)) sent.push(d.now);
    };
    d.runTo(330);
    assert.deepEqual(sent, [180, 300]);
  });

  it('sends the clock and samples as they come, and each event once', () => {
    const d = new Driver(ARTICLE);
    const page = new Page(d);
    page.flush();
    d.runTo(31);
    const seqs = page.state?.events.map((e) => e.seq) ?? [];
    assert.equal(new Set(seqs).size, seqs.length, 'no event twice');
    assert.equal(page.state?.t, 31);
  });

  for (const every of [1, 4]) {
    it(`a page applying every update${every > 1 ? ` (merged over ${every} feeds)` : ''} ends with exactly the host's state, every message valid`, () => {
      const d = new Driver(ARTICLE, 0.5);
      const page = new Page(d, every);
      page.flush();
      d.runToEnd();
      page.flush();
      assert.deepEqual(page.state, d.model.state());
      assert.equal(page.state?.session, 'ended');
      assert.ok(page.messages > 100);
    });
  }

  it('the two live migrations example replays too, with the dirty strips', () => {
    const d = new Driver('live-migration-shared-network.cluster.json');
    const page = new Page(d, 3);
    page.flush();
    d.runTo(40);
    page.flush();
    assert.deepEqual(page.state, d.model.state());
    assert.ok(page.state?.migrations.every((m) => m.dirtyDensity?.length === 256));
  });

  it('asks for a whole new state when the simulation is replaced (load, reset)', () => {
    const d = new Driver(ARTICLE);
    d.runTo(40);
    d.model.takeChanges();
    const other = new Driver('quick-migration-classic-disk.cluster.json');
    d.model.update({ sim: other.sim, snapshot: takeSnapshot(other.sim), state: 'ready' });
    assert.equal(d.model.takeChanges().reset, true);
    assert.equal(d.model.takeState().scenario, other.sim.scenario.name);
    d.model.update({ sim: other.sim, snapshot: takeSnapshot(other.sim), state: 'ready' });
    assert.equal(d.model.takeChanges().reset, false, 'then changes again');
    const reset = simulationOf(exampleText('quick-migration-classic-disk.cluster.json'));
    d.model.update({ sim: reset, snapshot: takeSnapshot(reset), state: 'ready' });
    assert.equal(d.model.takeChanges().reset, true, 'reset: a new simulation of the same scenario');
    d.model.update({ sim: null, snapshot: null, state: 'empty' });
    assert.equal(d.model.takeChanges().reset, true);
    const empty = d.model.takeState();
    assert.deepEqual(empty, { scenario: '', t: 0, session: 'empty', nodes: [], migrations: [], volumes: [], networks: [], events: [] });
    assert.ok(arrive({ type: 'init', state: empty }), 'the empty state is a valid init');
  });
});
