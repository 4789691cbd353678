/**
 * Command-line parsing for `fcsim`: two commands, a few flags. The tokens come from node:util's
 * parseArgs, so `--` ends the options (`fcsim validate -- -weird.cluster.json`), `-hv` is `-h -v`,
 * and `--json=yes` is seen as a value given to a flag that takes none; the words are ours.
 */
import { parseArgs as tokenize } from 'node:util';

export type Command =
  | { readonly kind: 'run'; readonly file: string; readonly json: boolean; readonly events: boolean }
  | { readonly kind: 'validate'; readonly file: string; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export const USAGE = `Usage: fcsim <command> [options] [--] <file>

Commands:
  run <file>        simulate a scenario and print the report
  validate <file>   check a scenario (schema, names, cluster validation) without running it
  help              show this help

Options:
  --json            print the report (or the diagnostics) as one JSON object on stdout
  --events          with run: also print every event of the run, one per line
  -h, --help        show this help
  -v, --version     show the version
  --                end of the options: a file name after it may start with "-"

Exit codes: 0 ran and every expectation held (or valid), 1 an expectation failed,
2 the file is not a valid scenario or the command line is wrong.`;

export class UsageError extends Error {}

const OPTIONS = {
  json: { type: 'boolean' },
  events: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export function parseArgs(argv: readonly string[]): Command {
  // strict: false, so that every option comes back as a token and its message is ours.
  const { tokens } = tokenize({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const flags = new Set<string>();
  const words: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') words.push(t.value);
    else if (t.kind === 'option') {
      if (!Object.hasOwn(OPTIONS, t.name)) throw new UsageError(unknownOption(t.rawName, argv[t.index] ?? t.rawName));
      if (t.value !== undefined) throw new UsageError(`"${t.rawName}" takes no value, found "${t.rawName}=${t.value}"`);
      flags.add(t.name);
    }
  }
  if (flags.has('help') || words[0] === 'help') return { kind: 'help' };
  if (flags.has('version')) return { kind: 'version' };
  const [command, file, ...rest] = words;
  if (command === undefined) throw new UsageError('missing command: use "run" or "validate"');
  if (command !== 'run' && command !== 'validate') throw new UsageError(`unknown command "${command}": use "run" or "validate"`);
  if (file === undefined) throw new UsageError(`"${command}" needs a scenario file, e.g. fcsim ${command} examples/article-cluster.cluster.json`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}": give one scenario file`);
  const json = flags.has('json');
  if (command === 'validate') {
    if (flags.has('events')) throw new UsageError('"--events" only applies to "run"');
    return { kind: 'validate', file, json };
  }
  const events = flags.has('events');
  if (events && json) throw new UsageError('"--events" and "--json" both write to stdout: use one of them');
  return { kind: 'run', file, json, events };
}

/** The words for an option we do not know, as the user typed it (`-hx` is a group of two). */
function unknownOption(raw: string, arg: string): string {
  // A file whose name starts with "-" reads as an option: say how to pass it.
  if (/[./\\]/.test(arg.replace(/^-+/, '').split('=')[0] ?? '')) {
    return `unknown option "${arg}"; a file whose name starts with "-" goes after "--", e.g. fcsim validate -- ${arg}`;
  }
  return arg !== raw && !arg.startsWith('--') ? `unknown option "${raw}" in "${arg}"` : `unknown option "${raw}"`;
}
