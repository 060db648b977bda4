import { describe, expect, it } from 'vitest';
import { judge, quizQuestionSchema, rightChoices } from '../../../src/lessons/quiz';

const question = {
  id: 'q',
  question: 'Which?',
  choices: ['a', 'b', 'c'],
  explanation: 'Because.',
  lesson: 'first-steps',
};

describe('the quiz', () => {
  it('judges a single answer and a multiple answer by exactly the right ticks', () => {
    expect(judge([1], [1])).toBe('right');
    expect(judge([1], [0])).toBe('wrong');
    expect(judge([1], [])).toBe('unanswered');
    // Every right choice and no wrong one, in any order.
    expect(judge([0, 2], [2, 0])).toBe('right');
    expect(judge([0, 2], [0])).toBe('wrong');
    expect(judge([0, 2], [0, 1, 2])).toBe('wrong');
    expect(rightChoices({ answer: [2, 0] })).toEqual([0, 2]);
  });

  it('refuses an answer past the choices, and a lesson outside the course', () => {
    expect(quizQuestionSchema.safeParse({ ...question, answer: 2 }).success).toBe(true);
    expect(quizQuestionSchema.safeParse({ ...question, answer: 3 }).success).toBe(false);
    expect(quizQuestionSchema.safeParse({ ...question, answer: [0, 5] }).success).toBe(false);
    expect(quizQuestionSchema.safeParse({ ...question, answer: 0, lesson: 'no-such-lesson' }).success).toBe(
      false,
    );
  });
});
