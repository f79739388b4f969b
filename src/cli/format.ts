import type { Article } from '../knowledge/schema.ts';
import type { AnswerResult } from '../engine/types.ts';

/** The source line every answer ends with, so a reader knows which article "the article" is. */
export function sourceLine(article: Article): string {
  return `Source: article dated ${article.date}, ${article.dateline}`;
}

/**
 * Plain-text rendering for a terminal. A "¶N" label appears only beside a cited passage; an
 * unanswered result shows suggestions instead and no label at all.
 */
export function formatResult(result: AnswerResult, article: Article): string {
  const lines = [result.answer, ''];
  if (result.kind === 'answer') {
    for (const c of result.citations) lines.push(`  ¶${c.paragraph}  "${c.quote}"`);
    lines.push('', `${sourceLine(article)} · confidence ${result.confidence.toFixed(2)}`);
  } else {
    if (result.suggestions.length > 0) {
      lines.push(result.kind === 'smalltalk' ? 'You could ask:' : 'Questions the article does answer:');
      for (const s of result.suggestions) lines.push(`  - ${s}`);
      lines.push('');
    }
    lines.push(sourceLine(article));
  }
  return lines.join('\n');
}
