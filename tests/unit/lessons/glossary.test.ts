import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { glossarySchema } from '../../../src/lessons/glossary';
import { COURSE } from '../../../src/lessons/course';
import { compileMatcher, readGlossaryTerms } from '../../../src/lessons/glossary-linker';

const FOLDER = 'src/content/glossary';
const files = readdirSync(FOLDER).filter((name) => name.endsWith('.yaml'));
const entries = files.map((name) => ({
  id: name.replace(/\.yaml$/, ''),
  data: glossarySchema.parse(parse(readFileSync(`${FOLDER}/${name}`, 'utf8'))),
}));

describe('the glossary', () => {
  it('covers the terms the course is built on', () => {
    // The list the course plan names (issue 10); each must be an entry's term or one of its forms.
    const required = [
      'transfer learning',
      'source task',
      'target task',
      'domain',
      'task',
      'fine-tuning',
      'frozen layer',
      'feature extraction',
      'head',
      'domain adaptation',
      'domain shift',
      'multitask learning',
      'inductive transfer',
      'zero-shot',
      'few-shot',
      'in-context learning',
      'instruction tuning',
      'LoRA',
      'adapter',
      'distillation',
      'teacher',
      'student',
      'temperature',
      'soft targets',
      'dark knowledge',
      'catastrophic forgetting',
      'rehearsal',
      'negative transfer',
      'pretraining',
      'masked language modelling',
      'encoder',
      'decoder',
      'tokeniser',
      'prompt',
      'pseudo-labelling',
      'quantisation',
      'backend',
    ];
    const names = new Set(
      entries.flatMap(({ data }) => [data.term, ...data.forms].map((n) => n.toLowerCase())),
    );
    expect(required.filter((term) => !names.has(term.toLowerCase()))).toEqual([]);
  });

  it('has no phrase that two entries claim, and the linker reads every file', () => {
    const terms = readGlossaryTerms(FOLDER);
    expect(terms.map((t) => t.id)).toEqual(entries.map((e) => e.id));
    expect(() => compileMatcher(terms)).not.toThrow();
  });

  it('points every "see also" at a real entry, and never at itself', () => {
    const ids = new Set(entries.map((e) => e.id));
    const broken = entries.flatMap(({ id, data }) =>
      data.see.filter((other) => !ids.has(other) || other === id).map((other) => `${id} -> ${other}`),
    );
    expect(broken).toEqual([]);
  });

  it('lists "also used in" lessons in course order, without the teaching lesson', () => {
    const order = (slug: string) => COURSE.find((lesson) => lesson.slug === slug)!.order;
    for (const { id, data } of entries) {
      expect(data.alsoIn, id).not.toContain(data.lesson);
      expect(data.alsoIn.map(order), id).toEqual([...data.alsoIn.map(order)].sort((a, b) => a - b));
    }
  });

  // Lessons are merged one by one; the build names a lesson that is not merged yet without linking
  // it. In the finished course every lesson a glossary entry names must exist.
  it('names only lessons of the course plan, and reports those not in this tree yet', () => {
    const planned = new Set(COURSE.map((lesson) => lesson.slug));
    const named = new Set(entries.flatMap(({ data }) => [data.lesson, ...data.alsoIn]));
    expect([...named].filter((slug) => !planned.has(slug))).toEqual([]);
    const missing = [...named].filter((slug) => !existsSync(`src/content/docs/lessons/${slug}.mdx`));
    if (missing.length > 0)
      console.warn(`Glossary entries name lessons not in this tree yet: ${missing.join(', ')}`);
  });
});
