/**
 * Discord's documented limits on what a bot may send, checked on every body the bot posts so a test
 * fails where production would get "400 Invalid Form Body". Lengths are counted in code points, as
 * Discord counts them.
 */

export type LimitRule =
  | 'content-length'
  | 'empty-message'
  | 'embed-limit'
  | 'component-limit'
  | 'autocomplete-limit'
  | 'file-limit'
  | 'allowed-mentions'
  | 'command-schema';

export interface LimitIssue {
  rule: LimitRule;
  /** Where in the body, in Discord's error notation (`embeds.0.fields.3.value`). */
  path: string;
  message: string;
  /** True when real Discord refuses the request for it; false for this project's own policy. */
  rejects: boolean;
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthor: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  selectPlaceholder: 150,
  selectOptions: 25,
  selectOptionText: 100,
  v2Components: 40,
  v2TextTotal: 4000,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  files: 10,
} as const;

/** MessageFlags.IsComponentsV2: the message is laid out by components alone. */
const IS_COMPONENTS_V2 = 1 << 15;
const SELECT_MENU_TYPES = new Set([3, 5, 6, 7, 8]);
const LINK_BUTTON = 5;
const PREMIUM_BUTTON = 6;

type Json = Record<string, unknown>;

const length = (text: string): number => [...text].length;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

class IssueList {
  readonly issues: LimitIssue[] = [];
  add(rule: LimitRule, path: string, message: string, rejects = true): void {
    this.issues.push({ rule, path, message, rejects });
  }
  maxLength(rule: LimitRule, path: string, value: unknown, max: number, min = 0): void {
    if (value === undefined || value === null) {
      if (min > 0) this.add(rule, path, 'This field is required.');
      return;
    }
    if (typeof value !== 'string') {
      this.add(rule, path, `Must be a string, got ${typeof value}.`);
      return;
    }
    const n = length(value);
    if (n > max) this.add(rule, path, `Must be ${max} or fewer in length (is ${n}).`);
    else if (n < min) this.add(rule, path, `Must be ${min} or more in length.`);
  }
}

/**
 * Checks the fields of a message body that is about to create or edit a message (interaction
 * callback data, webhook execute/edit, channel message create/edit). `fileCount` is the number of
 * uploaded files in a multipart request.
 */
export function checkMessageBody(body: unknown, fileCount = 0): LimitIssue[] {
  const list = new IssueList();
  if (!isObject(body)) {
    list.add('empty-message', '', `The message body must be a JSON object, got ${JSON.stringify(body)}.`);
    return list.issues;
  }
  const componentsV2 = typeof body.flags === 'number' && (body.flags & IS_COMPONENTS_V2) !== 0;
  if (body.content !== undefined && body.content !== null) {
    list.maxLength('content-length', 'content', body.content, LIMITS.content);
    if (componentsV2 && body.content !== '') list.add('component-limit', 'content', 'Content cannot be set on a Components V2 message.');
  }
  if (body.embeds !== undefined && body.embeds !== null) checkEmbeds(list, body.embeds, componentsV2);
  if (body.components !== undefined && body.components !== null) {
    if (componentsV2) checkComponentsV2(list, body.components);
    else checkActionRows(list, body.components);
  }
  if (fileCount > LIMITS.files) list.add('file-limit', 'files', `At most ${LIMITS.files} files per message (got ${fileCount}).`);
  checkMentionPolicy(list, body);
  return list.issues;
}

/** Discord refuses to create a message, or leave one after an edit, with nothing in it. */
export function checkNotEmpty(message: {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  attachments?: unknown;
  sticker_ids?: unknown;
  poll?: unknown;
}): LimitIssue[] {
  const nonEmptyList = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
  const hasContent = typeof message.content === 'string' && message.content.trim() !== '';
  if (
    hasContent ||
    nonEmptyList(message.embeds) ||
    nonEmptyList(message.components) ||
    nonEmptyList(message.attachments) ||
    nonEmptyList(message.sticker_ids) ||
    message.poll
  ) {
    return [];
  }
  return [{ rule: 'empty-message', path: '', message: 'Cannot send an empty message (Discord code 50006).', rejects: true }];
}

/** The data of an autocomplete callback (type 8). */
export function checkAutocompleteData(data: unknown): LimitIssue[] {
  const list = new IssueList();
  if (!isObject(data) || !Array.isArray(data.choices)) {
    list.add('autocomplete-limit', 'data.choices', 'An autocomplete response needs data.choices (an array, possibly empty).');
    return list.issues;
  }
  if (data.choices.length > LIMITS.autocompleteChoices) {
    list.add('autocomplete-limit', 'data.choices', `Must be ${LIMITS.autocompleteChoices} or fewer in length (is ${data.choices.length}).`);
  }
  data.choices.forEach((choice: unknown, i) => {
    const path = `data.choices.${i}`;
    if (!isObject(choice)) {
      list.add('autocomplete-limit', path, 'Each choice must be an object {name, value}.');
      return;
    }
    list.maxLength('autocomplete-limit', `${path}.name`, choice.name, LIMITS.choiceName, 1);
    if (typeof choice.value === 'string') list.maxLength('autocomplete-limit', `${path}.value`, choice.value, LIMITS.choiceValue);
    else if (typeof choice.value !== 'number') list.add('autocomplete-limit', `${path}.value`, 'A choice value must be a string or a number.');
  });
  return list.issues;
}

function checkMentionPolicy(list: IssueList, body: Json): void {
  const allowed = body.allowed_mentions;
  const explain = 'every message must carry allowed_mentions: { parse: [] } so that user text can never ping anyone';
  if (!isObject(allowed) || !Array.isArray(allowed.parse)) {
    list.add('allowed-mentions', 'allowed_mentions', `Missing allowed_mentions.parse; ${explain}.`, false);
    return;
  }
  if (allowed.parse.length > 0) {
    list.add('allowed-mentions', 'allowed_mentions.parse', `parse is ${JSON.stringify(allowed.parse)}; ${explain}.`, false);
  }
  for (const key of ['users', 'roles'] as const) {
    const ids = allowed[key];
    if (Array.isArray(ids) && ids.length > 0) {
      list.add('allowed-mentions', `allowed_mentions.${key}`, `Lists ${key} ${JSON.stringify(ids)} that would be pinged; ${explain}.`, false);
    }
  }
  if (allowed.replied_user === true) {
    list.add('allowed-mentions', 'allowed_mentions.replied_user', `replied_user: true pings the author of the replied-to message; ${explain}.`, false);
  }
}

function checkEmbeds(list: IssueList, embeds: unknown, componentsV2: boolean): void {
  if (!Array.isArray(embeds)) {
    list.add('embed-limit', 'embeds', 'Must be an array.');
    return;
  }
  if (componentsV2 && embeds.length > 0) list.add('component-limit', 'embeds', 'Embeds cannot be set on a Components V2 message.');
  if (embeds.length > LIMITS.embeds) list.add('embed-limit', 'embeds', `Must be ${LIMITS.embeds} or fewer in length (is ${embeds.length}).`);
  let total = 0;
  const counted = (value: unknown): void => {
    if (typeof value === 'string') total += length(value);
  };
  embeds.forEach((embed: unknown, i) => {
    const path = `embeds.${i}`;
    if (!isObject(embed)) {
      list.add('embed-limit', path, 'Each embed must be an object.');
      return;
    }
    list.maxLength('embed-limit', `${path}.title`, embed.title, LIMITS.embedTitle);
    list.maxLength('embed-limit', `${path}.description`, embed.description, LIMITS.embedDescription);
    counted(embed.title);
    counted(embed.description);
    if (embed.color !== undefined && embed.color !== null) {
      if (!Number.isInteger(embed.color) || (embed.color as number) < 0 || (embed.color as number) > 0xffffff) {
        list.add('embed-limit', `${path}.color`, `Must be an integer from 0 to 16777215 (is ${JSON.stringify(embed.color)}).`);
      }
    }
    if (isObject(embed.footer)) {
      list.maxLength('embed-limit', `${path}.footer.text`, embed.footer.text, LIMITS.embedFooter, 1);
      counted(embed.footer.text);
    }
    if (isObject(embed.author)) {
      list.maxLength('embed-limit', `${path}.author.name`, embed.author.name, LIMITS.embedAuthor, 1);
      counted(embed.author.name);
    }
    if (embed.fields !== undefined) {
      if (!Array.isArray(embed.fields)) {
        list.add('embed-limit', `${path}.fields`, 'Must be an array.');
      } else {
        if (embed.fields.length > LIMITS.embedFields) {
          list.add('embed-limit', `${path}.fields`, `Must be ${LIMITS.embedFields} or fewer in length (is ${embed.fields.length}).`);
        }
        embed.fields.forEach((field: unknown, j) => {
          const fieldPath = `${path}.fields.${j}`;
          if (!isObject(field)) {
            list.add('embed-limit', fieldPath, 'Each field must be an object {name, value}.');
            return;
          }
          list.maxLength('embed-limit', `${fieldPath}.name`, field.name, LIMITS.embedFieldName, 1);
          list.maxLength('embed-limit', `${fieldPath}.value`, field.value, LIMITS.embedFieldValue, 1);
          counted(field.name);
          counted(field.value);
        });
      }
    }
  });
  if (total > LIMITS.embedTotal) {
    list.add('embed-limit', 'embeds', `Embeds total ${total} characters; Discord allows ${LIMITS.embedTotal} across all embeds of a message.`);
  }
}

function checkCustomId(list: IssueList, path: string, component: Json, seen: Set<string>): void {
  list.maxLength('component-limit', `${path}.custom_id`, component.custom_id, LIMITS.customId, 1);
  if (typeof component.custom_id === 'string') {
    if (seen.has(component.custom_id)) list.add('component-limit', `${path}.custom_id`, `custom_id "${component.custom_id}" is used twice in one message.`);
    seen.add(component.custom_id);
  }
}

function checkButton(list: IssueList, path: string, button: Json, seen: Set<string>): void {
  list.maxLength('component-limit', `${path}.label`, button.label, LIMITS.buttonLabel);
  if (button.style === LINK_BUTTON) {
    if (typeof button.url !== 'string') list.add('component-limit', `${path}.url`, 'A link button needs a url.');
    if (button.custom_id !== undefined) list.add('component-limit', `${path}.custom_id`, 'A link button cannot have a custom_id.');
  } else if (button.style !== PREMIUM_BUTTON) {
    checkCustomId(list, path, button, seen);
    if (button.url !== undefined) list.add('component-limit', `${path}.url`, 'Only link buttons (style 5) can have a url.');
  }
  if (button.style !== PREMIUM_BUTTON && button.label === undefined && button.emoji === undefined) {
    list.add('component-limit', path, 'A button needs a label or an emoji.');
  }
}

function checkSelect(list: IssueList, path: string, select: Json, seen: Set<string>): void {
  checkCustomId(list, path, select, seen);
  list.maxLength('component-limit', `${path}.placeholder`, select.placeholder, LIMITS.selectPlaceholder);
  if (select.type === 3) {
    const options = select.options;
    if (!Array.isArray(options) || options.length < 1 || options.length > LIMITS.selectOptions) {
      list.add('component-limit', `${path}.options`, `A string select needs 1 to ${LIMITS.selectOptions} options.`);
      return;
    }
    options.forEach((option: unknown, k) => {
      if (!isObject(option)) {
        list.add('component-limit', `${path}.options.${k}`, 'Each option must be an object {label, value}.');
        return;
      }
      list.maxLength('component-limit', `${path}.options.${k}.label`, option.label, LIMITS.selectOptionText, 1);
      list.maxLength('component-limit', `${path}.options.${k}.value`, option.value, LIMITS.selectOptionText, 1);
      list.maxLength('component-limit', `${path}.options.${k}.description`, option.description, LIMITS.selectOptionText);
    });
  }
}

function checkActionRows(list: IssueList, rows: unknown): void {
  if (!Array.isArray(rows)) {
    list.add('component-limit', 'components', 'Must be an array of action rows.');
    return;
  }
  if (rows.length > LIMITS.actionRows) list.add('component-limit', 'components', `Must be ${LIMITS.actionRows} or fewer action rows (is ${rows.length}).`);
  const seen = new Set<string>();
  rows.forEach((row: unknown, i) => {
    const path = `components.${i}`;
    if (!isObject(row) || row.type !== 1 || !Array.isArray(row.components)) {
      list.add('component-limit', path, 'Top-level components must be action rows {type: 1, components: [...]}.');
      return;
    }
    const children = row.components as unknown[];
    if (children.length < 1 || children.length > LIMITS.rowButtons) {
      list.add('component-limit', `${path}.components`, `An action row holds 1 to ${LIMITS.rowButtons} components (has ${children.length}).`);
    }
    const hasSelect = children.some((child) => isObject(child) && SELECT_MENU_TYPES.has(child.type as number));
    if (hasSelect && children.length > 1) list.add('component-limit', `${path}.components`, 'A select menu must be alone in its action row.');
    children.forEach((child, j) => {
      const childPath = `${path}.components.${j}`;
      if (!isObject(child)) list.add('component-limit', childPath, 'Each component must be an object.');
      else if (child.type === 2) checkButton(list, childPath, child, seen);
      else if (SELECT_MENU_TYPES.has(child.type as number)) checkSelect(list, childPath, child, seen);
      else list.add('component-limit', childPath, `Component type ${JSON.stringify(child.type)} cannot be placed in an action row.`);
    });
  });
}

function checkComponentsV2(list: IssueList, components: unknown): void {
  if (!Array.isArray(components)) {
    list.add('component-limit', 'components', 'Must be an array.');
    return;
  }
  let count = 0;
  let text = 0;
  const seen = new Set<string>();
  const visit = (component: unknown, path: string): void => {
    if (!isObject(component)) {
      list.add('component-limit', path, 'Each component must be an object.');
      return;
    }
    count += 1;
    if (component.type === 10 && typeof component.content === 'string') text += length(component.content);
    if (component.type === 2) checkButton(list, path, component, seen);
    else if (SELECT_MENU_TYPES.has(component.type as number)) checkSelect(list, path, component, seen);
    if (Array.isArray(component.components)) component.components.forEach((child, i) => visit(child, `${path}.components.${i}`));
    if (component.accessory !== undefined) visit(component.accessory, `${path}.accessory`);
  };
  components.forEach((component, i) => visit(component, `components.${i}`));
  if (count > LIMITS.v2Components) list.add('component-limit', 'components', `A Components V2 message holds at most ${LIMITS.v2Components} components (has ${count}).`);
  if (text > LIMITS.v2TextTotal) list.add('component-limit', 'components', `Text displays total ${text} characters; at most ${LIMITS.v2TextTotal}.`);
}

/** Discord's 400 body for field errors: `{code: 50035, errors: {content: {_errors: [...]}}}`. */
export function invalidFormBody(issues: readonly LimitIssue[], prefix = ''): Json {
  const errors: Json = {};
  for (const issue of issues) {
    const path = [prefix, issue.path].filter(Boolean).join('.');
    let node = errors;
    for (const key of path.split('.').filter(Boolean)) {
      const next = node[key];
      node = isObject(next) ? next : (node[key] = {});
    }
    const bucket = (node._errors ??= []) as unknown[];
    bucket.push({ code: issue.rule.toUpperCase().replaceAll('-', '_'), message: issue.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}
