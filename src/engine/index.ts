import type { Entity, Fact, KnowledgeBase, TimelineEvent } from '../knowledge/schema.ts';
import { messages, QUESTION_MAX, UserError } from '../errors.ts';
import { Analyzer, type Term } from './analyzer.ts';
import { createCompleter } from './complete.ts';
import { Matcher, MIN_MATCHED_WEIGHT, type Query, type Scored } from './matcher.ts';
import {
  compoundsAskedFor,
  focusWords,
  POSSESSIVE,
  paragraphAskedAbout,
  questionType,
  segmentsOf,
  withLettersClosedUp,
  withoutFencedOrders,
  withoutFakeParagraphs,
  withoutLinks,
  withoutOrders,
  type Segment,
} from './question.ts';
import { createSmalltalk } from './smalltalk.ts';
import { appendTo } from './multimap.ts';
import { normalise, stem, words } from './text.ts';
import type { AnswerResult, Citation, Engine, Explanation } from './types.ts';

export type { AnswerResult, Citation, Engine } from './types.ts';

/** Below this share of the question's weight matched, the engine abstains. */
const MIN_COVERAGE = 0.5;
/** A message past this many words is a story around a question; its best fact may hold less of it. */
const STORY_WORDS = 15;
const STORY_COVERAGE = 0.4;
const STORY_MATCHED_WEIGHT = 8;
/** What a fact must cover of a question that also names something from outside the article. */
const OUTSIDE_COVERAGE = 0.6;
/** A gap (known unknown) refuses only on a close match to one of its forms, or a clear lead. */
const GAP_PRECISION = 0.6;
const GAP_MARGIN = 0.15;
const GAP_TIE = 0.05;
const GAP_COVERAGE_LEAD = 0.02;
/** A second passage is cited when its fact scores this close to the best and adds what the best lacks. */
const SECOND_CITATION_RATIO = 0.7;
const SECOND_CITATION_GAIN = 1.2;
/** What another clause must match on its own to add its passage: stricter than answering at all. */
const CLAUSE_COVERAGE = 0.6;
const CLAUSE_MATCHED_WEIGHT = 3;
const MAX_CITATIONS = 3;
/** Another of a fact's citations leads only when its paragraph holds clearly more of the question. */
const REORDER_MARGIN = 1.3;
/** The sentence fallback is stricter than facts: a sentence has no question forms to confirm it. */
const SENTENCE_COVERAGE = 0.5;
const SENTENCE_MATCHED_WEIGHT = 3;
const SENTENCE_CONFIDENCE = 0.8;
/** A clause of one matched word must not beat the clause that carries the question. */
const SEGMENT_FULL_WEIGHT = 5;
const SUGGESTIONS = 3;
/** Terms this common across the fact base (North Korea, the US, Trump, Kim) do not make a match on their own. */
const SPECIFIC_IDF = 1.6;
/** ...when at least this many words of the question are unknown to the fact base; one may be chatter ("kinda lost"). */
const EVERYWHERE_UNKNOWN_MIN = 2;
/** How far a passage in the speaker's own words is preferred when a quote is asked for. */
const DIRECT_QUOTE_BONUS = 1.25;
/** Whose quote is asked for: "a quote from kim", "quote trump"; not "put in quotes around trump's claim", which asks for quotation marks, nor "who is meant by 'X' in the quote". */
const QUOTE_SOURCE = /\b(?:from|(?<!\bmeant\s+)by|(?:directly\s+)?(?<!\bin\s+)quotes?(?!\s+(?:about|on|of|regarding|that|the|a|an|from|by|around)\b))\s+((?:[\p{L}'.-]+\s*){1,4})/iu;
const OWN_WORDS_SPEAKER = /\b(?:did|does|has)\s+((?:[\p{L}'.-]+\s+){1,3})(?:say|said|speak)\b.*\bown\s+words\b/iu;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** Cheap test before SAYS_OF, which most questions fail. */
const SAYING = /\b(?:say|said|tell|told|speak|spoke|call|called|react|respond|reply|comment|tweet|tweeted|write|wrote|quote)\b/i;
/** "what did kim jong un personally say", "did trump say anything": whose words are asked for. */
const SAYS_OF = /\b(?:did|does|do|has|had)\s+((?:[\p{L}'.-]+\s+){1,4}?)(?:(?:personally|himself|herself|ever|actually|really|even|also)\s+)?(?:say|said|tell|told|speak|spoke|call|called|react|respond|reply|comment|tweet|tweeted|write|wrote)\b|\bquote\s+(?:what\s+)?((?:[\p{L}'.-]+\s+){1,4}?)(?:said|says|wrote|tweeted|(?:own\s+)?words)\b/iu;
/** Whose words a text asks for ("what did trump say", "quote what trump said"), if it asks for anyone's. */
function saysOf(text: string): string | undefined {
  if (!SAYING.test(text)) return undefined;
  const m = SAYS_OF.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}
const OWN_WORDS = /\b(?:in\s+(?:his|her|their)\s+own\s+words|directly\s+quoted?|quoted\s+directly)\b/i;
const QUOTE_REQUEST = /\b(?:quotes?|quotation|exact\s+(?:words|lines?)|verbatim|word\s+for\s+word|in\s+quotes)\b/i;
/** Shorter unknown words are chat ("u", "ur", "da"), not what a question asks for. */
const FOCUS_WORD_MIN = 3;
/** "…, right?", "…, correct?": a claim put up for checking, whatever its first word. */
const TAG = String.raw`(?:right|correct|yeah|yes|innit|true|(?:was|is|did|does)n'?t\s+(?:it|he|she|they))`;
const CLAIM_TAG = new RegExp(String.raw`\b${TAG}\s*\?*\s*$`, 'iu');
/** How a claim ends: perhaps a tag ("…, right?"), then its stop. */
const CLAIM_END = String.raw`\s*(?:[,\u2013\u2014-]?\s*${TAG})?\s*[?.!]*\s*$`;
/** "june 16", "16 june", "June 16th, 2020": a day of a month, and its year if given. */
const MONTH_NAME = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DAY_OF_MONTH = new RegExp(String.raw`\b(?:${MONTH_NAME}\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME})\b(?:,?\s+((?:19|20)\d{2}))?`, 'giu');
/** A year as people write one: 1900 to 2099. */
const YEAR = /\b(?:19|20)\d{2}\b/gu;
const YEAR_WITH_PREPOSITION = /\s*\b(?:in\s+|of\s+)?(?:19|20)\d{2}\b/gu;
/** The claim's last detail: a preposition and one or two words, or a year, at the end ("in bangkok", "for western europe", "in 2016"). */
const SLOT_PREPOSITION = String.raw`(?:in|at|for|from|with|by|to|through|via|on)`;
/** A word of the slot: the detail after the last preposition, so "at the summit in moscow" is "moscow". */
const SLOT_WORD = String.raw`(?!${SLOT_PREPOSITION}\b)[\p{L}'-]+`;
const CLAIM_SLOT = new RegExp(
  String.raw`\s+(${SLOT_PREPOSITION})\s+((?:the\s+)?${SLOT_WORD}(?:\s+${SLOT_WORD}){0,3}|(?:19|20)\d{2})${CLAIM_END}`,
  'iu',
);
/**
 * A claim put up for checking: a yes/no question, one tagged "…, right?", or a statement with or
 * without a question mark ("this article was filed from tokyo?", "the singapore summit was in 2019.").
 */
function isClaim(question: string): boolean {
  const type = questionType(question);
  return type === 'yesno' || CLAIM_TAG.test(question) || type === undefined;
}
const COMPARISON = /\b(?:differ|difference|compare|compared|comparison|contrast|versus|vs)\b/i;
/** "what does <person> think about <topic>": a view asked of one person, on one topic. */
const VIEW_OF = /\b(?:what|how)\s+(?:does|did|do|would)\s+((?:[\p{L}'.-]+\s+){1,4}?)(?:think|feel|believe|say|make)\s+(?:about|of|on|regarding)\s+(.+?)\s*[?.!]*\s*$/iu;
/** "does pardo say anything about the election?": whether one person speaks to a topic at all. */
const VIEW_ASKED = /\b(?:does|did)\s+((?:[\p{L}'.-]+\s+){1,4}?)(?:say|mention|talk|comment)\s+(?:anything|something|much)?\s*(?:about|of|on|regarding)\s+(.+?)\s*[?.!]*\s*$/iu;
/** "did the article mention KCNA", "does the story talk about sanctions at all": whether the article tells of a thing. */
const ARTICLE_MENTIONS =
  /^\W*(?:(?:so|and|but|ok|okay|hey)\b[\s,]*)?(?:does|did|do)\s+(?:the|this)\s+(?:article|story|piece|report|text)\s+(?:(?:ever|even|actually|really|also)\s+)?(?:mention|name|talk\s+about|say\s+anything\s+about|bring\s+up|refer\s+to|discuss|touch\s+on)\s+(.+?)\s*[?.!]*\s*$/iu;
/** "ri, the defense minister, called…": a name, an aside between commas saying what they are, the rest. */
const ASIDE = /^([^,]{1,60}),\s+((?:the|a|an|his|her|their|nk'?s|north\s+korea'?s|us|america'?s)\s+[^,]{2,40}?),\s+(.{8,})$/iu;
/** "…after the vietnam summit", "since hanoi": what follows an event, up to two or three words of its name. */
const AFTER_EVENT = /\b(?:after|since|following)\s+((?:the\s+)?[\p{L}\d'-]+(?:\s+[\p{L}\d'-]+){0,2})\s*[?.!]*\s*$/iu;
const SPAN_SINCE = /\b(?:\d+|one|two|three|four)\s+(?:years?|months?|weeks?|days?)\s+since\b/i;
const ELAPSED = /\bhow\s+(?:long|many\s+(?:years|months|weeks|days))\b/i;
/** A question or yes/no word first: the claim's subject, if any, is not the name that opens it. */
const OPENS_WITH_QUESTION_WORD = /^\W*(?:(?:so|and|but|wait|ok|okay)\b[\s,]*)?(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|who|what|when|where|why|how|which|whats|whos)\b/i;
/** The kinds of name a claim's last detail can get wrong by naming another: where, and through whom. */
const PLACES_AND_BODIES = new Set(['place', 'country', 'organisation']);
/** "kcna is south korean, right?", "the article says ri is the defence minister": a name, "is" or "was", and what it is claimed to be. */
const IDENTITY_CLAIM = new RegExp(
  String.raw`^\W*(?:(?:so|and|but|wait|ok|okay|confirm|hmm|like|i'?m\s+sure|i\s+think|i\s+(?:heard|read)(?:\s+that)?|is\s+it\s+(?:true|right|correct)\s+that|(?:my|our|a)\s+(?:teacher|friend|dad|mom|mum|brother|sister|professor|classmate)\s+(?:says|said|told\s+me)(?:\s+that)?|(?:the|this)\s+(?:article|story)\s+(?:says|said|states|claims)(?:\s+that)?)\b[\s,:]*)*((?:[\p{L}'.-]+\s+){0,3}?[\p{L}'.-]+)\s+(?:is|was|are|were)\s+((?:[\p{L}'.-]+\s*){1,6}?)${CLAIM_END}`,
  'iu',
);
/** The last alternative of a choice: "… or defence minister?". */
const OTHER_CHOICE = /\s+or\s+((?:the\s+|a\s+)?[\p{L}'-]+(?:\s+[\p{L}'-]+){0,3}?)(?=\s*[?.!]*\s*$)/iu;
/** Every claim about what someone is says "is" or "was": most messages need no closer look. */
const COPULA = /\b(?:is|was|are|were)\b/iu;
/** "is ri the prime minister?": the same claim asked, the name first and what it is claimed to be after "the" or "a". */
const IDENTITY_ASKED = new RegExp(
  String.raw`^\W*(?:(?:so|and|but|wait|ok|okay|hmm)\b[\s,:]*)*(?:is|was)\s+((?:[\p{L}'.-]+\s+){0,3}?[\p{L}'.-]+)\s+(?:the|a|an)\s+((?:[\p{L}'.-]+\s*){1,6}?)${CLAIM_END}`,
  'iu',
);
/** "was X before or after Y?", "which came first: X or Y?": the order of two events is asked. */
const ORDER_ASKED = /\b(?:before\s+or\s+after|after\s+or\s+before|(?:came|happened|occurred|was|were)\s+(?:first|earlier)|first\s+or\s+second|earlier\s+or\s+later|before\b[^?]*\bor\s+after)\b/iu;
/** Every way of asking the order names one of these: most questions have none. */
const MIGHT_ASK_ORDER = /before|first|earlier|later/iu;
/** What separates the two events in such a question. */
const ORDER_PARTS = /\bbefore\s+or\s+after\b|\bafter\s+or\s+before\b|\b(?:came|happened|occurred|was|were)\s+(?:first|earlier)\b|\bfirst\s+or\s+second\b|\bearlier\s+or\s+later\b|\bbefore\b|\bafter\b|\bor\b|[:?]/iu;
/** How much of a part's words an event must hold to be the one that part names. */
const EVENT_COVERAGE = 0.5;
/** "how do vaccines work", "how does photosynthesis work": how a thing works, and the thing. */
const THING_WORKS = /^\W*how\s+(?:do|does|did|can)\s+(.+?)\s+work\b/iu;
/** "how did the markets react": how someone took it, asked of a subject the fact base may not know. */
const REACTION_OF = /^\W*how\s+(?:did|do|does|have|has|were|was)\s+(.+?)\s+(?:react|respond|reply|take\s+it|feel)\b/iu;
/** "who won the champions league", "who's gonna win the superbowl": a contest, and which. */
const CONTEST_WON = /\b(?:won|wins?|winning)\s+(?:the\s+)?(.+?)\s*[?.!]*$/iu;
/** "the difference between affect and effect": the two things compared. */
const DIFFERENCE_OF = /\bdifference\s+between\s+(.+?)\s+and\s+(.+?)\s*[?.!]*$/iu;
/** "fix it.", "prove it!", "explain that": a request about something said before, and nothing else. */
const BARE_REQUEST = /^\W*(?:(?:please|pls|now|so|just)\s+)?(?:quote|cite|fix|correct|explain|prove|confirm|check|verify|source|show\s+me)\s+(?:it|that|this)\W*$/iu;
/** "that", "this", "it": a pointer back to a thing just said. */
const THING_POINTER = /\b(?:that|this|it)\b/iu;
/** "2018 or 2019": a choice between two. */
const CHOICE = /\bor\b/iu;
/** "<country>'s <name>": up to three words of the owner, then up to three of what it owns. */
const COUNTRY_POSSESSIVE = /((?:[\p{L}.]+\s+){0,2}[\p{L}.]+)['\u2019]s\s+((?:[\p{L}-]+\s*){1,3})/gu;
/** How close to the best a fact about the claim's subject must score to answer instead. */
const SUBJECT_SCORE_SHARE = 0.85;
/** How sure the answer without the detail must be to stand as its correction. */
const CLAIM_CONFIDENCE = 0.65;
const TIME_WORDS = /\b(?:(?:19|20)\d{2}|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|last\s+year|same\s+day|anniversary|days?|weeks?|months?|years?)\b/i;
/** What an undated fact keeps of its score against a "when" question. */
const UNDATED_SHARE = 0.85;
/** A span of time the article states outright: "the second-year anniversary", "three years". */
const STATED_SPAN = /\banniversary\b|\b\w+-years?\b|\b(?:\d+|one|two|three|four|five)\s+(?:years|months)\b/i;
/** "since", "ago": a span up to the article's time, not between two events. */
const UNTIL_NOW = /\b(?:since|ago)\b/i;
/** What a fact whose passage states a span gains against "how long / how many years since". */
const STATED_SPAN_BONUS = 1.25;
const AFTER_ARTICLE =
  /\b(?:(?<!\bor\s+)later|afterwards|subsequently|ever\s+since|since\s+then|(?:will|going\s+to|gonna|plan(?:s|ning)?\s+to)\s+(?:[\w'-]+\s+){0,5}?(?:meet|hold|have|sit\s+down)\b[^.?!]{0,30}?\b(?:again|next|another|third)\b|(?:days?|weeks?|months?|years?)\s+after\s+(?:this|that|it)|after\s+(?:this|that|it)\s*(?:[?.!]|$|came\s+out|was\s+(?:published|released|reported))|after\s+(?:this|the)\s+(?:statement|article|report|story))/i;
/** "list the countries mentioned", "who are all the people named", "which organisations appear". */
const LIST_OF =
  /\b(?:list|name|all|every|which|what)\s+(?:(?:of\s+)?the\s+|all\s+(?:the\s+)?|every\s+)?(people|persons|countries|organi[sz]ations|orgs|places|events)(?:\s+(?:are|were|is|that\s+are|who\s+are|that\s+get|getting))?\s+(?:(mentioned|named|in\s+(?:the|this)\s+(?:article|story|piece|report)|appearing|that\s+appear|featured)|(quoted))\b(?=\s*(?:[?.!]|$|in\s+(?:the|this|it)|here|there|and\b|by\b|pls|please))/i;
const LIST_TYPES: Record<string, Entity['type']> = {
  people: 'person',
  persons: 'person',
  countries: 'country',
  organisations: 'organisation',
  organizations: 'organisation',
  orgs: 'organisation',
  places: 'place',
  events: 'event',
};
/** A view asked of the bot itself, not of anyone in the article. */
const OPINION_OF_BOT = /\b(?:(?:your|ur|yr)\s+(?:own\s+|personal\s+|honest\s+|best\s+)?(?:opinion|view|take|thoughts|verdict|prediction|forecast|guess)|do\s+(?:you|u)\s+(?:think|believe|reckon)|in\s+(?:your|ur)\s+view|(?:is|was|are)\s+(?:it|that|this|[\w' ]{1,40}?)\s+(?:justified|morally\s+right)|what\s+would\s+you\s+do|(?:do|would)\s+(?:you|u)\s+(?:support|prefer|side\s+with|root\s+for)|(?:which|whose)\s+side\s+(?:are\s+)?(?:you|u)\s+on|which\s+side\s+(?:do|would)\s+(?:you|u))\b/i;
/** "Should the US lift sanctions?": advice, asked of the bot, unless someone in the article is named as giving it. */
const ADVICE_ASKED = /^\W*should\s+(?:the\s+)?(?:us|u\.s\.?|usa|america|washington|trump|kim|north\s+korea|nk|dprk|pyongyang|south\s+korea|seoul|they|we)\b(?![^?]*\b(?:according\s+to|say|says|said|think|thinks|believe|believes)\b)/i;
/** "Predict: will they make a deal?": a forecast asked of the bot, which reports the article's only. */
const PREDICTION_ASKED = /^\W*(?:(?:can|could|would|will)\s+(?:you|u)\s+|please\s+|pls\s+)?(?:predict|forecast|guess)\b(?!\s+(?:did|does|do)\b)/i;
const OTHER_TASK =
  /^\W*(?:(?:can|could|would|will)\s+(?:u|you)\s+|pls\s+|please\s+)?(?:help\s+me\s+(?:to\s+|with\s+)?(?:my\s+[\w-]+\s+(?:homework|assignment|code|essay)\W*)?|how\s+(?:do|can|should)\s+(?:i|you|we)\s+)?(?:fix|debug|solve|calculate|compute|explain\s+how|code|program|install|compile)\b/i;
/** "summarize a different article", "got another story for me?": not this article, so nothing it can answer. */
const OTHER_ARTICLE = /\b(?:a\s+different|different|another|some\s+other|other|a\s+new|a\s+second)\s+(?:articles?|stor(?:y|ies)|pieces?|news\s+stor(?:y|ies)|reports?)\b/i;
const PERSON_PRONOUN = /\b(?:he|him|his)\b/i;
const THING_PRONOUN = /\b(?:it|its)\b/i;
const QUOTE_MARK = /['"\u2018\u201c]/;
/** "is the word 'suffocate' used", "does ri use the words 'US Chief Executive'": whether words stand in the article. */
const WORDS_USED = /\b(?:use[sd]?|using|appear(?:s|ed)?|occur(?:s|red)?|mention(?:s|ed)?)\b/i;
const QUOTED_WORDS = /['"\u2018\u201c]([^'"\u2019\u201d]{3,60})['"\u2019\u201d]/u;
const QUOTED_PHRASE = /['"\u2018\u201c]([^'"\u2019\u201d]{6,80})['"\u2019\u201d]/gu;
/** How much of a ranking "what did X say" may reorder. */
const SAID_BY_DEPTH = 10;
/** A query of at most this many words may itself be a phrase of the article. */
const PHRASE_QUERY_WORDS = 4;
const PHRASE_SCORE_SHARE = 0.7;
/** A message of this many parts reads each part in the light of the others (`inContext`). */
const CONTEXT_MIN_SEGMENTS = 3;
const CONTEXT_DEPTH = 5;
const CONTEXT_BONUS = 0.2;
/** Distinct questions whose answers are remembered; a few MB at most. */
const ANSWER_MEMO_MAX = 2_000;
/** Sentence ends in the article: a full stop, or a closing quote after one, before the next capital. */
const SENTENCE_SPLIT = /(?<=[.!?]["\u201d]?)\s+(?=["\u201c]?[A-Z])/;

/** Three decimals are all a confidence needs, and keep JSON output readable. */
const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

/**
 * Every entity also answers "who/what is X?" from its role and citation, so the fact base need not
 * restate a profile fact for each person and organisation.
 */
function profileFacts(kb: KnowledgeBase): Fact[] {
  return kb.entities.map((e) => {
    const ask = e.type === 'person' ? 'Who is' : 'What is';
    // "What was the Singapore summit?" reads right; "the US presidential election" names its own article.
    const canonical = e.type === 'event' && !/^the\b/i.test(e.name) ? `What was the ${e.name}?` : `${ask} ${e.name}?`;
    return {
      id: `profile-${e.id}`,
      // A person's role asked the other way round finds them: "who is the leader of north korea?"
      questions: [canonical, `Tell me about ${e.name}`, ...e.aliases.slice(0, 3).map((a) => `${ask} ${a}?`), ...(e.type === 'person' ? [`Who is ${e.role}?`] : [])],
      answer: `${e.name}: ${e.role}.`,
      citations: [e.citation],
      entities: [e.id],
      // "FM name?" asks who the person is; "who does the spokesman work for?" asks their role.
      keywords: e.type === 'person' ? ['name', 'work for', 'job'] : [],
    };
  });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** A claim's last detail that is only a day of the week or a month. */
const WEEKDAY_OR_MONTH = new RegExp(`^(?:${[...WEEKDAYS, ...MONTHS].join('|')})$`, 'iu');
/** "1 year", "8 months". */
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2020-06-11" → ["June 11 2020", "11 June 2020", "Thursday", "11th"]; "2019-02" → ["February 2019"]. */
function spokenDates(date: string): string[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number?, number?];
  if (month === undefined) return [String(year)];
  const name = MONTHS[month - 1]!;
  if (day === undefined) return [`${name} ${year}`];
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  // "on the 12th": the day alone, as people name a day of the month they are in.
  const ordinal = `${day}${day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th'}`;
  return [`${name} ${day} ${year}`, `${day} ${name} ${year}`, weekday, ordinal];
}

const SUMMIT_WORD = /\bsummits?\b/iu;
/** "the second one", "the 1st one": an ordinal standing for a thing named nearby. */
const ORDINAL_ONE = /\b(first|second|1st|2nd)\s+one\b/giu;
/** What splits a question about the time between two events into the parts that name them. */
const SPAN_PARTS = /\b(?:between|after|before|and|from|to|until|till|did|was|were|had|happen(?:ed)?|take|took|pass(?:ed)?)\b|[,?:]/iu;

/** Two events, the earlier first, each at its date as the article writes it, resolved: "June 2018: …. Then, on Thursday (June 11 2020): …". */
function oneThenTheOther(a: TimelineEvent, b: TimelineEvent): string {
  const dateOf = (e: TimelineEvent) => (e.resolved ? `${e.when} (${spokenDates(e.date)[0]})` : spokenDates(e.date)[0]!);
  const inSentence = (when: string) => when.replace(/^(?:On|The|Yesterday|Last)\b/u, (w) => w.toLowerCase());
  const first = dateOf(a);
  return `${first.charAt(0).toUpperCase()}${first.slice(1)}: ${a.what}. Then, ${inSentence(dateOf(b))}: ${b.what}.`;
}

/**
 * The time from one date to another ("2017", "2018-06", "2020-06-11") at the precision both give:
 * "About 1 year", "8 months", "12 days". Undefined when they are the same at that precision.
 */
function spanOf(from: string, to: string): string | undefined {
  const [a, b] = [from.split('-').map(Number), to.split('-').map(Number)];
  const precision = Math.min(a.length, b.length);
  if (precision === 1) {
    const years = b[0]! - a[0]!;
    return years > 0 ? `About ${plural(years, 'year')}` : undefined;
  }
  if (precision === 2) {
    const months = (b[0]! - a[0]!) * 12 + (b[1]! - a[1]!);
    if (months <= 0) return undefined;
    return months < 24 ? `About ${plural(months, 'month')}` : `About ${plural(Math.round(months / 12), 'year')}`;
  }
  const days = Math.round((Date.UTC(b[0]!, b[1]! - 1, b[2]!) - Date.UTC(a[0]!, a[1]! - 1, a[2]!)) / 86_400_000);
  return days > 0 ? plural(days, 'day') : undefined;
}

/**
 * Every event also answers "what happened on <date>?", with its date resolved from the article's
 * ("On Thursday" is June 11 2020), so dated questions need no fact of their own.
 */
function eventFacts(kb: KnowledgeBase): Fact[] {
  return kb.events.map((e) => {
    const [spoken, ...also] = spokenDates(e.date);
    const when = e.resolved ? `${e.when} (${spoken})` : spoken!;
    const answer = `${when}, ${elapsed(e.date, kb.article.date)} the article's date of ${kb.article.date}: ${e.what}.`;
    return {
      id: `event-${e.id}`,
      questions: [
        `What happened in ${spoken}?`,
        `What happened ${e.when.toLowerCase()}?`,
        `How long before the article did this happen: ${e.what}?`,
        // Dated to the day, it is counted in days.
        ...(e.date.length === 10 ? [`How many days before the article: ${e.what}?`] : []),
      ],
      answer: answer.charAt(0).toUpperCase() + answer.slice(1),
      citations: [e.citation],
      entities: [],
      keywords: [spoken!, ...also, 'how long ago', 'how many years', 'years before', 'months before', 'since then'],
    };
  });
}

/** "2019-02" against "2020-06-13" → "about 1 year and 4 months before"; as precise as the date allows. */
function elapsed(date: string, articleDate: string): string {
  const [y, m = 1, d = 1] = date.split('-').map(Number) as [number, number?, number?];
  const [ay, am, ad] = articleDate.split('-').map(Number) as [number, number, number];
  const days = Math.round((Date.UTC(ay, am - 1, ad) - Date.UTC(y, m - 1, d)) / 86_400_000);
  if (date.length === 10) return days === 0 ? 'on' : days === 1 ? '1 day before' : `${days} days before`;
  const months = (ay - y) * 12 + (am - m) - (date.length === 4 ? 6 : 0);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts = [years > 0 ? plural(years, 'year') : '', rest > 0 ? plural(rest, 'month') : ''].filter(Boolean);
  return `about ${parts.join(' and ') || 'less than a month'} before`;
}

interface Sentence {
  paragraph: number;
  text: string;
  keys: Set<string>;
}

interface Ranking {
  ranked: Scored[];
  query: Query;
  /** The part of the question ranked. */
  text: string;
}

/**
 * The ranking with each doc's score scaled by `factor`, best first again. With `depth`, only the
 * head is rescored: the tail cannot overtake it, and is kept as it is.
 */
function rescaled(ranked: Scored[], factor: (r: Scored) => number, depth = ranked.length): Scored[] {
  // Built the way the matcher builds its results (a literal with the same fields in the same order,
  // arrays filled by push), so the code that reads rankings sees one kind of object and of array:
  // V8 recompiles a function the first time another kind reaches it.
  const head: Scored[] = [];
  for (const r of ranked.slice(0, depth)) {
    const f = factor(r);
    head.push(f === 1 ? r : { doc: r.doc, score: r.score * f, coverage: r.coverage, precision: r.precision, matched: r.matched, evidence: r.evidence });
  }
  head.sort((a, b) => b.score - a.score);
  for (let i = depth; i < ranked.length; i++) head.push(ranked[i]!);
  return head;
}

/** How clearly a part of a message is answered: its best score, discounted when little matched. */
const strengthOf = (ranked: Scored[]) => ranked[0]!.score * Math.min(1, ranked[0]!.matched / SEGMENT_FULL_WEIGHT);

export function createEngine(source: KnowledgeBase): Engine {
  const derived = [...profileFacts(source), ...eventFacts(source)];
  const kb: KnowledgeBase = { ...source, facts: [...source.facts, ...derived] };
  const analyzer = new Analyzer(kb);
  const matcher = new Matcher(kb, analyzer);
  const smalltalk = createSmalltalk(kb);
  // Profiles offer only their canonical "Who is X?": their alias forms read oddly as suggestions.
  const complete = createCompleter([...source.facts, ...derived.map((f) => ({ ...f, questions: f.questions.slice(0, 1) }))]);
  const factById = new Map(kb.facts.map((f) => [f.id, f]));
  const entityById = new Map(kb.entities.map((e) => [e.id, e]));
  /** The words of the roles and names the article gives people and bodies ("foreign minister", "news agency"). */
  const roleWords = new Set(
    kb.entities
      .filter((e) => e.type === 'person' || e.type === 'organisation')
      .flatMap((e) => [e.role, ...e.aliases].flatMap(words))
      .filter((w) => !analyzer.isStopword(w))
      .map(stem),
  );

  /** The paragraph a ranked fact cites first. */
  const firstParagraph = (r: Scored) => kb.facts[r.doc.index]!.citations[0]!.paragraph;
  const paragraphKeys = kb.article.paragraphs.map((t) => new Set(matcher.termKeys(t)));
  /** Whose words each person's are as well: the spokesman's are the State Department's and the US's. */
  const speaksFor = new Map(kb.entities.map((e) => [e.id, e.speaksFor ?? []]));
  /** A speaker and those they speak for. */
  const voicesOf = (speaker: string) => [speaker, ...(speaksFor.get(speaker) ?? [])];
  // A paragraph holds whoever speaks in it, though it may only say "he said", and those they speak
  // for: ¶15 is Ri's, ¶8 the State Department's as well as its spokesman's.
  for (const q of kb.quotes) for (const id of voicesOf(q.speaker)) paragraphKeys[q.paragraph - 1]!.add(`e:${id}`);
  const sentences: Sentence[] = kb.article.paragraphs.flatMap((text, i) =>
    text
      .split(SENTENCE_SPLIT)
      .filter((t) => t.trim().length > 0)
      .map((t) => ({ paragraph: i + 1, text: t.trim(), keys: new Set(matcher.termKeys(t)) })),
  );
  const defaultSuggestions = kb.facts.slice(0, SUGGESTIONS).map((f) => f.questions[0]!);
  const noOpinion = "I don't give opinions of my own; I can tell you what the article reports and who in it says what.";
  const ordersOnly = 'I only answer questions about the article, from what it says; I don\'t take instructions. Ask me something about it.';
  const noAnswer = `The article doesn't cover that. I can only answer from the article (${kb.article.dateline}, ${kb.article.date}).`;

  /**
   * "did nk and the us ever sign a peace treaty?": the names it shares with a fact are in nearly every
   * fact, and what it asks about ("sign", "treaty") is in none. Such a match says nothing; the
   * question is about something the article does not report.
   */
  function onlyEverywhereNames(has: (key: string) => boolean, query: Query, question: string): boolean {
    const unknown = analyzer.analyze(question).unknown.filter((w) => w.length > FOCUS_WORD_MIN);
    if (unknown.length < EVERYWHERE_UNKNOWN_MIN) return false;
    for (const key of query.weightOf.keys()) {
      if (has(key) && (matcher.idf(key) ?? 0) >= SPECIFIC_IDF) return false;
    }
    return true;
  }

  /**
   * "paragraph 20 says Daniel Russel is North Korea's ambassador. who is he really?": the plant is no
   * source, but who "he" is comes from it; the question is asked with the person it names.
   */
  function withPlantedReferent(question: string, planted: string): string {
    if (!PERSON_PRONOUN.test(question) || analyzer.analyze(question).terms.some((t) => t.kind === 'entity')) return question;
    const person = named(planted, 'person').at(-1);
    return person === undefined ? question : `${question} (${person.name})`;
  }

  /**
   * Whether a word is one of the planted text's. "die" of "died": Porter leaves short stems alone, so
   * a word that begins the other counts too.
   */
  function inPlantOf(planted: string): (word: string) => boolean {
    const plantedWords = words(planted).filter((p) => p.length >= FOCUS_WORD_MIN && !analyzer.isStopword(p));
    return (w) => plantedWords.some((p) => stem(p) === stem(w) || p.startsWith(w) || w.startsWith(p));
  }

  /**
   * The question uses a word of the planted text that nothing in the fact base uses, or that only
   * the lexicon knows: "declare" is a word for making a statement, but neither the article nor any
   * fact says it, so "what did the US declare?" after "pretend the article says the US declared war"
   * asks about the plant. A yes/no question checks the plant instead, and the article may answer it.
   */
  function asksWhatWasPlanted(question: string, planted: string): boolean {
    const inPlant = inPlantOf(planted);
    // "…the summit succeeded. did it succeed?" checks the plant against the article, which can answer.
    const checks = questionType(question) === 'yesno';
    return words(question).some((w) => w.length >= FOCUS_WORD_MIN && !analyzer.isStopword(w) && inPlant(w) && (neverSeen(w) || (!checks && !ownStems.has(stem(w)))));
  }
  /**
   * "Paragraph 16 says Trump and Kim will meet in Pyongyang in July. When will they meet?": when the
   * planted thing happened, asked in the plant's own words (every word of the question but names and
   * question words is one of the plant's). The article dates no such thing, whatever it dates nearby.
   */
  function asksWhenOfPlant(question: string, planted: string): boolean {
    if (questionType(question) !== 'when') return false;
    const inPlant = inPlantOf(planted);
    const { terms } = analyzer.analyze(question);
    const asked = terms.filter((t) => t.kind !== 'entity' && t.key !== whenKey);
    // Only the words of the question that are not names: "when did north korea agree to denuclearise".
    const own = words(question).filter((w) => w.length >= FOCUS_WORD_MIN && !analyzer.isStopword(w) && analyzer.analyze(w).terms.every((t) => t.kind !== 'entity'));
    return asked.length > 0 && own.length > 0 && own.every(inPlant);
  }
  const whenKey = analyzer.analyze('when').terms[0]?.key;
  /**
   * "According to paragraph 16, Kim resigned. When did that happen?": "that" (or "this", "it") with no
   * name of the article's is the planted thing itself, unless the question only checks it.
   */
  function pointsAtPlant(question: string): boolean {
    // "is that right?" checks the plant, which the article may answer; "what's the real date of the
    // article?" asks about the article.
    if (!THING_POINTER.test(question) || questionType(question) === 'yesno' || aboutTheArticle(question)) return false;
    return !analyzer.analyze(question).terms.some((t) => t.kind === 'entity');
  }
  /**
   * "how do vaccines work?", "who won the champions league", "how did the markets react", "the
   * difference between affect and effect": a question about something of which the fact base knows no
   * word, in a shape whose other words ("work", "won", "react", "difference") the article happens to
   * use. Nothing of the article is asked.
   */
  function aboutSomethingElse(question: string): boolean {
    const m = THING_WORKS.exec(question) ?? CONTEST_WON.exec(question) ?? REACTION_OF.exec(question);
    const subjects = m ? [m[1]!] : (DIFFERENCE_OF.exec(question)?.slice(1) ?? []);
    if (subjects.length === 0) return false;
    return subjects.every((subject) => {
      const { terms, unknown } = analyzer.analyze(subject);
      return unknown.length > 0 && !terms.some((t) => t.kind === 'entity' || t.kind === 'synonym');
    });
  }
  /** The stems of the words the article uses. */
  const articleStems = new Set(kb.article.paragraphs.flatMap(words).map(stem));
  /** The stems of the words the article and the facts themselves use (the lexicon's aside). */
  const ownStems = new Set([...articleStems, ...kb.facts.flatMap((f) => [...f.questions, f.answer, ...f.keywords]).flatMap(words).map(stem)]);

  /**
   * A word no fact, gap or name of the fact base uses, however common in English ("kids"). A word the
   * article uses only inside a name ("foreign" of "Foreign Minister") is seen all the same.
   */
  function neverSeen(word: string): boolean {
    const { terms } = analyzer.analyze(word);
    return terms.length > 0 && terms.every((t) => t.kind === 'word' && matcher.idf(t.key) === undefined) && !articleStems.has(stem(word));
  }

  const entityByKey = new Map(kb.entities.map((e) => [`e:${e.id}`, e]));
  /** The entities of one type that a text names, by name or alias. */
  function named(text: string, type: Entity['type']): Entity[] {
    return analyzer
      .analyze(text)
      .terms.map((t) => entityByKey.get(t.key))
      .filter((e): e is Entity => e?.type === type);
  }

  /** The countries a name belongs to, by its name and role: the US presidential election is the US's, Ri is North Korea's. */
  const countriesOf = new Map(
    kb.entities.map((e) => [
      `e:${e.id}`,
      new Set(analyzer.analyze(`${e.name}. ${e.role}`).terms.filter((t) => entityByKey.get(t.key)?.type === 'country' && t.key !== `e:${e.id}`).map((t) => t.key)),
    ]),
  );
  /** The last words of the countries' names: "korea", "us", "washington". */
  const countryEnds = new Set(kb.entities.filter((e) => e.type === 'country').flatMap((e) => [e.name, ...e.aliases].map((a) => words(a).at(-1) ?? '')));
  /** A country's possessive ("south korea's"): most questions have none, and are not read further. */
  const countryPossessive = new RegExp(String.raw`\b(?:${[...countryEnds].filter(Boolean).join('|')})['\u2019]s\b`, 'iu');
  /** The stems of a name's own name and role, which say what it is ("foreign minister", "president"). */
  const definedBy = new Map(kb.entities.map((e) => [`e:${e.id}`, new Set(words(`${e.name} ${e.role}`).map(stem))]));
  /**
   * "south korea's election", "north korea's president": a country's own version of something the
   * article has only for another country (the US election, the US president). The article does not
   * cover it, whatever the rest of the question shares with the passage about the other.
   */
  function otherCountrys(question: string): boolean {
    if (!POSSESSIVE.test(question) || !countryPossessive.test(question)) return false;
    for (const m of question.matchAll(COUNTRY_POSSESSIVE)) {
      // Most possessives are a person's ("kim's"): only a word ending a country's name is looked at.
      if (!countryEnds.has(words(m[1]!).at(-1) ?? '')) continue;
      const owner = analyzer.analyze(m[1]!).terms.at(-1);
      if (owner === undefined || entityByKey.get(owner.key)?.type !== 'country') continue;
      const owned = analyzer.analyze(m[2]!).terms[0];
      const countries = owned && countriesOf.get(owned.key);
      // Only what the name is by its own role ("foreign minister" of Ri) belongs to its country; "top
      // diplomat" is only one way to call him, and Washington's top diplomat is someone else (Russel).
      const head = words(m[2]!).find((w) => !analyzer.isStopword(w));
      const defining = owned !== undefined && head !== undefined && definedBy.get(owned.key)?.has(stem(head));
      if (defining && countries !== undefined && countries.size > 0 && !countries.has(owner.key)) return true;
    }
    return false;
  }

  const speakers = new Set(kb.quotes.map((q) => q.speaker));
  // A country's words are reported as the country's ("North Korea said"), not quoted from a person.
  const quotedNames = [...speakers].map((id) => entityByKey.get(`e:${id}`)).filter((e) => e?.type === 'person').map((e) => e!.name);
  /**
   * "is there a direct quote from kim?": a quote asked of a person the article never quotes gets that
   * answer, rather than someone else's words.
   */
  function quoteOfUnquoted(question: string): string | undefined {
    if (!QUOTE_REQUEST.test(question) && !OWN_WORDS.test(question)) return undefined;
    // Whose words are asked for: the name after "from" or "by" ("a quote from kim"), or before "in his
    // own words"; a name inside the quotation asked about ("the US Chief Executive") is not the speaker.
    const source = QUOTE_SOURCE.exec(question)?.[1] ?? OWN_WORDS_SPEAKER.exec(question)?.[1];
    return source === undefined ? undefined : noWordsOf(source);
  }

  /** What to say when the people a text names are never quoted; undefined if one of them is. */
  function noWordsOf(source: string, types: readonly Entity['type'][] = ['person']): string | undefined {
    const people = types.flatMap((type) => named(source, type));
    if (people.some((e) => voiced.has(e.id))) return undefined;
    // "did seoul's government respond": a name from outside the article has no words in it either.
    const outsiders = types.includes('country') ? analyzer.analyze(source).terms.flatMap((t) => outsideNames.get(t.key) ?? []) : [];
    const names = [...people.map((e) => e.name), ...outsiders];
    if (names.length === 0) return undefined;
    const list = (items: string[], last: string) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}` : items.join(''));
    return `The article quotes no words of ${list(names, 'or')}. It quotes ${list(quotedNames, 'and')}.`;
  }
  /** Names the lexicon lists as outside the article, by their term key, as the lexicon spells them. */
  const outsideNames = new Map(kb.lexicon.outside.flatMap((name) => analyzer.analyze(name).terms.filter((t) => t.kind === 'outside').map((t) => [t.key, name] as const)));

  /**
   * Who has words in the article: its speakers, and those they speak for (the spokesman for the State
   * Department and the US). South Korea has none: its news agency was only told things.
   */
  const voiced = new Set([...speakers].flatMap(voicesOf));

  /**
   * Facts that report what someone the article never quotes is said to have said: a form of theirs asks
   * it ("Did Trump say he solved North Korea?", answered from Russel's words about Trump's claim).
   */
  const reportedSayings = new Set(
    kb.facts
      .filter((f) =>
        f.questions.some((q) => {
          const source = saysOf(q);
          return source !== undefined && named(source, 'person').some((e) => !speakers.has(e.id));
        }),
      )
      .map((f) => f.id),
  );
  /**
   * "what did kim jong un personally say": nobody asks for a quotation, but for the words of someone
   * the article never quotes. The passages that name him say things about him, not what he said.
   */
  function unquotedSpeaker(question: string, result: AnswerResult): AnswerResult | undefined {
    const source = saysOf(question);
    if (source === undefined || (result.factId !== undefined && reportedSayings.has(result.factId))) return undefined;
    // "what did south korea's government say": a country speaks only through someone the article quotes.
    const message = noWordsOf(source, ['person', 'country']);
    return message === undefined ? undefined : withdrawn(result, message);
  }

  /** "in quotes", "in quotation marks": how to answer, where "quote" itself also says what to look for. */
  const inQuotesKey = analyzer.analyze('in quotes').terms.find((t) => t.kind === 'synonym')?.key;
  const quoteKeys = new Set(['quote', 'in quotes'].flatMap((w) => analyzer.analyze(w).terms.map((t) => t.key)));
  /** Paragraphs holding someone's own words in quotation marks, and whose. */
  const directQuotes = new Map<number, Set<string>>();
  // "quotes from the american side": the spokesman's words are the US's too.
  const quotedDirectly = new Set<string>();
  for (const q of kb.quotes) {
    if (!q.direct) continue;
    const keys = directQuotes.get(q.paragraph) ?? new Set();
    for (const id of voicesOf(q.speaker)) {
      keys.add(`e:${id}`);
      quotedDirectly.add(id);
    }
    directQuotes.set(q.paragraph, keys);
  }
  /** Facts citing first a paragraph that quotes the speaker asked about (anyone, when none is named) move up. */
  function quotingFirst(ranked: Scored[], terms: { key: string }[]): Scored[] {
    const asked = terms.filter((t) => t.key.startsWith('e:') && quotedDirectly.has(t.key.slice('e:'.length))).map((t) => t.key);
    const quotes = (r: Scored) => {
      if (r.doc.kind !== 'fact') return false;
      const quoted = directQuotes.get(firstParagraph(r));
      return quoted !== undefined && (asked.length === 0 || asked.some((k) => quoted.has(k)));
    };
    return rescaled(ranked, (r) => (quotes(r) ? DIRECT_QUOTE_BONUS : 1));
  }

  /** Facts whose answer tells a time: a year, a month, a weekday, "yesterday", "last year". */
  const tellsTime = kb.facts.map((f) => TIME_WORDS.test(f.answer));
  /**
   * "when did state media report this?": KCNA's fact matches the names best, but says nothing of
   * when; a "when" question is answered first by facts that tell a time.
   */
  function dated(ranked: Scored[]): Scored[] {
    return rescaled(ranked, (r) => (r.doc.kind === 'fact' && !tellsTime[r.doc.index] ? UNDATED_SHARE : 1));
  }

  // The fact base's own facts, not those derived from events, which work the span out themselves.
  const statesSpan = kb.facts.map((f, i) => i < source.facts.length && STATED_SPAN.test(kb.article.paragraphs[f.citations[0]!.paragraph - 1]!));
  /**
   * "how many years since the first summit?": a passage that states the span ("the second-year
   * anniversary of the leaders' first summit") answers it in the article's own words, where the
   * summit's date only lets the reader work it out.
   */
  function spanStated(ranked: Scored[]): Scored[] {
    return rescaled(ranked, (r) => (r.doc.kind === 'fact' && statesSpan[r.doc.index] ? STATED_SPAN_BONUS : 1));
  }

  /** Paragraphs holding someone's words, quoted or reported, and whose (with those they speak for). */
  const saidIn = new Map<number, Set<string>>();
  for (const q of kb.quotes) {
    const voices = saidIn.get(q.paragraph) ?? new Set();
    // Ri's words are North Korea's too: "what does nk say…" is answered from his passages as well.
    for (const id of voicesOf(q.speaker)) voices.add(id);
    saidIn.set(q.paragraph, voices);
  }
  /**
   * "what did russel say?": facts citing first a passage of Russel's own words move up, ahead of
   * passages that only mention him.
   */
  function saidByFirst(ranked: Scored[], text: string): Scored[] {
    const source = saysOf(text);
    if (source === undefined) return ranked;
    const asked = analyzer.analyze(source).terms.map((t) => t.key.slice(2)).filter((id) => speakers.has(id));
    if (asked.length === 0) return ranked;
    const says = (r: Scored) => r.doc.kind === 'fact' && asked.some((id) => saidIn.get(firstParagraph(r))?.has(id));
    return rescaled(ranked, (r) => (says(r) ? DIRECT_QUOTE_BONUS : 1), SAID_BY_DEPTH);
  }

  /**
   * "I keep seeing 'KCNA' in these stories. What is it, and what did it carry here?": a part of a
   * message that names nothing but says "it" or "he" means the last thing or person named before it.
   */
  function referentOf(question: string, part: string, terms: Term[], sentences: readonly { end: number; terms: readonly Term[] }[]): Term | undefined {
    if (terms.some((t) => t.kind === 'entity')) return undefined;
    const person = PERSON_PRONOUN.test(part);
    if (!person && !THING_PRONOUN.test(part)) return undefined;
    const at = question.indexOf(part.trim());
    if (at <= 0) return undefined;
    // From the sentences before the part, already analysed as parts of their own.
    for (let i = sentences.length - 1; i >= 0; i--) {
      const sentence = sentences[i]!;
      if (sentence.end > at) continue;
      const found = sentence.terms.filter((t) => {
        const e = entityByKey.get(t.key);
        return e !== undefined && (person ? e.type === 'person' : e.type !== 'person');
      });
      if (found.length > 0) return found.at(-1);
    }
    return undefined;
  }

  /** What a ranked doc points at: a fact its first paragraph, a known gap itself. */
  const pointsAt = (r: Scored) => (r.doc.kind === 'fact' ? firstParagraph(r) : -1 - r.doc.index);
  /**
   * "…a podcast about 2017 and the rocket man era. what happened in 2017 between the two leaders and
   * how did the us respond": on its own, "how did the us respond" fits ¶8's spokesman best; the rest
   * of the message is about 2017, ¶3. Within each part, a passage (or a known gap) that other parts
   * of the message also point to gains a little, so the parts are read together.
   */
  function inContext(rankings: { ranked: Scored[]; strength: number; text: string }[]): void {
    const support = rankings.map(({ ranked }) => {
      const top = ranked[0]!.score;
      const backing = new Map<number, number>();
      for (const r of ranked.slice(0, CONTEXT_DEPTH)) if (!backing.has(pointsAt(r))) backing.set(pointsAt(r), r.score / top);
      return backing;
    });
    rankings.forEach((ranking) => {
      // Only the other parts back it: not a part that holds this one, nor one this one holds.
      const others = support.filter((_, j) => !rankings[j]!.text.includes(ranking.text) && !ranking.text.includes(rankings[j]!.text));
      const backing = (at: number) => {
        let most = 0;
        for (const m of others) most = Math.max(most, m.get(at) ?? 0);
        return most;
      };
      ranking.ranked = rescaled(ranking.ranked, (r) => 1 + CONTEXT_BONUS * backing(pointsAt(r)), CONTEXT_DEPTH);
      ranking.strength = strengthOf(ranking.ranked);
    });
  }

  /**
   * Each segment of the question ranked; the strongest first, except that a compound question whose
   * clauses each find an answer is answered in the order it was asked ("who is Ri, and what did he
   * say the US is?" leads with who Ri is).
   */
  function rankSegments(question: string): Ranking[] {
    const rankings: (Ranking & { strength: number; segment: Segment })[] = [];
    const sentences: { end: number; terms: readonly Term[] }[] = [];
    // Most messages say nothing of saying, and their parts need not be searched for who said it.
    const saying = SAYING.test(question);
    for (const segment of segmentsOf(question)) {
      const { terms } = analyzer.analyze(segment.text);
      if (segment.kind === 'sentence') sentences.push({ end: question.indexOf(segment.text) + segment.text.length, terms: [...terms] });
      // "…'little rocket man' in the article right? quote it", "…was in Seoul. fix it.": a request about
      // "it" asks nothing of its own; the sentence before says what, and "quote it" or "fix it" ranked
      // alone would quote anything, or find ¶11's "solved".
      if (segment.kind === 'sentence' && (BARE_REQUEST.test(segment.text) || (THING_POINTER.test(segment.text) && terms.length > 0 && terms.every((t) => quoteKeys.has(t.key))))) continue;
      // "give me a direct quote from ri": a passage quoting the speaker's own words goes first.
      // "who is quoted?" asks who, not for a quotation.
      const asksQuote = QUOTE_REQUEST.test(segment.text) && terms.some((t) => quoteKeys.has(t.key));
      // A quotation the article does not contain ("did Trump say 'fire and fury'?") is as foreign to
      // it as a name it never mentions.
      if (matcher.quotesNothingInArticle(segment.text)) terms.push({ key: 'o:quotation', kind: 'outside' });
      // "what did the spokesman say, in quotes?": asking for quotation marks is how to answer, not
      // what about; the words for it would match the passage about 'solved' in quotation marks.
      let query = matcher.weigh(asksQuote && terms.some((t) => t.kind === 'entity') ? terms.filter((t) => t.key !== inQuotesKey) : terms);
      const type = questionType(segment.text);
      let scored = matcher.score(query, type, matcher.echo(segment.text));
      // The referent is read in only when the part finds no answer on its own, and only for whole
      // sentences and clauses: comma pieces of a long message are many, and each would score twice.
      const referent = segment.kind === 'whole' || segment.kind === 'comma' || scored.some((r) => passes(r)) ? undefined : referentOf(question, segment.text, terms, sentences);
      if (referent !== undefined) {
        const withReferent = matcher.weigh([...terms, referent]);
        const rescored = matcher.score(withReferent, type, matcher.echo(segment.text));
        if (rescored.some((r) => passes(r))) {
          scored = rescored;
          query = withReferent;
        }
      }
      // "how many years since the summit when this came out" asks a span, though it says "when".
      const byType = ELAPSED.test(segment.text) && UNTIL_NOW.test(segment.text) ? spanStated(scored) : type === 'when' ? dated(scored) : scored;
      const ranked = asksQuote ? quotingFirst(scored, terms) : saying ? saidByFirst(byType, segment.text) : byType;
      if (!ranked[0]) continue;
      rankings.push({ ranked, query, segment, text: segment.text, strength: strengthOf(ranked) });
    }
    if (rankings.length >= CONTEXT_MIN_SEGMENTS) inContext(rankings);
    rankings.sort((a, b) => b.strength - a.strength);
    const answeringClauses = rankings
      .filter((r) => r.segment.kind === 'clause' && r.ranked.some((x) => x.doc.kind === 'fact' && passes(x, CLAUSE_COVERAGE, CLAUSE_MATCHED_WEIGHT)))
      .sort((a, b) => a.segment.position - b.segment.position);
    let lead = answeringClauses.length > 1 ? answeringClauses[0]! : rankings[0];
    // The whole of a long question may fall just short where one of its parts, pointing at the same
    // fact, is clear: the part speaks for the whole.
    const leadFact = lead?.ranked.find((r) => r.doc.kind === 'fact');
    if (lead && leadFact && !passes(leadFact)) {
      const agreeing = rankings.find((r) => {
        const top = r.ranked.find((x) => x.doc.kind === 'fact');
        return r !== lead && top?.doc === leadFact.doc && passes(top);
      });
      if (agreeing) lead = agreeing;
    }
    return lead ? [lead, ...rankings.filter((r) => r !== lead)] : [];
  }

  const passes = (r: Scored, coverage = MIN_COVERAGE, matched = MIN_MATCHED_WEIGHT): boolean =>
    r.doc.kind === 'fact' && r.evidence && r.coverage >= coverage && r.matched >= matched;

  /** The terms a citation's quoted words hold, and whoever speaks in its paragraph; worked out once each. */
  const citedKeys = new Map<string, Set<string>>();
  const quoteKeysOf = (c: Citation) => {
    let keys = citedKeys.get(`${c.paragraph}\u0000${c.quote}`);
    if (keys === undefined) {
      keys = new Set(matcher.termKeys(c.quote));
      // Whoever speaks in the paragraph speaks in its cited words too, though they only say "he said".
      for (const id of saidIn.get(c.paragraph) ?? []) keys.add(`e:${id}`);
      citedKeys.set(`${c.paragraph}\u0000${c.quote}`, keys);
    }
    return keys;
  };
  /**
   * "Best first" is relative to the question: a fact that cites ¶3 and ¶5 puts first the paragraph
   * that clearly holds more of what was asked. Otherwise the fact base's order stands.
   */
  function orderByQuery(citations: Citation[], { weightOf }: Query): Citation[] {
    const weighed = citations.map((c) => {
      let w = 0;
      // A name counts by how rare it is, not by the floor ranking gives names: "the US" and "North
      // Korea" stand in almost every paragraph, so they say little about which of two holds the question.
      for (const [key, kw] of weightOf) {
        if (paragraphKeys[c.paragraph - 1]!.has(key)) w += key.startsWith('e:') ? (matcher.idf(key) ?? kw) : kw;
      }
      return { c, w };
    });
    const [lead, ...rest] = weighed;
    // A paragraph goes first for what its cited words hold, not for words elsewhere in it: ¶4's
    // "statement" and "significantly" do not make "why was the statement's timing significant" its question.
    const quoted = (c: Citation) => [...weightOf.keys()].some((key) => quoteKeysOf(c).has(key));
    const better = rest.filter((x) => x.w > lead!.w * REORDER_MARGIN && quoted(x.c)).sort((a, b) => b.w - a.w);
    return [...better, lead!, ...rest.filter((x) => !better.includes(x))].map((x) => x.c);
  }

  /**
   * The article's own sentences, scored like facts. When no fact is a good enough match but one
   * sentence of the article holds most of the question, that sentence is the answer: a paraphrase
   * the fact base did not foresee still finds its passage.
   */
  function bestSentence({ weightOf, total, outside }: Query) {
    if (total === 0 || outside) return undefined;
    let best: { sentence: Sentence; matched: number } | undefined;
    for (const sentence of sentences) {
      let matched = 0;
      for (const [key, w] of weightOf) if (sentence.keys.has(key)) matched += w;
      if (!best || matched > best.matched) best = { sentence, matched };
    }
    return best && { ...best, coverage: best.matched / total };
  }

  function suggestionsFrom(ranked: Scored[], first: string[] = []): string[] {
    const out = new Set(first);
    for (const r of ranked) {
      if (out.size >= SUGGESTIONS) break;
      if (r.doc.kind === 'fact') out.add(kb.facts[r.doc.index]!.questions[0]!);
    }
    for (const q of defaultSuggestions) if (out.size < SUGGESTIONS) out.add(q);
    return [...out].slice(0, SUGGESTIONS);
  }

  /**
   * An answer found and then judged not to answer the question: the article does not cover it, and the
   * questions near the passage found are the suggestions (the question is not ranked a second time).
   */
  function withdrawn(result: AnswerResult, answer: string): AnswerResult {
    return { answered: false, kind: 'not_covered', answer, citations: [], confidence: result.confidence, suggestions: result.suggestions };
  }

  function notCovered(answer: string, ranked: Scored[], confidence: number, relatedIds: string[] = []): AnswerResult {
    const relatedQs = relatedIds.map((id) => factById.get(id)?.questions[0]).filter((q): q is string => q !== undefined);
    return { answered: false, kind: 'not_covered', answer, citations: [], confidence: round(confidence), suggestions: suggestionsFrom(ranked, relatedQs) };
  }

  /** An answer quoting article text directly, filed under the paragraph's first fact for related questions. */
  function quoting(paragraph: number, quote: string, answer: string, confidence: number): AnswerResult {
    const host = kb.facts.find((f) => f.citations[0]!.paragraph === paragraph);
    return {
      answered: true,
      kind: 'answer',
      answer,
      citations: [{ paragraph, quote }],
      confidence: round(confidence),
      suggestions: host ? related(host.id) : [],
      ...(host ? { factId: host.id } : {}),
    };
  }

  /**
   * "who are all the people named in this article", "list the countries mentioned": the fact base's
   * own entities of that kind, in the order the article first names them, each cited where it is.
   */
  function listOfNamed(question: string): AnswerResult | undefined {
    const m = LIST_OF.exec(question);
    if (!m) return undefined;
    const type = LIST_TYPES[m[1]!.toLowerCase()];
    if (type === undefined) return undefined;
    // "who are all the people quoted": those whose words the article gives, cited where they speak.
    const quotedOnly = m[3] !== undefined;
    const firstWords = (id: string) => kb.quotes.find((q) => q.speaker === id);
    const found = kb.entities
      .filter((e) => e.type === type && (!quotedOnly || speakers.has(e.id)))
      .map((e) => {
        const q = quotedOnly ? firstWords(e.id) : undefined;
        return { name: e.name, citation: q ? { paragraph: q.paragraph, quote: q.text } : e.citation };
      })
      .sort((a, b) => a.citation.paragraph - b.citation.paragraph);
    if (found.length === 0) return undefined;
    const citations: Citation[] = [];
    for (const e of found) if (citations.length < MAX_CITATIONS && !citations.some((c) => c.paragraph === e.citation.paragraph)) citations.push(e.citation);
    const answer = `The article ${quotedOnly ? 'quotes' : 'names'} ${found.length}: ${found.map((e) => `${e.name} (¶${e.citation.paragraph})`).join(', ')}.`;
    return { answered: true, kind: 'answer', answer, citations, confidence: 1, suggestions: related(kb.facts[0]!.id) };
  }

  /** A question about a paragraph by number: a real one is quoted whole, one past the end refused. */
  function answerParagraph(n: number): AnswerResult {
    const text = kb.article.paragraphs[n - 1];
    if (text === undefined) {
      return notCovered(`There is no paragraph ${n}: the article has paragraphs 1 to ${kb.article.paragraphs.length}, and I only cite those.`, [], 1);
    }
    return quoting(n, text, `Paragraph ${n} of the article, in full.`, 1);
  }

  function answerFact(best: Scored, query: Query, ranked: Scored[], others: Ranking[]): AnswerResult {
    const fact = kb.facts[best.doc.index]!;
    const citations = orderByQuery(fact.citations, query);
    const answers = [fact.answer];
    const isNew = (c: Citation) => !citations.some((x) => x.paragraph === c.paragraph);
    // Another clause that on its own clearly asks about another passage adds that passage and answer.
    for (const { ranked: clause } of others) {
      const top = clause[0];
      if (citations.length >= MAX_CITATIONS || !top || !passes(top, CLAUSE_COVERAGE, CLAUSE_MATCHED_WEIGHT)) continue;
      const extra = kb.facts[top.doc.index]!;
      if (extra.id === fact.id || !isNew(extra.citations[0]!)) continue;
      citations.push(extra.citations[0]!);
      answers.push(extra.answer);
    }
    // A question that spans two passages is answered by the best fact plus the next one that covers
    // what the best did not.
    for (const r of ranked) {
      if (citations.length >= MAX_CITATIONS) break;
      if (r.doc.kind !== 'fact' || r === best || r.score < best.score * SECOND_CITATION_RATIO) continue;
      const extra = kb.facts[r.doc.index]!.citations[0]!;
      if (isNew(extra) && matcher.gain(query, r.doc, best.doc) >= SECOND_CITATION_GAIN) citations.push(extra);
    }
    return { answered: true, kind: 'answer', answer: answers.join(' '), citations, confidence: round(best.score), suggestions: related(fact.id), factId: fact.id };
  }

  /**
   * "so the first summit was in bangkok?", "is pardo at oxford?": a claim to check whose last detail
   * is a name the article never uses. The article may still say what that detail really is, and then
   * the answer is the correction. The question without the detail ("so the first summit was in") is
   * asked instead, and only a confident answer to it is taken; otherwise the article does not cover it.
   */
  function correctingClaim(question: string): AnswerResult | undefined {
    const m = CLAIM_SLOT.exec(question);
    if (!m || !isClaim(question)) return undefined;
    // "the spokesman spoke on friday, yes?": a day or month is a detail the article gives or not, and
    // what it says of the rest ("on Thursday") is the check either way.
    if (WEEKDAY_OR_MONTH.test(m[2]!)) {
      const result = ask(question.slice(0, m.index));
      return result.answered && result.confidence >= CLAIM_CONFIDENCE ? result : undefined;
    }
    const { terms, unknown } = analyzer.analyze(m[2]!);
    // "to Japan's Kyodo news agency", "to the korea herald": a name the article never uses, with at
    // most other words around it ("news agency", "korea"), and none of the article's own names.
    const isForeign = (t: (typeof terms)[number]) => t.kind === 'outside' || (t.kind === 'word' && unknown.includes(t.word ?? ''));
    const foreign = terms.some(isForeign) && terms.every((t) => t.kind !== 'entity');
    // "so the first summit was in seoul?": a name of the article, but not the one the answer gives.
    // Only a place or a body is such a detail: "was ri at the singapore summit?" asks who attended,
    // and everything else the claim says must be the article's words ("best ramen in seoul?" is not).
    const names = terms.filter((t) => t.kind === 'entity').map((t) => t.key.slice(2));
    const claimed = question.slice(0, m.index);
    const misplaced =
      !foreign &&
      names.length > 0 &&
      terms.every((t) => t.kind === 'entity' || t.kind === 'synonym') &&
      names.every((id) => PLACES_AND_BODIES.has(entityById.get(id)?.type ?? '')) &&
      analyzer.analyze(claimed).unknown.length === 0;
    if (!foreign && !misplaced) return undefined;
    const result = ask(claimed);
    if (!result.answered || result.confidence < CLAIM_CONFIDENCE) return undefined;
    const entities = (result.factId !== undefined && factById.get(result.factId)?.entities) || [];
    return foreign || !names.some((id) => entities.includes(id)) ? result : undefined;
  }

  /**
   * "was the first summit in hanoi?", "so the second summit was in singapore?": a claim that puts one
   * of the article's events where the other was. Both are the article's, and the claim would be
   * answered of whichever matched better; the correction is what the article says of the event the
   * claim is about, asked without the place.
   */
  function eventMisplaced(question: string): AnswerResult | undefined {
    const eventsIn = (text: string) => named(text, 'event').map((e) => e.id);
    // Most questions name one event or none; the claim's shape is worth reading only with two.
    if (new Set(eventsIn(question)).size < 2) return undefined;
    const m = CLAIM_SLOT.exec(question);
    if (!m || !isClaim(question)) return undefined;
    const detail = analyzer.analyze(m[2]!).terms;
    const placed = eventsIn(m[2]!);
    // "was the 2018 summit held in singapore or vietnam": a choice between both places is asked the same way.
    const choice = placed.length === 2 && CHOICE.test(m[2]!);
    if (detail.length !== placed.length || (placed.length !== 1 && !choice)) return undefined;
    const claimed = question.slice(0, m.index);
    const about = eventsIn(claimed);
    if (about.length !== 1 || (!choice && about[0] === placed[0])) return undefined;
    const result = ask(claimed);
    const entities = (result.factId !== undefined && factById.get(result.factId)?.entities) || [];
    return result.answered && result.confidence >= CLAIM_CONFIDENCE && entities.includes(about[0]!) && (choice || !entities.includes(placed[0]!)) ? result : undefined;
  }

  /**
   * "is the word 'suffocate' used in the article?": where those words stand is the answer, in the
   * article's sentence, not in the asker's spelling of it. Words the article does not use are left to
   * the rest of the engine, which refuses a quotation it cannot find.
   */
  function whereWordsStand(question: string): AnswerResult | undefined {
    if (!QUOTE_MARK.test(question) || !WORDS_USED.test(question)) return undefined;
    const m = QUOTED_WORDS.exec(question);
    const phrase = m ? plainWords(m[1]!) : '';
    if (phrase === '') return undefined;
    const found = sentences.filter((x) => ` ${plainWords(x.text)} `.includes(` ${phrase} `));
    const first = found[0];
    if (first === undefined) return undefined;
    const elsewhere = [...new Set(found.map((x) => x.paragraph))].filter((p) => p !== first.paragraph);
    const also = elsewhere.length > 0 ? ` (and in ${elsewhere.map((p) => `¶${p}`).join(', ')})` : '';
    return quoting(first.paragraph, first.text, `Yes: the article uses those words in ¶${first.paragraph}${also}.`, 1);
  }

  /**
   * "did the article mention KCNA?": what the article says of the thing is the answer, and the words
   * about the article would otherwise pull the answer to the article's own date and byline. Where it
   * says nothing of it, the thing alone is not covered either.
   */
  function mentionAsked(question: string): AnswerResult | undefined {
    const m = ARTICLE_MENTIONS.exec(question);
    return m ? ask(m[1]!) : undefined;
  }

  /**
   * "so ri, the defense minister, called the us a long-term threat?": an aside naming what someone is
   * gets it wrong, and the rest is a claim the article makes. It is checked without the aside; the
   * answer shows what the article calls them.
   */
  function misnamedAside(question: string): AnswerResult | undefined {
    const m = ASIDE.exec(question);
    if (!m || !analyzer.analyze(m[2]!).terms.some((t) => t.kind === 'outside')) return undefined;
    const result = ask(`${m[1]!} ${m[3]!}`);
    return result.answered && result.confidence >= CLAIM_CONFIDENCE ? result : undefined;
  }

  /**
   * "ri son gwon: foreign minister or defence minister?": a choice between what the article says and
   * something it never mentions. The article's side is the answer; asked without the other.
   */
  function otherChoice(question: string): AnswerResult | undefined {
    const m = OTHER_CHOICE.exec(question);
    if (!m) return undefined;
    const { terms } = analyzer.analyze(m[1]!);
    if (!terms.some((t) => t.kind === 'outside')) return undefined;
    const result = ask(question.slice(0, m.index) + question.slice(m.index + m[0].length));
    return result.answered && result.confidence >= CLAIM_CONFIDENCE ? result : undefined;
  }

  /**
   * "kcna is south korean right?", "so ri son gwon is the south korean president?": a claim about what
   * a person or body is. Whatever the claim gets wrong, what the article says they are is the answer,
   * as it is to "who is…" or "what is…". Only a claim whose other side names a role, a country or a
   * body is taken this way: "pardo is married, right?" is about something the article never tells.
   */
  function identityClaim(question: string): AnswerResult | undefined {
    if (!COPULA.test(question)) return undefined;
    const m = IDENTITY_CLAIM.exec(question) ?? IDENTITY_ASKED.exec(question);
    if (!m || !isClaim(question)) return undefined;
    // The name alone: "was ri at the singapore summit" claims where he was, not what he is.
    if (words(m[1]!).some((w) => analyzer.isStopword(w))) return undefined;
    const subject = analyzer.analyze(m[1]!).terms;
    const entity = subject.length === 1 && subject[0]!.kind === 'entity' ? entityById.get(subject[0]!.key.slice(2)) : undefined;
    if (entity === undefined || (entity.type !== 'person' && entity.type !== 'organisation')) return undefined;
    const predicate = analyzer.analyze(m[2]!).terms;
    const saysWhatItIs = predicate.some((t) => t.kind === 'entity') || words(m[2]!).some((w) => roleWords.has(stem(w)));
    if (!saysWhatItIs) return undefined;
    const result = ask(`${entity.type === 'person' ? 'who' : 'what'} is ${m[1]!.trim()}?`);
    const first = result.citations[0]?.paragraph;
    return result.answered && result.confidence >= CLAIM_CONFIDENCE && first !== undefined && entity.paragraphs.includes(first) ? result : undefined;
  }

  /** Each year an event's aliases give it ("2019 summit"): a year that is one event's and not another's. */
  const yearOf = new Map<string, string>();
  for (const e of kb.entities) {
    if (e.type !== 'event') continue;
    for (const year of e.aliases.join(' ').match(YEAR) ?? []) yearOf.set(year, e.id);
  }
  // An earlier year the article dates something else to ("the singapore summit was in 2017?" is the
  // insults' year) is as wrong a year for a summit; the article's own year is left to the article.
  for (const e of kb.events) {
    const year = e.date.slice(0, 4);
    if (!yearOf.has(year) && Number(year) < Number(kb.article.date.slice(0, 4))) yearOf.set(year, `event:${e.id}`);
  }
  const articleKey = analyzer.analyze('article').terms[0]?.key;
  const articleYear = Number(kb.article.date.slice(0, 4));
  const aboutTheArticle = (text: string) => analyzer.analyze(text).terms.some((t) => t.key === articleKey);
  /**
   * "was the singapore summit in 2019?": the year is another event's (the Vietnam summit's), so the
   * claim mixes the two up. What the article says of the event named is the answer, and the year must
   * not pull the answer to the other event.
   */
  function mixedUpYear(question: string): AnswerResult | undefined {
    const years = question.match(YEAR) ?? [];
    const owners = new Set(years.map((y) => yearOf.get(y)).filter((id) => id !== undefined));
    if (owners.size === 0) return undefined;
    const withoutYear = question.replace(YEAR, ' ');
    // "2018 or 2019 for singapore?": a choice of two events' years, for one of them. Its own year is
    // the answer; the other's must not pull the answer to the other event.
    const chosen = owners.size === 2 && CHOICE.test(question) ? named(withoutYear, 'event').filter((e) => owners.has(e.id)) : [];
    if (chosen.length === 1) {
      const result = ask(question.replace(YEAR_WITH_PREPOSITION, ' ').replace(CHOICE, ' ').trim());
      const first = result.citations[0]?.paragraph;
      return result.answered && first !== undefined && chosen[0]!.paragraphs.includes(first) ? result : undefined;
    }
    if (owners.size !== 1 || !isClaim(question)) return undefined;
    const events = named(withoutYear, 'event').filter((e) => !owners.has(e.id));
    // "the article is from 2019, right?": the claim may be about the article itself, dated in ¶1.
    const paragraphs = events.length === 1 ? events[0]!.paragraphs : events.length === 0 && aboutTheArticle(withoutYear) ? [1] : undefined;
    if (paragraphs === undefined) return undefined;
    const result = ask(question.replace(YEAR_WITH_PREPOSITION, ' ').trim());
    const first = result.citations[0]?.paragraph;
    return result.answered && first !== undefined && paragraphs.includes(first) ? result : undefined;
  }

  /**
   * "what does pardo think about sanctions?": a view asked of one person must be theirs. When the
   * passage found is not one where they speak, or says nothing of the topic, the article does not
   * report that view, however well the words matched elsewhere.
   */
  function unreportedView(question: string, result: AnswerResult): AnswerResult | undefined {
    const m = VIEW_OF.exec(question) ?? VIEW_ASKED.exec(question);
    // "how does ri's view differ from the state department's?" compares two views the article reports.
    if (!m || COMPARISON.test(question)) return undefined;
    const people = named(m[1]!, 'person');
    if (people.length !== 1) return undefined;
    const person = people[0]!;
    const topic = matcher.termKeys(m[2]!).filter((k) => (matcher.idf(k) ?? 0) > 0);
    const speaks = new Set([...person.paragraphs, ...kb.quotes.filter((q) => q.speaker === person.id).map((q) => q.paragraph)]);
    const first = result.citations[0]!.paragraph;
    const onTopic = topic.length === 0 || topic.some((k) => paragraphKeys[first - 1]!.has(k));
    // Someone the article never gives words of ("what does trump think of kim now") has a view in it
    // only where it reports what they claimed.
    const hasWords = speakers.has(person.id) || (result.factId !== undefined && reportedSayings.has(result.factId));
    if (speaks.has(first) && onTopic && hasWords) return undefined;
    return withdrawn(result, `The article does not report what ${person.name} thinks about that.`);
  }

  /**
   * "did trump and kim meet again after vietnam?": what came after an event is not told by the
   * passage about the event itself. Answered from that passage, it is something the article does not
   * report.
   */
  function afterTheEvent(question: string, result: AnswerResult): AnswerResult | undefined {
    const m = AFTER_EVENT.exec(question);
    // "how many years since the singapore summit?", "timed with two years since they first met": a span
    // from the event, which its passage or ¶1's anniversary tells.
    if (!m || ELAPSED.test(question) || SPAN_SINCE.test(question)) return undefined;
    const events = named(m[1]!, 'event');
    if (events.length !== 1) return undefined;
    const cited = result.citations.map((c) => c.paragraph);
    if (!cited.every((p) => events[0]!.paragraphs.includes(p))) return undefined;
    return withdrawn(result, noAnswer);
  }

  /**
   * "were the sanctions ever lifted after this?", "what did pardo say later?": what came after the
   * article is nothing it can tell. Read in the message's last sentence, where its question is
   * ("there is a part about sanctions… and later about relief. what did NK ask for?" is answered).
   */
  function afterTheArticle(question: string, result: AnswerResult): AnswerResult | undefined {
    const sentences = question.split(/(?<=[.!?])\s+/u).filter((t) => t.trim().length > 0);
    // "…what did russel say about the election? i'll ask about the other guy later": a sentence
    // after the question that asks nothing is not where the question is.
    const last = sentences.findLast((t) => t.trimEnd().endsWith('?')) ?? sentences.at(-1) ?? question;
    if (AFTER_ARTICLE.test(last)) return withdrawn(result, noAnswer);
    // "were they still in touch in 2021?": a year after the article's own, unless the article's
    // date is what is asked ("is it from 2020 or 2021").
    const later = (last.match(YEAR) ?? []).some((year) => Number(year) > articleYear) || laterDay(last);
    return later && !aboutTheArticle(last) ? withdrawn(result, noAnswer) : undefined;
  }

  /** "what did north korea do on june 16?": a day of the article's year after its date. */
  function laterDay(text: string): boolean {
    if (!/\d/u.test(text)) return false;
    const [year, month, day] = kb.article.date.split('-').map(Number) as [number, number, number];
    for (const m of text.matchAll(DAY_OF_MONTH)) {
      const name = (m[1] ?? m[4])!.slice(0, 3).toLowerCase();
      const asked = MONTHS.findIndex((x) => x.slice(0, 3).toLowerCase() === name) + 1;
      const date = Number(m[2] ?? m[3]);
      const inYear = m[5] === undefined || Number(m[5]) === year;
      if (asked > 0 && inYear && (asked > month || (asked === month && date > day))) return true;
    }
    return false;
  }

  /**
   * "KCNA is South Korea's news agency?": a claim is about its subject, the name it opens with. A
   * fact about that subject scoring nearly as well as the best is the one to answer with; the rest
   * of the claim ("South Korea's news agency") is what gets checked.
   */
  function aboutTheSubject(question: string, ranked: Scored[]): Scored | undefined {
    // The name must open the claim ("KCNA is…"), not follow a verb or question word ("did Kim…"), and
    // must not be one that nearly every fact names (North Korea, the US).
    if (OPENS_WITH_QUESTION_WORD.test(question)) return undefined;
    const [first, second] = analyzer.analyze(question).terms;
    // "the King's College expert is…": the subject is the expert the college names.
    const tied = first && analyzer.personTiedTo(first.key);
    const opener = tied !== undefined && second?.key === `e:${tied}` ? second : first;
    const subject = opener?.kind === 'entity' && (matcher.idf(opener.key) ?? 0) >= SPECIFIC_IDF ? opener.key : undefined;
    const best = ranked.find((r) => r.doc.kind === 'fact');
    if (subject === undefined || best === undefined || kb.facts[best.doc.index]!.entities.some((e) => `e:${e}` === subject)) return undefined;
    return ranked.find(
      (r) => r.doc.kind === 'fact' && r.score >= best.score * SUBJECT_SCORE_SHARE && passes(r) && kb.facts[r.doc.index]!.entities.some((e) => `e:${e}` === subject),
    );
  }

  /**
   * "did the hanoi summit produce an agreement?": the fact that matched best is about the Singapore
   * summit's statement, on the strength of the words around the name. A fact about what the question
   * names, scoring nearly as well, answers it instead. Only a specific name counts (not North Korea or
   * the US, which nearly every fact names), and only one.
   */
  function aboutWhatIsNamed(query: Query, ranked: Scored[]): Scored | undefined {
    const best = ranked.find((r) => r.doc.kind === 'fact');
    if (best === undefined) return undefined;
    let name: string | undefined;
    for (const k of query.weightOf.keys()) {
      if (!k.startsWith('e:') || (matcher.idf(k) ?? 0) < SPECIFIC_IDF) continue;
      // "the King's College expert" names the expert; the college only says which one.
      const person = analyzer.personTiedTo(k);
      if (person !== undefined && query.weightOf.has(`e:${person}`)) continue;
      // Two names ("where was the first summit, and the second?") ask for both, not for one of them.
      if (name !== undefined) return undefined;
      name = k.slice(2);
    }
    if (name === undefined) return undefined;
    const entities = kb.facts[best.doc.index]!.entities;
    // A fact derived from a dated event lists no names, so nothing says it is about something else.
    if (entities.length === 0 || entities.includes(name)) return undefined;
    return ranked.find((r) => r.doc.kind === 'fact' && r.score >= best.score * SUBJECT_SCORE_SHARE && passes(r) && kb.facts[r.doc.index]!.entities.includes(name!));
  }

  /** Lower-case words separated by single spaces: how a phrase and the article are compared. */
  const plainWords = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const lowerParagraphs = kb.article.paragraphs.map((t) => ` ${plainWords(t)} `);
  /** Every run of 2 to PHRASE_QUERY_WORDS words of the article, with the paragraphs it stands in. */
  const articleRuns = new Map<string, Set<number>>();
  lowerParagraphs.forEach((t, i) => {
    const w = t.trim().split(' ');
    for (let n = 2; n <= PHRASE_QUERY_WORDS; n++) {
      for (let j = 0; j + n <= w.length; j++) {
        const run = w.slice(j, j + n).join(' ');
        articleRuns.set(run, (articleRuns.get(run) ?? new Set()).add(i + 1));
      }
    }
  });
  /**
   * "What does 'sitting US president' mean?", "US Chief Executive": a phrase quoted from the article,
   * or a short query that is one, is asked about where it stands. When only one paragraph holds it,
   * a fact citing that paragraph first, scoring nearly as well as the best, answers.
   */
  function whereThePhraseIs(question: string, ranked: Scored[]): Scored | undefined {
    const quoted = QUOTE_MARK.test(question) ? [...question.matchAll(QUOTED_PHRASE)].map((m) => m[1]!) : [];
    const phrases = quoted.length > 0 ? quoted : question.trim().split(/\s+/u).length <= PHRASE_QUERY_WORDS ? [question] : [];
    if (phrases.length === 0) return undefined;
    const homes = new Set<number>();
    for (const phrase of phrases) {
      const key = plainWords(phrase);
      const count = key.split(' ').length;
      if (count < 2) continue;
      // Short phrases are looked up among the article's own runs of words; longer ones searched for.
      if (count <= PHRASE_QUERY_WORDS) for (const p of articleRuns.get(key) ?? []) homes.add(p);
      else lowerParagraphs.forEach((t, i) => t.includes(` ${key} `) && homes.add(i + 1));
    }
    if (homes.size !== 1) return undefined;
    const [home] = homes;
    const best = ranked.find((r) => r.doc.kind === 'fact');
    if (best === undefined || firstParagraph(best) === home) return undefined;
    return ranked.find((r) => r.doc.kind === 'fact' && r.score >= best.score * PHRASE_SCORE_SHARE && passes(r) && firstParagraph(r) === home);
  }

  /**
   * "which university did Daniel Russel go to?": a question about one person, answered from a passage
   * that is not about them (Pacheco Pardo's university), answers something else. The article does not
   * say it of the person asked about.
   */
  function someoneElse(question: string, result: AnswerResult): AnswerResult | undefined {
    // A claim naming the wrong person ("Kim made the statement himself?") is answered with the right
    // one, and "who…?" asks for a person, so neither is held to the person it names.
    if (result.factId === undefined || isClaim(question) || questionType(question) === 'who') return undefined;
    // Trump, Kim and Ri are part of nearly every passage without being named in it; the check is for
    // the people the article names in a passage or two.
    const people = named(question, 'person').filter((e) => (matcher.idf(`e:${e.id}`) ?? 0) >= SPECIFIC_IDF);
    if (people.length !== 1) return undefined;
    const person = people[0]!;
    const fact = factById.get(result.factId);
    if (!fact || fact.entities.length === 0 || fact.entities.includes(person.id)) return undefined;
    if (result.citations.some((c) => person.paragraphs.includes(c.paragraph))) return undefined;
    return withdrawn(result, noAnswer);
  }

  /** What each event is about, in its own words. */
  const eventKeys = kb.events.map((e) => new Set(matcher.termKeys(`${e.what} ${e.citation.quote}`)));
  /** For a name, the names that contain it: the State Department's spokesman is the State Department's. */
  const withinNames = new Map<string, string[]>();
  for (const outer of kb.entities) {
    for (const inner of kb.entities) {
      if (inner !== outer && normalise(outer.name).includes(normalise(inner.name))) appendTo(withinNames, `e:${inner.id}`, `e:${outer.id}`);
    }
  }
  /** Events that are names of the fact base ("the election") but that the timeline does not date. */
  const undatedEvents = new Set(kb.entities.filter((e) => e.type === 'event' && !kb.events.some((t) => t.id === e.id)).map((e) => `e:${e.id}`));
  /** The one event a part of a question names, when one holds most of its words and no other as many. */
  function eventNamed(part: string): TimelineEvent | 'undated' | undefined {
    const { weightOf, total } = matcher.weigh(analyzer.analyze(part).terms);
    if (total === 0) return undefined;
    if ([...weightOf.keys()].some((k) => undatedEvents.has(k))) return 'undated';
    // "singapore" is the Singapore summit, though ¶1's report names it too ("the first summit").
    const itself = kb.events.filter((t) => weightOf.has(`e:${t.id}`));
    if (itself.length === 1) return itself[0];
    const holds = (keys: Set<string>, k: string) => keys.has(k) || (withinNames.get(k) ?? []).some((outer) => keys.has(outer));
    const shares = eventKeys.map((keys) => [...weightOf].reduce((sum, [k, w]) => sum + (holds(keys, k) ? w : 0), 0) / total);
    const best = Math.max(...shares);
    const at = shares.indexOf(best);
    return best >= EVENT_COVERAGE && shares.lastIndexOf(best) === at ? kb.events[at] : undefined;
  }
  /**
   * The two events named by the parts of a question, in the order named; undefined unless exactly
   * two are, or when one is an event the article does not date ("before or after the election?").
   */
  function twoEventsIn(parts: string[]): [TimelineEvent, TimelineEvent] | undefined {
    // "after the first summit was the second one": "one" stands for the summit the other part names.
    const summits = parts.some((part) => SUMMIT_WORD.test(part));
    const events: TimelineEvent[] = [];
    for (const raw of parts) {
      const part = summits ? raw.replace(ORDINAL_ONE, '$1 summit') : raw;
      const event = part && words(part).length > 0 ? eventNamed(part) : undefined;
      if (event === 'undated') return undefined;
      if (event && !events.includes(event)) events.push(event);
    }
    return events.length === 2 ? [events[0]!, events[1]!] : undefined;
  }
  /**
   * "was the state dept comment before ri's statement or after?": the order of two events the
   * article dates. Each part of the question names one, and their dates (as the article resolves
   * them) give the answer, citing the earlier first.
   */
  function whichCameFirst(question: string): AnswerResult | undefined {
    if (!MIGHT_ASK_ORDER.test(question) || !ORDER_ASKED.test(question)) return undefined;
    const events = twoEventsIn(question.split(ORDER_PARTS));
    if (!events) return undefined;
    const [a, b] = [...events].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)) as [TimelineEvent, TimelineEvent];
    const answer = a.date === b.date ? `Both on the same day, ${spokenDates(a.date)[0]}. ${a.what}. ${b.what}.` : oneThenTheOther(a, b);
    return { answered: true, kind: 'answer', answer, citations: [{ ...a.citation }, { ...b.citation }], confidence: 1, suggestions: related(`event-${a.id}`) };
  }

  /**
   * "how many years after the insults did the first summit happen?": the time between two events the
   * article dates, worked out from their dates to the precision both give (a year alone gives years),
   * citing the event asked about (named last: "after X did Y") first and the other after it.
   */
  function spanBetween(question: string): AnswerResult | undefined {
    if (!ELAPSED.test(question) || UNTIL_NOW.test(question)) return undefined;
    // "how long" itself names nothing: only the rest is read for the events.
    const events = twoEventsIn(question.replace(ELAPSED, ' ').split(SPAN_PARTS));
    if (!events) return undefined;
    const [other, asked] = events;
    const [earlier, later] = asked.date < other.date ? [asked, other] : [other, asked];
    const span = spanOf(earlier.date, later.date);
    if (span === undefined) return undefined;
    const answer = `${span} apart. ${oneThenTheOther(earlier, later)}`;
    return { answered: true, kind: 'answer', answer, citations: [{ ...asked.citation }, { ...other.citation }], confidence: 1, suggestions: related(`event-${asked.id}`) };
  }

  function ask(raw: string): AnswerResult {
    // Surrounding whitespace is not part of the question, and does not count towards its length.
    const question = typeof raw === 'string' ? raw.trim() : '';
    if (question.length === 0) throw new UserError(messages.emptyQuestion);
    if (question.length > QUESTION_MAX) throw new UserError(messages.questionTooLong(question.length));
    return answerChecked(question);
  }

  /**
   * A question already checked for length. The engine re-reads a message without its orders, and that
   * reading may be a character longer ("mode on" gains a colon); it is the user's text that the limit is for.
   */
  function answerChecked(question: string): AnswerResult {
    const mentioned = mentionAsked(question) ?? whereWordsStand(question);
    if (mentioned) return mentioned;
    // Before the year check: in "the 2019 summit was in singapore?" the year names what the claim is about.
    const misplacedEvent = eventMisplaced(question);
    if (misplacedEvent) return misplacedEvent;
    const mixedUp = mixedUpYear(question);
    if (mixedUp) return mixedUp;
    const order = whichCameFirst(question);
    if (order) return order;
    const span = spanBetween(question);
    if (span) return span;
    const result = answer(question);
    // An order is refused as one, whatever detail it ends on.
    if (result.kind === 'not_covered') return result.answer === ordersOnly ? result : (correctingClaim(question) ?? (result.answer === noOpinion ? undefined : (identityClaim(question) ?? otherChoice(question) ?? misnamedAside(question))) ?? result);
    return afterTheArticle(question, result) ?? unquotedSpeaker(question, result) ?? unreportedView(question, result) ?? afterTheEvent(question, result) ?? someoneElse(question, result) ?? result;
  }

  function answer(question: string): AnswerResult {
    const unlinked = withoutLinks(question);
    if (unlinked !== question) return words(unlinked).length === 0 ? notCovered(noAnswer, [], 0) : answer(unlinked);
    // Emoji, symbols or combining marks alone: nothing to read, and no paragraph to talk about.
    if (!HAS_WORD.test(question)) return notCovered(messages.noWords, [], 0);
    const closed = withoutFencedOrders(withLettersClosedUp(question));
    if (closed !== question) return words(closed).length === 0 ? notCovered(ordersOnly, [], 1) : answer(closed);
    const { rest, fake, planted } = withoutFakeParagraphs(question, kb.article.paragraphs.length);
    if (rest === undefined) return fake === undefined ? notCovered(messages.noWords, [], 0) : answerParagraph(fake);
    // Whoever plants a passage asks about what they planted: what is left is answered only with
    // confidence, as a claim to check is, and not from whatever passage shares a few of its words;
    // and never when it asks with a word only the plant gives ("…Kim loves Trump. Who said Kim loves Trump?").
    if (fake !== undefined) {
      const asked = withPlantedReferent(rest, planted);
      const result = ask(asked);
      if (!result.answered) return result;
      return result.confidence < CLAIM_CONFIDENCE || asksWhatWasPlanted(rest, planted) || asksWhenOfPlant(rest, planted) || pointsAtPlant(asked)
        ? withdrawn(result, noAnswer)
        : result;
    }
    const asQuestion = withoutOrders(question);
    if (asQuestion === undefined) return notCovered(ordersOnly, [], 1);
    if (asQuestion !== question) return asQuestion.trim() === '' ? notCovered(ordersOnly, [], 1) : answerChecked(asQuestion.trim());
    const asked = paragraphAskedAbout(question, kb.article.paragraphs.length);
    if (asked !== undefined) return answerParagraph(asked);
    const listed = listOfNamed(question);
    if (listed) return listed;
    const small = smalltalk(question);
    if (small) return { answered: false, kind: 'smalltalk', answer: small.reply, citations: [], confidence: 1, suggestions: defaultSuggestions };

    // "what's your opinion, is north korea right?": the bot reports the article; it holds no views.
    if (OPINION_OF_BOT.test(question) || ADVICE_ASKED.test(question) || PREDICTION_ASKED.test(question)) return notCovered(noOpinion, rankSegments(question)[0]?.ranked ?? [], 1);
    // "explain how blockchain works", "solve x^2 - 4 = 0": a task for some other helper, naming
    // nothing of the article's, however its verb ("works", "solved") happens to match.
    if (OTHER_TASK.test(question) && !analyzer.analyze(question).terms.some((t) => t.kind === 'entity')) return notCovered(noAnswer, [], 0);
    if (OTHER_ARTICLE.test(question)) return notCovered(noAnswer, [], 0);
    if (aboutSomethingElse(question)) return notCovered(noAnswer, rankSegments(question)[0]?.ranked ?? [], 0);
    if (otherCountrys(question)) return notCovered(noAnswer, rankSegments(question)[0]?.ranked ?? [], 0);
    const unquoted = quoteOfUnquoted(question);
    if (unquoted !== undefined) return notCovered(unquoted, rankSegments(question)[0]?.ranked ?? [], 1);
    // "what's kim's wife's name": when what is asked for is a word the fact base has never seen, the
    // names around it must not carry an answer about something else.
    const focus = focusWords(question);
    // A head noun that ends a name or concept of the fact base ("former chief envoy") is known.
    const newCompound = (words: string[]) =>
      neverSeen(words.at(-1)!) &&
      words.filter((w) => w.length >= FOCUS_WORD_MIN && neverSeen(w)).length >= 2 &&
      analyzer.analyze(words.join(' ')).terms.at(-1)?.kind === 'word';
    if (focus.some((w) => w.length >= FOCUS_WORD_MIN && neverSeen(w)) || compoundsAskedFor(question).some(newCompound)) {
      return notCovered(noAnswer, rankSegments(question)[0]?.ranked ?? [], 0);
    }
    const [first, ...others] = rankSegments(question);
    const ranked = first?.ranked ?? [];
    const bestFact =
      aboutTheSubject(question, ranked) ?? (first && aboutWhatIsNamed(first.query, ranked)) ?? whereThePhraseIs(question, ranked) ?? ranked.find((r) => r.doc.kind === 'fact');
    const bestGap = ranked.find((r) => r.doc.kind === 'gap');
    if (!first || !bestFact) return notCovered(noAnswer, ranked, 0);
    // A gap is a specific known unknown, so it refuses only when the question closely matches one of
    // its forms about as well as any fact, or clearly beats every fact; sharing one word ("name")
    // with it is not enough to refuse an answerable question.
    // A fact that explains the question as well as the gap ("election" alone) answers it.
    const gapLeads = (gap: Scored) => gap.coverage > bestFact.coverage + GAP_COVERAGE_LEAD || gap.score > bestFact.score;
    if (
      bestGap &&
      bestGap.score >= MIN_COVERAGE &&
      ((bestGap.precision >= GAP_PRECISION && bestGap.score >= bestFact.score - GAP_TIE && gapLeads(bestGap)) || bestGap.score - bestFact.score >= GAP_MARGIN)
    ) {
      const gap = kb.gaps[bestGap.doc.index]!;
      // "Kim delivered the statement himself, right?": a claim the gap rules out is corrected by the
      // fact the gap points to (it was Ri's), when that fact is a good answer to the claim too.
      // Only a claim put as one (tagged "right?", or a statement): a yes/no question asks what the gap says.
      const claimed = CLAIM_TAG.test(question) || questionType(question) === undefined;
      const correction = claimed ? ranked.find((r) => r.doc.kind === 'fact' && kb.facts[r.doc.index]!.id === gap.related[0] && passes(r)) : undefined;
      if (correction) return answerFact(correction, first.query, ranked, others);
      return notCovered(gap.answer, ranked, bestGap.score, gap.related);
    }
    // A name from outside the article ("met at the DMZ", "did Xi…") leaves a question answered only
    // when nearly all the rest of it is plainly the article's.
    const outsideAsked = bestFact.coverage < OUTSIDE_COVERAGE && [...first.query.weightOf.keys()].some((k) => outsideNames.has(k));
    // A long message's story dilutes its question: a fact that matched a great deal of it still answers
    // at a lower share ("…my professor say the second meeting in vietnam did not finish with agreement. what was the reason…").
    const diluted =
      bestFact.evidence && bestFact.coverage >= STORY_COVERAGE && bestFact.matched >= STORY_MATCHED_WEIGHT && words(question).length > STORY_WORDS;
    const accepted = passes(bestFact) || diluted;
    if (outsideAsked && accepted) {
      // Asked for the words of someone outside it ("how did the seoul government react"), it says so.
      const source = saysOf(question);
      return notCovered((source !== undefined && noWordsOf(source, ['person', 'country'])) || noAnswer, ranked, bestFact.score);
    }
    if (accepted && !onlyEverywhereNames((k) => bestFact.doc.weights.has(k), first.query, first.text)) return answerFact(bestFact, first.query, ranked, others);
    const found = bestSentence(first.query);
    if (found && found.coverage >= SENTENCE_COVERAGE && found.matched >= SENTENCE_MATCHED_WEIGHT && !onlyEverywhereNames((k) => found.sentence.keys.has(k), first.query, first.text)) {
      const { paragraph, text } = found.sentence;
      return quoting(paragraph, text, `The article says: "${text}"`, found.coverage * SENTENCE_CONFIDENCE);
    }
    return notCovered(noAnswer, ranked, bestFact.score);
  }

  const relatedCache = new Map<string, string[]>();
  function related(factId: string, limit = SUGGESTIONS): string[] {
    const key = `${factId}\u0000${limit}`;
    let found = relatedCache.get(key);
    if (!found) {
      found = findRelated(factId, limit);
      // Bounded by facts × the few limits callers use; unknown ids are not cached.
      if (factById.has(factId)) relatedCache.set(key, found);
    }
    return [...found];
  }

  function findRelated(factId: string, limit: number): string[] {
    const fact = factById.get(factId);
    if (!fact) return [];
    const paragraphs = new Set(fact.citations.map((c) => c.paragraph));
    const entities = new Set(fact.entities);
    return kb.facts
      .filter((f) => f.id !== factId)
      .map((f) => ({ f, overlap: (f.citations.some((c) => paragraphs.has(c.paragraph)) ? 2 : 0) + f.entities.filter((e) => entities.has(e)).length }))
      .filter((x) => x.overlap > 0)
      .sort((a, b) => b.overlap - a.overlap)
      .slice(0, limit)
      .map((x) => x.f.questions[0]!);
  }

  function explain(question: string): Explanation {
    const { terms, unknown } = analyzer.analyze(question);
    const docId = (r: Scored) => (r.doc.kind === 'fact' ? kb.facts[r.doc.index]!.id : `gap:${kb.gaps[r.doc.index]!.id}`);
    return {
      terms: terms.map((t) => ({ ...t, idf: matcher.idf(t.key) ?? null })),
      unknown,
      ranked: (rankSegments(question)[0]?.ranked ?? []).slice(0, 5).map((r) => ({ id: docId(r), score: r.score, coverage: r.coverage, matched: r.matched })),
    };
  }

  // Questions come back word for word (autocomplete choices and suggestion buttons send a form's exact
  // text), and an answer depends only on the fact base and the text, so repeats are answered from a
  // bounded memo instead of being ranked again. Callers get their own copy to do with as they please.
  const memo = new Map<string, AnswerResult>();
  function remembered(raw: string): AnswerResult {
    let result = memo.get(raw);
    if (!result) {
      try {
        result = ask(raw);
      } finally {
        analyzer.forgetRecent();
      }
      if (memo.size >= ANSWER_MEMO_MAX) memo.delete(memo.keys().next().value!);
      memo.set(raw, result);
    }
    return { ...result, citations: result.citations.map((c) => ({ ...c })), suggestions: [...result.suggestions] };
  }

  return { ask: remembered, complete, related, explain };
}
