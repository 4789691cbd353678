import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, loadScenario, runScenarioText } from '../../../src/engine';
import type { Action } from '../../../src/engine/scenario/model';
import { presetWorkload } from '../../../src/engine/scenario/workloadPresets';
import { saveAsScenario, timelineEntryJson } from '../../../src/extension/commands/logic/saveAsScenario';
import { formatByteRateForScenario, formatSizeForScenario, formatTimeForScenario } from '../../../src/format/scenarioNotation';
import { SimulationSession } from '../../../src/extension/session/simulationSession';
import { FakeTimers, drive } from '../session/fakeTimers';

const GiB = 2 ** 30;

/** A scenario as a user writes it: comments, one line per timeline entry, a trailing comma. */
const SOURCE = `// Two nodes and a SQL VM; written by hand.
{
  "name": "Save-as test",
  "seed": 5,
  "nodes": [
    { "name": "HV01", "memory": "32GiB" }, // the SQL node
    { "name": "HV02", "memory": "32GiB" },
  ],
  "networks": [
    { "name": "Cluster", "role": "cluster", "bandwidth": "1Gbps" },
    { "name": "Live Migration", "role": "cluster", "bandwidth": "1Gbps" },
    { "name": "LAN", "role": "clusterAndClient", "bandwidth": "1Gbps" }
  ],
  "settings": { "liveMigration": { "networks": ["Live Migration"] } },
  "disks": [
    { "name": "CSV1", "size": "1TiB", "throughput": "256MiB/s", "csv": true, "path": "fabric" }
  ],
  "vms": [
    { "name": "SQL01", "owner": "HV01", "memory": "8GiB", "disk": "CSV1", "workload": "database", "clients": 20 },
    { "name": "WEB01", "owner": "HV02", "memory": "2GiB", "disk": "CSV1", "workload": "web" }
  ],
  "timeline": [
    // the LAN cable of HV02 is pulled...
    { "at": "10s", "do": "disconnect", "node": "HV02", "network": "LAN" }, /* pulled */
    // ...and plugged back
    { "at": "30s", "do": "reconnect", "node": "HV02", "network": "LAN" } // back
  ],
  "expect": [
    { "vm": "SQL01", "endsOn": "HV02" } // after the hand-made migration
  ]
}
`;

const migrate: Action = { do: 'liveMigrate', vm: 'SQL01', to: 'HV02' };

function loadsCleanly(text: string) {
  const { scenario, diagnostics } = loadScenario(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => `${e.line}:${e.column} ${e.message}`), []);
  assert.ok(scenario);
  return scenario;
}

describe('commands: Save as Scenario', () => {
  it('inserts a recorded action between the entries before and after it, in their style, keeping every comment', () => {
    const out = saveAsScenario(SOURCE, [{ at: 20, action: migrate }]);
    const expected = SOURCE.replace(
      '{ "at": "10s", "do": "disconnect", "node": "HV02", "network": "LAN" }, /* pulled */\n',
      '{ "at": "10s", "do": "disconnect", "node": "HV02", "network": "LAN" }, /* pulled */\n    { "at": "20s", "do": "liveMigrate", "vm": "SQL01", "to": "HV02" },\n',
    );
    assert.equal(out, expected);
    const scenario = loadsCleanly(out);
    assert.deepEqual(scenario.timeline.map((e) => [e.at, e.action.do]), [[10, 'disconnect'], [20, 'liveMigrate'], [30, 'reconnect']]);
  });

  it('orders recorded actions by time, after entries at the same time, and appends after the last entry', () => {
    const out = saveAsScenario(SOURCE, [
      { at: 95.25, action: { do: 'stopVm', vm: 'WEB01' } },
      { at: 30, action: migrate },
      { at: 0, action: { do: 'saveVm', vm: 'WEB01' } },
      { at: 95.25, action: { do: 'startVm', vm: 'WEB01' } },
    ]);
    const scenario = loadsCleanly(out);
    assert.deepEqual(
      scenario.timeline.map((e) => [e.at, e.action.do]),
      [
        [0, 'saveVm'],
        [10, 'disconnect'],
        [30, 'reconnect'],
        [30, 'liveMigrate'],
        [95.25, 'stopVm'],
        [95.25, 'startVm'],
      ],
    );
    assert.ok(out.includes('"reconnect", "node": "HV02", "network": "LAN" }, // back\n    { "at": "30s", "do": "liveMigrate"'), out);
    assert.ok(out.includes('{ "at": "95.25s", "do": "startVm", "vm": "WEB01" }\n  ],'), out);
    assert.ok(out.includes('  "timeline": [\n    { "at": "0s", "do": "saveVm", "vm": "WEB01" },\n    // the LAN cable'), out);
    for (const comment of ['// Two nodes', '// the SQL node', '// the LAN cable', '/* pulled */', '// ...and plugged back', '// back', '// after the hand-made']) {
      assert.ok(out.includes(comment), comment);
    }
  });

  it('writes one field per line when the timeline does, with its indentation, tabs and CRLF', () => {
    const json = JSON.parse(JSON.stringify({
      name: 'multi-line',
      nodes: [{ name: 'HV01', memory: '16GiB' }, { name: 'HV02', memory: '16GiB' }],
      networks: [{ name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' }, { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' }],
      disks: [{ name: 'CSV1', size: '1TiB', throughput: '256MiB/s', csv: true, path: 'fabric' }],
      vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }],
      timeline: [{ at: '10s', do: 'failNetwork', network: 'LAN' }],
    }));
    const text = JSON.stringify(json, null, '\t').replace(/\n/g, '\r\n') + '\r\n';
    const out = saveAsScenario(text, [{ at: 12.5, action: { do: 'restoreNetwork', network: 'LAN' } }]);
    assert.ok(out.includes('\t\t{\r\n\t\t\t"at": "10s",\r\n\t\t\t"do": "failNetwork",\r\n\t\t\t"network": "LAN"\r\n\t\t},\r\n\t\t{\r\n\t\t\t"at": "12.5s",\r\n\t\t\t"do": "restoreNetwork",\r\n\t\t\t"network": "LAN"\r\n\t\t}\r\n\t]'), JSON.stringify(out));
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
    assert.deepEqual(loadsCleanly(out).timeline.map((e) => e.action.do), ['failNetwork', 'restoreNetwork']);
  });

  it('creates the timeline when the scenario has none, before its expectations', () => {
    const text = SOURCE.replace(/ {2}"timeline": \[[\s\S]*?\n {2}\],\n/, '');
    assert.ok(!text.includes('"timeline"'));
    const out = saveAsScenario(text, [{ at: 20, action: migrate }]);
    assert.ok(out.indexOf('"timeline"') < out.indexOf('"expect"'), out);
    assert.deepEqual(loadsCleanly(out).timeline.map((e) => [e.at, e.action]), [[20, migrate]]);
  });

  it('fills an empty timeline', () => {
    const text = SOURCE.replace(/"timeline": \[[\s\S]*?\n {2}\]/, '"timeline": []');
    const out = saveAsScenario(text, [{ at: 1.5, action: migrate }, { at: 2, action: { do: 'crashNode', node: 'HV01' } }]);
    assert.deepEqual(loadsCleanly(out).timeline.map((e) => [e.at, e.action.do]), [[1.5, 'liveMigrate'], [2, 'crashNode']]);
  });

  it('changes nothing without recorded actions', () => {
    assert.equal(saveAsScenario(SOURCE, []), SOURCE);
  });

  it('writes every action with the fields of docs/scenario-format.md, and reads them back the same', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'article-cluster.cluster.json'), 'utf8');
    const custom = { preset: null, memoryWrites: 40e6, workingSet: 1.5 * GiB, hotShare: 0.75, diskIo: 256 * 2 ** 20 };
    const actions: Action[] = [
      { do: 'liveMigrate', vm: 'WEB01', to: 'HV03' },
      { do: 'quickMigrate', vm: 'DC01', to: 'HV04' },
      { do: 'drainNode', node: 'HV04' },
      { do: 'resumeNode', node: 'HV04' },
      { do: 'crashNode', node: 'HV04' },
      { do: 'startNode', node: 'HV04' },
      { do: 'disconnect', node: 'HV01', network: 'LAN' },
      { do: 'reconnect', node: 'HV01', network: 'LAN' },
      { do: 'failNetwork', network: 'LAN' },
      { do: 'restoreNetwork', network: 'LAN' },
      { do: 'maintenance', disk: 'Cluster Disk 1', on: true },
      { do: 'maintenance', disk: 'Cluster Disk 1', on: false },
      { do: 'moveCoordinator', disk: 'Cluster Disk 2', to: 'HV01' },
      { do: 'repairVolume', disk: 'Cluster Disk 1', task: 'defrag', duration: 600 },
      { do: 'backup', disk: 'Cluster Disk 2', duration: 90.5 },
      { do: 'setWorkload', vm: 'WEB02', workload: presetWorkload('memoryIntensive', 4 * GiB) },
      { do: 'setWorkload', vm: 'FS01', workload: custom },
      { do: 'startVm', vm: 'FS01' },
      { do: 'stopVm', vm: 'FS01' },
      { do: 'saveVm', vm: 'WEB02' },
    ];
    const recorded = actions.map((action, i) => ({ at: 1000 + i * 0.001, action }));
    const out = saveAsScenario(text, recorded);
    const scenario = loadsCleanly(out);
    const added = scenario.timeline.filter((e) => e.at >= 1000);
    assert.deepEqual(added.map((e) => e.at), recorded.map((r) => Number(r.at.toFixed(3))));
    assert.deepEqual(added.map((e) => e.action), actions);
    // The preset is written by name, a custom workload with units.
    assert.ok(out.includes('"workload": "memoryIntensive"'));
    assert.ok(out.includes('"workload": {\n        "memoryWrites": "40MB/s",\n        "workingSet": "1.5GiB",\n        "hotShare": 0.75,\n        "diskIo": "256MiB/s"\n      }'), out);
    assert.ok(out.includes('"duration": "10m"'));
    assert.ok(out.includes('"duration": "90.5s"'));
    assert.ok(out.includes('"on": false'));
  });

  it('rounds times to the millisecond without putting an entry out of order', () => {
    const out = saveAsScenario(SOURCE, [
      { at: 29.9996, action: migrate },
      { at: 30.0004, action: { do: 'stopVm', vm: 'WEB01' } },
    ]);
    const timeline = loadsCleanly(out).timeline.map((e) => [e.at, e.action.do]);
    assert.deepEqual(timeline, [[10, 'disconnect'], [30, 'liveMigrate'], [30, 'reconnect'], [30, 'stopVm']]);
  });

  it('lists the fields in docs/scenario-format.md order', () => {
    assert.deepEqual(Object.keys(timelineEntryJson('1s', { do: 'repairVolume', disk: 'D', task: 'chkdsk', duration: 300 })), ['at', 'do', 'disk', 'task', 'duration']);
    assert.deepEqual(timelineEntryJson('1s', { do: 'moveCoordinator', disk: 'D', to: 'HV02' }), { at: '1s', do: 'moveCoordinator', disk: 'D', to: 'HV02' });
  });

  it('gives a file that, run headless, ends like the session where the actions were taken', async () => {
    const timers = new FakeTimers();
    const session = new SimulationSession(timers);
    assert.ok(session.load(SOURCE, 'memory://save-as.cluster.json').ok);
    session.setSpeed(10);
    session.play();
    timers.advance(2000);
    assert.equal(session.time, 20);
    assert.deepEqual(session.act(migrate), { accepted: true });
    assert.equal(await drive(session.runToEnd(), timers), 'ended');
    const live = buildReport(session.sim!);

    const out = saveAsScenario(session.source!.text, session.recordedActions);
    assert.ok(out.includes('{ "at": "20s", "do": "liveMigrate", "vm": "SQL01", "to": "HV02" },'));
    const headless = runScenarioText(out);
    assert.ok(headless.report);
    const outline = (r: typeof live) => ({
      migrations: r.migrations.map((m) => ({ vm: m.vm, type: m.type, from: m.from, to: m.to, requestedAt: m.requestedAt, outcome: m.outcome, network: m.network })),
      vms: r.vms.map((v) => ({ vm: v.vm, node: v.node, state: v.state })),
      expectations: r.expectations.map((e) => [e.text, e.passed]),
    });
    assert.deepEqual(outline(headless.report), outline(live));
    assert.deepEqual(outline(live).migrations, [{ vm: 'SQL01', type: 'live', from: 'HV01', to: 'HV02', requestedAt: 20, outcome: 'completed', network: 'Live Migration' }]);
    assert.deepEqual(live.expectations.map((e) => e.passed), [true]);
    // The same engine on the same seed: the passes match too.
    assert.deepEqual(headless.report.migrations[0].passes, live.migrations[0].passes);
  });
});

describe('commands: quantities written into a scenario', () => {
  it('writes times to the millisecond in the units docs/scenario-format.md uses', () => {
    assert.equal(formatTimeForScenario(0), '0s');
    assert.equal(formatTimeForScenario(0.25), '250ms');
    assert.equal(formatTimeForScenario(95.25), '95.25s');
    assert.equal(formatTimeForScenario(95.2504), '95.25s');
    assert.equal(formatTimeForScenario(90), '90s');
    assert.equal(formatTimeForScenario(120), '2m');
    assert.equal(formatTimeForScenario(7200), '2h');
    assert.equal(formatTimeForScenario(1e-4), '0s');
  });

  it('writes sizes and byte rates that parse back to the same number of bytes', () => {
    assert.equal(formatSizeForScenario(8 * GiB), '8GiB');
    assert.equal(formatSizeForScenario(1.5 * GiB), '1.5GiB');
    assert.equal(formatSizeForScenario(500e6), '500MB');
    assert.equal(formatSizeForScenario(1536), '1.5KiB');
    assert.equal(formatSizeForScenario(123), '123B');
    assert.equal(formatSizeForScenario(0), '0B');
    assert.equal(formatByteRateForScenario(40e6), '40MB/s');
    assert.equal(formatByteRateForScenario(256 * 2 ** 20), '256MiB/s');
    assert.equal(formatByteRateForScenario(100e3), '100KB/s');
    assert.equal(formatByteRateForScenario(1234.5), '1.2345KB/s');
  });
});
