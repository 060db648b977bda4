import { z } from 'astro/zod';

/** Frontmatter every lesson carries. Components take `Lesson` so props cannot drift from it. */
export const lessonSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  /** Position in the course, 1-based. */
  order: z.number().int().nonnegative(),
  /** Estimated reading-and-doing time, in minutes. */
  minutes: z.number().int().positive(),
  objectives: z.array(z.string().min(1)).min(1),
  prerequisites: z.array(z.string()).default([]),
});

export type Lesson = z.infer<typeof lessonSchema>;
