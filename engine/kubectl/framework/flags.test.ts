import { describe, expect, it } from 'vitest';
import { parseFlags, FlagError, parseGoDuration, renderDefault, type FlagDef } from './flags.js';

const defs: FlagDef[] = [
  { name: 'namespace', shorthand: 'n', type: 'string', usage: '' },
  { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: '' },
  { name: 'watch', shorthand: 'w', type: 'bool', usage: '' },
  { name: 'output', shorthand: 'o', type: 'string', usage: '' },
  { name: 'label-columns', shorthand: 'L', type: 'stringSlice', usage: '' },
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: '' },
  { name: 'chunk-size', type: 'int', default: 500, usage: '' },
  { name: 'no-headers', type: 'bool', usage: '' },
  { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: '' },
  { name: 'timeout', type: 'duration', usage: '' },
];

function err(argv: string[]): string {
  try {
    parseFlags(argv, defs);
  } catch (e) {
    expect(e).toBeInstanceOf(FlagError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('flag parsing (pflag rules)', () => {
  it('accepts long, short, attached and interspersed forms', () => {
    const r = parseFlags(['pods', '-nkube-system', '--output=wide', 'web', '-Aw', '--chunk-size', '10'], defs);
    expect(r.args).toEqual(['pods', 'web']);
    expect(r.flags.string('namespace')).toBe('kube-system');
    expect(r.flags.string('output')).toBe('wide');
    expect(r.flags.bool('all-namespaces')).toBe(true);
    expect(r.flags.bool('watch')).toBe(true);
    expect(r.flags.int('chunk-size')).toBe(10);
    expect(r.flags.changed('namespace')).toBe(true);
    expect(r.flags.changed('no-headers')).toBe(false);
  });

  it('handles -n=value, -n value, repeated slices and --', () => {
    const r = parseFlags(['-n=dev', '-L', 'app,tier', '-L', 'env', '--', '-x', 'y'], defs);
    expect(r.flags.string('namespace')).toBe('dev');
    expect(r.flags.strings('label-columns')).toEqual(['app', 'tier', 'env']);
    expect(r.args).toEqual(['-x', 'y']);
    expect(r.argsLenAtDash).toBe(0);
  });

  it('uses NoOptDefVal for --dry-run and parses durations', () => {
    const r = parseFlags(['--dry-run', 'x', '--timeout=1m30s'], defs);
    expect(r.flags.string('dry-run')).toBe('unchanged');
    expect(r.args).toEqual(['x']);
    expect(r.flags.durationMs('timeout')).toBe(90_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('abc')).toBeUndefined();
  });

  it('gives pflag error texts', () => {
    expect(err(['--foo'])).toBe('unknown flag: --foo');
    expect(err(['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(err(['-Az'])).toBe("unknown shorthand flag: 'z' in -Az");
    expect(err(['--output'])).toBe('flag needs an argument: --output');
    expect(err(['-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(err(['--no-headers=maybe'])).toBe('invalid argument "maybe" for "--no-headers" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
    expect(err(['--chunk-size=abc'])).toBe('invalid argument "abc" for "--chunk-size" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    expect(err(['-w=x'])).toBe('invalid argument "x" for "-w, --watch" flag: strconv.ParseBool: parsing "x": invalid syntax');
  });

  it('quotes the bad value with Go\'s %q in both places, as the real kubectl v1.35.2 prints it', () => {
    expect(err(['--no-headers=a"b'])).toBe('invalid argument "a\\"b" for "--no-headers" flag: strconv.ParseBool: parsing "a\\"b": invalid syntax');
    expect(err(['--chunk-size=\x01é'])).toBe('invalid argument "\\x01é" for "--chunk-size" flag: strconv.ParseInt: parsing "\\x01é": invalid syntax');
  });

  it('renders defaults as --help shows them', () => {
    expect(defs.map(renderDefault)).toEqual(["''", 'false', 'false', "''", '[]', '[]', '500', 'false', "'none'", '0s']);
  });
});
