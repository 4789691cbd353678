/**
 * What a Cluster Explorer item stands for, and its `contextValue`: the contract between the tree
 * (which builds items) and the commands (which act on them and are offered in menus).
 *
 * contextValue = kind, then state tokens, separated by ';' — e.g. `vm;running`,
 * `vm;running;migrating`, `node;paused`, `link;down`. Menus match with
 * `viewItem =~ /^vm;(.*;)?running(;|$)/` so a new token never breaks an existing menu.
 */
export type TargetKind =
  | 'cluster'
  | 'nodesFolder'
  | 'node'
  | 'vmsFolder'
  | 'vm'
  | 'networksFolder'
  | 'network'
  | 'link'
  | 'volumesFolder'
  | 'volume'
  | 'volumeAccess'
  | 'disksFolder'
  | 'disk';

/** The thing a command acts on when invoked from the tree. */
export interface Target {
  readonly kind: TargetKind;
  /** The VM, node, network or disk's name ('' for folders and the cluster). */
  readonly name: string;
  /** For a `link`: the node whose link to the network `name` this is. For a `volumeAccess`: the node. */
  readonly node?: string;
}

/** Items of the tree carry their target, so a command invoked on one knows what it is about. */
export interface HasTarget {
  readonly target: Target;
}

export function contextValue(kind: TargetKind, tokens: readonly (string | false | null | undefined)[] = []): string {
  return [kind, ...tokens.filter((t): t is string => typeof t === 'string' && t.length > 0)].join(';');
}

/**
 * The target an argument stands for: a tree item (which carries its target), or a target itself.
 * Arguments come from menus, keybindings, drag and drop and other extensions, so anything may
 * arrive, including objects whose property reads throw: those stand for nothing. What is
 * returned is a plain copy, read once, so a getter cannot change it afterwards.
 */
function asTarget(x: unknown): Target | null {
  try {
    if (typeof x !== 'object' || x === null) return null;
    const carried: unknown = 'target' in x ? (x as HasTarget).target : x;
    if (typeof carried !== 'object' || carried === null) return null;
    const { kind, name, node } = carried as Record<string, unknown>;
    if (typeof kind !== 'string' || typeof name !== 'string') return null;
    return typeof node === 'string' ? { kind: kind as TargetKind, name, node } : { kind: kind as TargetKind, name };
  } catch {
    return null;
  }
}

/** The targets of one argument: a list of items or targets, or a single one (see asTarget). */
export function asTargets(x: unknown): Target[] {
  if (!Array.isArray(x)) {
    const t = asTarget(x);
    return t ? [t] : [];
  }
  return x.map(asTarget).filter((t): t is Target => t !== null);
}
