import Fuse from 'fuse.js';
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { Entity, KnowledgeBase } from '../knowledge/schema.ts';
import { AUTOCOMPLETE_CHOICES_MAX } from './limits.ts';
import { fitChoices } from './render.ts';

/**
 * Finding an entity from what a user typed, for /who and /quote: the exact id an autocomplete
 * choice sends, or a name or alias typed by hand; and ranking entities for autocomplete.
 */

const normal = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();

/**
 * What of a typed name is searched for. No name or alias is longer than about 40 characters, and
 * fuse.js's cost grows with the pattern: a 6,000-character paste into /who took 0.3 s of the event
 * loop per keystroke, during which the bot answered nobody.
 */
const TYPED_NAME_MAX = 48;

const indexes = new WeakMap<readonly Entity[], Fuse<Entity>>();

function fuzzy(entities: readonly Entity[]): Fuse<Entity> {
  let fuse = indexes.get(entities);
  if (!fuse) {
    fuse = new Fuse([...entities], {
      keys: [
        { name: 'name', weight: 2 },
        { name: 'aliases', weight: 1 },
      ],
      threshold: 0.4,
      ignoreLocation: true,
    });
    indexes.set(entities, fuse);
  }
  return fuse;
}

/** The entity `typed` names exactly (id, name or alias, ignoring case and accents), if any. */
export function findEntity(entities: readonly Entity[], typed: string): Entity | undefined {
  const want = normal(typed);
  if (want === '') return undefined;
  return (
    entities.find((e) => e.id === typed.trim()) ??
    entities.find((e) => normal(e.name) === want) ??
    entities.find((e) => e.aliases.some((a) => normal(a) === want))
  );
}

/** Autocomplete choices: best matches of `typed`, or all (in fact-base order) when nothing is typed. */
export function entityChoices(entities: readonly Entity[], typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const ranked = normal(typed) === '' ? [...entities] : fuzzy(entities).search(typed.slice(0, TYPED_NAME_MAX)).map((r) => r.item);
  return fitChoices(
    ranked.slice(0, AUTOCOMPLETE_CHOICES_MAX).map((e) => ({ name: `${e.name} — ${e.role}`, value: e.id })),
  );
}

/** The entities the article quotes, in the order of their first quote. */
export function speakers(kb: KnowledgeBase): Entity[] {
  const order = [...new Set([...kb.quotes].sort((a, b) => a.paragraph - b.paragraph).map((q) => q.speaker))];
  return order.map((id) => kb.entities.find((e) => e.id === id)).filter((e): e is Entity => e !== undefined);
}
