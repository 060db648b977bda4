import { z } from 'astro/zod';
import { LESSON_SLUGS } from './course';
import { rightChoices } from './quiz-judge';

/**
 * One question of a lesson's quiz (<Quiz questions={[...]} />). `answer` is the index of the right
 * choice, or for a question with several right choices (`multiple`), the list of them; every right
 * choice must be ticked and no wrong one.
 */
export const quizQuestionSchema = z
  .object({
    /** Stable within the page: tests and the reader's screen reader refer to it. */
    id: z.string().regex(/^[a-z0-9-]+$/),
    question: z.string().min(1),
    choices: z.array(z.string().min(1)).min(2),
    answer: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative()).min(1)]),
    /** Why the right answer is right; shown once the reader checks. */
    explanation: z.string().min(1),
    /** The lesson that teaches it, linked under the explanation. */
    lesson: z.enum(LESSON_SLUGS),
  })
  .superRefine((q, context) => {
    if (rightChoices(q).some((i) => i >= q.choices.length))
      context.addIssue({
        code: 'custom',
        message: `Quiz question "${q.id}": an answer index is past its ${q.choices.length} choices.`,
      });
  });

export type QuizQuestion = z.infer<typeof quizQuestionSchema>;
export { rightChoices, judge } from './quiz-judge';
