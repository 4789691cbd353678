import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioText } from '../../src/engine';
import { netftNetwork } from '../../src/engine/network/order';
import { cluster, load, run } from '../helpers/runScenario';

/**
 * What the article in shared/seed says a 2008 R2 cluster does, checked against the engine.
 * These are the figures our users know; if the engine disagrees, it is the engine that is wrong.
 */
describe('validation against the article', () => {
  it('"around eight seconds per 1GB of memory" for a quick migration with the default disk throughput', () => {
    for (const gib of [1, 2, 4, 8]) {
      const { report } = run(
        cluster({
          // No throughput given: the default, on a fabric so no network stands in the way.
          disks: [{ name: 'CSV1', size: '2TiB', csv: true, path: 'fabric' }],
          vms: [{ name: 'VM1', owner: 'HV01', memory: `${gib}GiB`, disk: 'CSV1' }],
          timeline: [{ at: '5s', do: 'quickMigrate', vm: 'VM1', to: 'HV02' }],
        }),
      );
      const perGiB = report.migrations[0].blackout! / gib;
      assert.ok(perGiB > 7 && perGiB < 9, `${gib} GiB: ${perGiB.toFixed(2)} s per GiB`);
    }
  });

  it('"this moment is milliseconds and below the TCP connection timeout": the article cluster’s SQL live migration', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'examples', 'article-cluster.cluster.json'), 'utf8');
    const { report } = runScenarioText(text);
    const sql = report!.migrations.find((m) => m.vm === 'SQL01' && m.type === 'live')!;
    assert.equal(sql.outcome, 'completed');
    assert.ok(sql.blackout! < 1, `blackout ${sql.blackout}`);
    assert.equal(sql.clientsDisconnected, 0);
    assert.ok(sql.passes.length > 1, 'several memory copy passes, each smaller than the one before');
    for (let i = 1; i < sql.passes.length; i++) assert.ok(sql.passes[i].pages < sql.passes[i - 1].pages);
  });

  it('"a cluster network not enabled for client communications will have the lowest metric and be used by NetFT"', () => {
    const s = load(cluster({ settings: {} }));
    const byName = new Map(s.networks.map((n) => [n.name, n.metric]));
    assert.ok(byName.get('Cluster')! < byName.get('LAN')!);
    assert.equal(netftNetwork(s.networks, 'HV01', 'HV02')?.name, 'Cluster');
  });

  it('"by default, the Live Migration traffic is enabled on the network with the second lowest metric"', () => {
    const { report } = run(
      cluster({
        settings: {},
        vms: [{ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1' }],
        timeline: [{ at: '1s', do: 'liveMigrate', vm: 'VM1', to: 'HV02' }],
      }),
    );
    assert.equal(report.migrations[0].network, 'Live Migration');
  });

  it('"if you placed two VMs on a single LUN and wanted to move only one, the move would force the second VM to also move"', () => {
    const { report } = run(
      cluster({
        disks: [{ name: 'LUN1', size: '500GiB', path: 'fabric' }],
        vms: [
          { name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'LUN1' },
          { name: 'VM2', owner: 'HV01', memory: '1GiB', disk: 'LUN1' },
        ],
        timeline: [{ at: '1s', do: 'quickMigrate', vm: 'VM1', to: 'HV02' }],
      }),
    );
    assert.deepEqual(report.migrations[0].movedWith, ['VM2']);
    assert.deepEqual(report.vms.map((v) => v.node), ['HV02', 'HV02']);
  });
});
