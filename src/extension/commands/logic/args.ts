/**
 * What a command was invoked on. VS Code calls a command with different arguments depending on
 * where it came from:
 * - the command palette or a keybinding: nothing;
 * - a Cluster Explorer context menu or inline button: (clicked item, selected items) — the
 *   selection holds the clicked item when several are selected;
 * - the explorer's drag controller (live migration by drag and drop): (Target | Target[], node);
 * - another command or a test: a Target.
 * Free of `vscode`.
 */
import { asTargets, type Target, type TargetKind } from '../../explorer/target';
import { sameTarget } from './contextValues';

export interface Invocation {
  /** The items to act on, all of `kind`; empty when the command must ask for its subject. */
  readonly targets: Target[];
  /** A target node given by the caller (a drop onto a node), else null. */
  readonly toNode: string | null;
}

function dedupe(targets: Target[]): Target[] {
  const out: Target[] = [];
  for (const t of targets) if (!out.some((o) => sameTarget(o, t))) out.push(t);
  return out;
}

/**
 * The targets of `kind` a command invoked with `args` acts on. With a multi-selection that holds
 * the clicked item, every selected item of the same kind; otherwise the clicked item alone (a
 * right-click outside the selection acts on what was clicked).
 */
export function resolveInvocation(args: readonly unknown[], kind: TargetKind): Invocation {
  const [first, second] = args;
  const clicked = asTargets(first);
  const toNode = typeof second === 'string' && second.length > 0 ? second : null;
  let targets = clicked;
  if (Array.isArray(second)) {
    const selected = asTargets(second);
    if (clicked.length === 1 && selected.some((s) => sameTarget(s, clicked[0]))) targets = selected;
  }
  return { targets: dedupe(targets.filter((t) => t.kind === kind)), toNode };
}
