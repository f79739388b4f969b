import { createHmac } from 'node:crypto';
import { loadKnowledge as loadDefaultKnowledge } from '../../knowledge/load.ts';
import type { KnowledgeBase } from '../../knowledge/schema.ts';
import { openStore, type Clock, type Store } from '../../store/index.ts';
import type { AnswerListener, Guard } from '../command.ts';
import type { Config } from '../config.ts';
import { createGate } from './gate.ts';
import { storagePolicy } from '../notices.ts';
import { questionRecorder } from './recorder.ts';

/**
 * Moderator features in one object: the store, the gate every invocation passes, the recorder of
 * questions, and how to re-read the fact base. `createBot({ moderation })` wires the hooks in and
 * hands the object to commands as `ctx.moderation`; a bot without one keeps nothing and gates nothing.
 */
export interface Moderation {
  readonly store: Store;
  readonly guards: readonly Guard[];
  readonly onAnswer: readonly AnswerListener[];
  /** What /help says is kept. */
  readonly storagePolicy: string;
  readonly retentionDays: number;
  /** Reads and validates knowledge/ for /kb reload and SIGHUP; throws `KnowledgeError` when invalid. */
  readonly loadKnowledge: () => KnowledgeBase;
}

export interface ModerationOptions {
  store: Store;
  retentionDays: number;
  /** Default: `loadKnowledge()` of the project's knowledge/ folder. */
  loadKnowledge?: () => KnowledgeBase;
  now?: Clock;
}

export function createModeration(options: ModerationOptions): Moderation {
  const { store, retentionDays } = options;
  return {
    store,
    guards: [createGate({ store, ...(options.now ? { now: options.now } : {}) })],
    onAnswer: [questionRecorder(store)],
    storagePolicy: storagePolicy(retentionDays),
    retentionDays,
    loadKnowledge: options.loadKnowledge ?? (() => loadDefaultKnowledge()),
  };
}

/**
 * The salt for pseudonymising user ids. INSIGHTS_SALT when set; otherwise derived from the bot token,
 * which is already a stable secret every shard shares and which never goes near the database. The salt
 * is deliberately not stored in the database: with it, anyone holding the file could hash every
 * plausible Discord id and read back who asked what. Resetting the token therefore starts new
 * pseudonyms (returning askers count as new, old answers can be voted on again); set INSIGHTS_SALT
 * to keep them across a token reset.
 */
export function insightsSalt(config: Pick<Config, 'token' | 'insightsSalt'>): string {
  return config.insightsSalt ?? createHmac('sha256', config.token).update('factdesk insights pseudonyms v1').digest('hex');
}

/** Opens DATABASE_PATH (creating it and its folder, migrating it) for the bot; throws `StoreError` saying what to fix. */
export function openBotStore(
  config: Pick<Config, 'token' | 'insightsSalt' | 'databasePath'>,
  onBackgroundError?: (error: unknown) => void,
): Store {
  return openStore(config.databasePath, { hashSalt: insightsSalt(config), ...(onBackgroundError ? { onBackgroundError } : {}) });
}

export { reloadKnowledge, reloadOnSignal, renderReload, type ReloadOutcome } from './knowledge-reload.ts';
export { scheduleRetention, type Retention } from './retention.ts';
export { UNGATED } from './gate.ts';
