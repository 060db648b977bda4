import { z } from 'astro/zod';
import { LESSON_SLUGS } from './course';

/**
 * One glossary entry (src/content/glossary/<id>.yaml). The glossary page and the build-time linker
 * (src/lessons/glossary-linker.ts) read the same files, so a term and its links cannot drift apart.
 */
export const glossarySchema = z.object({
  /** The term as the glossary lists it: "fine-tuning", "LoRA", "source and target". */
  term: z.string().min(1),
  /**
   * Every way a lesson writes it that should link here, matched case-insensitively on word
   * boundaries: inflections ("fine-tuned", "fine-tunes") and synonyms ("pre-training"). The term
   * itself is always included.
   */
  forms: z.array(z.string().min(1)).default([]),
  /**
   * Phrases that contain a form but mean something else ("head start" is not a head); they are
   * never linked, and they do not use up the term's first link.
   */
  avoid: z.array(z.string().min(1)).default([]),
  /** One paragraph of plain prose; `backticks` show a name as code, other Markdown is not rendered. */
  definition: z.string().min(40),
  /** The lesson that teaches the term. A slug outside the course plan fails the build. */
  lesson: z.enum(LESSON_SLUGS),
  /** Other lessons where the term does real work, in course order. */
  alsoIn: z.array(z.enum(LESSON_SLUGS)).default([]),
  /** Related entries (file names without .yaml). */
  see: z.array(z.string().min(1)).default([]),
});

export type GlossaryEntry = z.infer<typeof glossarySchema>;

/** Where an entry lives: lessons link here, and the link checker resolves the fragment. */
export const glossaryHref = (id: string) => `/reference/glossary/#${glossaryAnchor(id)}`;
export const glossaryAnchor = (id: string) => `term-${id}`;
