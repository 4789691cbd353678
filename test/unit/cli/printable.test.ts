/**
 * Issue 12, names reaching the terminal raw: a scenario named "\u001b[31mRED" sent a real escape
 * sequence through the text report (and U+2028/9, and odd file names in "valid scenario" lines).
 * Every line the CLI prints now writes control characters as \uXXXX escapes, as error lines
 * already did: the text report, validate's lines, warnings, notices, errors, usage errors, and the
 * JSON outputs (which stay valid JSON of the same values).
 */
import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main';
import { cluster } from '../../helpers/runScenario';

/** What must never reach a terminal raw; "\n" only ends lines. Written out here, not imported. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE = {
  scenario: '\u001b[31mRED\u001b[0m\u2028two',
  node: 'HV\u009b2J01',
  vm: 'VM\u202e1\nfake: error',
  network: 'Cluster\u2029',
  disk: 'CSV\u0007',
};

/** A scenario whose every name carries control characters; it has warnings and a refused action. */
function hostileScenario(): string {
  const { node, vm, network, disk } = HOSTILE;
  return JSON.stringify(
    cluster({
      name: HOSTILE.scenario,
      nodes: [
        { name: node, memory: '64GiB' },
        { name: 'HV02', memory: '64GiB' },
        { name: 'HV03', memory: '64GiB' },
      ],
      networks: [
        { name: network, role: 'cluster', bandwidth: '1Gbps' },
        { name: 'LAN', role: 'clusterAndClient', bandwidth: '1Gbps' },
      ],
      settings: {},
      disks: [{ name: disk, size: '2TiB', csv: true, path: 'LAN' }],
      vms: [{ name: vm, owner: node, memory: '1GiB', disk, workload: 'idle' }],
      timeline: [
        { at: '1s', do: 'drainNode', node: 'HV02' },
        { at: '2s', do: 'liveMigrate', vm, to: 'HV02' },
        { at: '3s', do: 'liveMigrate', vm, to: 'HV03' },
      ],
    }),
    null,
    2,
  );
}

function fcsim(text: string, args: string[], color = false) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), readFile: () => text, color });
  return { code, stdout, stderr };
}

function assertPrintable(output: string, what: string): void {
  const m = RAW.exec(output);
  assert.equal(m, null, `${what}: raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(output.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
}

describe('fcsim: control characters in names never reach the terminal raw', () => {
  const text = hostileScenario();

  it('the text report writes every name with escapes, in colour and without', () => {
    const plain = fcsim(text, ['run', 'f.cluster.json']);
    assert.equal(plain.code, 0, plain.stderr);
    assertPrintable(plain.stdout, 'report');
    assertPrintable(plain.stderr, 'warnings');
    assert.equal(plain.stdout.split('\n')[0], '\\u001b[31mRED\\u001b[0m\\u2028two');
    assert.ok(plain.stdout.includes('VM\\u202e1\\u000afake: error'), 'the VM, escaped, in the report');
    // The refused migration to a paused node is a notice that names the VM and the node.
    assert.match(plain.stdout, /refused liveMigrate VM\\u202e1\\u000afake: error: .*HV02/);

    const colored = fcsim(text, ['run', 'f.cluster.json'], true);
    // Only the report's own colours are escape sequences.
    assertPrintable(colored.stdout.replace(new RegExp(String.raw`\u001b\[\d+m`, 'g'), ''), 'coloured report');
    assert.ok(colored.stdout.includes('\\u001b[31mRED'), 'the name\'s escape is text');
  });

  it('--json and --events stay valid JSON of the same names, with no raw control character', () => {
    const json = fcsim(text, ['run', 'f.cluster.json', '--json']);
    assertPrintable(json.stdout, '--json');
    const report = JSON.parse(json.stdout) as { scenario: string; vms: { vm: string }[] };
    assert.equal(report.scenario, HOSTILE.scenario);
    assert.equal(report.vms[0]!.vm, HOSTILE.vm);

    const events = fcsim(text, ['run', 'f.cluster.json', '--events']);
    assertPrintable(events.stdout, '--events');
    // The events, one JSON object a line, then the text report.
    const lines = events.stdout.split('\n').filter((l) => l.startsWith('{'));
    const subjects = lines.map((l) => (JSON.parse(l) as { subject?: string }).subject);
    assert.ok(subjects.includes(HOSTILE.vm), 'the VM is a subject, intact');
  });

  it('validate: warnings, the "valid scenario" line and --json, with an odd file name', () => {
    const file = 'odd\u001b[2J\nname.cluster.json';
    const r = fcsim(text, ['validate', file]);
    assert.equal(r.code, 0, r.stderr);
    assertPrintable(r.stdout, 'validate stdout');
    assertPrintable(r.stderr, 'validate stderr');
    assert.match(r.stdout, /^odd\\u001b\[2J\\u000aname\.cluster\.json: valid scenario, \d+ cluster validation warning\(s\)\n$/);
    assert.ok(r.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('odd\\u001b[2J\\u000aname.cluster.json:')), r.stderr);

    const json = fcsim(text, ['validate', file, '--json']);
    assertPrintable(json.stdout, 'validate --json');
    assert.equal(JSON.parse(json.stdout).file, file);
  });

  it('errors and their summary, with an odd file name', () => {
    const file = 'bad\u2028\u009b.cluster.json';
    const r = fcsim('{"nodes": 1, "\u001b[31m": 2}', ['run', file]);
    assert.equal(r.code, 2);
    assertPrintable(r.stderr, 'errors');
    assert.match(r.stderr, /^bad\\u2028\\u009b\.cluster\.json: \d+ error\(s\); nothing was run$/m);
  });

  it('a usage error quoting what was typed', () => {
    const r = fcsim('', ['run', 'x', '--\u001b[31m']);
    assert.equal(r.code, 2);
    assertPrintable(r.stderr, 'usage error');
    assert.match(r.stderr, /^fcsim: unknown option "--\\u001b\[31m"\n/);
  });
});
