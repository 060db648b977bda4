/**
 * The planned course: every lesson's slug in order. Lessons are written by different people and
 * merged at different times; this list is the one place that says which lessons the course has, so
 * that a glossary entry can point at a lesson that is planned but not merged into this tree yet,
 * while a typo in a slug still fails the build.
 */
export const COURSE = [
  // The primer comes before lesson 1: the network ideas every lesson assumes.
  { order: 0, slug: 'primer' },
  { order: 1, slug: 'first-steps' },
  { order: 2, slug: 'notebook' },
  { order: 3, slug: 'what-is-transfer-learning' },
  { order: 4, slug: 'transfer-workflow' },
  { order: 5, slug: 'lora' },
  { order: 6, slug: 'when-transfer-fails' },
  { order: 7, slug: 'language-models' },
  { order: 8, slug: 'instruction-tuning' },
  { order: 9, slug: 'prompting-or-fine-tuning' },
  { order: 10, slug: 'transfer-in-practice' },
  { order: 11, slug: 'distillation' },
  { order: 12, slug: 'distillation-in-practice' },
] as const;

export type LessonSlug = (typeof COURSE)[number]['slug'];

export const LESSON_SLUGS = COURSE.map((lesson) => lesson.slug) as [LessonSlug, ...LessonSlug[]];

/** A lesson page's address. */
export const lessonHref = (slug: string) => `/lessons/${slug}/`;
