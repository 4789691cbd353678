/**
 * Issue 12: zero values that made a run meaningless were accepted ("0bps": a migration that never
 * progresses, the run "finished" with it still running; a heartbeat delay of "0s": a crash never
 * detected; a VM of "0B"). Each is now an error at its path whose hint states the valid range, and
 * the schema's descriptions state the same ranges. Zero stays valid where it is a real setting.
 */
import { strict as assert } from 'node:assert';
import schemaJson from '../../../schemas/scenario.schema.json';
import { loadScenario } from '../../../src/engine';
import { formatDiagnostics } from '../../../src/engine/scenario/load';
import { RANGES } from '../../../src/engine/scenario/ranges';
import { main } from '../../../src/cli/main';
import { cluster, load, type ScenarioJson } from '../../helpers/runScenario';

const vm = (extra: ScenarioJson = {}) => ({ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1', ...extra });

/** The errors of a scenario the loader refuses, each as the CLI prints it. */
function errorLines(json: ScenarioJson): string[] {
  const { scenario, diagnostics } = loadScenario(JSON.stringify(json, null, 2));
  assert.equal(scenario, null, 'refused');
  return formatDiagnostics(diagnostics.filter((d) => d.severity === 'error'), 'f.cluster.json').split('\n');
}

/** The property of the schema at a RANGES key ("vms.*.memory"). */
function schemaProperty(where: string): Record<string, unknown> {
  let cur = schemaJson as unknown as Record<string, unknown>;
  for (const seg of where.split('.')) {
    const next = seg === '*' ? cur.items : (cur.properties as Record<string, unknown> | undefined)?.[seg];
    assert.ok(next, `schema has ${where}`);
    cur = next as Record<string, unknown>;
  }
  return cur;
}

describe('scenario: the range of each quantity', () => {
  it('a zero that makes the run meaningless is one error at its path, saying why and stating the range', () => {
    const cases: [ScenarioJson, string, RegExp][] = [
      [
        { networks: [{ name: 'Cluster', role: 'cluster', bandwidth: '0bps' }, { name: 'LAN', role: 'clusterAndClient' }], settings: {} },
        'networks[0].bandwidth',
        /: "0bps" is zero: nothing could ever cross this network, so a live migration or redirected I\/O over it would never progress\. Expected a bandwidth more than zero, such as "1Gbps"\.$/,
      ],
      [
        { settings: { heartbeat: { delay: '0s' } } },
        'settings.heartbeat.delay',
        /: "0s" is zero: no heartbeat would ever be sent, so a node that fails would never be detected\. Expected a time more than zero and at most "720h", such as "1s"\.$/,
      ],
      [{ vms: [vm({ memory: '0B' })] }, 'vms[0].memory', /: "0B" is zero: a VM needs memory to run, and a live migration copies it\. Expected a memory more than zero and at most "1TiB", such as "4GiB"\.$/],
      [
        { nodes: [{ name: 'HV01', memory: '0 GiB' }, { name: 'HV02', memory: '8GiB' }, { name: 'HV03', memory: '8GiB' }] },
        'nodes[0].memory',
        /: "0 GiB" is zero: a node without memory can run no VM\. Expected a memory more than zero and at most "24TiB", such as "64GiB"\.$/,
      ],
      [{ vms: [vm({ vhd: '0.0GiB' })] }, 'vms[0].vhd', /: "0\.0GiB" is zero: a virtual hard disk of no size holds nothing\. Expected a size more than zero, such as "40GiB"\.$/],
      [{ disks: [{ name: 'CSV1', size: '0TB', csv: true, path: 'fabric' }] }, 'disks[0].size', /: "0TB" is zero: a disk of no size holds nothing\. Expected a size more than zero, such as "2TiB"\.$/],
      [
        { disks: [{ name: 'CSV1', size: '2TiB', throughput: '0MiB/s', csv: true, path: 'fabric' }] },
        'disks[0].throughput',
        /: "0MiB\/s" is zero: a disk that delivers nothing never completes an I\/O, .*\. Expected a throughput more than zero, such as "256MiB\/s"\.$/,
      ],
      [
        { timeline: [{ at: '1s', do: 'backup', disk: 'CSV1', duration: '0ms' }] },
        'timeline[0].duration',
        /: "0ms" is zero: a task that takes no time does nothing\. Expected a time more than zero and at most "720h", such as "10m"\.$/,
      ],
    ];
    for (const [overrides, path, message] of cases) {
      const lines = errorLines(cluster(overrides));
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, new RegExp(`^f\\.cluster\\.json:\\d+:\\d+: error: \\$\\.${path.replace(/[.[\]]/g, '\\$&')}: `), path);
      assert.match(lines[0]!, message, path);
    }
  });

  it('a size that rounds to no byte at all is refused too, quoted as written', () => {
    const [line] = errorLines(cluster({ vms: [vm({ memory: '0.4B' })] }));
    assert.match(line!, /\$\.vms\[0\]\.memory: "0\.4B" rounds to zero: a VM needs memory/);
  });

  it('the smallest positive values load', () => {
    assert.ok(
      load(
        cluster({
          networks: [{ name: 'Cluster', role: 'cluster', bandwidth: '1bps' }, { name: 'LAN', role: 'clusterAndClient', bandwidth: '0.5 bps' }],
          settings: { heartbeat: { delay: '1ms' } },
          disks: [{ name: 'CSV1', size: '1B', throughput: '1B/s', csv: true, path: 'fabric' }],
          vms: [vm({ memory: '1B', vhd: '1B' })],
          timeline: [{ at: '1s', do: 'backup', disk: 'CSV1', duration: '1ms' }],
        }),
      ),
    );
  });

  it('zero stays valid where it is a real setting: latency, boot time, TCP timeout, blackout target, duration, "at", workloads, expectations', () => {
    const s = load(
      cluster({
        networks: [{ name: 'Cluster', role: 'cluster', latency: '0s' }, { name: 'LAN', role: 'clusterAndClient', latency: '0ms' }],
        settings: { tcpTimeout: '0s', bootTime: '0s', liveMigration: { blackoutTarget: '0ms' } },
        duration: '0s',
        vms: [vm({ workload: { memoryWrites: '0MB/s', workingSet: '0B', hotShare: 0, diskIo: '0B/s' } })],
        timeline: [{ at: '0s', do: 'stopVm', vm: 'VM1' }],
        expect: [{ vm: 'VM1', maxBlackout: '0s' }, { vm: 'VM1', maxDowntime: '0s' }],
      }),
    );
    assert.equal(s.settings.tcpTimeout, 0);
    assert.equal(s.duration, 0);
  });

  it('every zero of one file is listed, each at its own path', () => {
    const lines = errorLines(
      cluster({
        networks: [{ name: 'Cluster', role: 'cluster', bandwidth: '0Gbps' }, { name: 'LAN', role: 'clusterAndClient', bandwidth: '0Mbps' }],
        vms: [vm({ memory: '0MiB' }), vm({ name: 'VM2', memory: '0KiB' })],
      }),
    );
    assert.deepEqual(
      lines.map((l) => /error: (\S+):/.exec(l)?.[1]),
      ['$.networks[0].bandwidth', '$.networks[1].bandwidth', '$.vms[0].memory', '$.vms[1].memory'],
    );
  });

  it('the schema\'s description of each quantity states its range', () => {
    for (const [where, range] of Object.entries(RANGES)) {
      const property = schemaProperty(where);
      const description = String(property.description);
      if (range.zero) assert.match(description, /More than zero/, where);
      else assert.doesNotMatch(description, /More than zero/, where);
      if (range.max && range.max.shown !== '720h') assert.ok(description.includes(`at most ${range.max.shown}`), `${where}: ${description}`);
      // Every time's common limit is stated once, in the definition every time refers to.
      if (range.max?.shown === '720h') {
        assert.equal(property.$ref, '#/definitions/time', where);
        if (range.zero) assert.match(description, /at most 30 days/, where);
      }
    }
    assert.match(String((schemaJson as { definitions: { time: { description: string } } }).definitions.time.description), /From zero to 30 days/);
  });

  it('regression: "fcsim run" of a network at "0bps" is refused (exit 2) instead of "finishing" with the migration still running', () => {
    const text = JSON.stringify(
      cluster({
        networks: [{ name: 'Live Migration', role: 'cluster', bandwidth: '0bps' }, { name: 'LAN', role: 'clusterAndClient' }],
        settings: { liveMigration: { networks: ['Live Migration'] } },
        vms: [vm()],
        timeline: [{ at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
      }),
      null,
      2,
    );
    let stdout = '';
    let stderr = '';
    const code = main(['run', 'f.cluster.json'], { out: (t) => (stdout += t), err: (t) => (stderr += t), readFile: () => text, color: false });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^f\.cluster\.json:\d+:\d+: error: \$\.networks\[0\]\.bandwidth: "0bps" is zero/);
  });
});
