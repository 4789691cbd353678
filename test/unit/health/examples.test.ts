import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioText } from '../../../src/engine';
import { DEFAULTS } from '../../../src/engine/scenario/normalize';

const root = join(__dirname, '..', '..', '..');
const example = (file: string) => runScenarioText(readFileSync(join(root, 'examples', file), 'utf8'));

describe('failover in the examples', () => {
  it('the article cluster: HV03 crashes at 12m; WEB02 and DC01 (no preferred owners) restart on another node after detection (5 s) and a boot (60 s)', () => {
    const { report } = example('article-cluster.cluster.json');
    assert.ok(report);
    assert.deepEqual(
      report.failovers.map((f) => [f.vm, f.from, f.failedAt, f.detectedAt, f.onlineAt, f.downtime]),
      [
        ['WEB02', 'HV03', 720, 725, 785, 65],
        ['DC01', 'HV03', 720, 725, 785, 65],
      ],
    );
    // Without preferred owners 2008 R2 draws the node (DisableGroupPreferredOwnerRandomization is
    // false by default): any node that is up, the same one in every run of this seed.
    for (const f of report.failovers) assert.ok(['HV01', 'HV02', 'HV04'].includes(f.to!), `${f.vm} went to ${f.to}`);
    assert.deepEqual(example('article-cluster.cluster.json').report!.failovers.map((f) => f.to), report.failovers.map((f) => f.to));
    // "web" writes 2 MB/s to disk, "idle" 100 KB/s: 8 s of each is in the guests' caches.
    assert.deepEqual(report.failovers.map((f) => f.lostBytes), [16e6, 8e5]);
    assert.deepEqual(report.quorum.map((q) => [q.at, q.hasQuorum]), [[0, true], [725, true]]);
    assert.ok(report.vms.every((v) => v.state === 'running'));
    assert.ok(report.expectations.every((e) => e.passed));
  });

  it('node-crash-failover: every expectation holds', () => {
    const { report, diagnostics } = example('node-crash-failover.cluster.json');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(report);
    assert.deepEqual(report.expectations.filter((e) => !e.passed), []);
    // SQL01's list is HV01, HV03, HV04, HV02: the next after HV01 is HV03 (20 GiB, it needs 16).
    // WEB01's is HV03, HV02, then the others in file order, HV01, HV04: the next after HV01 is HV04.
    assert.deepEqual(report.failovers.map((f) => [f.vm, f.to, f.downtime]), [['SQL01', 'HV03', 65], ['WEB01', 'HV04', 65]]);
  });

  it('settings.failback: off by default, in the schema as in the loader', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'scenario.schema.json'), 'utf8'));
    const failback = schema.properties.settings.properties.failback;
    assert.equal(failback.type, 'boolean');
    assert.equal(failback.default, DEFAULTS.failback);
    assert.equal(DEFAULTS.failback, false);
    assert.ok(failback.description.length > 10 && failback.examples.length > 0);
  });
});
