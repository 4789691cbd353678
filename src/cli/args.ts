/** Command-line parsing for `fcsim`. Small on purpose: two commands, a few flags. */

export type Command =
  | { readonly kind: 'run'; readonly file: string; readonly json: boolean; readonly events: boolean }
  | { readonly kind: 'validate'; readonly file: string; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export const USAGE = `Usage: fcsim <command> [options]

Commands:
  run <file>        simulate a scenario and print the report
  validate <file>   check a scenario (schema, names, cluster validation) without running it

Options:
  --json            print the report (or the diagnostics) as one JSON object on stdout
  --events          with run: also print every event of the run, one per line
  -h, --help        show this help
  -v, --version     show the version

Exit codes: 0 ran and every expectation held (or valid), 1 an expectation failed,
2 the file is not a valid scenario or the command line is wrong.`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Command {
  const flags = new Set(argv.filter((a) => a.startsWith('-')));
  const words = argv.filter((a) => !a.startsWith('-'));
  if (flags.has('-h') || flags.has('--help') || argv.length === 0) return { kind: 'help' };
  if (flags.has('-v') || flags.has('--version')) return { kind: 'version' };
  const known = new Set(['--json', '--events']);
  for (const f of flags) if (!known.has(f)) throw new UsageError(`unknown option "${f}"`);
  const [command, file, ...rest] = words;
  if (command !== 'run' && command !== 'validate') throw new UsageError(`unknown command "${command}": use "run" or "validate"`);
  if (!file) throw new UsageError(`"${command}" needs a scenario file, e.g. fcsim ${command} examples/article-cluster.cluster.json`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const json = flags.has('--json');
  if (command === 'validate') {
    if (flags.has('--events')) throw new UsageError('"--events" only applies to "run"');
    return { kind: 'validate', file, json };
  }
  const events = flags.has('--events');
  if (events && json) throw new UsageError('"--events" and "--json" both write to stdout: use one of them');
  return { kind: 'run', file, json, events };
}
