/**
 * text/template as kubectl's -o go-template runs it. The cases in
 * testdata/gotemplate-cases.json were recorded from the real kubectl v1.35.2
 * (testdata/gen-gotemplate.mjs): its stdout, stderr and exit code for each
 * template over the same client-side dry-run Deployment.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFloat, sprintf, GoNum } from './gofmt.js';
import { executeGoTemplate, parseGoTemplate, TemplateParseError } from './gotemplate.js';
import { loadLazyPrinters, mayNeedLazyPrinters, OutputFormatError, parseOutput, printGeneric, PrinterExecError } from './output.js';
import { MUTATE_OUTPUT_FORMATS as MUTATE_FORMATS_FOR_TEST } from '../verbs/mutate.js';

interface Case { template: string; allowMissingKeys?: boolean; stdout: string; stderr: string; code: number }
const fixture = JSON.parse(readFileSync(new URL('./testdata/gotemplate-cases.json', import.meta.url), 'utf8')) as { object: unknown; cases: Case[] };

/** What our printer gives for one case: stdout, stderr (as CheckErr prints it), exit code. */
function run(c: Case): { stdout: string; stderr: string; code: number } {
  try {
    const spec = parseOutput(`go-template=${c.template}`, MUTATE_FORMATS_FOR_TEST, () => undefined, { allowMissingKeys: c.allowMissingKeys ?? true });
    return { stdout: printGeneric(spec, fixture.object, true), stderr: '', code: 0 };
  } catch (e) {
    if (e instanceof PrinterExecError) return { stdout: e.stdout, stderr: `error: ${e.message}\n`, code: 1 };
    if (e instanceof OutputFormatError) return { stdout: '', stderr: `error: ${e.message}\n`, code: 1 };
    throw e;
  }
}


// kubectl loads the Go template printer before a command that can use it (framework/root.ts); these tests call the printer directly.
beforeAll(loadLazyPrinters);

describe('which arguments load the Go template, KYAML and JSONPath printers', () => {
  it('covers every way to select them, in any letter case', () => {
    for (const argv of [['get', 'pods', '-o', 'go-template={{.kind}}'], ['get', 'pods', '-ogo-template-file=/t'], ['get', 'po', '-o', 'template', '--template', '{{.kind}}'], ['get', 'po', '--template={{.kind}}'], ['get', 'po', '-o=templatefile=/t'], ['get', 'po', '-o', 'kyaml'], ['get', 'po', '-oKYAML'],
      ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'], ['get', 'po', '-ojsonpath-as-json={.kind}'], ['get', 'po', '-o', 'JSONPATH-FILE=/t'], ['get', 'po', '-o', 'custom-columns=N:.metadata.name'],
      ['get', 'po', '-ocustom-columns-file=/c'], ['get', 'po', '--sort-by=.metadata.name'], ['get', 'po', '--sort-by', '{.spec.nodeName}'], ['wait', 'po/x', "--for=jsonpath={.status.phase}=Running"]]) {
      expect(mayNeedLazyPrinters(argv)).toBe(true);
    }
    expect(mayNeedLazyPrinters(['get', 'pods', '-o', 'yaml'])).toBe(false);
    expect(mayNeedLazyPrinters(['get', 'pods', '-o', 'wide'])).toBe(false);
  });
});

describe('go-template against kubectl v1.35.2', () => {
  for (const c of fixture.cases) {
    it(`${c.template}${c.allowMissingKeys === false ? ' (--allow-missing-template-keys=false)' : ''}`, () => {
      expect(run(c)).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
    });
  }
});

describe('text/template semantics', () => {
  const exec = (t: string, data: unknown) => executeGoTemplate(parseGoTemplate(t), data as never);
  it('ranges over a map in key order and over a list with index', () => {
    expect(exec('{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', { b: 2, a: 1, C: 3 })).toBe('C=3;a=1;b=2;');
    expect(exec('{{range $i, $e := .items}}{{$i}}:{{$e.n}} {{end}}', { items: [{ n: 'x' }, { n: 'y' }] })).toBe('0:x 1:y ');
  });
  it('numbers from JSON are int64 (whole) or float64', () => {
    expect(exec('{{.a}} {{.b}} {{printf "%T %T" .a .b}}', { a: 1000000, b: 0.5 })).toBe('1000000 0.5 int64 float64');
  });
  it('a JSON null prints as <no value> in an action and <nil> inside a map', () => {
    expect(exec('{{.a}}|{{.}}', { a: null })).toBe('<no value>|map[a:<nil>]');
  });
  it('reports parse errors with the line', () => {
    expect(() => parseGoTemplate('line1\n{{if}}')).toThrow(new TemplateParseError('template: output:2: missing value for if'));
  });
  it('reports execution errors with line and column', () => {
    expect(() => exec('x\n  {{index . 1}}', { a: 1 })).toThrow('template: output:2:4: executing "output" at <index . 1>: error calling index: value has type int; should be string');
  });
});

describe('Go fmt', () => {
  it('formats floats as strconv does', () => {
    expect(formatFloat(1e21, 'g', -1)).toBe('1e+21');
    expect(formatFloat(123456, 'g', -1)).toBe('123456');
    expect(formatFloat(1234567, 'g', -1)).toBe('1.234567e+06');
    expect(formatFloat(0.0001, 'g', -1)).toBe('0.0001');
    expect(formatFloat(0.00001, 'g', -1)).toBe('1e-05');
    expect(formatFloat(3.14159, 'g', 2)).toBe('3.1');
    expect(formatFloat(100, 'g', 2)).toBe('1e+02');
    expect(formatFloat(0, 'e', 6)).toBe('0.000000e+00');
  });
  it('sprintf verbs, flags and bad verbs', () => {
    expect(sprintf('%-4s|%4s|%q|%x', ['a', 'b', 'c"', 'hi'])).toBe('a   |   b|"c\\""|6869');
    expect(sprintf('%d|%+d|%05d|%x|%#x|%o|%b', [new GoNum('int', 42), new GoNum('int', 42), new GoNum('int', -42), new GoNum('int', 255), new GoNum('int', 255), new GoNum('int', 8), new GoNum('int', 5)])).toBe('42|+42|-0042|ff|0xff|10|101');
    expect(sprintf('%d', [true])).toBe('%!d(bool=true)');
    expect(sprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
  });
});
