import type { APIEmbedField } from 'discord.js';
import type { KnowledgeBase } from '../../knowledge/schema.ts';
import type { ClearResult, DayCount, InsightsReport, QuestionCount } from '../../store/index.ts';
import { EMBED_FIELD_VALUE_MAX } from '../limits.ts';
import { fitted, type Reply } from '../render.ts';
import { articleText, truncate, userText, withoutParagraphSigns } from '../safe-text.ts';

/**
 * How /insights shows what a server's members asked. Question texts are what members typed (already
 * normalised by the store), so they go through `userText` like any user text: nothing in them can
 * ping, format or pass for one of the bot's ¶ citation labels. Paragraphs are named in words here
 * ("paragraph 5") because a "¶N" label marks a quoted passage and this reply quotes none.
 */

const COLOUR = 0x8b5cf6;
const QUESTION_SHOWN_MAX = 160;
const SPARK = '▁▂▃▄▅▆▇█';

const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;
const times = (n: number): string => (n === 1 ? 'once' : `${n}×`);
const people = (n: number): string => (n === 1 ? '1 person' : `${n} people`);

/** Questions per day as a bar per day, oldest first, so a moderator sees a spike at a glance. */
function sparkline(days: readonly DayCount[], max: number): string {
  const shown = days.slice(-max);
  const peak = Math.max(...shown.map((d) => d.questions));
  if (peak === 0) return '';
  return shown.map((d) => (d.questions === 0 ? ' ' : SPARK[Math.min(SPARK.length - 1, Math.floor((d.questions / peak) * (SPARK.length - 1)))]!)).join('');
}

function questionLines(list: readonly QuestionCount[], describe: (q: QuestionCount) => string): string {
  if (list.length === 0) return 'None.';
  const lines: string[] = [];
  let length = 0;
  for (const [i, q] of list.entries()) {
    const line = `${i + 1}. ${userText(q.text, QUESTION_SHOWN_MAX)} — ${describe(q)}`;
    if (length + line.length + 1 > EMBED_FIELD_VALUE_MAX) break;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

function factQuestion(kb: KnowledgeBase, factId: string): string {
  const question = kb.facts.find((f) => f.id === factId)?.questions[0];
  return question === undefined ? `${factId} (no longer in the fact base)` : question;
}

export function renderInsights(kb: KnowledgeBase, report: InsightsReport, retentionDays: number): Reply {
  const since = report.since.toISOString().slice(0, 10);
  const window = report.days === 1 ? 'Today' : `The last ${report.days} days`;
  if (report.questions === 0 && report.feedback.up + report.feedback.down === 0) {
    return {
      embeds: [
        {
          color: COLOUR,
          title: 'What members asked',
          description: `${window} (since ${since}, UTC): no questions yet.`,
          footer: { text: `Questions are kept ${retentionDays} days.` },
        },
      ],
      components: [],
    };
  }

  const busiest = report.perDay.reduce((best, d) => (d.questions > best.questions ? d : best), report.perDay[0]!);
  const fields: APIEmbedField[] = [
    {
      name: 'Answered',
      value: report.answerRate === null ? 'No questions.' : `${percent(report.answerRate)} (${report.answered} of ${report.questions})`,
      inline: true,
    },
    {
      name: 'Questions per day',
      value: `${report.questionsPerDay.toFixed(report.questionsPerDay < 10 ? 1 : 0)} on average${
        busiest.questions > 0 ? `; most on ${busiest.day} (${busiest.questions})` : ''
      }`,
      inline: true,
    },
    {
      name: 'Feedback',
      value:
        report.feedback.ratio === null
          ? 'No votes yet.'
          : `👍 ${report.feedback.up} · 👎 ${report.feedback.down} (${percent(report.feedback.ratio)} helpful)`,
      inline: true,
    },
  ];
  const spark = sparkline(report.perDay, 60);
  if (spark.trim() !== '') fields.push({ name: 'Per day, oldest first', value: `\`${spark}\`` });
  fields.push(
    {
      name: 'Most asked',
      value: questionLines(report.topQuestions, (q) =>
        `${times(q.count)} by ${people(q.askers)}, ${q.answered === q.count ? 'answered' : q.answered === 0 ? 'unanswered' : `answered ${q.answered} of ${q.count}`}`,
      ),
    },
    {
      name: 'Asked but not covered by the article',
      value: questionLines(report.topUnanswered, (q) => `${times(q.count)} by ${people(q.askers)}`),
    },
  );
  if (report.topParagraphs.length > 0) {
    fields.push({
      name: 'Paragraphs answers cited most',
      value: truncate(report.topParagraphs.map((p) => `paragraph ${p.paragraph} (${times(p.count)})`).join(', '), EMBED_FIELD_VALUE_MAX),
    });
  }
  if (report.lowRatedFacts.length > 0) {
    fields.push({
      name: 'Answers voted not helpful',
      value: truncate(
        report.lowRatedFacts
          .map((f) => `• ${withoutParagraphSigns(articleText(factQuestion(kb, f.factId), QUESTION_SHOWN_MAX))} — 👎 ${f.down} · 👍 ${f.up}`)
          .join('\n'),
        EMBED_FIELD_VALUE_MAX,
      ),
    });
  }
  return {
    embeds: [
      // Fields are in order of importance, so fitting drops the least useful ones first.
      fitted({
        color: COLOUR,
        title: 'What members asked',
        description: `${window} (since ${since}, UTC): ${report.questions} question${report.questions === 1 ? '' : 's'} from ${people(report.askers)}.`,
        fields,
        footer: { text: `Askers are counted by salted hash, never stored by id. Questions are kept ${retentionDays} days.` },
      }),
    ],
    components: [],
  };
}

export function renderCleared(result: ClearResult): Reply {
  return {
    embeds: [
      {
        color: COLOUR,
        title: 'Insights cleared',
        description: `Deleted ${result.questions} recorded question${result.questions === 1 ? '' : 's'} and ${result.votes} feedback vote${
          result.votes === 1 ? '' : 's'
        } from this server. Settings are unchanged.`,
      },
    ],
    components: [],
  };
}
