// Loading a VM's failover policy: possibleOwners, antiAffinityClassNames, failoverThreshold,
// failoverPeriod, and the cluster's disableGroupPreferredOwnerRandomization. Errors at their JSON
// path with what a valid value looks like; warnings for a preference that can never be used.
import { strict as assert } from 'node:assert';
import { loadScenario } from '../../../src/engine';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { formatDiagnostics } from '../../../src/engine/scenario/load';
import { cluster, load, type ScenarioJson } from '../../helpers/runScenario';

const vm = (extra: ScenarioJson = {}) => ({ name: 'VM1', owner: 'HV01', memory: '1GiB', disk: 'CSV1', ...extra });

function diagnostics(json: ScenarioJson): Diagnostic[] {
  return loadScenario(JSON.stringify(json, null, 2)).diagnostics;
}

/** The errors, as the CLI prints them. */
function errorLines(json: ScenarioJson): string[] {
  const { scenario, diagnostics: ds } = loadScenario(JSON.stringify(json, null, 2));
  assert.equal(scenario, null, 'refused');
  return formatDiagnostics(ds.filter((d) => d.severity === 'error'), 'f.cluster.json').split('\n');
}

const warningsOf = (json: ScenarioJson, code: string) => diagnostics(json).filter((d) => d.severity === 'warning' && d.code === code);

describe('scenario: failover policy fields', () => {
  it('loads each field, and its default when absent', () => {
    const s = load(
      cluster({
        settings: { disableGroupPreferredOwnerRandomization: true },
        vms: [vm({ possibleOwners: ['HV01', 'HV02'], antiAffinityClassNames: ['SQL', 'Tier 1'], failoverThreshold: 2, failoverPeriod: '12h' }), vm({ name: 'VM2' })],
      }),
    );
    assert.equal(s.settings.disableGroupPreferredOwnerRandomization, true);
    const [a, b] = s.vms;
    assert.deepEqual([a.possibleOwners, a.antiAffinityClassNames, a.failoverThreshold, a.failoverPeriod], [['HV01', 'HV02'], ['SQL', 'Tier 1'], 2, 12 * 3600]);
    // Defaults: every node, no class, n - 1 = 2 for three nodes, 6 hours.
    assert.deepEqual([b.possibleOwners, b.antiAffinityClassNames, b.failoverThreshold, b.failoverPeriod], [['HV01', 'HV02', 'HV03'], [], 2, 6 * 3600]);
    assert.equal(load(cluster()).settings.disableGroupPreferredOwnerRandomization, false);
  });

  it('owner-not-possible-owner: the owner must be one of the possible owners, an error at the owner saying which are', () => {
    const lines = errorLines(cluster({ vms: [vm({ owner: 'HV03', possibleOwners: ['HV01', 'HV02'] })] }));
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /^f\.cluster\.json:\d+:\d+: error: \$\.vms\[0\]\.owner: VM "VM1" starts on HV03, which is not one of its possible owners \("HV01", "HV02"\): it could never run there\. Expected one of its possible owners as owner \("HV01", "HV02"\), or "HV03" added to "possibleOwners"\.$/,
    );
  });

  it('possibleOwners: names must exist and appear once, and the list is not empty', () => {
    assert.match(errorLines(cluster({ vms: [vm({ possibleOwners: ['HV01', 'HV9'] })] }))[0], /\$\.vms\[0\]\.possibleOwners\[1\]: unknown node "HV9" \(possible owners of VM "VM1"\)/);
    assert.match(errorLines(cluster({ vms: [vm({ possibleOwners: ['HV01', 'HV02', 'HV01'] })] })).join('\n'), /\$\.vms\[0\]\.possibleOwners\[2\]/);
    assert.match(errorLines(cluster({ vms: [vm({ possibleOwners: [] })] }))[0], /\$\.vms\[0\]\.possibleOwners/);
  });

  it('antiAffinityClassNames: a list of non-empty strings, each once', () => {
    assert.match(errorLines(cluster({ vms: [vm({ antiAffinityClassNames: ['SQL', 'SQL'] })] })).join('\n'), /\$\.vms\[0\]\.antiAffinityClassNames/);
    assert.match(errorLines(cluster({ vms: [vm({ antiAffinityClassNames: [''] })] })).join('\n'), /\$\.vms\[0\]\.antiAffinityClassNames\[0\]/);
    assert.match(errorLines(cluster({ vms: [vm({ antiAffinityClassNames: 'SQL' })] })).join('\n'), /\$\.vms\[0\]\.antiAffinityClassNames/);
  });

  it('failoverThreshold: an integer from 0 to 4294967295 (FailoverThreshold is a DWORD)', () => {
    assert.match(errorLines(cluster({ vms: [vm({ failoverThreshold: -1 })] })).join('\n'), /\$\.vms\[0\]\.failoverThreshold/);
    assert.match(errorLines(cluster({ vms: [vm({ failoverThreshold: 1.5 })] })).join('\n'), /\$\.vms\[0\]\.failoverThreshold/);
    assert.match(errorLines(cluster({ vms: [vm({ failoverThreshold: 4294967296 })] })).join('\n'), /\$\.vms\[0\]\.failoverThreshold/);
    assert.equal(load(cluster({ vms: [vm({ failoverThreshold: 4294967295 })] })).vms[0].failoverThreshold, 2, '0xFFFFFFFF: n - 1');
  });

  it('failoverPeriod: a whole number of hours, at most 1193 (FailoverPeriod is in hours, 0 to 1193)', () => {
    assert.match(
      errorLines(cluster({ vms: [vm({ failoverPeriod: '90m' })] }))[0],
      /\$\.vms\[0\]\.failoverPeriod: the failover period of VM "VM1" is "90m": 2008 R2's FailoverPeriod is a whole number of hours\. Expected a whole number of hours from "0h" to "1193h", such as "6h"\.$/,
    );
    assert.match(errorLines(cluster({ vms: [vm({ failoverPeriod: '1194h' })] }))[0], /\$\.vms\[0\]\.failoverPeriod: .*at most 1193 hours\. Expected a time of at most "1193h"\.$/);
    assert.equal(load(cluster({ vms: [vm({ failoverPeriod: '1193h' })] })).vms[0].failoverPeriod, 1193 * 3600);
    assert.equal(load(cluster({ vms: [vm({ failoverPeriod: '0h' })] })).vms[0].failoverPeriod, 0);
    assert.match(errorLines(cluster({ vms: [vm({ failoverPeriod: 6 })] })).join('\n'), /\$\.vms\[0\]\.failoverPeriod/);
  });

  it('preferred-owner-not-possible-owner: a warning (2008 R2 accepts it; the preference is never used)', () => {
    const [w] = warningsOf(cluster({ vms: [vm({ preferredOwners: ['HV01', 'HV02'], possibleOwners: ['HV01', 'HV03'] })] }), 'preferred-owner-not-possible-owner');
    assert.deepEqual(w.path, ['vms', 0, 'preferredOwners', 1]);
    assert.match(w.message, /HV02, a preferred owner of VM "VM1", is not one of its possible owners: the cluster never places it there/);
    assert.deepEqual(warningsOf(cluster({ vms: [vm({ preferredOwners: ['HV01', 'HV03'], possibleOwners: ['HV01', 'HV03'] })] }), 'preferred-owner-not-possible-owner'), []);
  });

  it('no-failover-node: a warning when the owner is the only possible owner', () => {
    const [w] = warningsOf(cluster({ vms: [vm({ possibleOwners: ['HV01'] })] }), 'no-failover-node');
    assert.deepEqual(w.path, ['vms', 0, 'possibleOwners']);
    assert.match(w.message, /VM "VM1" has HV01 as its only possible owner/);
    assert.deepEqual(warningsOf(cluster({ vms: [vm({ possibleOwners: ['HV01', 'HV02'] })] }), 'no-failover-node'), []);
  });

  it('insufficient-failover-memory counts only the possible owners: a VM that can go only to a full node cannot restart', () => {
    const nodes = [
      { name: 'HV01', memory: '16GiB' },
      { name: 'HV02', memory: '16GiB' },
      { name: 'HV03', memory: '16GiB' },
    ];
    const vms = [vm({ memory: '8GiB', possibleOwners: ['HV01', 'HV02'] }), vm({ name: 'BIG', owner: 'HV02', memory: '12GiB' })];
    const [w] = warningsOf(cluster({ nodes, vms }), 'insufficient-failover-memory');
    assert.match(w.message, /if HV01 fails, 8 GiB of its running VMs cannot restart elsewhere \(VM1 8 GiB\)/);
    assert.match(w.message, /not in pieces large enough on their possible owners/);
    // Allowed on HV03 too, it fits there: no warning.
    assert.deepEqual(warningsOf(cluster({ nodes, vms: [vm({ memory: '8GiB' }), vms[1]] }), 'insufficient-failover-memory'), []);
  });
});
