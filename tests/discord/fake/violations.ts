import type { LimitRule } from './limits.ts';

/**
 * Everything the fake holds against the bot. `interaction-protocol`: a callback Discord refuses
 * (twice, wrong type for the interaction, edit before acknowledging). `ack-deadline`: no callback
 * within Discord's 3 s. `unknown-target`: a webhook, interaction or channel that does not exist.
 * `unauthorized`: a bot route called without `Authorization: Bot …`. `bad-body`: unreadable JSON or multipart.
 */
export type ViolationRule = LimitRule | 'interaction-protocol' | 'ack-deadline' | 'unknown-target' | 'unauthorized' | 'bad-body';

export interface Violation {
  rule: ViolationRule;
  /** What is wrong, with the offending path in the body when there is one. */
  detail: string;
  /** `METHOD /path` of the request, or `gateway` for a deadline missed without any request. */
  request: string;
  /** The interaction concerned, when there is one. */
  interactionId?: string;
  at: number;
}

export function formatViolation(violation: Violation): string {
  const about = violation.interactionId ? ` (interaction ${violation.interactionId})` : '';
  return `[${violation.rule}] ${violation.request}${about}: ${violation.detail}`;
}
