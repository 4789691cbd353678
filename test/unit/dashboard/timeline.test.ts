// The timeline: each engine event as a sentence with what it is about, for the filters (node,
// VM, volume, kind) and for revealing it in the Cluster Explorer.
import { strict as assert } from 'node:assert';
import type { SimEvent } from '../../../src/engine/model/events';
import { describeEvent, eventRefs } from '../../../src/extension/dashboard/model/timeline';
import type { TimelineEvent } from '../../../src/protocol';
import { eventMatches, type TimelineFilters } from '../../../src/protocolState';
import { DASHBOARD_LIMITS } from '../../../src/protocolValidation';
import { Driver } from './driver';

const find = (events: readonly TimelineEvent[], kind: string, pred: (e: TimelineEvent) => boolean = () => true): TimelineEvent => {
  const e = events.find((x) => x.kind === kind && pred(x));
  assert.ok(e, kind);
  return e;
};

/** The events the page's timeline shows with filters `f`. */
const filterEvents = (events: readonly TimelineEvent[], f: TimelineFilters) => events.filter((e) => eventMatches(e, f));

describe('dashboard model: timeline (article example)', () => {
  const d = new Driver('article-cluster.cluster.json');
  let events: readonly TimelineEvent[] = [];

  before(() => {
    d.runToEnd();
    events = d.model.state().events;
  });

  it("numbers each event by its place in the run's log, in order", () => {
    const log = d.sim.log.events;
    assert.ok(events.length > 30);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (i > 0) assert.ok(e.seq > events[i - 1].seq);
      assert.equal(log[e.seq].kind, e.kind);
      assert.equal(log[e.seq].t, e.t);
    }
    assert.equal(events[0].kind, 'simulation.started');
  });

  it('leaves out the start of each pass (its end says it all), and keeps every other event', () => {
    const log = d.sim.log.events;
    assert.ok(!events.some((e) => e.kind === 'migration.passStarted'));
    assert.equal(events.length, log.filter((e) => e.kind !== 'migration.passStarted').length);
    const passes = events.filter((e) => e.kind === 'migration.passEnded');
    assert.equal(passes.length, d.sim.records.migrations[0].passes.length);
  });

  it("says what happened in Failover Cluster Manager's words", () => {
    const pass1 = d.sim.records.migrations[0].passes[0];
    assert.equal(
      find(events, 'migration.passEnded').text,
      `SQL01: pass 1 sent 2,097,152 pages in 72.3 s; ${pass1.dirtiedPages.toLocaleString('en-US')} pages were dirtied meanwhile`,
    );
    assert.equal(find(events, 'migration.started', (e) => e.refs.vms.includes('SQL01')).text, 'Live migration of SQL01 from HV01 to HV02 started over Cluster Internal');
    assert.equal(find(events, 'link.down').text, 'Network interface HV03 – iSCSI failed (cable pulled)');
    assert.match(find(events, 'csv.access').text, /^Redirected access to Cluster Disk 1 for HV03: HV03 cannot reach Cluster Disk 1 over "iSCSI"/);
    assert.match(find(events, 'migration.resumed').text, /^SQL01 resumed on HV02 after a blackout of [\d.]+ ms$/);
    assert.equal(find(events, 'migration.phase').text, 'Quick migration of FS01: saving its memory on HV04');
    assert.equal(find(events, 'action', (e) => e.t === 30).text, 'Timeline: live migrate SQL01');
  });

  it('knows what each event is about: nodes, VMs, disks, networks', () => {
    assert.deepEqual(find(events, 'migration.started', (e) => e.refs.vms.includes('SQL01')).refs, { nodes: ['HV01', 'HV02'], vms: ['SQL01'], disks: [], networks: ['Cluster Internal'] });
    assert.deepEqual(find(events, 'link.down').refs, { nodes: ['HV03'], vms: [], disks: [], networks: ['iSCSI'] });
    assert.deepEqual(find(events, 'csv.access').refs, { nodes: ['HV03'], vms: [], disks: ['Cluster Disk 1'], networks: [] });
    assert.deepEqual(find(events, 'simulation.started').refs, { nodes: [], vms: [], disks: [], networks: [] });
  });

  it('filters by node, VM, volume and kind', () => {
    const hv03 = filterEvents(events, { node: 'HV03' });
    assert.ok(hv03.length > 0 && hv03.every((e) => e.refs.nodes.includes('HV03')));
    for (const kind of ['link.down', 'link.up', 'csv.access', 'node.state']) assert.ok(hv03.some((e) => e.kind === kind), kind);

    const sql = filterEvents(events, { vm: 'SQL01' });
    assert.ok(sql.some((e) => e.kind === 'migration.completed'));
    assert.ok(!sql.some((e) => e.refs.vms.includes('FS01')));

    const disk2 = filterEvents(events, { volume: 'Cluster Disk 2' });
    assert.ok(disk2.length > 0 && disk2.every((e) => e.refs.disks.includes('Cluster Disk 2')));

    const migrations = filterEvents(events, { kind: 'migration' });
    assert.ok(migrations.length > 0 && migrations.every((e) => e.kind.startsWith('migration.')));
    assert.equal(filterEvents(events, { kind: 'migration.passEnded' }).length, d.sim.records.migrations[0].passes.length);
    assert.equal(filterEvents(events, { kind: 'migrat' }).length, 0, 'a kind or its area, not any prefix');

    const both = filterEvents(events, { node: 'HV03', volume: 'Cluster Disk 1', kind: 'csv.access' });
    assert.deepEqual(both.slice(0, 2).map((e) => e.t), [180, 300], 'redirected at 3m, direct again at 5m');
    assert.ok(both.every((e) => e.kind === 'csv.access' && e.refs.nodes.includes('HV03') && e.refs.disks.includes('Cluster Disk 1')));
    assert.deepEqual(filterEvents(events, {}), events, 'no filter, every event');
    assert.deepEqual(filterEvents(events, { vm: '' }), events, 'an empty filter is no filter');
  });
});

describe('dashboard model: timeline limits and kinds it does not know yet', () => {
  it(`keeps the last ${DASHBOARD_LIMITS.events} events, also out of one large batch`, () => {
    const d = new Driver('live-migration-shared-network.cluster.json');
    d.model.takeChanges();
    for (let i = 0; i < 3000; i++) d.sim.emit({ kind: 'action', subject: 'HV01', action: 'resumeNode', source: 'user' });
    d.feed();
    const { events } = d.model.state();
    assert.equal(events.length, DASHBOARD_LIMITS.events);
    assert.equal(events.at(-1)?.seq, d.sim.log.length - 1);
    const { changes } = d.model.takeChanges();
    const added = changes.flatMap((c) => (c.kind === 'events' ? c.events : []));
    assert.equal(added.length, DASHBOARD_LIMITS.events);
    assert.deepEqual(added, events);
  });

  it('says when a VM is isolated from its clients and when it is reachable again, and refers to its node', () => {
    const names = { nodes: new Set(['HV02']), vms: new Set(['WEB01']), disks: new Set<string>(), networks: new Set(['LAN']) };
    const on = { t: 30, kind: 'vm.isolated', subject: 'WEB01', node: 'HV02', isolated: true, reason: 'no client network reaches HV02 (its link to LAN is down)' } as const;
    assert.equal(describeEvent(on), 'Virtual machine WEB01 is isolated on HV02: no client network reaches HV02 (its link to LAN is down)');
    assert.equal(describeEvent({ ...on, t: 40, isolated: false, reason: 'HV02 reaches a client network again' }), 'Virtual machine WEB01 is reachable again on HV02 (HV02 reaches a client network again)');
    assert.deepEqual(eventRefs(on, names), { nodes: ['HV02'], vms: ['WEB01'], disks: [], networks: [] });
  });

  it('still says something, and finds the names, for a kind the engine adds later', () => {
    const names = { nodes: new Set(['HV01', 'HV03']), vms: new Set(['SQL01']), disks: new Set<string>(), networks: new Set(['LAN']) };
    const unknown = { t: 5, kind: 'heartbeat.missed', subject: 'HV03', reason: 'no answer on LAN', by: ['HV01'], network: 'LAN' } as unknown as SimEvent;
    assert.equal(describeEvent(unknown), 'Heartbeat missed: HV03 (no answer on LAN)');
    assert.deepEqual(eventRefs(unknown, names), { nodes: ['HV03', 'HV01'], vms: [], disks: [], networks: ['LAN'] });
    const detailed = { t: 5, kind: 'csv.somethingNew', subject: 'Cluster Disk 1', reason: 'x', detail: 'the volume Cluster Disk 1 does something new' } as unknown as SimEvent;
    assert.equal(describeEvent(detailed), 'The volume Cluster Disk 1 does something new');
    const long = { t: 5, kind: 'action.rejected', subject: 'SQL01', action: 'liveMigrate', reason: 'x'.repeat(10_000) } as unknown as SimEvent;
    assert.equal(describeEvent(long).length, DASHBOARD_LIMITS.textLength);
  });
});
