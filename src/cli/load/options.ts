import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Command-line options for the load scripts: a bad flag or value prints what is wrong and the usage
 * line, then exits 2; `--help` prints the usage and exits 0.
 */
export function parseOptions(options: NonNullable<ParseArgsConfig['options']>, usage: string) {
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n${usage}\n`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', default: false } } }) as { values: typeof values });
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  /** A numeric option within [min, max]; `integer` also refuses fractions. */
  const number = (name: string, { min, max = Number.MAX_SAFE_INTEGER, integer = false }: { min: number; max?: number; integer?: boolean }): number => {
    const raw = values[name];
    const value = Number(raw);
    const ok = typeof raw === 'string' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
    if (!ok) {
      const kind = integer ? 'whole number' : 'number';
      return fail(`--${name} must be a ${kind} from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got ${typeof raw === 'string' ? `"${raw}"` : 'nothing'}`);
    }
    return value;
  };
  /** A text option, if given. */
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  return { json: values.json === true, number, text, fail };
}
