import {
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';

/**
 * A slash command's options, declared once. The same declaration builds the registration payload
 * (`slashCommand`) and types what `execute` reads (`readOptions`), so an option's name, type and
 * requiredness cannot drift between what Discord is told and what the code expects.
 */

interface BaseOption {
  description: string;
  required?: boolean;
}

export interface StringOption extends BaseOption {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  autocomplete?: boolean;
}

export interface IntegerOption extends BaseOption {
  type: 'integer';
  minValue?: number;
  maxValue?: number;
}

export interface BooleanOption extends BaseOption {
  type: 'boolean';
}

export type OptionSpec = StringOption | IntegerOption | BooleanOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export const stringOption = <const S extends Omit<StringOption, 'type'>>(spec: S) => ({ ...spec, type: 'string' as const });
export const integerOption = <const S extends Omit<IntegerOption, 'type'>>(spec: S) => ({ ...spec, type: 'integer' as const });
export const booleanOption = <const S extends Omit<BooleanOption, 'type'>>(spec: S) => ({ ...spec, type: 'boolean' as const });

type ValueOf<S extends OptionSpec> = S extends StringOption ? string : S extends IntegerOption ? number : boolean;

/** What `execute` gets for a set of options: required ones always present, optional ones `null` when omitted. */
export type OptionValues<O extends OptionSpecs> = {
  -readonly [K in keyof O]: O[K] extends { required: true } ? ValueOf<O[K]> : ValueOf<O[K]> | null;
};

/** The names of the options that have autocomplete. */
export type AutocompleteOptionName<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends { autocomplete: true } ? K : never;
}[keyof O] &
  string;

export interface SlashCommandSpec<O extends OptionSpecs> {
  name: string;
  description: string;
  options: O;
}

/**
 * The registration builder for a slash command. Where it may be used (contexts, install types) is
 * left to the command module, so each command states it explicitly.
 */
export function slashCommand<O extends OptionSpecs>({ name, description, options }: SlashCommandSpec<O>): SlashCommandBuilder {
  const builder = new SlashCommandBuilder().setName(name).setDescription(description);
  for (const [optionName, spec] of Object.entries(options)) {
    const required = spec.required ?? false;
    switch (spec.type) {
      case 'string':
        builder.addStringOption((o) => {
          o.setName(optionName).setDescription(spec.description).setRequired(required);
          if (spec.minLength !== undefined) o.setMinLength(spec.minLength);
          if (spec.maxLength !== undefined) o.setMaxLength(spec.maxLength);
          if (spec.autocomplete) o.setAutocomplete(true);
          return o;
        });
        break;
      case 'integer':
        builder.addIntegerOption((o) => {
          o.setName(optionName).setDescription(spec.description).setRequired(required);
          if (spec.minValue !== undefined) o.setMinValue(spec.minValue);
          if (spec.maxValue !== undefined) o.setMaxValue(spec.maxValue);
          return o;
        });
        break;
      case 'boolean':
        builder.addBooleanOption((o) => o.setName(optionName).setDescription(spec.description).setRequired(required));
        break;
    }
  }
  return builder;
}

/** Reads every declared option from an invocation, typed by the declaration. */
export function readOptions<O extends OptionSpecs>(interaction: ChatInputCommandInteraction, options: O): OptionValues<O> {
  const values: Record<string, string | number | boolean | null> = {};
  for (const [name, spec] of Object.entries(options)) {
    const required = spec.required ?? false;
    switch (spec.type) {
      case 'string':
        values[name] = interaction.options.getString(name, required);
        break;
      case 'integer':
        values[name] = interaction.options.getInteger(name, required);
        break;
      case 'boolean':
        values[name] = interaction.options.getBoolean(name, required);
        break;
    }
  }
  return values as OptionValues<O>;
}

/** The option being typed in an autocomplete request, narrowed to the options that declared autocomplete. */
export function focusedOption<O extends OptionSpecs>(
  interaction: AutocompleteInteraction,
  options: O,
): { name: AutocompleteOptionName<O>; value: string } | null {
  const focused = interaction.options.getFocused(true);
  const spec = options[focused.name];
  if (!spec || spec.type !== 'string' || !spec.autocomplete) return null;
  return { name: focused.name as AutocompleteOptionName<O>, value: String(focused.value) };
}
