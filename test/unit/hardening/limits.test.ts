/**
 * The documented limits on a scenario's size (src/engine/scenario/limits.ts, README "Limits",
 * the schema's maxItems / maxLength and descriptions): each is enforced by the loader with an
 * error that names the path and line:column and states the limit, and the value at the limit
 * still loads. Also: a run that reaches the engine's event limit ends cleanly, with a notice in
 * the report and on the CLI's stderr; a file wrong everywhere gets a bounded list of errors.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import schemaJson from '../../../schemas/scenario.schema.json';
import { buildReport, createSimulation, loadScenario } from '../../../src/engine';
import { main } from '../../../src/cli/main';
import { readScenarioFile } from '../../../src/cli/readScenarioFile';
import { formatDiagnostics, MAX_DIAGNOSTICS } from '../../../src/engine/scenario/load';
import { LIMITS, NESTED_LIST_LIMITS, checkListSizes } from '../../../src/engine/scenario/limits';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { DEFAULT_EVENT_LIMIT } from '../../../src/engine/simulation/simulation';
import { cluster, load, type ScenarioJson } from '../../helpers/runScenario';

const ROOT = join(__dirname, '..', '..', '..');
const schema = schemaJson as unknown as Record<string, unknown>;

function errorsOf(json: ScenarioJson | string): Diagnostic[] {
  const text = typeof json === 'string' ? json : JSON.stringify(json, null, 2);
  const { scenario, diagnostics } = loadScenario(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(scenario, null, 'refused');
  return errors;
}

/** The one error of a file, formatted as the CLI prints it. */
function onlyError(json: ScenarioJson | string): string {
  const errors = errorsOf(json);
  assert.equal(errors.length, 1, formatDiagnostics(errors, 'f.cluster.json'));
  return formatDiagnostics(errors, 'f.cluster.json');
}

const nodes = (n: number, memory = '64GiB') => Array.from({ length: n }, (_, i) => ({ name: `HV${String(i + 1).padStart(2, '0')}`, memory }));
const vm = (extra: ScenarioJson = {}) => ({ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1', ...extra });

function at(path: string): Record<string, unknown> {
  let cur: unknown = schema;
  for (const key of path.split('.')) cur = (cur as Record<string, unknown>)[key];
  return cur as Record<string, unknown>;
}

describe('hardening: limits on a scenario\'s size', () => {
  describe('lists', () => {
    it('nodes: 64 load, the 65th is an error at its own line:column that states the limit', () => {
      assert.ok(load(cluster({ nodes: nodes(64) })));
      const line = onlyError(cluster({ nodes: nodes(65) }));
      assert.match(line, /^f\.cluster\.json:\d+:\d+: error: \$\.nodes\[64\]: the 65th of 65 nodes: a scenario has at most 64 nodes, Hyper-V's maximum per cluster since Windows Server 2012; 2008 R2 supports 16\. Expected at most 64 nodes\.$/);
      const text = JSON.stringify(cluster({ nodes: nodes(65) }), null, 2);
      const [d] = errorsOf(text);
      assert.equal(d?.offset, text.indexOf('{\n      "name": "HV65"'), 'points at the 65th node');
    });

    it('networks (32), disks (256), VMs (8,000), timeline entries and expectations (10,000): refused past the limit, before the schema looks at each entry', () => {
      const cases: [string, number, RegExp][] = [
        ['networks', LIMITS.networks, /\$\.networks\[32\]: the 33rd of 33 networks: a scenario has at most 32 networks/],
        ['disks', LIMITS.disks, /\$\.disks\[256\]: the 257th of 257 disks: a scenario has at most 256 disks/],
        ['vms', LIMITS.vms, /\$\.vms\[8000\]: the 8001st of 8001 virtual machines: a scenario has at most 8000 virtual machines, Hyper-V's maximum of clustered VMs/],
        ['timeline', LIMITS.timeline, /\$\.timeline\[10000\]: the 10001st of 10001 timeline entries: a scenario has at most 10000 timeline entries/],
        ['expect', LIMITS.expect, /\$\.expect\[10000\]: the 10001st of 10001 expectations: a scenario has at most 10000 expectations/],
      ];
      for (const [key, limit, message] of cases) {
        // Entries that are all wrong: one error about the count, not one per entry.
        assert.match(onlyError(cluster({ [key]: Array.from({ length: limit + 1 }, () => 42) })), message, key);
        assert.deepEqual(checkListSizes({ [key]: Array.from({ length: limit }, () => 42) }), [], `${limit} ${key} are allowed`);
      }
    });

    it('lists inside entries name each node or network at most once: the schema caps them, with words', () => {
      const many = Array.from({ length: 65 }, (_, i) => `HV${i + 1}`);
      assert.match(
        onlyError(cluster({ vms: [vm({ preferredOwners: many })] })),
        /\$\.vms\[0\]\.preferredOwners: 65 entries: this list names each at most once, so it has at most 64\. Expected at most 64 entries\.$/,
      );
      assert.equal(at('properties.vms.items.properties.preferredOwners').maxItems, NESTED_LIST_LIMITS['vms.*.preferredOwners']);
      assert.equal(at('properties.vms.items.properties.liveMigrationNetworks').maxItems, NESTED_LIST_LIMITS['vms.*.liveMigrationNetworks']);
      assert.equal(at('properties.networks.items.properties.nodes').maxItems, NESTED_LIST_LIMITS['networks.*.nodes']);
      assert.equal(at('properties.settings.properties.liveMigration.properties.networks').maxItems, NESTED_LIST_LIMITS['settings.liveMigration.networks']);
    });

    it('the schema (for the editor) has the same maxItems, and says so in its descriptions', () => {
      for (const key of ['nodes', 'networks', 'disks', 'vms', 'timeline', 'expect'] as const) {
        const list = at(`properties.${key}`);
        assert.equal(list.maxItems, LIMITS[key], key);
        assert.match(String(list.description), new RegExp(`At most ${LIMITS[key].toLocaleString('en-US')}`), key);
      }
    });
  });

  describe('names and text', () => {
    it('a name of 256 characters loads; 257 is an error that states the limit', () => {
      assert.ok(load(cluster({ nodes: [{ name: 'N'.repeat(256), memory: '64GiB' }, ...nodes(2)] })));
      assert.match(
        onlyError(cluster({ nodes: [{ name: 'N'.repeat(257), memory: '64GiB' }, ...nodes(2)] })),
        /\$\.nodes\[0\]\.name: "N{40}\.\.\." is 257 characters long; a name is at most 256 characters\. Expected at most 256 characters\.$/,
      );
    });

    it('every name and every reference to one is capped, as is the description', () => {
      for (const key of ['nodeName', 'networkName', 'diskName', 'vmName']) assert.equal(at(`definitions.${key}`).maxLength, LIMITS.nameLength, key);
      for (const key of ['nodes', 'networks', 'disks', 'vms']) assert.equal(at(`properties.${key}.items.properties.name`).maxLength, LIMITS.nameLength, key);
      assert.equal(at('properties.name').maxLength, LIMITS.nameLength);
      assert.equal(at('properties.description').maxLength, LIMITS.descriptionLength);
      assert.match(onlyError(cluster({ timeline: [{ at: '1s', do: 'crashNode', node: 'x'.repeat(300) }] })), /\$\.timeline\[0\]\.node: .* is 300 characters long; a name is at most 256 characters/);
      assert.match(onlyError(cluster({ description: 'd'.repeat(10_001) })), /\$\.description: .* is 10001 characters long; the description is at most 10000 characters/);
    });

    it('a file larger than 10 MiB is refused at 1:1 before it is parsed', () => {
      const text = `${' '.repeat(LIMITS.fileSize)}{}`;
      assert.equal(onlyError(text), 'f.cluster.json:1:1: error: $: the file is 10 MiB long; a scenario file is at most 10 MiB. Expected a smaller file (split a long timeline into several scenarios).');
    });

    it('the CLI refuses a file far past the limit without reading it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'fcsim-limits-'));
      try {
        const file = join(dir, 'huge.cluster.json');
        writeFileSync(file, '');
        truncateSync(file, 2 ** 31); // sparse: 2 GiB that take no room
        let stderr = '';
        const code = main(['run', file], { out: () => undefined, err: (t) => (stderr += t), readFile: readScenarioFile, color: false });
        assert.equal(code, 2);
        assert.equal(
          stderr,
          `${file}:1:1: error: $: the file is 2 GiB long; a scenario file is at most 10 MiB. Expected a smaller file (split a long timeline into several scenarios).\n${file}: 1 error(s); nothing was run\n`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('quantities', () => {
    it('a VM has at most 1TiB of memory (Hyper-V\'s maximum); a node at most 24TiB', () => {
      assert.ok(load(cluster({ nodes: nodes(3, '24TiB'), vms: [vm({ memory: '1TiB' })] })));
      assert.match(onlyError(cluster({ nodes: nodes(3, '24TiB'), vms: [vm({ memory: '1.5TiB' })] })), /\$\.vms\[0\]\.memory: 1\.5 TiB is more memory than a VM can have: Hyper-V's maximum is 1 TiB\. Expected a memory more than zero and at most "1TiB", such as "4GiB"\.$/);
      const errors = errorsOf(cluster({ nodes: nodes(3, '25TiB') }));
      assert.deepEqual(errors.map((e) => e.path.join('.')), ['nodes.0.memory', 'nodes.1.memory', 'nodes.2.memory']);
      assert.match(errors[0]!.message, /^25 TiB is more memory than a node can have: Windows Server's maximum is 24 TiB$/);
    });

    it('every time is at most 30 days ("720h"): duration, timeline times and durations, settings, latencies, expectations', () => {
      assert.ok(load(cluster({ duration: '720h', timeline: [{ at: '720h', do: 'crashNode', node: 'HV01' }] })));
      const cases: [ScenarioJson, string][] = [
        [{ duration: '721h' }, 'duration'],
        [{ timeline: [{ at: '43201m', do: 'crashNode', node: 'HV01' }] }, 'timeline.0.at'],
        [{ timeline: [{ at: '1s', do: 'backup', disk: 'CSV1', duration: '9999h' }] }, 'timeline.0.duration'],
        [{ settings: { heartbeat: { delay: '721h' } } }, 'settings.heartbeat.delay'],
        [{ settings: { bootTime: '99999999999999h' } }, 'settings.bootTime'],
        [{ networks: [{ name: 'Cluster', role: 'cluster', latency: '2592001s' }] }, 'networks.0.latency'],
        [{ vms: [vm()], expect: [{ vm: 'VM1', maxBlackout: '721h' }] }, 'expect.0.maxBlackout'],
      ];
      for (const [overrides, path] of cases) {
        const errors = errorsOf(cluster(overrides));
        assert.deepEqual(errors.map((e) => e.path.join('.')), [path], path);
        assert.match(errors[0]!.message, /is longer than a scenario can simulate: every time is at most 30 days$/, path);
        // A time that must also be more than zero states both ends of its range.
        const positive = path === 'timeline.0.duration' || path === 'settings.heartbeat.delay';
        assert.match(errors[0]!.hint ?? '', positive ? /^a time more than zero and at most "720h", such as "\d+[a-z]+"$/ : /^a time of at most "720h"$/, path);
      }
    });
  });

  describe('bounded output', () => {
    it(`a file wrong everywhere lists its first ${MAX_DIAGNOSTICS} problems and counts the rest`, () => {
      const { diagnostics } = loadScenario(JSON.stringify(cluster({ vms: Array.from({ length: 300 }, (_, i) => ({ name: `V${i}`, owner: 'HV01', memory: 8, disk: 'CSV1' })) })));
      assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
      const last = diagnostics.at(-1)!;
      assert.equal(last.message, '200 more problems from here on, not listed: fix the ones above first');
      assert.deepEqual(last.path, ['vms', 100, 'memory'], 'where the first one not listed is');
    });

    it('a name or key with a line break or a control character stays on one line of output', () => {
      const text = '{"nodes": [{"name": "a", "memory": "1GiB", "x\\ny\\u2028z\\u0007": 1}], "networks": [{"name": "n"}]}';
      const out = formatDiagnostics(loadScenario(text).diagnostics, 'f.cluster.json');
      assert.equal(out.split('\n').length, 1, out);
      assert.ok(out.includes('"x\\u000ay\\u2028z\\u0007"'), out);
    });
  });

  describe('the engine\'s event limit', () => {
    const article = readFileSync(join(ROOT, 'examples', 'article-cluster.cluster.json'), 'utf8');

    it('a run that reaches it ends cleanly, and the report says so in its notices', () => {
      const { scenario } = loadScenario(article);
      const sim = createSimulation(scenario!);
      assert.equal(sim.run(10), 'eventLimit');
      const report = buildReport(sim);
      assert.equal(report.endReason, 'eventLimit');
      const notice = report.notices.find((n) => n.kind === 'eventLimit');
      assert.ok(notice, 'a notice');
      assert.equal(notice.reason, "the run stopped after 10 events, the engine's limit, before the scenario's end: this report shows the cluster at that moment");
      assert.equal(notice.at, report.simulatedTime);
    });

    it('the CLI prints the report, the notice, and a warning on stderr; the exit code follows the expectations', () => {
      let stdout = '';
      let stderr = '';
      const code = main(['run', 'article.cluster.json'], { out: (t) => (stdout += t), err: (t) => (stderr += t), readFile: () => article, color: false, maxEvents: 10 });
      assert.equal(code, 1, 'the expectations about the end of the run cannot hold');
      assert.match(stdout, /stopped: event limit reached/);
      assert.match(stdout, /stopped .*: the run stopped after 10 events, the engine's limit/);
      assert.match(stderr, /^article\.cluster\.json: warning: the run stopped after 10 events, the engine's limit, before the scenario's end: this report shows the cluster at that moment \(simulated time \d\d:\d\d:\d\d\)$/m);
    });

    it('a run well within it has no such notice', () => {
      let stderr = '';
      const code = main(['run', 'article.cluster.json', '--json'], { out: () => undefined, err: (t) => (stderr += t), readFile: () => article, color: false });
      assert.equal(code, 0);
      assert.doesNotMatch(stderr, /event/);
    });
  });

  it('README.md documents every limit', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /\n## Limits\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    assert.ok(section.length > 0, 'a "Limits" section');
    const events = `${DEFAULT_EVENT_LIMIT.toLocaleString('en-US')} events`;
    for (const words of ['10 MiB', '64 nodes', '32 networks', '256 disks', '8,000 VMs', '10,000 timeline entries', '10,000 expectations', '256 characters', '10,000 characters', '1 TiB', '24 TiB', '30 days', events, `first ${MAX_DIAGNOSTICS}`]) {
      assert.ok(section.includes(words), `README Limits mentions ${words}`);
    }
  });
});
