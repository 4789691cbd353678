/**
 * Writes `contributes.commands`, `contributes.submenus` and `contributes.menus` of package.json from the command table
 * (src/extension/commands/logic/commandTable.ts). Run after changing the table:
 *   npm run sync:commands
 * Only the table's own commands and menu entries are replaced; anything else in those keys, and
 * every other key of package.json, is kept as it is (re-read just before writing).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContributions, COMMANDS } from '../src/extension/commands/logic/commandTable';

const file = join(__dirname, '..', 'package.json');
const { commands, submenus, menus } = buildContributions();
const ourSubmenus = new Set(submenus.map((m) => (m as { id: string }).id));
const ours = new Set([...COMMANDS.map((c) => c.id), ...ourSubmenus]);

const text = readFileSync(file, 'utf8');
const pkg = JSON.parse(text) as { contributes: Record<string, unknown> };
const contributes = pkg.contributes;
// A menu entry is ours when it names one of our commands or submenus.
const keep = (list: unknown): unknown[] =>
  Array.isArray(list) ? list.filter((e) => !ours.has((e as { command?: string; submenu?: string }).command ?? (e as { submenu?: string }).submenu ?? '')) : [];

contributes.commands = [...commands, ...keep(contributes.commands)];
const otherSubmenus = Array.isArray(contributes.submenus) ? contributes.submenus.filter((m) => !ourSubmenus.has((m as { id?: string }).id ?? '')) : [];
contributes.submenus = [...submenus, ...otherSubmenus];
const oldMenus = (contributes.menus ?? {}) as Record<string, unknown[]>;
const newMenus: Record<string, unknown[]> = { ...oldMenus };
for (const [where, entries] of Object.entries(menus)) newMenus[where] = [...entries, ...keep(oldMenus[where])];
contributes.menus = newMenus;

const eol = text.includes('\r\n') ? '\r\n' : '\n';
writeFileSync(file, JSON.stringify(pkg, null, 2).split('\n').join(eol) + (text.endsWith('\n') ? eol : ''));
console.log(`package.json: ${commands.length} commands, ${submenus.length} submenu(s), menus ${Object.keys(menus).join(', ')}`);
