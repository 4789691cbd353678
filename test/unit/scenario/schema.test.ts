import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import schema from '../../../schemas/scenario.schema.json';
import { ACTIONS, ACTION_KINDS } from '../../../src/engine/scenario/actions';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { loadScenario } from '../../../src/engine/scenario/load';
import { DEFAULTS } from '../../../src/engine/scenario/normalize';
import { EDITOR_KEYWORDS, checkSchema } from '../../../src/engine/scenario/schemaCheck';
import { QUANTITY_PATTERNS } from '../../../src/engine/scenario/units';
import { WORKLOAD_PRESET_NAMES } from '../../../src/engine/scenario/workloadPresets';

type Json = Record<string, unknown>;
const root = schema as unknown as Json;

/** Follows a dotted path of keys through the schema. */
function at(path: string): Json {
  let cur: unknown = root;
  for (const key of path.split('.')) cur = (cur as Json)[key];
  return cur as Json;
}

/** Every subschema with its JSON pointer, not descending into `if` (those only select a branch). */
function walk(node: unknown, pointer: string, visit: (s: Json, pointer: string) => void): void {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const s = node as Json;
  visit(s, pointer);
  for (const key of ['properties', 'definitions']) {
    const children = s[key] as Json | undefined;
    if (children) for (const [k, v] of Object.entries(children)) walk(v, `${pointer}/${key}/${k}`, visit);
  }
  for (const key of ['anyOf', 'allOf']) {
    const list = s[key] as unknown[] | undefined;
    if (list) list.forEach((v, i) => walk(v, `${pointer}/${key}/${i}`, visit));
  }
  for (const key of ['items', 'then', 'else']) if (s[key]) walk(s[key], `${pointer}/${key}`, visit);
}

function editorAjv(options: Json = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, ...options });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  ajv.addSchema(root, 'scenario');
  return ajv;
}

/** A snippet body with its placeholders replaced by their defaults: `${1:HV01}` -> HV01, `${2|a,b|}` -> a. */
function expandSnippet(body: unknown): unknown {
  if (typeof body === 'string') return body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
  if (Array.isArray(body)) return body.map(expandSnippet);
  if (body !== null && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, expandSnippet(v)]));
  return body;
}

/** A small valid scenario; each test breaks one thing in a fresh copy. */
function base(): Json {
  return {
    name: 'test',
    nodes: [
      { name: 'HV01', memory: '64GiB' },
      { name: 'HV02', memory: '64GiB' },
    ],
    networks: [
      { name: 'Cluster', role: 'cluster', bandwidth: '1Gbps' },
      { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' },
    ],
    disks: [{ name: 'Cluster Disk 1', size: '2TiB', csv: true, path: 'fabric' }],
    vms: [{ name: 'SQL01', owner: 'HV01', memory: '8GiB', disk: 'Cluster Disk 1', workload: 'database', clients: 20 }],
    timeline: [{ at: '30s', do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }],
    expect: [{ vm: 'SQL01', endsOn: 'HV02' }],
  };
}

function only(diags: Diagnostic[]): Diagnostic {
  assert.equal(diags.length, 1, `expected exactly one diagnostic, got:\n${diags.map((d) => `${JSON.stringify(d.path)} ${d.message}`).join('\n')}`);
  return diags[0];
}

function check(mutate: (s: Json) => void): Diagnostic[] {
  const s = base();
  mutate(s);
  return checkSchema(s);
}

const vm0 = (s: Json): Json => (s.vms as Json[])[0];
const tl0 = (s: Json): Json => (s.timeline as Json[])[0];

/** 1-based line and column of `needle` (its `nth` occurrence) in `text`, counted independently of the loader. */
function position(text: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" #${nth} not found`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('scenario schema', () => {
  describe('the schema itself', () => {
    it('compiles in ajv strict mode (editor keywords declared as annotations)', () => {
      const ajv = new Ajv({ strict: true, allErrors: true });
      ajv.addVocabulary(EDITOR_KEYWORDS);
      assert.doesNotThrow(() => ajv.compile(root));
    });

    it('is draft-07 and allows $schema at the top', () => {
      assert.equal(root.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.deepEqual(checkSchema({ ...base(), $schema: '../schemas/scenario.schema.json' }), []);
    });

    it('gives every property a description and examples', () => {
      const missing: string[] = [];
      walk(root, '#', (s, pointer) => {
        for (const [key, prop] of Object.entries((s.properties as Json | undefined) ?? {})) {
          if (prop === null || typeof prop !== 'object') continue; // `true` / `false` in then-branches
          const p = prop as Json;
          if (typeof p.description !== 'string' || p.description.length < 10) missing.push(`${pointer}/properties/${key}: description`);
          if (!Array.isArray(p.examples) || p.examples.length === 0) missing.push(`${pointer}/properties/${key}: examples`);
        }
      });
      assert.deepEqual(missing, []);
    });

    it('closes every object with additionalProperties: false, so typos are caught', () => {
      const open: string[] = [];
      walk(root, '#', (s, pointer) => {
        if (s.type === 'object' && s.additionalProperties !== false) open.push(pointer);
      });
      assert.deepEqual(open, []);
    });

    it('uses the patterns of units.ts for every quantity', () => {
      for (const kind of ['time', 'size', 'bandwidth', 'memoryWrites'] as const) {
        assert.equal(at(`definitions.${kind}`).pattern, QUANTITY_PATTERNS[kind], kind);
      }
    });

    it('every example validates against its own property', () => {
      const ajv = editorAjv();
      const bad: string[] = [];
      walk(root, '', (s, pointer) => {
        for (const [key, prop] of Object.entries((s.properties as Json | undefined) ?? {})) {
          if (prop === null || typeof prop !== 'object') continue;
          const examples = ((prop as Json).examples as unknown[] | undefined) ?? [];
          for (const example of examples) {
            if (!ajv.validate({ $ref: `scenario#${pointer}/properties/${key}` }, example)) {
              bad.push(`${pointer}/properties/${key}: ${JSON.stringify(example)}: ${ajv.errorsText()}`);
            }
          }
        }
      });
      assert.deepEqual(bad, []);
    });

    it('has the defaults normalize applies', () => {
      const pairs: [string, unknown][] = [
        ['properties.name.default', DEFAULTS.name],
        ['properties.description.default', DEFAULTS.description],
        ['properties.seed.default', DEFAULTS.seed],
        ['properties.settings.properties.heartbeat.properties.delay.default', DEFAULTS.heartbeat.delay],
        ['properties.settings.properties.heartbeat.properties.threshold.default', DEFAULTS.heartbeat.threshold],
        ['properties.settings.properties.quorum.default', DEFAULTS.quorum],
        ['properties.settings.properties.liveMigration.properties.maxPasses.default', DEFAULTS.liveMigration.maxPasses],
        ['properties.settings.properties.liveMigration.properties.maxConcurrentPerNode.default', DEFAULTS.liveMigration.maxConcurrentPerNode],
        ['properties.settings.properties.liveMigration.properties.blackoutTarget.default', DEFAULTS.liveMigration.blackoutTarget],
        ['properties.settings.properties.liveMigration.properties.setupTime.default', DEFAULTS.liveMigration.setupTime],
        ['properties.settings.properties.liveMigration.properties.cleanupTime.default', DEFAULTS.liveMigration.cleanupTime],
        ['properties.settings.properties.liveMigration.properties.streamThroughput.default', DEFAULTS.liveMigration.streamThroughput],
        ['properties.settings.properties.liveMigration.properties.tcpEfficiency.default', DEFAULTS.liveMigration.tcpEfficiency],
        ['properties.settings.properties.tcpTimeout.default', DEFAULTS.tcpTimeout],
        ['properties.settings.properties.bootTime.default', DEFAULTS.bootTime],
        ['properties.settings.properties.failback.default', DEFAULTS.failback],
        ['properties.settings.properties.startTime.default', DEFAULTS.startTime],
        ['properties.vms.items.properties.failback.default', DEFAULTS.vmFailback],
        ['properties.networks.items.properties.role.default', DEFAULTS.networkRole],
        ['properties.networks.items.properties.bandwidth.default', DEFAULTS.networkBandwidth],
        ['properties.networks.items.properties.latency.default', DEFAULTS.networkLatency],
        ['properties.disks.items.properties.throughput.default', DEFAULTS.diskThroughput],
        ['properties.disks.items.properties.role.default', DEFAULTS.diskRole],
        ['properties.disks.items.properties.csv.default', false],
        ['properties.vms.items.properties.vhd.default', DEFAULTS.vhd],
        ['properties.vms.items.properties.workload.default', DEFAULTS.workload],
        ['properties.vms.items.properties.clients.default', DEFAULTS.clients],
        ['properties.vms.items.properties.state.default', DEFAULTS.vmState],
        ['properties.vms.items.properties.failoverThreshold.default', DEFAULTS.failoverThresholdNodesMinusOne],
        ['properties.vms.items.properties.failoverPeriod.default', DEFAULTS.failoverPeriod],
        ['properties.vms.items.properties.antiAffinityClassNames.default', []],
        ['properties.settings.properties.disableGroupPreferredOwnerRandomization.default', DEFAULTS.disableGroupPreferredOwnerRandomization],
        ['definitions.workload.anyOf.1.properties.hotShare.default', DEFAULTS.hotShare],
        ['definitions.workload.anyOf.1.properties.diskIo.default', DEFAULTS.diskIo],
      ];
      for (const [path, expected] of pairs) {
        const parts = path.split('.');
        const key = parts.pop()!;
        let cur: unknown = root;
        for (const p of parts) cur = Array.isArray(cur) ? cur[Number(p)] : (cur as Json)[p];
        assert.deepEqual((cur as Json)[key], expected, path);
      }
    });

    it('lists the actions of actions.ts, each requiring exactly its fields', () => {
      const entry = at('properties.timeline.items');
      assert.deepEqual((entry.properties as Json).do && ((entry.properties as Json).do as Json).enum, ACTION_KINDS);
      const rules = entry.allOf as { if: Json; then: Json }[];
      assert.equal(rules.length, ACTION_KINDS.length);
      for (const rule of rules) {
        const kind = ((rule.if.properties as Json).do as Json).const as keyof typeof ACTIONS;
        assert.deepEqual(rule.then.required, ACTIONS[kind].fields, kind);
      }
    });

    it('lists the workload presets of workloadPresets.ts', () => {
      assert.deepEqual((at('definitions.workload').anyOf as Json[])[0].enum, WORKLOAD_PRESET_NAMES);
    });

    it('has snippets for a node, network, disk, VM and every timeline action, each valid', () => {
      const ajv = editorAjv();
      const where: Record<string, string> = {
        node: '/properties/nodes/items',
        network: '/properties/networks/items',
        disk: '/properties/disks/items',
        vm: '/properties/vms/items',
        timeline: '/properties/timeline/items',
        expect: '/properties/expect/items',
      };
      for (const [what, pointer] of Object.entries(where)) {
        let cur: unknown = root;
        for (const p of pointer.slice(1).split('/')) cur = (cur as Json)[p];
        const snippets = (cur as Json).defaultSnippets as { label: string; body: unknown }[];
        assert.ok(Array.isArray(snippets) && snippets.length > 0, `${what} has snippets`);
        for (const sn of snippets) {
          const body = expandSnippet(sn.body);
          assert.ok(ajv.validate({ $ref: `scenario#${pointer}` }, body), `${what} snippet ${sn.label}: ${ajv.errorsText()}`);
        }
      }
      const timelineLabels = (at('properties.timeline.items').defaultSnippets as { label: string }[]).map((s) => s.label);
      assert.deepEqual(timelineLabels, ACTION_KINDS);
    });

    it('has a whole-file snippet that loads without errors', () => {
      const body = expandSnippet((root.defaultSnippets as { body: unknown }[])[0].body);
      const r = loadScenario(JSON.stringify(body, null, 2));
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.ok(r.scenario);
    });
  });

  describe('errors, in the user\'s words, one per mistake', () => {
    it('accepts the base scenario', () => assert.deepEqual(checkSchema(base()), []));

    it('missing field of an action says what the action needs', () => {
      const d = only(check((s) => delete tl0(s).to));
      assert.equal(d.code, 'missing-property');
      assert.deepEqual(d.path, ['timeline', 0, 'to']);
      assert.equal(d.message, 'missing "to": a live migration needs the target node');
    });

    it('every action: its fields are required, others are refused', () => {
      for (const kind of ACTION_KINDS) {
        const d = only(check((s) => (s.timeline = [{ at: '1s', do: kind }])).filter((x) => x.path[2] === ACTIONS[kind].fields[0]));
        assert.equal(d.message, `missing "${ACTIONS[kind].fields[0]}": ${ACTIONS[kind].noun} needs ${ACTIONS[kind].needs[ACTIONS[kind].fields[0]]}`);
      }
      const d = only(check((s) => (s.timeline = [{ at: '1s', do: 'crashNode', node: 'HV01', vm: 'SQL01' }])));
      assert.equal(d.code, 'not-allowed');
      assert.deepEqual(d.path, ['timeline', 0, 'vm']);
      assert.equal(d.message, 'crashNode does not take "vm"');
      assert.equal(d.hint, 'the fields "at", "do" and "node"');
    });

    it('a missing required property of a node, VM or disk says why it is needed', () => {
      assert.equal(only(check((s) => delete vm0(s).owner)).message, 'missing "owner": a VM needs the owner node it starts on');
      assert.equal(only(check((s) => delete (s.nodes as Json[])[1].memory)).message, 'missing "memory": a node needs the memory it can give to VMs');
      assert.deepEqual(only(check((s) => delete (s.disks as Json[])[0].size)).path, ['disks', 0, 'size']);
      assert.deepEqual(only(check((s) => delete s.nodes)).path, ['nodes']);
    });

    it('an unknown property gets a did-you-mean (and no second error for the property it misspells)', () => {
      const d = only(
        check((s) => {
          const n = (s.nodes as Json[])[0];
          n.memroy = n.memory;
          delete n.memory;
        }),
      );
      assert.equal(d.code, 'unknown-property');
      assert.deepEqual(d.path, ['nodes', 0, 'memroy']);
      assert.equal(d.message, 'unknown property "memroy"; did you mean "memory"?');
      assert.equal(d.hint, 'one of "name" or "memory"');
      const t = only(check((s) => (s.timeline = [{ at: '1s', do: 'liveMigrate', vm: 'SQL01', too: 'HV02' }])));
      assert.equal(t.message, 'unknown property "too"; did you mean "to"?');
      const top = only(check((s) => (s.vm = [])));
      assert.match(top.message, /unknown property "vm"; did you mean "vms"\?/);
    });

    it('an enum value gets the list and a did-you-mean', () => {
      const d = only(check((s) => ((s.networks as Json[])[0].role = 'Cluster')));
      assert.equal(d.code, 'invalid-value');
      assert.deepEqual(d.path, ['networks', 0, 'role']);
      assert.equal(d.message, '"Cluster" is not a valid role; did you mean "cluster"?');
      assert.equal(d.hint, 'one of "cluster", "clusterAndClient" or "none"');
      const a = only(check((s) => (tl0(s).do = 'liveMigration')));
      assert.equal(a.message, 'unknown action "liveMigration"; did you mean "liveMigrate"?');
    });

    it('a quantity gets the unit parser\'s message and hint', () => {
      const d = only(check((s) => (vm0(s).memory = '8 gib')));
      assert.equal(d.code, 'bad-quantity');
      assert.deepEqual(d.path, ['vms', 0, 'memory']);
      assert.match(d.message, /did you mean "GiB"/);
      assert.equal(d.hint, 'a size such as "8GiB"');
      const n = only(check((s) => (vm0(s).memory = 8)));
      assert.equal(n.message, '8 is a number without a unit: write a size as a string with its unit');
      const t = only(check((s) => (tl0(s).at = '-5s')));
      assert.deepEqual(t.path, ['timeline', 0, 'at']);
      assert.equal(t.hint, 'a time such as "250ms", "10s", "5m" or "1h"');
      const w = only(check((s) => (vm0(s).workload = { memoryWrites: '40mb/s' })));
      assert.deepEqual(w.path, ['vms', 0, 'workload', 'memoryWrites']);
      assert.match(w.message, /did you mean "MB\/s"/);
    });

    it('wrong types, ranges, duplicates and empty lists', () => {
      assert.equal(only(check((s) => (vm0(s).clients = '20'))).message, 'expected a whole number, found "20"');
      assert.equal(only(check((s) => ((s.disks as Json[])[0].csv = 'yes'))).message, 'expected true or false, found "yes"');
      const gateway = only(check((s) => ((s.networks as Json[])[1].gateway = 'yes')));
      assert.deepEqual([gateway.path, gateway.message], [['networks', 1, 'gateway'], 'expected true or false, found "yes"']);
      assert.deepEqual(check((s) => ((s.networks as Json[])[0].gateway = true)), [], 'a network may say it has a gateway');
      assert.equal(only(check((s) => (s.settings = { heartbeat: { threshold: 0 } }))).message, 'must be at least 1, found 0');
      assert.equal(only(check((s) => (s.seed = 1.5))).message, 'expected a whole number, found 1.5');
      const dup = only(check((s) => (vm0(s).preferredOwners = ['HV01', 'HV02', 'HV01'])));
      assert.equal(dup.code, 'duplicate-item');
      assert.deepEqual(dup.path, ['vms', 0, 'preferredOwners', 2]);
      assert.equal(dup.message, '"HV01" is listed more than once');
      const none = only(check((s) => (s.nodes = [])));
      assert.deepEqual(none.path, ['nodes']);
      assert.equal(none.code, 'too-few');
      assert.equal(only(check((s) => (vm0(s).name = ''))).message, 'must not be empty');
      assert.match(only(checkSchema([base()])).message, /a scenario file holds one JSON object/);
    });

    it('quorum: a string or an object, with precise errors', () => {
      const t = only(check((s) => (s.settings = { quorum: 5 })));
      assert.equal(t.message, 'expected "nodeMajority" or an object { ... }, found 5');
      assert.deepEqual(t.path, ['settings', 'quorum']);
      assert.match(only(check((s) => (s.settings = { quorum: 'nodeAndDiskMajority' }))).message, /needs a witness disk/);
      const w = only(check((s) => (s.settings = { quorum: { model: 'nodeAndDiskMajority' } })));
      assert.equal(w.message, 'missing "witness": Node and Disk Majority and No Majority: Disk Only need the witness disk');
      assert.deepEqual(w.path, ['settings', 'quorum', 'witness']);
      assert.equal(only(check((s) => (s.settings = { quorum: { model: 'nodeMajority', witness: 'Q' } }))).code, 'not-allowed');
      assert.match(only(check((s) => (s.settings = { quorum: 'nodeMajorty' }))).message, /did you mean "nodeMajority"/);
      assert.deepEqual(check((s) => (s.settings = { quorum: { model: 'nodeAndDiskMajority', witness: 'Q' } })), []);
    });

    it('quorum: Node and File Share Majority and Disk Only, each with its own witness', () => {
      const fsw = { network: 'LAN' };
      assert.deepEqual(check((s) => (s.settings = { quorum: { model: 'nodeAndFileShareMajority', fileShareWitness: fsw } })), []);
      assert.deepEqual(check((s) => (s.settings = { quorum: { model: 'diskOnly', witness: 'Q' } })), []);
      const noShare = only(check((s) => (s.settings = { quorum: { model: 'nodeAndFileShareMajority' } })));
      assert.deepEqual([noShare.code, noShare.path], ['missing-property', ['settings', 'quorum', 'fileShareWitness']]);
      assert.match(noShare.message, /Node and File Share Majority needs its file share witness/);
      const noNet = only(check((s) => (s.settings = { quorum: { model: 'nodeAndFileShareMajority', fileShareWitness: {} } })));
      assert.deepEqual([noNet.code, noNet.path], ['missing-property', ['settings', 'quorum', 'fileShareWitness', 'network']]);
      const noDisk = only(check((s) => (s.settings = { quorum: { model: 'diskOnly' } })));
      assert.deepEqual([noDisk.code, noDisk.path], ['missing-property', ['settings', 'quorum', 'witness']]);
      const diskOnShare = only(check((s) => (s.settings = { quorum: { model: 'nodeAndFileShareMajority', fileShareWitness: fsw, witness: 'Q' } })));
      assert.deepEqual([diskOnShare.code, diskOnShare.path], ['not-allowed', ['settings', 'quorum', 'witness']]);
      assert.match(diskOnShare.message, /a witness disk is only used with "model": "nodeAndDiskMajority" or "diskOnly"/);
      const shareOnDisk = only(check((s) => (s.settings = { quorum: { model: 'diskOnly', witness: 'Q', fileShareWitness: fsw } })));
      assert.deepEqual([shareOnDisk.code, shareOnDisk.path], ['not-allowed', ['settings', 'quorum', 'fileShareWitness']]);
      assert.equal(only(check((s) => (s.settings = { quorum: { model: 'nodeMajority', fileShareWitness: fsw } }))).code, 'not-allowed');
      assert.match(only(check((s) => (s.settings = { quorum: 'diskOnly' }))).message, /No Majority: Disk Only needs a witness disk: write it as an object/);
      assert.match(only(check((s) => (s.settings = { quorum: 'nodeAndFileShareMajority' }))).message, /needs a file share witness: write it as an object/);
      assert.match(only(check((s) => (s.settings = { quorum: { model: 'diskonly', witness: 'Q' } }))).message, /did you mean "diskOnly"/);
    });

    it('workload: a preset or numbers, with precise errors', () => {
      assert.match(only(check((s) => (vm0(s).workload = 'wbe'))).message, /did you mean "web"/);
      const t = only(check((s) => (vm0(s).workload = 5)));
      assert.equal(t.message, 'expected "idle", "web", "database" or "memoryIntensive" or an object { ... }, found 5');
      const m = only(check((s) => (vm0(s).workload = { workingSet: '1GiB' })));
      assert.equal(m.message, 'missing "memoryWrites": a workload written out needs its rate of memory writes');
      assert.equal(only(check((s) => (vm0(s).workload = { memoryWrites: '1MB/s', hotShare: 1.5 }))).message, 'must be at most 1, found 1.5');
      assert.deepEqual(check((s) => (s.timeline = [{ at: '1s', do: 'setWorkload', vm: 'SQL01', workload: { memoryWrites: '5000 pages/s' } }])), []);
    });

    it('expectations: one VM or one disk, one check', () => {
      const none = only(check((s) => (s.expect = [{ vm: 'SQL01' }])));
      assert.equal(none.code, 'expectation-shape');
      assert.match(none.message, /nothing to check/);
      assert.match(none.hint ?? '', /"maxBlackout"/);
      assert.match(only(check((s) => (s.expect = [{ vm: 'SQL01', endsOn: 'HV02', maxPasses: 3 }]))).message, /one expectation per entry/);
      const wrong = only(check((s) => (s.expect = [{ vm: 'SQL01', redirected: false }])));
      assert.deepEqual(wrong.path, ['expect', 0, 'redirected']);
      assert.equal(wrong.message, '"redirected" checks a disk, not a VM');
      const both = check((s) => (s.expect = [{ vm: 'SQL01', disk: 'Cluster Disk 1' }]));
      assert.ok(both.some((d) => d.message.includes('one VM or one disk, not both')));
      const noSubject = check((s) => (s.expect = [{ maxBlackout: '1s' }]));
      assert.ok(noSubject.some((d) => d.message === 'missing "disk": an expectation names the "vm" or the "disk" it checks'));
      assert.deepEqual(check((s) => (s.expect = [{ disk: 'Cluster Disk 1', redirected: false }, { vm: 'SQL01', maxBlackout: '300ms' }])), []);
    });

    it('never reports ajv\'s if/then or anyOf cascades', () => {
      const all = check((s) => {
        s.timeline = [{ at: '1s', do: 'repairVolume', disk: 'Cluster Disk 1', task: 'format', duration: '5 mins' }];
        s.settings = { quorum: { model: 'nodeAndDiskMajority' } };
        vm0(s).workload = { memoryWrites: 'fast' };
      });
      assert.equal(all.length, 4, all.map((d) => d.message).join('\n'));
      for (const d of all) assert.doesNotMatch(d.message, /must match|anyOf|"then"|"else"/);
    });
  });

  describe('positions (line:column) of schema errors', () => {
    const text = JSON.stringify(base(), null, 2);

    it('points at the offending value', () => {
      const broken = text.replace('"8GiB"', '"8 gib"');
      const r = loadScenario(broken);
      assert.equal(r.scenario, null);
      const d = only(r.diagnostics);
      assert.deepEqual(d.path, ['vms', 0, 'memory']);
      assert.deepEqual({ line: d.line, column: d.column }, position(broken, '"8 gib"'));
      assert.equal(d.offset, broken.indexOf('"8 gib"'));
      assert.equal(d.length, '"8 gib"'.length);
    });

    it('points at the key of an unknown or refused property', () => {
      const broken = text.replace('"memory": "64GiB"', '"memroy": "64GiB"');
      const d = only(loadScenario(broken).diagnostics);
      assert.deepEqual(d.path, ['nodes', 0, 'memroy']);
      assert.deepEqual({ line: d.line, column: d.column }, position(broken, '"memroy"'));
      const refused = text.replace('"to": "HV02"', '"to": "HV02", "node": "HV01"');
      const r = only(loadScenario(refused).diagnostics);
      assert.deepEqual(r.path, ['timeline', 0, 'node']);
      assert.deepEqual({ line: r.line, column: r.column }, position(refused, '"node"'));
    });

    it('points a missing property at the object that lacks it', () => {
      const broken = text.replace(/,\s*"to": "HV02"/, '');
      const d = only(loadScenario(broken).diagnostics);
      assert.deepEqual(d.path, ['timeline', 0, 'to']);
      const objectStart = broken.lastIndexOf('{', broken.indexOf('"do": "liveMigrate"'));
      assert.equal(d.offset, objectStart);
      assert.deepEqual({ line: d.line, column: d.column }, position(broken, '{', broken.slice(0, objectStart).split('{').length - 1));
    });

    it('points an enum error at its value, on the right line of a multi-line file', () => {
      const broken = text.replace('"role": "clusterAndClient"', '"role": "clientAndCluster"');
      const d = only(loadScenario(broken).diagnostics);
      assert.deepEqual(d.path, ['networks', 1, 'role']);
      assert.deepEqual({ line: d.line, column: d.column }, position(broken, '"clientAndCluster"'));
    });
  });
});
