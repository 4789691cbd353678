import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import type { JsonPath } from '../../../src/engine/scenario/model';
import { checkSemantics } from '../../../src/engine/scenario/semantic';
import { clusterWarnings } from '../../../src/engine/scenario/warnings';
import { build, DEFAULT_VMS, GiB, TiB, type ScenarioInput } from './scenarioBuilder';

/** Errors of a scenario built from `input`. */
function errors(input: ScenarioInput): Diagnostic[] {
  return checkSemantics(build(input));
}

/** The one diagnostic with `code` (fails listing everything when there is not exactly one). */
function one(ds: readonly Diagnostic[], code: string): Diagnostic {
  const found = ds.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got:\n${JSON.stringify(ds, null, 1)}`);
  const d = found[0]!;
  assert.equal(d.severity, 'error');
  assert.ok(d.hint, `${code} has a hint`);
  return d;
}

function none(ds: readonly Diagnostic[], code?: string): void {
  const found = code === undefined ? ds : ds.filter((d) => d.code === code);
  assert.deepEqual(found, [], `expected no ${code ?? 'diagnostics'}`);
}

const atPath = (ds: readonly Diagnostic[], path: JsonPath): Diagnostic | undefined =>
  ds.find((d) => JSON.stringify(d.path) === JSON.stringify(path));

describe('semantic checks', () => {
  it('the default test cluster is clean (no errors, no warnings)', () => {
    none(checkSemantics(build()));
    none(clusterWarnings(build()));
  });

  it('duplicate-name: points at the second occurrence and says where the first is', () => {
    const dup = errors({ nodes: ['HV01', 'HV02', 'HV01'] });
    const d = one(dup, 'duplicate-name');
    none(dup, 'duplicate-in-list'); // lists defaulted to every node do not repeat the error
    assert.deepEqual(d.path, ['nodes', 2, 'name']);
    assert.match(d.message, /node name "HV01"/);
    assert.match(d.message, /\$\.nodes\[0\]/);

    // every kind, and names are not case-sensitive
    const ds = errors({
      networks: [{ name: 'LAN', role: 'clusterAndClient' }, { name: 'lan', role: 'cluster' }],
      disks: [{ name: 'D1' }, { name: 'D1' }],
      vms: [{ name: 'VM01', disk: 'D1' }, { name: 'VM01', disk: 'D1' }],
    });
    assert.deepEqual(
      ds.filter((x) => x.code === 'duplicate-name').map((x) => x.path),
      [
        ['networks', 1, 'name'],
        ['disks', 1, 'name'],
        ['vms', 1, 'name'],
      ],
    );
    assert.match(atPath(ds, ['networks', 1, 'name'])!.message, /not case-sensitive/);
  });

  it('unknown-name: names the kind and the name; the hint lists valid names and a did-you-mean', () => {
    const d = one(errors({ vms: [{ name: 'VM01', owner: 'HV2' }] }), 'unknown-name');
    assert.deepEqual(d.path, ['vms', 0, 'owner']);
    assert.match(d.message, /unknown node "HV2"/);
    assert.match(d.message, /owner of VM "VM01"/);
    assert.match(d.hint!, /"HV02" \(did you mean it\?\)/);
    assert.match(d.hint!, /"HV01"/);

    const far = one(errors({ vms: [{ name: 'VM01', owner: 'SQLHOST' }] }), 'unknown-name');
    assert.equal(far.hint, 'a node name: "HV01", "HV02", "HV03"');

    // a shortened name still finds its full name
    const short = one(errors({ vms: [{ name: 'VM01', disk: 'Disk 1' }] }), 'unknown-name');
    assert.match(short.hint!, /^"Cluster Disk 1" \(did you mean it\?\)/);
  });

  it('unknown-name: every place a name is referenced', () => {
    const ds = errors({
      settings: {
        quorum: { model: 'nodeAndDiskMajority', witness: 'Nope' },
        liveMigration: { networks: ['Nope'] },
      },
      networks: [
        { name: 'Cluster', role: 'cluster', nodes: ['HV01', 'HV02', 'HV03', 'Nope'] },
        { name: 'Live Migration', role: 'cluster' },
        { name: 'iSCSI', role: 'none' },
        { name: 'LAN', role: 'clusterAndClient' },
      ],
      disks: [
        { name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' },
        { name: 'D2', csv: true, storagePath: 'Nope', coordinator: 'Nope' },
      ],
      vms: [
        { name: 'VM01', owner: 'HV01', disk: 'Nope', preferredOwners: ['HV01', 'Nope'], liveMigrationNetworks: ['Nope'] },
        { name: 'VM02', owner: 'HV02', memory: 4 * GiB },
      ],
      timeline: [
        { at: 1, do: 'liveMigrate', vm: 'Nope', to: 'Nope' },
        { at: 2, do: 'disconnect', node: 'Nope', network: 'Nope' },
        { at: 3, do: 'backup', disk: 'Nope', duration: 60 },
      ],
      expect: [
        { vm: 'Nope', endsOn: 'Nope' },
        { disk: 'Nope', coordinator: 'Nope' },
      ],
    });
    const unknown = ds.filter((d) => d.code === 'unknown-name');
    const expected: Array<[JsonPath, string]> = [
      [['networks', 0, 'nodes', 3], 'node'],
      [['disks', 1, 'path'], 'network'],
      [['disks', 1, 'coordinator'], 'node'],
      [['vms', 0, 'disk'], 'disk'],
      [['vms', 0, 'preferredOwners', 1], 'node'],
      [['vms', 0, 'liveMigrationNetworks', 0], 'network'],
      [['settings', 'liveMigration', 'networks', 0], 'network'],
      [['settings', 'quorum', 'witness'], 'disk'],
      [['timeline', 0, 'vm'], 'VM'],
      [['timeline', 0, 'to'], 'node'],
      [['timeline', 1, 'node'], 'node'],
      [['timeline', 1, 'network'], 'network'],
      [['timeline', 2, 'disk'], 'disk'],
      [['expect', 0, 'vm'], 'VM'],
      [['expect', 0, 'endsOn'], 'node'],
      [['expect', 1, 'disk'], 'disk'],
      [['expect', 1, 'coordinator'], 'node'],
    ];
    for (const [path, kind] of expected) {
      const d = atPath(unknown, path);
      assert.ok(d, `unknown-name at ${JSON.stringify(path)}`);
      assert.match(d.message, new RegExp(`unknown ${kind} "Nope"`));
    }
    assert.equal(unknown.length, expected.length);
    // a storage path may also be "fabric"
    assert.match(atPath(unknown, ['disks', 1, 'path'])!.hint!, /"fabric"/);
  });

  it('duplicate-in-list: a name listed twice', () => {
    const d = one(errors({ vms: [{ name: 'VM01', preferredOwners: ['HV01', 'HV02', 'HV01'] }] }), 'duplicate-in-list');
    assert.deepEqual(d.path, ['vms', 0, 'preferredOwners', 2]);
    assert.match(d.message, /"HV01" appears twice/);
  });

  it('reserved-name: a network called "fabric"', () => {
    const d = one(errors({ networks: [{ name: 'Cluster', role: 'cluster' }, { name: 'Fabric', role: 'none' }] }), 'reserved-name');
    assert.deepEqual(d.path, ['networks', 1, 'name']);
    assert.match(d.message, /"Fabric"/);
  });

  it('vm-memory-exceeds-node: a VM larger than its owner', () => {
    const d = one(
      errors({ nodes: [{ name: 'HV01', memory: 16 * GiB }, 'HV02'], vms: [{ name: 'BIG', owner: 'HV01', memory: 32 * GiB }] }),
      'vm-memory-exceeds-node',
    );
    assert.deepEqual(d.path, ['vms', 0, 'memory']);
    assert.match(d.message, /VM "BIG" has 32 GiB/);
    assert.match(d.message, /more than its owner HV01 has \(16 GiB\)/);
    assert.match(d.hint!, /HV02 \(64 GiB\)/);
  });

  it('node-memory-overcommitted: running VMs on one node exceed it; off and saved VMs do not count', () => {
    const nodes = [{ name: 'HV01', memory: 16 * GiB }, 'HV02'];
    const ds = errors({
      nodes,
      vms: [
        { name: 'A', owner: 'HV01', memory: 8 * GiB },
        { name: 'B', owner: 'HV01', memory: 6 * GiB },
        { name: 'C', owner: 'HV01', memory: 4 * GiB },
      ],
    });
    const d = one(ds, 'node-memory-overcommitted');
    assert.deepEqual(d.path, ['vms', 2, 'owner']);
    assert.match(d.message, /on HV01 need 18 GiB/);
    assert.match(d.message, /VM "C" does not fit/);
    none(ds, 'vm-memory-exceeds-node');

    none(
      errors({
        nodes,
        vms: [
          { name: 'A', owner: 'HV01', memory: 8 * GiB },
          { name: 'B', owner: 'HV01', memory: 6 * GiB, state: 'off' },
          { name: 'C', owner: 'HV01', memory: 4 * GiB, state: 'saved' },
        ],
      }),
    );
  });

  it('csv-without-path: a CSV needs a storage path', () => {
    const d = one(errors({ disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: null }] }), 'csv-without-path');
    assert.deepEqual(d.path, ['disks', 0]);
    assert.match(d.message, /"Cluster Disk 1" is a Cluster Shared Volume/);
    assert.match(d.hint!, /"fabric"/);
    none(errors({ disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'fabric' }] }));
  });

  it('witness-is-csv: a witness disk must be a classic disk', () => {
    const d = one(
      errors({
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Witness' } },
        disks: [...[{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' }], { name: 'Witness', role: 'witness', csv: true, storagePath: 'iSCSI' }],
      }),
      'witness-is-csv',
    );
    assert.deepEqual(d.path, ['disks', 1, 'csv']);
    assert.match(d.message, /"Witness"/);
  });

  it('witness-hosts-vms: no VM on the witness disk', () => {
    const d = one(
      errors({
        disks: [
          { name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' },
          { name: 'Witness', role: 'witness', storagePath: 'iSCSI', size: 1 * GiB },
        ],
        vms: [{ name: 'VM01', owner: 'HV01', disk: 'Witness', vhd: 0.5 * GiB }],
      }),
      'witness-hosts-vms',
    );
    assert.deepEqual(d.path, ['vms', 0, 'disk']);
    assert.match(d.message, /VM "VM01" is on "Witness"/);
    assert.match(d.hint!, /"Cluster Disk 1"/);
  });

  it('witness-not-witness-disk: the quorum witness must have role witness', () => {
    const d = one(
      errors({
        settings: { quorum: { model: 'nodeAndDiskMajority', witness: 'Quorum' } },
        disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' }, { name: 'Quorum', storagePath: 'iSCSI', size: 1 * GiB }],
      }),
      'witness-not-witness-disk',
    );
    assert.deepEqual(d.path, ['settings', 'quorum', 'witness']);
    assert.match(d.message, /"Quorum"/);
  });

  it('Disk Only: the witness must be a witness disk, and (as any witness disk) not a CSV', () => {
    const d = one(
      errors({
        settings: { quorum: { model: 'diskOnly', witness: 'Quorum' } },
        disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' }, { name: 'Quorum', storagePath: 'iSCSI', size: 1 * GiB }],
      }),
      'witness-not-witness-disk',
    );
    assert.deepEqual(d.path, ['settings', 'quorum', 'witness']);
    const u = one(errors({ settings: { quorum: { model: 'diskOnly', witness: 'Nope' } } }), 'unknown-name');
    assert.deepEqual(u.path, ['settings', 'quorum', 'witness']);
    const csv = one(
      errors({
        settings: { quorum: { model: 'diskOnly', witness: 'Witness' } },
        disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' }, { name: 'Witness', role: 'witness', csv: true, storagePath: 'iSCSI' }],
      }),
      'witness-is-csv',
    );
    assert.deepEqual(csv.path, ['disks', 1, 'csv']);
  });

  it('Node and File Share Majority: the file share witness is reached over an existing client network', () => {
    const fsw = (network: string) => ({ quorum: { model: 'nodeAndFileShareMajority' as const, fileShareWitness: { network } } });
    none(errors({ settings: fsw('LAN') }));
    const u = one(errors({ settings: fsw('Public') }), 'unknown-name');
    assert.deepEqual(u.path, ['settings', 'quorum', 'fileShareWitness', 'network']);
    assert.match(u.message, /unknown network "Public" \(network of the file share witness\)/);
    const c = one(errors({ settings: fsw('Cluster') }), 'file-share-witness-not-client-network');
    assert.deepEqual(c.path, ['settings', 'quorum', 'fileShareWitness', 'network']);
    assert.match(c.message, /network "Cluster", whose role is "cluster": a cluster-only network is private to the nodes/);
    assert.equal(c.hint, 'a network of role "clusterAndClient": "LAN"');
    const n = one(errors({ settings: fsw('iSCSI') }), 'file-share-witness-not-client-network');
    assert.match(n.message, /whose role is "none": a network the cluster does not use is kept for storage/);
  });

  it('vhds-exceed-disk: the VHDs on a disk must fit in it', () => {
    const d = one(
      errors({
        disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI', size: 1 * TiB }],
        vms: [
          { name: 'VM01', owner: 'HV01', vhd: 600 * GiB },
          { name: 'VM02', owner: 'HV02', vhd: 500 * GiB },
        ],
      }),
      'vhds-exceed-disk',
    );
    assert.deepEqual(d.path, ['disks', 0, 'size']);
    assert.match(d.message, /"Cluster Disk 1" need 1\.07 TiB/);
    assert.match(d.message, /VM01 600 GiB, VM02 500 GiB/);
  });

  it('a VM whose owner is not among its preferred owners is allowed', () => {
    none(errors({ vms: [{ name: 'VM01', owner: 'HV03', preferredOwners: ['HV01', 'HV02'] }] }));
  });

  it("owner-not-on-storage-path: the owner must be attached to the disk's storage network", () => {
    const networks = [
      { name: 'Cluster', role: 'cluster' as const },
      { name: 'Live Migration', role: 'cluster' as const },
      { name: 'iSCSI', role: 'none' as const, nodes: ['HV01', 'HV02'] },
    ];
    const d = one(errors({ networks, vms: [{ name: 'VM01', owner: 'HV03' }] }), 'owner-not-on-storage-path');
    assert.deepEqual(d.path, ['vms', 0, 'owner']);
    assert.match(d.message, /VM "VM01" runs on HV03, which is not attached to "iSCSI"/);
    assert.match(d.hint!, /"HV01", "HV02"/);
    // Fibre Channel reaches every node
    none(
      errors({ networks, disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'fabric' }], vms: [{ name: 'VM01', owner: 'HV03' }] }),
      'owner-not-on-storage-path',
    );
  });

  it('classic-disk-split: every VM of a classic disk is on the one node it is online on', () => {
    const disks = [{ name: 'Disk Q', storagePath: 'fabric' }];
    const d = one(
      errors({ disks, vms: [{ name: 'APP', owner: 'HV01', disk: 'Disk Q' }, { name: 'DB', owner: 'HV02', disk: 'Disk Q', state: 'off' }] }),
      'classic-disk-split',
    );
    assert.deepEqual(d.path, ['vms', 1, 'owner']);
    assert.match(d.message, /VM "DB" is on HV02, but its disk "Disk Q" is a classic cluster disk online on HV01 \(with VM "APP"\)/);
    assert.match(d.hint!, /"owner": "HV01", or "csv": true/);
    none(errors({ disks, vms: [{ name: 'APP', owner: 'HV01', disk: 'Disk Q' }, { name: 'DB', owner: 'HV01', disk: 'Disk Q' }] }), 'classic-disk-split');
    // A Cluster Shared Volume is online on every node.
    none(errors({ disks: [{ name: 'Disk Q', csv: true, storagePath: 'fabric' }], vms: [{ name: 'APP', owner: 'HV01', disk: 'Disk Q' }, { name: 'DB', owner: 'HV02', disk: 'Disk Q' }] }), 'classic-disk-split');
  });

  it('coordinator-not-on-storage-path: the coordinator (initial or moved to) needs direct access', () => {
    const networks = [
      { name: 'Cluster', role: 'cluster' as const },
      { name: 'iSCSI', role: 'none' as const, nodes: ['HV01', 'HV02'] },
    ];
    const ds = errors({
      networks,
      disks: [{ name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI', coordinator: 'HV03' }],
      vms: [],
      timeline: [
        { at: 10, do: 'moveCoordinator', disk: 'Cluster Disk 1', to: 'HV03' },
        // A backup or a repair run on HV03 would move the volume there.
        { at: 20, do: 'backup', disk: 'Cluster Disk 1', duration: 60, node: 'HV03' },
        { at: 30, do: 'repairVolume', disk: 'Cluster Disk 1', task: 'defrag', duration: 60, node: 'HV03' },
        { at: 40, do: 'backup', disk: 'Cluster Disk 1', duration: 60, node: 'HV02' },
      ],
    });
    const found = ds.filter((d) => d.code === 'coordinator-not-on-storage-path');
    assert.deepEqual(
      found.map((d) => d.path),
      [
        ['disks', 0, 'coordinator'],
        ['timeline', 0, 'to'],
        ['timeline', 1, 'node'],
        ['timeline', 2, 'node'],
      ],
    );
    assert.ok(found.every((d) => /HV03/.test(d.message) && /"iSCSI"/.test(d.message)));
  });

  it('timeline-out-of-order: points at the later-listed, earlier entry and says the previous time', () => {
    const d = one(
      errors({
        timeline: [
          { at: 30, do: 'crashNode', node: 'HV03' },
          { at: 300, do: 'startNode', node: 'HV03' },
          { at: 120, do: 'drainNode', node: 'HV02' },
        ],
      }),
      'timeline-out-of-order',
    );
    assert.deepEqual(d.path, ['timeline', 2, 'at']);
    assert.match(d.message, /"drainNode" at 2m is listed after an entry at 5m/);
    assert.match(d.hint!, /at least 5m/);
  });

  it('migrate-to-current-node: the first move of a VM to the node it is already on', () => {
    const d = one(errors({ timeline: [{ at: 30, do: 'liveMigrate', vm: 'VM01', to: 'HV01' }] }), 'migrate-to-current-node');
    assert.deepEqual(d.path, ['timeline', 0, 'to']);
    assert.match(d.message, /VM "VM01" is already on HV01/);
    assert.match(d.hint!, /"HV02", "HV03"/);
    one(errors({ timeline: [{ at: 30, do: 'quickMigrate', vm: 'VM01', to: 'HV01' }] }), 'migrate-to-current-node');
  });

  it('migrate-to-current-node: not flagged when something earlier may have moved the VM', () => {
    const back = { at: 60, do: 'liveMigrate', vm: 'VM01', to: 'HV01' } as const;
    none(errors({ timeline: [{ at: 30, do: 'liveMigrate', vm: 'VM01', to: 'HV02' }, back] }));
    none(errors({ timeline: [{ at: 30, do: 'drainNode', node: 'HV01' }, back] }));
    none(errors({ timeline: [{ at: 30, do: 'crashNode', node: 'HV01' }, back] }));
    none(errors({ timeline: [{ at: 30, do: 'failNetwork', network: 'Cluster' }, back] }));
    // a quick migration of a VM on the same classic disk took VM01 along
    none(
      errors({
        disks: [{ name: 'LUN1', storagePath: 'iSCSI' }],
        vms: [
          { name: 'VM01', owner: 'HV01', disk: 'LUN1' },
          { name: 'VM02', owner: 'HV01', disk: 'LUN1' },
        ],
        timeline: [{ at: 30, do: 'quickMigrate', vm: 'VM02', to: 'HV02' }, back],
      }),
    );
  });

  it('not-a-csv: CSV-only actions and expectations on a classic disk; maintenance is not one of them', () => {
    const disks = [
      { name: 'Cluster Disk 1', csv: true, storagePath: 'iSCSI' },
      { name: 'LUN2', storagePath: 'iSCSI' },
    ];
    for (const action of [
      { at: 1, do: 'redirectedAccess', disk: 'LUN2', on: true },
      { at: 1, do: 'moveCoordinator', disk: 'LUN2', to: 'HV02' },
      { at: 1, do: 'backup', disk: 'LUN2', duration: 60 },
      { at: 1, do: 'repairVolume', disk: 'LUN2', task: 'chkdsk', duration: 60 },
    ] as const) {
      const d = one(errors({ disks, timeline: [action] }), 'not-a-csv');
      assert.deepEqual(d.path, ['timeline', 0, 'disk']);
      assert.match(d.message, new RegExp(`disk "LUN2" is a classic cluster disk; ${action.do}`));
      assert.match(d.hint!, /"Cluster Disk 1"/);
    }
    none(errors({ disks, timeline: [{ at: 1, do: 'maintenance', disk: 'Cluster Disk 1', on: true }] }));
    // Suspend-ClusterResource turns maintenance on for a classic disk too (its VMs stay online).
    none(errors({ disks, timeline: [{ at: 1, do: 'maintenance', disk: 'LUN2', on: true }] }));

    const x = one(errors({ disks, expect: [{ disk: 'LUN2', redirected: false }] }), 'not-a-csv');
    assert.deepEqual(x.path, ['expect', 0, 'disk']);
  });

  it('not-attached: disconnect/reconnect a node from a network it is not attached to', () => {
    const networks = [
      { name: 'Cluster', role: 'cluster' as const },
      { name: 'Live Migration', role: 'cluster' as const, nodes: ['HV01', 'HV02'] },
      { name: 'iSCSI', role: 'none' as const },
    ];
    const d = one(errors({ networks, timeline: [{ at: 5, do: 'disconnect', node: 'HV03', network: 'Live Migration' }] }), 'not-attached');
    assert.deepEqual(d.path, ['timeline', 0, 'network']);
    assert.match(d.message, /HV03 is not attached to network "Live Migration"/);
    assert.match(d.hint!, /"Cluster", "iSCSI"/);
    one(errors({ networks, timeline: [{ at: 5, do: 'reconnect', node: 'HV03', network: 'Live Migration' }] }), 'not-attached');
    none(errors({ networks, timeline: [{ at: 5, do: 'disconnect', node: 'HV02', network: 'Live Migration' }] }));
  });

  it('duration-before-timeline-end: the last entry would never happen', () => {
    const timeline = [
      { at: 30, do: 'drainNode', node: 'HV01' },
      { at: 600, do: 'resumeNode', node: 'HV01' },
    ] as const;
    const d = one(errors({ duration: 300, timeline: [...timeline] }), 'duration-before-timeline-end');
    assert.deepEqual(d.path, ['duration']);
    assert.match(d.message, /stops at 5m, before the timeline entry "resumeNode" at 10m/);
    assert.match(d.hint!, /at least 10m/);
    none(errors({ duration: 600, timeline: [...timeline] }));
    none(errors({ duration: null, timeline: [...timeline] }));
  });

  it('keeps going on a scenario full of mistakes (no throw)', () => {
    const ds = errors({
      nodes: [],
      networks: [],
      disks: [],
      vms: [...DEFAULT_VMS],
      timeline: [{ at: 1, do: 'liveMigrate', vm: 'VM01', to: 'HV01' }],
    });
    assert.ok(ds.length > 0);
    assert.ok(ds.every((d) => d.severity === 'error' && d.message.length > 0));
    assert.doesNotThrow(() => clusterWarnings(build({ nodes: [], networks: [], disks: [], vms: [...DEFAULT_VMS] })));
  });
});
