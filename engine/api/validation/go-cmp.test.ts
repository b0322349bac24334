/**
 * go-cmp v0.7.0's Diff as validation/go-cmp.ts reproduces it, checked against
 * go-cmp's own expected reports (cmp/testdata/diffs at tag v0.7.0, for the
 * inputs of cmp/compare_test.go), printed as go-cmp prints them under its
 * deterministic flag: spaces after the markers and the forward search first.
 */
import { describe, expect, it } from 'vitest';
import { cmpDiff, type GoType } from './go-cmp.js';

const STRING: GoType = { k: 'string' };
const INT8S: GoType = { k: 'slice', elem: { k: 'int', kind: 'int8' } };
const named = (name: string, t: GoType): GoType => ({ ...t, name } as GoType);
/** compare_test.go's MyComposite: strings, then three byte, int, uint and float slices (plain, of a named element, named). */
const MY_COMPOSITE: GoType = {
  k: 'struct', name: 'cmp_test.MyComposite',
  fields: [
    ['StringA', STRING], ['StringB', STRING],
    ['BytesA', { k: 'slice', elem: { k: 'int', kind: 'int8' } }], ['BytesB', { k: 'slice', elem: { k: 'int', kind: 'int8' } }], ['BytesC', named('cmp_test.MyBytes', { k: 'slice', elem: { k: 'int', kind: 'int8' } })],
    ['IntsA', INT8S], ['IntsB', INT8S], ['IntsC', named('cmp_test.MyInts', INT8S)],
    ['UintsA', INT8S], ['UintsB', INT8S], ['UintsC', named('cmp_test.MyUints', INT8S)],
    ['FloatsA', INT8S], ['FloatsB', INT8S], ['FloatsC', named('cmp_test.MyFloats', INT8S)],
  ],
};
/** The report of two MyComposites that differ in IntsA only, around IntsA's lines. */
const intsAReport = (lines: string[]) => [
  '  cmp_test.MyComposite{', '  \t... // 3 identical fields', '  \tBytesB: nil,', '  \tBytesC: nil,', '  \tIntsA: []int8{',
  ...lines,
  '  \t},', '  \tIntsB: nil,', '  \tIntsC: nil,', '  \t... // 6 identical fields', '  }', '',
].join('\n');
/** A string's report in chunks: strings.Join of the pieces. */
const joinReport = (lines: string[]) => ['  strings.Join({', ...lines, '  }, "")', ''].join('\n');
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('cmp.Diff (go-cmp v0.7.0 testdata/diffs)', () => {
  it('TestDiff/Reporter/UnbatchedSlice: few elements differ, one a line', () => {
    expect(cmpDiff(MY_COMPOSITE, { IntsA: range(11, 29) }, { IntsA: [10, 11, 21, ...range(13, 29)] })).toBe(intsAReport([
      '+ \t\t10,',
      '  \t\t11,',
      '- \t\t12,',
      '+ \t\t21,',
      '  \t\t13,',
      '  \t\t14,',
      '  \t\t... // 15 identical elements',
    ]));
  });

  it('TestDiff/Reporter/BatchedSlice: many elements differ, batched', () => {
    expect(cmpDiff(MY_COMPOSITE, { IntsA: range(10, 29) }, { IntsA: [12, 29, 13, 27, 22, 23, 17, 18, 19, 20, 21, 10, 26, 16, 25, 28, 11, 15, 24, 14] })).toBe(intsAReport([
      '- \t\t10, 11, 12, 13, 14, 15, 16,',
      '+ \t\t12, 29, 13, 27, 22, 23,',
      '  \t\t17, 18, 19, 20, 21,',
      '- \t\t22, 23, 24, 25, 26, 27, 28, 29,',
      '+ \t\t10, 26, 16, 25, 28, 11, 15, 24, 14,',
    ]));
  });

  it('TestDiff/Reporter/SurroundingEqualElements: a long string in 64-byte chunks', () => {
    const x = 'org-4747474747474747,bucket-4242424242424242:m,tag1=a,tag2=aa,#=_value _value=2 11\torg-4747474747474747,bucket-4242424242424242:m,tag1=a,tag2=bb,#=_value _value=2 21\torg-4747474747474747,bucket-4242424242424242:m,tag1=b,tag2=cc,#=_value _value=1 21\torg-4747474747474747,bucket-4242424242424242:m,tag1=a,tag2=dd,#=_value _value=3 31\torg-4747474747474747,bucket-4242424242424242:m,tag1=c,#=_value _value=4 41\t';
    const y = x.replaceAll(',#=_value', '');
    expect(cmpDiff(STRING, x, y)).toBe(joinReport([
      '  \t"org-4747474747474747,bucket-4242424242424242:m,tag1=a,tag2=aa",',
      '- \t",#=_value",',
      '  \t` _value=2 11\torg-4747474747474747,bucket-4242424242424242:m,tag1`,',
      '  \t"=a,tag2=bb",',
      '- \t",#=_value",',
      '  \t` _value=2 21\torg-4747474747474747,bucket-4242424242424242:m,tag1`,',
      '  \t"=b,tag2=cc",',
      '- \t",#=_value",',
      '  \t` _value=1 21\torg-4747474747474747,bucket-4242424242424242:m,tag1`,',
      '  \t"=a,tag2=dd",',
      '- \t",#=_value",',
      '  \t` _value=3 31\torg-4747474747474747,bucket-4242424242424242:m,tag1`,',
      '  \t"=c",',
      '- \t",#=_value",',
      '  \t` _value=4 41\t`,',
    ]));
  });

  it('TestDiff/Reporter/AllLinesDiffer: lines that all differ are diffed as bytes', () => {
    const x = 'd5c14bdf6bac81c27afc5429500ed750\n25483503b557c606dad4f144d27ae10b\n90bdbcdbb6ea7156068e3dcfb7459244\n978f480a6e3cced51e297fbff9a506b7\n';
    const y = x.split('\n').map((l) => (l ? `X${l}` : l)).join('\n');
    expect(cmpDiff(STRING, x, y)).toBe(joinReport([
      '+ \t"X",',
      '  \t"d5c14bdf6bac81c27afc5429500ed750\\n",',
      '+ \t"X",',
      '  \t"25483503b557c606dad4f144d27ae10b\\n",',
      '+ \t"X",',
      '  \t"90bdbcdbb6ea7156068e3dcfb7459244\\n",',
      '+ \t"X",',
      '  \t"978f480a6e3cced51e297fbff9a506b7\\n",',
    ]));
  });

  it('TestDiff/Reporter/TripleQuote: a string of lines, diffed by line', () => {
    const x = 'aaa\nbbb\nccc\nddd\neee\nfff\nggg\nhhh\niii\njjj\nkkk\nlll\nmmm\nnnn\nooo\nppp\nqqq\nRRR\nsss\nttt\nuuu\nvvv\nwww\nxxx\nyyy\nzzz\n';
    const y = x.replace('ccc', 'CCC').replace('RRR\nsss', 'rrr\nSSS');
    expect(cmpDiff(MY_COMPOSITE, { StringA: x }, { StringA: y })).toBe([
      '  cmp_test.MyComposite{',
      '  \tStringA: (',
      '  \t\t"""',
      '  \t\taaa',
      '  \t\tbbb',
      '- \t\tccc',
      '+ \t\tCCC',
      '  \t\tddd',
      '  \t\teee',
      '  \t\t... // 10 identical lines',
      '  \t\tppp',
      '  \t\tqqq',
      '- \t\tRRR',
      '- \t\tsss',
      '+ \t\trrr',
      '+ \t\tSSS',
      '  \t\tttt',
      '  \t\tuuu',
      '  \t\t... // 6 identical lines',
      '  \t\t"""',
      '  \t),',
      '  \tStringB: "",',
      '  \tBytesA:  nil,',
      '  \t... // 11 identical fields',
      '  }',
      '',
    ].join('\n'));
  });

  it('TestDiff/Reporter/TripleQuoteSlice: such strings in a []string, the unchanged one cut at its verbosity', () => {
    const z = 'aaa\nbbb\nccc\nddd\neee\nfff\nggg\nhhh\niii\njjj\nkkk\nlll\nmmm\nnnn\nooo\nppp\nqqq\nRRR\nsss\nttt\nuuu\nvvv\nwww\nxxx\nyyy\nzzz\n';
    expect(cmpDiff({ k: 'slice', elem: STRING }, [z, z], [z.replace('zzz\n', ''), z])).toBe([
      '  []string{',
      '  \t(',
      '  \t\t"""',
      '  \t\t... // 23 identical lines',
      '  \t\txxx',
      '  \t\tyyy',
      '- \t\tzzz',
      '  \t\t"""',
      '  \t),',
      '  \t"aaa\\nbbb\\nccc\\nddd\\neee\\nfff\\nggg\\nhhh\\niii\\njjj\\nkkk\\nlll\\nmmm\\nnnn\\nooo\\nppp\\n"...,',
      '  }',
      '',
    ].join('\n'));
  });

  it('equal values have no report', () => {
    expect(cmpDiff(MY_COMPOSITE, { IntsA: [1] }, { IntsA: [1] })).toBe('');
  });
});
