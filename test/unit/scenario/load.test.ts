import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { lineColumn, lineStarts, locate, parseJsonText } from '../../../src/engine/scenario/jsonText';
import { formatDiagnostics, loadScenario } from '../../../src/engine/scenario/load';
import type { Scenario } from '../../../src/engine/scenario/model';
import { normalizeScenario } from '../../../src/engine/scenario/normalize';
import { WORKLOAD_PRESETS } from '../../../src/engine/scenario/workloadPresets';

const GiB = 2 ** 30;
/**
 * The live-migration cost defaults of docs/scenario-format.md, in the loader's units: "2.5s",
 * "1s", "5Gbps" (625,000,000 bytes per second), 0.95.
 */
const LM_COST_DEFAULTS = { setupTime: 2.5, cleanupTime: 1, streamThroughput: 625e6, tcpEfficiency: 0.95 };
const MiB = 2 ** 20;
const TiB = 2 ** 40;

const ARTICLE = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'article-cluster.cluster.json'), 'utf8');

function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

function loaded(text: string): Scenario {
  const r = loadScenario(text);
  assert.deepEqual(errors(r.diagnostics).map((d) => `${d.line}:${d.column} ${d.message}`), []);
  assert.ok(r.scenario);
  return r.scenario;
}

/** 1-based line/column of the first `needle` in `text`, computed independently of the loader. */
function position(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `"${needle}" not found`);
  const lines = text.slice(0, index).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function only(diags: readonly Diagnostic[]): Diagnostic {
  assert.equal(diags.length, 1, diags.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return diags[0];
}

const MINIMAL = `{
  "nodes": [ { "name": "HV01", "memory": "32GiB" }, { "name": "HV02", "memory": "32GiB" } ],
  "networks": [ { "name": "Cluster", "role": "cluster" }, { "name": "LAN" } ],
  "disks": [ { "name": "Cluster Disk 1", "size": "1TiB", "csv": true, "path": "fabric" } ],
  "vms": [ { "name": "VM01", "owner": "HV02", "memory": "4GiB", "disk": "Cluster Disk 1" } ]
}`;

describe('loadScenario', () => {
  describe('the article example', () => {
    const s = loaded(ARTICLE);

    it('loads with no errors and the numbers of the file', () => {
      assert.equal(s.seed, 2009);
      assert.equal(s.nodes.length, 4);
      assert.equal(s.nodes[0].memory, 64 * GiB);
      const sql = s.vms.find((v) => v.name === 'SQL01')!;
      assert.equal(sql.memory, 8 * GiB);
      assert.equal(sql.vhd, 200 * GiB);
      assert.equal(sql.clients, 40);
      assert.deepEqual(sql.preferredOwners, ['HV01', 'HV02']);
      // None given: none (a failover then draws its node; placement.ts adds the other nodes itself).
      assert.deepEqual(s.vms.find((v) => v.name === 'WEB01')!.preferredOwners, []);
      assert.deepEqual(sql.path, ['vms', 0]);
      for (const n of s.networks) assert.equal(n.bandwidth, 125e6);
      assert.equal(s.networks[0].latency, 0.0001);
      assert.equal(s.networks[1].latency, 0.0003);
      assert.equal(s.disks[0].size, 2 * TiB);
      assert.equal(s.disks[0].throughput, 256 * MiB);
    });

    it('applies settings and their defaults', () => {
      assert.deepEqual(s.settings, {
        heartbeat: { delay: 1, threshold: 5 },
        quorum: { model: 'nodeMajority' },
        liveMigration: { ...LM_COST_DEFAULTS, maxPasses: 8, maxConcurrentPerNode: 1, blackoutTarget: 0.03, networks: ['Cluster Internal'] },
        tcpTimeout: 20,
        bootTime: 60,
        guestShutdownTime: 60,
        failback: false,
        startTime: 0,
        disableGroupPreferredOwnerRandomization: false,
      });
      assert.equal(s.duration, null);
    });

    it('assigns metrics: Cluster Internal (private) 1000, LAN (a gateway) 10000, iSCSI (not for cluster use) 100000', () => {
      assert.deepEqual(
        s.networks.map((n) => [n.name, n.gateway, n.metric, n.autoMetric]),
        [
          ['Cluster Internal', false, 1000, true],
          ['LAN', true, 10000, true],
          ['iSCSI', false, 100000, true],
        ],
      );
    });

    it('mounts the CSVs as C:\\ClusterStorage\\Volume1 and Volume2 with their coordinators', () => {
      assert.deepEqual(
        s.disks.map((d) => [d.name, d.volumePath, d.coordinator, d.owner, d.storagePath, d.role]),
        [
          ['Cluster Disk 1', 'C:\\ClusterStorage\\Volume1', 'HV01', null, 'iSCSI', 'data'],
          ['Cluster Disk 2', 'C:\\ClusterStorage\\Volume2', 'HV02', null, 'iSCSI', 'data'],
        ],
      );
    });

    it('turns presets into numbers, working set capped at the VM\'s memory', () => {
      const sql = s.vms[0].workload;
      assert.deepEqual(sql, { preset: 'database', memoryWrites: 40e6, workingSet: 2 * GiB, hotShare: 0.9, diskIo: 20e6 });
      const fs = s.vms.find((v) => v.name === 'FS01')!.workload;
      assert.deepEqual(fs, { preset: 'idle', ...WORKLOAD_PRESETS.idle });
    });

    it('parses the timeline, keeping each entry\'s path', () => {
      assert.deepEqual(
        s.timeline.map((t) => [t.at, t.action, t.path]),
        [
          [30, { do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }, ['timeline', 0]],
          [180, { do: 'disconnect', node: 'HV03', network: 'iSCSI' }, ['timeline', 1]],
          [300, { do: 'reconnect', node: 'HV03', network: 'iSCSI' }, ['timeline', 2]],
          [360, { do: 'backup', disk: 'Cluster Disk 2', duration: 120 }, ['timeline', 3]],
          [540, { do: 'moveCoordinator', disk: 'Cluster Disk 1', to: 'HV03' }, ['timeline', 4]],
          [600, { do: 'quickMigrate', vm: 'FS01', to: 'HV01' }, ['timeline', 5]],
          [720, { do: 'crashNode', node: 'HV03' }, ['timeline', 6]],
        ],
      );
    });

    it('parses the expectations', () => {
      assert.deepEqual(s.expect, [
        { vm: 'SQL01', endsOn: 'HV02', path: ['expect', 0] },
        { vm: 'SQL01', noClientDisconnects: true, path: ['expect', 1] },
        { vm: 'FS01', endsOn: 'HV01', path: ['expect', 2] },
        { vm: 'WEB01', noClientDisconnects: true, path: ['expect', 3] },
      ]);
    });
  });

  describe('defaults', () => {
    const s = loaded(MINIMAL);

    it('of the top level and the settings', () => {
      assert.equal(s.name, '');
      assert.equal(s.description, '');
      assert.equal(s.seed, 1);
      assert.equal(s.duration, null);
      assert.deepEqual(s.settings, {
        heartbeat: { delay: 1, threshold: 5 },
        quorum: { model: 'nodeMajority' },
        liveMigration: { ...LM_COST_DEFAULTS, maxPasses: 8, maxConcurrentPerNode: 1, blackoutTarget: 0.03, networks: null },
        tcpTimeout: 20,
        bootTime: 60,
        guestShutdownTime: 60,
        failback: false,
        startTime: 0,
        disableGroupPreferredOwnerRandomization: false,
      });
      assert.deepEqual([s.timeline, s.expect], [[], []]);
    });

    it('of networks: role clusterAndClient, 1Gbps, 0.2ms, every node; a gateway for clusterAndClient only', () => {
      const lan = s.networks[1];
      assert.deepEqual(
        { role: lan.role, bandwidth: lan.bandwidth, latency: lan.latency, nodes: lan.nodes, gateway: lan.gateway },
        { role: 'clusterAndClient', bandwidth: 125e6, latency: 0.0002, nodes: ['HV01', 'HV02'], gateway: true },
      );
      assert.equal(s.networks[0].gateway, false, 'a cluster network is private by default');
    });

    it('of disks and VMs', () => {
      const d = s.disks[0];
      assert.deepEqual([d.throughput, d.role, d.coordinator, d.volumePath], [256 * MiB, 'data', 'HV01', 'C:\\ClusterStorage\\Volume1']);
      const vm = s.vms[0];
      assert.deepEqual(
        [vm.vhd, vm.clients, vm.state, vm.preferredOwners, vm.liveMigrationNetworks, vm.workload.preset, vm.offlineAction, vm.failback],
        [40 * GiB, 0, 'running', [], null, 'idle', 'save', { kind: 'prevent' }],
      );
      // 2008 R2's group and resource defaults: every node a possible owner, no anti-affinity class,
      // FailoverThreshold n - 1 (two nodes here: 1), FailoverPeriod 6 hours.
      assert.deepEqual(
        [vm.possibleOwners, vm.antiAffinityClassNames, vm.failoverThreshold, vm.failoverPeriod],
        [['HV01', 'HV02'], [], 1, 6 * 3600],
      );
    });

    it('of failoverThreshold: 4294967295 (0xFFFFFFFF, 2008 R2\'s "not specified") is n - 1 too; another number is kept', () => {
      const withThreshold = (t: number) => loaded(MINIMAL.replace('"disk": "Cluster Disk 1" }', `"disk": "Cluster Disk 1", "failoverThreshold": ${t} }`)).vms[0].failoverThreshold;
      assert.equal(withThreshold(4294967295), 1);
      assert.equal(withThreshold(0), 0);
      assert.equal(withThreshold(7), 7);
    });

    it('of a classic disk: owned by its first VM\'s owner, else the first node; no storage path if none given', () => {
      const text = MINIMAL.replace(
        '"disks": [',
        '"disks": [ { "name": "Quorum", "size": "1GiB", "role": "witness" }, { "name": "Disk 2", "size": "500GiB", "path": "fabric" }, ',
      ).replace('"disk": "Cluster Disk 1"', '"disk": "Disk 2"');
      const s2 = loaded(text);
      assert.deepEqual(
        s2.disks.map((d) => [d.name, d.csv, d.owner, d.coordinator, d.volumePath, d.role, d.storagePath]),
        [
          ['Quorum', false, 'HV01', null, null, 'witness', null],
          ['Disk 2', false, 'HV02', null, null, 'data', 'fabric'],
          ['Cluster Disk 1', true, null, 'HV01', 'C:\\ClusterStorage\\Volume1', 'data', 'fabric'],
        ],
      );
    });

    it('of a workload written out: working set all memory, hot share 0.9, no disk I/O', () => {
      const text = MINIMAL.replace('"disk": "Cluster Disk 1" }', '"disk": "Cluster Disk 1", "workload": { "memoryWrites": "5000 pages/s" } }');
      assert.deepEqual(loaded(text).vms[0].workload, { preset: null, memoryWrites: 5000 * 4096, workingSet: 4 * GiB, hotShare: 0.9, diskIo: 0 });
    });

    it('caps the working set at the VM\'s memory, also for setWorkload', () => {
      const text = MINIMAL.replace('"disk": "Cluster Disk 1" }', '"disk": "Cluster Disk 1", "workload": "memoryIntensive" }').replace(
        /\n}$/,
        ',\n  "timeline": [ { "at": "1m", "do": "setWorkload", "vm": "VM01", "workload": { "memoryWrites": "1MB/s", "workingSet": "1TiB" } } ]\n}',
      );
      const s2 = loaded(text);
      assert.equal(s2.vms[0].workload.workingSet, 4 * GiB);
      assert.equal(s2.vms[0].workload.memoryWrites, WORKLOAD_PRESETS.memoryIntensive.memoryWrites);
      const action = s2.timeline[0].action;
      assert.ok(action.do === 'setWorkload');
      assert.equal(action.workload.workingSet, 4 * GiB);
    });
  });

  describe('automatic metrics', () => {
    const nets = (list: object[]): number[] => {
      const { scenario } = normalizeScenario({ nodes: [{ name: 'A', memory: '1GiB' }], networks: list });
      return scenario.networks.map((n) => n.metric);
    };

    it('numbers private networks from 1000 and networks with a gateway from 10000, by 100, in file order (TechNet ff182335)', () => {
      // Worked out by hand from "increments of 100 ... (private networks) ... 1000 or greater ...
      // a default gateway setting ... 10000 or greater"; role none from 100000 (a choice).
      const list = [
        { name: 'a', role: 'none' }, //                             not for cluster use: 100000
        { name: 'b', role: 'clusterAndClient' }, //                 gateway by default: 10000
        { name: 'c', role: 'cluster' }, //                          private by default: 1000
        { name: 'd', role: 'clusterAndClient', gateway: false }, // private: 1100
        { name: 'e' }, //                                           clusterAndClient, gateway: 10100
        { name: 'f', role: 'cluster', gateway: true }, //           gateway: 10200
        { name: 'g', role: 'none', gateway: true }, //              not for cluster use: 100100
        { name: 'h', role: 'cluster' }, //                          private: 1200
      ];
      assert.deepEqual(nets(list), [100000, 10000, 1000, 1100, 10100, 10200, 100100, 1200]);
      const { scenario } = normalizeScenario({ nodes: [{ name: 'A', memory: '1GiB' }], networks: list });
      assert.deepEqual(
        scenario.networks.map((n) => n.gateway),
        [false, true, false, false, true, true, true, false],
      );
    });

    it('moves an automatic metric past an explicit one of another kind', () => {
      // a cluster network set by hand to 10000 takes the first gateway value: the LAN gets 10100
      assert.deepEqual(nets([{ name: 'a', role: 'cluster', metric: 10000 }, { name: 'b', role: 'clusterAndClient' }]), [10000, 10100]);
    });

    it('keeps explicit metrics, which still take their place so the others do not move', () => {
      assert.deepEqual(nets([{ name: 'a', role: 'cluster', metric: 500 }, { name: 'b', role: 'cluster' }, { name: 'c', role: 'none' }]), [500, 1100, 100000]);
      const { scenario } = normalizeScenario({ nodes: [], networks: [{ name: 'a', role: 'cluster', metric: 500 }, { name: 'b', role: 'cluster' }] });
      assert.deepEqual(scenario.networks.map((n) => n.autoMetric), [false, true]);
    });

    it('moves an automatic metric up by 100 when an explicit one already has it', () => {
      assert.deepEqual(nets([{ name: 'a', role: 'cluster' }, { name: 'b', role: 'cluster', metric: 1000 }, { name: 'c', role: 'cluster' }]), [1100, 1000, 1200]);
      assert.deepEqual(nets([{ name: 'a', role: 'cluster', metric: 1100 }, { name: 'b', role: 'cluster' }, { name: 'c', role: 'cluster' }]), [1100, 1200, 1300]);
    });
  });

  describe('JSON text', () => {
    it('accepts comments and trailing commas', () => {
      const text = `// a cluster
{
  /* two nodes */
  "nodes": [ { "name": "HV01", "memory": "32GiB", }, { "name": "HV02", "memory": "32GiB" }, ],
  "networks": [ { "name": "LAN", }, ], // trailing
}`;
      assert.equal(loaded(text).nodes.length, 2);
    });

    it('accepts CRLF line ends and a byte order mark, and counts lines the same', () => {
      const text = '\ufeff' + MINIMAL.replace(/\n/g, '\r\n').replace('"32GiB"', '"32 gib"');
      const d = only(loadScenario(text).diagnostics);
      assert.deepEqual({ line: d.line, column: d.column }, position(text, '"32 gib"'));
    });

    it('reports a missing comma at line:column', () => {
      const text = MINIMAL.replace('"memory": "32GiB" }, { "name": "HV02"', '"memory": "32GiB" } { "name": "HV02"');
      const r = loadScenario(text);
      assert.equal(r.scenario, null);
      const d = r.diagnostics[0];
      assert.equal(d.code, 'syntax');
      assert.match(d.message, /expected a comma between two entries/);
      assert.deepEqual({ line: d.line, column: d.column }, position(text, '{ "name": "HV02"'));
    });

    it('reports an unclosed string, object and list', () => {
      const unclosed = '{\n  "name": "abc\n}';
      const d = loadScenario(unclosed).diagnostics[0];
      assert.match(d.message, /string is not closed/);
      assert.deepEqual({ line: d.line, column: d.column }, position(unclosed, '"abc'));
      const brace = '{\n  "nodes": [\n';
      assert.ok(loadScenario(brace).diagnostics.some((x) => /close the list|found the end of the file/.test(x.message)));
      const colon = '{ "nodes" [] }';
      const c = loadScenario(colon).diagnostics[0];
      assert.match(c.message, /expected ":" after the property name/);
      assert.deepEqual({ line: c.line, column: c.column }, position(colon, '[]'));
    });

    it('reports an empty file, or one with only comments', () => {
      for (const text of ['', '   \n', '// nothing\n/* here */']) {
        const d = only(loadScenario(text).diagnostics);
        assert.equal(d.code, 'syntax');
        assert.match(d.message, /the file is empty/);
      }
    });

    it('reports a key given twice, at the second one', () => {
      const text = MINIMAL.replace('"memory": "4GiB"', '"memory": "4GiB", "memory": "8GiB"');
      const r = loadScenario(text);
      const d = only(r.diagnostics);
      assert.equal(d.code, 'duplicate-key');
      assert.deepEqual(d.path, ['vms', 0, 'memory']);
      const second = text.indexOf('"memory": "8GiB"');
      assert.equal(d.offset, second);
      assert.equal(r.scenario, null);
    });

    it('refuses what is not an object', () => {
      for (const text of ['[]', '42', '"scenario"', 'null', 'true']) {
        const d = only(loadScenario(text).diagnostics);
        assert.match(d.message, /a scenario file holds one JSON object/, text);
        assert.deepEqual([d.line, d.column], [1, 1]);
      }
    });

    it('keeps "__proto__" an ordinary (unknown) key', () => {
      const d = only(loadScenario(MINIMAL.replace('"nodes":', '"__proto__": { "polluted": true }, "nodes":')).diagnostics);
      assert.equal(d.code, 'unknown-property');
      assert.deepEqual(d.path, ['__proto__']);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('locate and positions', () => {
    const text = '{\n  "a": { "b": [ 10, 20 ] },\r\n  "c": "x"\n}';
    const { root } = parseJsonText(text);

    it('finds values, keys, and falls back to the nearest parent', () => {
      assert.deepEqual(locate(root, ['a', 'b', 1]), { offset: text.indexOf('20'), length: 2, exact: true });
      assert.deepEqual(locate(root, ['c'], 'key'), { offset: text.indexOf('"c"'), length: 3, exact: true });
      const a = locate(root, ['a', 'missing']);
      assert.deepEqual(a, { offset: text.indexOf('{ "b"'), length: '{ "b": [ 10, 20 ] }'.length, exact: false });
      assert.deepEqual(locate(root, ['a', 'b', 7]).offset, text.indexOf('[ 10'));
      assert.deepEqual(locate(root, []).offset, 0);
      assert.deepEqual(locate(undefined, ['a']), { offset: 0, length: 0, exact: false });
    });

    it('turns offsets into 1-based line and column across \\n, \\r\\n and \\r', () => {
      const starts = lineStarts(text);
      assert.deepEqual(lineColumn(starts, 0), { line: 1, column: 1 });
      assert.deepEqual(lineColumn(starts, text.indexOf('"c"')), position(text, '"c"'));
      assert.deepEqual(lineColumn(lineStarts('a\rb'), 2), { line: 2, column: 1 });
    });
  });

  describe('errors after the schema', () => {
    it('a quantity too large for a number is an error at its path', () => {
      const huge = `"${'9'.repeat(400)}GiB"`;
      const text = MINIMAL.replace('"4GiB"', huge);
      const r = loadScenario(text);
      const d = only(r.diagnostics);
      assert.equal(d.code, 'bad-quantity');
      assert.deepEqual(d.path, ['vms', 0, 'memory']);
      assert.match(d.message, /too large/);
      assert.deepEqual({ line: d.line, column: d.column }, position(text, huge));
      assert.equal(r.scenario, null);
    });

    it('a coordinator on a classic disk is an error', () => {
      const text = MINIMAL.replace('"csv": true', '"csv": false, "coordinator": "HV02"');
      const d = only(errors(loadScenario(text).diagnostics));
      assert.equal(d.code, 'coordinator-without-csv');
      assert.deepEqual(d.path, ['disks', 0, 'coordinator']);
      assert.deepEqual({ line: d.line, column: d.column }, position(text, '"HV02", "path"'));
    });

    it('semantic errors (an unknown owner) give no scenario, with a position', () => {
      const text = MINIMAL.replace('"owner": "HV02"', '"owner": "HV09"');
      const r = loadScenario(text);
      assert.equal(r.scenario, null);
      const d = errors(r.diagnostics).find((x) => x.path.join('.') === 'vms.0.owner');
      assert.ok(d, formatDiagnostics(r.diagnostics, 'f'));
      assert.deepEqual({ line: d.line, column: d.column }, position(text, '"HV09"'));
    });

    it('warnings alone keep the scenario', () => {
      const r = loadScenario(ARTICLE);
      assert.ok(r.scenario);
      assert.ok(r.diagnostics.every((d) => d.severity === 'warning'));
    });

    it('sorts diagnostics by position and gives each a line and column', () => {
      const text = MINIMAL.replace('"owner": "HV02"', '"owner": "HV02", "colour": "red"')
        .replace('"role": "cluster"', '"role": "clustr"')
        .replace('"32GiB" }, { "name": "HV02"', '"32 GB!" }, { "name": "HV02"');
      const r = loadScenario(text);
      assert.equal(r.diagnostics.length, 3);
      const offsets = r.diagnostics.map((d) => d.offset!);
      assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
      for (const d of r.diagnostics) assert.ok(d.line! >= 1 && d.column! >= 1 && d.length! > 0);
    });

    it('formats diagnostics as file:line:column lines', () => {
      const text = MINIMAL.replace('"4GiB"', '"4 gib"');
      const out = formatDiagnostics(loadScenario(text).diagnostics, 'my.cluster.json');
      const { line, column } = position(text, '"4 gib"');
      assert.equal(
        out,
        `my.cluster.json:${line}:${column}: error: $.vms[0].memory: unknown unit "gib" in "4 gib"; did you mean "GiB"? (units are case-sensitive). Expected a size such as "4GiB".`,
      );
    });
  });

  describe('never throws', () => {
    it('on deep nesting, huge numbers and odd values', () => {
      const inputs = [
        '['.repeat(200_000),
        '{"a":'.repeat(50_000),
        '['.repeat(99) + ']'.repeat(99),
        '{"seed": 1e999, "nodes": [], "networks": []}',
        '{"seed": -1e999}',
        `{"nodes": [{"name": "a", "memory": "1GiB"}], "networks": [{"name": "n", "metric": 1e400}]}`,
        '{"nodes": [{"name": "a", "memory": "1GiB"}], "networks": [{"name": "n"}], "vms": [{"name": "v", "owner": "a", "memory": "1GiB", "disk": "d", "clients": 1e308}]}',
        '\u0000\u0001',
        '{"\\ud800": 1}',
        '"\\u12"',
        '/* unterminated',
        'x'.repeat(100_000),
        `{"name": "${'a'.repeat(200_000)}"}`,
        `{"nodes": [{"name": "${'q'.repeat(100_000)}", "memory": "1${'x'.repeat(100_000)}"}], "networks": [{"name": "n", "role": "${'z'.repeat(1000)}"}]}`,
      ];
      for (const text of inputs) {
        const r = loadScenario(text);
        assert.equal(r.scenario, null, text.slice(0, 40));
        assert.ok(r.diagnostics.length > 0);
        for (const d of r.diagnostics) assert.ok(Number.isInteger(d.line) && Number.isInteger(d.column), JSON.stringify(d));
      }
    });

    it('on every truncation and many random edits of the article example', () => {
      // A small deterministic generator: the test must be reproducible.
      let state = 12345;
      const next = (n: number): number => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state % n;
      };
      const pieces = ['{', '}', '[', ']', ',', ':', '"', '0', '-1', '1e999', 'null', 'true', '"8GiB"', '"x"', '//', '/*', '\n', ' ', '"do"', '{}', '[]'];
      for (let cut = 0; cut < ARTICLE.length; cut += 37) loadScenario(ARTICLE.slice(0, cut));
      for (let i = 0; i < 300; i++) {
        let text = ARTICLE;
        const edits = 1 + next(4);
        for (let e = 0; e < edits; e++) {
          const at = next(text.length);
          const del = next(6);
          text = text.slice(0, at) + pieces[next(pieces.length)] + text.slice(at + del);
        }
        const r = loadScenario(text);
        assert.ok(Array.isArray(r.diagnostics));
        if (r.scenario === null) assert.ok(errors(r.diagnostics).length > 0, text);
      }
    });

    it('normalize never throws on schema-invalid shapes either', () => {
      for (const raw of [null, 42, 'x', [], {}, { nodes: 'x', networks: [1, null, {}], vms: [{ workload: 5 }], timeline: [{ do: 'setWorkload' }, null], expect: [{}, { vm: 1 }] }]) {
        assert.doesNotThrow(() => normalizeScenario(raw));
      }
    });
  });
});
