/** Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000;

// One counter for the whole process, so two fakes started by the same test run never hand out the
// same id; discord.js caches are keyed by snowflake and a collision would merge unrelated objects.
let increment = 0n;

/**
 * A snowflake in Discord's real format: milliseconds since DISCORD_EPOCH shifted left 22 bits, with
 * worker 1, process 1 and a 12-bit increment. discord.js derives `createdTimestamp` from it, so the
 * timestamp part has to be right.
 */
export function snowflake(at: Date | number = Date.now()): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (ms < DISCORD_EPOCH) throw new RangeError(`snowflake: ${new Date(ms).toISOString()} is before Discord's epoch (2015-01-01)`);
  increment = (increment + 1n) & 0xfffn;
  return ((BigInt(ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** The creation time encoded in a snowflake, in Unix milliseconds. */
export function snowflakeTimestamp(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}
