import { describe, expect, it } from 'vitest';
import { exercisesOf, normalizeExercises } from './exercises';

describe('normalizeExercises', () => {
  it('keeps well-formed entries, drops broken ones, sorts by lesson then id', () => {
    const got = normalizeExercises([
      { id: 'b-two', lesson: '05-pods', title: { ko: '둘', en: 'Two' }, difficulty: 'easy' },
      { id: 'a-one', lesson: '04-architecture', title: { en: 'One' } },
      { id: 'Bad Id', lesson: '04-architecture', title: { en: 'x' } },
      { lesson: '04-architecture', title: { en: 'no id' } },
      'not an object',
      null,
    ]);
    expect(got).toEqual([
      { id: 'a-one', lesson: '04-architecture', title: { ko: 'One', en: 'One' }, difficulty: '' },
      { id: 'b-two', lesson: '05-pods', title: { ko: '둘', en: 'Two' }, difficulty: 'easy' },
    ]);
    expect(exercisesOf(got, '05-pods').map((e) => e.id)).toEqual(['b-two']);
    expect(exercisesOf(got, '09-summary')).toEqual([]);
  });
});
