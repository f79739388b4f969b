import { ApplicationCommandType, ContextMenuCommandBuilder, SlashCommandBuilder } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ANY_INSTALL, CommandModuleError, createRegistry, EVERYWHERE } from '../../src/discord/command.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';
import {
  booleanOption,
  integerOption,
  slashCommand,
  stringOption,
  type AutocompleteOptionName,
  type OptionValues,
} from '../../src/discord/options.ts';

const execute = async () => {};
const slash = (name = 'demo') => new SlashCommandBuilder().setName(name).setDescription('A demo').setContexts(...EVERYWHERE).setIntegrationTypes(...ANY_INSTALL);

function loadError(module: unknown): string {
  try {
    createRegistry([{ source: 'commands/demo.ts', module }]);
  } catch (err) {
    expect(err).toBeInstanceOf(CommandModuleError);
    return (err as Error).message;
  }
  throw new Error('expected the module to be refused');
}

describe('command modules are validated at load', () => {
  it('accepts a well-formed slash command and puts it in the payload', () => {
    const registry = createRegistry([{ source: 'demo', module: { default: { data: slash(), execute } } }]);
    expect(registry.slash.has('demo')).toBe(true);
    expect(registry.payload).toHaveLength(1);
  });

  it('refuses a module without a default export', () => {
    expect(loadError({ data: slash(), execute })).toBe(
      'Command module commands/demo.ts is invalid: default is missing: a command module must `export default { data, execute }`',
    );
  });

  it('refuses a module without execute', () => {
    expect(loadError({ default: { data: slash() } })).toContain('default.execute');
  });

  it('refuses data that is not a builder', () => {
    expect(loadError({ default: { data: { name: 'x' }, execute } })).toContain('must be a command builder');
  });

  it('refuses a command that does not say where it works or how it is installed', () => {
    const noContexts = new SlashCommandBuilder().setName('demo').setDescription('A demo').setIntegrationTypes(...ANY_INSTALL);
    expect(loadError({ default: { data: noContexts, execute } })).toContain('contexts');
    const noInstall = new SlashCommandBuilder().setName('demo').setDescription('A demo').setContexts(...EVERYWHERE);
    expect(loadError({ default: { data: noInstall, execute } })).toContain('integration_types');
  });

  it('refuses an autocomplete option without a handler, and a handler without an autocomplete option', () => {
    const withAuto = slash().addStringOption((o) => o.setName('q').setDescription('q').setAutocomplete(true));
    expect(loadError({ default: { data: withAuto, execute } })).toMatch(/autocomplete is missing, but option\(s\) q/u);
    expect(loadError({ default: { data: slash(), execute, autocomplete: () => [] } })).toMatch(/no option sets autocomplete/u);
  });

  it('refuses a builder that Discord would reject', () => {
    const missingDescription = new SlashCommandBuilder().setName('demo').setContexts(...EVERYWHERE).setIntegrationTypes(...ANY_INSTALL);
    expect(loadError({ default: { data: missingDescription, execute } })).toContain('is not a valid command');
  });

  it('requires a /help line for a context-menu command', () => {
    const menu = new ContextMenuCommandBuilder().setName('Check').setType(ApplicationCommandType.Message).setContexts(...EVERYWHERE).setIntegrationTypes(...ANY_INSTALL);
    expect(loadError({ default: { data: menu, execute } })).toContain('default.help');
    const registry = createRegistry([{ source: 'menu', module: { default: { data: menu, execute, help: 'Checks.' } } }]);
    expect(registry.message.get('Check')?.help).toBe('Checks.');
  });

  it('refuses a user context-menu command, which nothing dispatches', () => {
    const user = new ContextMenuCommandBuilder().setName('Profile').setType(ApplicationCommandType.User).setContexts(...EVERYWHERE).setIntegrationTypes(...ANY_INSTALL);
    expect(loadError({ default: { data: user, execute, help: 'x' } })).toContain('only slash commands');
  });

  it('refuses two modules registering the same name', () => {
    const module = { default: { data: slash(), execute } };
    expect(() => createRegistry([{ source: 'a', module }, { source: 'b', module }])).toThrow(/b registers "demo", which another module already registers/u);
  });
});

/** The commands anyone can use anywhere; moderator commands are scoped to servers on purpose. */
const QUESTION_COMMANDS = ['Check against article', 'article', 'ask', 'help', 'quote', 'timeline', 'who'];

describe('the commands in commands/', () => {
  it('load, and register /ask with autocomplete, usable in servers, DMs and user installs', async () => {
    const registry = await loadCommands();
    const questionCommands = registry.payload.filter((c) => QUESTION_COMMANDS.includes(c.name));
    expect(questionCommands.map((c) => c.name).sort()).toEqual([...QUESTION_COMMANDS].sort());
    for (const command of questionCommands) {
      expect(command.contexts).toEqual([0, 1, 2]);
      expect(command.integration_types).toEqual([0, 1]);
    }
    const ask = registry.payload.find((c) => c.name === 'ask')!;
    expect(ask).toMatchObject({
      type: ApplicationCommandType.ChatInput,
      options: [
        { name: 'question', type: 3, required: true, max_length: 500, autocomplete: true },
        { name: 'private', type: 5, required: false },
      ],
    });
    const article = registry.payload.find((c) => c.name === 'article')!;
    expect(article).toMatchObject({ options: [{ name: 'paragraph', type: 4, min_value: 1, max_value: 15 }] });
  });
});

describe('option declarations type what execute reads', () => {
  const options = {
    question: stringOption({ description: 'q', required: true, autocomplete: true }),
    paragraph: integerOption({ description: 'p', minValue: 1 }),
    private: booleanOption({ description: 'b' }),
  };

  it('makes required options non-null and optional ones nullable', () => {
    expectTypeOf<OptionValues<typeof options>>().toEqualTypeOf<{ question: string; paragraph: number | null; private: boolean | null }>();
    expectTypeOf<AutocompleteOptionName<typeof options>>().toEqualTypeOf<'question'>();
  });

  it('builds the same options for registration', () => {
    const json = slashCommand({ name: 'demo', description: 'd', options }).toJSON();
    expect(json.options).toMatchObject([
      { name: 'question', type: 3, required: true, autocomplete: true },
      { name: 'paragraph', type: 4, required: false, min_value: 1 },
      { name: 'private', type: 5, required: false },
    ]);
  });
});
