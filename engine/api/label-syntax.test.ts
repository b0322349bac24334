import { describe, expect, it } from 'vitest';
import { checkLabelSyntax, lexLabels } from './label-syntax.js';
import { parseLabelSelector } from './selectors.js';

// Expected texts: apimachinery v0.35.2 pkg/labels/selector.go (Parser.parse and its helpers);
// the first two are also what the real kubectl v1.35.2 prints for `top pod -l ...`.
describe('labels.Parse syntax errors', () => {
  it.each([
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a ~ b', "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt"],
    ['a = (', "unable to parse requirement: found '(', expected: identifier"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
  ])('%s', (input, message) => {
    expect(() => checkLabelSyntax(input)).toThrow(message);
  });

  it('accepts what the grammar allows', () => {
    for (const s of ['', 'a', '!a', 'a=b', 'a==b', 'a!=b', 'a=', 'a in (b,c)', 'a notin ()', 'a in (,b)', 'x in (foo,,baz),y,z notin ()', 'a>1']) {
      expect(() => checkLabelSyntax(s)).not.toThrow();
    }
    expect(parseLabelSelector('app=web').matches({ app: 'web' })).toBe(true);
  });

  it('lexes longest operators and keywords', () => {
    expect(lexLabels('a!=b')).toEqual([['id', 'a'], ['!=', '!='], ['id', 'b'], ['eos', '']]);
    expect(lexLabels('x notin (y)').map((t) => t[0])).toEqual(['id', 'notin', '(', 'id', ')', 'eos']);
  });
});

describe('the API server refuses a bad labelSelector with labels.Parse\'s text', () => {
  it('answers BadRequest with the grammar error and lists nothing', async () => {
    const { apiServerOnly } = await import('./test-helpers.js');
    const api = apiServerOnly(1).client();
    let err: unknown;
    try {
      api.list('pods', 'default', { labelSelector: 'a in (b' });
    } catch (e) {
      err = e;
    }
    expect((err as { reason?: string }).reason).toBe('BadRequest');
    expect((err as Error).message).toBe("unable to parse requirement: found '', expected: ',' or ')'");
  });
});
