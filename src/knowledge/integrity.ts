import type { KnowledgeBase, KnowledgeFileName } from './schema.ts';

export interface Problem {
  file: KnowledgeFileName;
  /** Where inside the file, e.g. `items[3].citations[0].quote`; empty for the whole file. */
  path: string;
  message: string;
}

const preview = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

/**
 * Checks what the schemas cannot: quotes stand verbatim in the paragraph they cite, references resolve,
 * ids are unique, every paragraph is cited somewhere. Returns every problem rather than the first.
 */
export function checkIntegrity(kb: KnowledgeBase): Problem[] {
  const problems: Problem[] = [];
  const paragraphs = kb.article.paragraphs;
  const entityIds = new Set(kb.entities.map((e) => e.id));
  const factIds = new Set(kb.facts.map((f) => f.id));

  const verbatim = (file: KnowledgeFileName, path: string, paragraph: number, quote: string) => {
    const text = paragraphs[paragraph - 1];
    if (text !== undefined && !text.includes(quote)) {
      problems.push({
        file,
        path,
        message: `${preview(quote)} does not stand verbatim in ¶${paragraph}; copy the span exactly from article.json paragraphs[${paragraph - 1}] or cite the paragraph it is in`,
      });
    }
  };
  const unique = (file: KnowledgeFileName, items: { id: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) {
        problems.push({ file, path: `items[${i}].id`, message: `duplicate id "${item.id}"; ids must be unique within the file` });
      }
      seen.add(item.id);
    });
  };
  const entityRef = (file: KnowledgeFileName, path: string, id: string) => {
    if (!entityIds.has(id)) {
      problems.push({ file, path, message: `unknown entity "${id}"; add it to entities.json or use an existing id` });
    }
  };

  unique('entities.json', kb.entities);
  unique('quotes.json', kb.quotes);
  unique('events.json', kb.events);
  unique('facts.json', kb.facts);
  unique('gaps.json', kb.gaps);
  unique('smalltalk.json', kb.smalltalk);

  kb.entities.forEach((e, i) => {
    verbatim('entities.json', `items[${i}].citation.quote`, e.citation.paragraph, e.citation.quote);
    (e.speaksFor ?? []).forEach((id, j) => entityRef('entities.json', `items[${i}].speaksFor[${j}]`, id));
  });
  kb.quotes.forEach((q, i) => {
    entityRef('quotes.json', `items[${i}].speaker`, q.speaker);
    verbatim('quotes.json', `items[${i}].text`, q.paragraph, q.text);
  });
  kb.events.forEach((e, i) => {
    if (e.citation.paragraph !== e.paragraph) {
      problems.push({ file: 'events.json', path: `items[${i}].citation.paragraph`, message: `cites ¶${e.citation.paragraph} but the event is in ¶${e.paragraph}; make them agree` });
    }
    verbatim('events.json', `items[${i}].citation.quote`, e.citation.paragraph, e.citation.quote);
  });
  const cited = new Set<number>();
  kb.facts.forEach((f, i) => {
    f.citations.forEach((c, j) => {
      cited.add(c.paragraph);
      verbatim('facts.json', `items[${i}].citations[${j}].quote`, c.paragraph, c.quote);
    });
    f.entities.forEach((id, j) => entityRef('facts.json', `items[${i}].entities[${j}]`, id));
    const forms = new Set<string>();
    f.questions.forEach((q, j) => {
      const key = q.toLowerCase();
      if (forms.has(key)) problems.push({ file: 'facts.json', path: `items[${i}].questions[${j}]`, message: `repeats an earlier question form of "${f.id}"; remove it` });
      forms.add(key);
    });
  });
  kb.gaps.forEach((g, i) =>
    g.related.forEach((id, j) => {
      if (!factIds.has(id)) problems.push({ file: 'gaps.json', path: `items[${i}].related[${j}]`, message: `unknown fact "${id}"; use an id from facts.json` });
    }),
  );
  paragraphs.forEach((_, i) => {
    if (!cited.has(i + 1)) {
      problems.push({ file: 'facts.json', path: '', message: `no fact cites ¶${i + 1}; add a fact for that paragraph so every part of the article can be asked about` });
    }
  });
  return problems;
}
