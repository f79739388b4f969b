/** Shared by the tests and by the child processes they spawn (which must not import vitest). */
export const SALT = 'test-salt-that-is-long-enough-0123';

/** The cooldown the killed child sets at each step: always different from the step before. */
export const cooldownAtStep = (step: number): number => 1 + (step % 3600);
