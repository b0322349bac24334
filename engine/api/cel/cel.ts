/**
 * The Common Expression Language as kube-apiserver compiles and runs it (k8s.io/apiserver/pkg/cel and
 * pkg/admission/plugin/cel): expressions are parsed and type-checked against declared variables (all `dyn` here, as
 * the admission environments declare `object`, `oldObject`, `params`... when no schema types them), and compile
 * errors are reported in cel-go's issue format (`ERROR: <input>:1:5: ...` with the source line and a caret), which
 * the API server prefixes with "compilation failed: ". The evaluator is @marcbachmann/cel-js (docs/decisions/cel.md);
 * Kubernetes' library functions (k8s.io/apiserver/pkg/cel/library) are added in library.ts. Loaded lazily
 * (cel/loader.ts): only a policy, a webhook's matchConditions or a CRD's x-kubernetes-validations need it.
 */
import { Environment } from '@marcbachmann/cel-js';
import { FUNCTION_NAMES, registerKubernetesLibrary } from './library.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A CEL type name as cel-go prints it in "must evaluate to bool". */
export type CelTypeName = 'bool' | 'string' | 'int' | 'uint' | 'double' | 'dyn' | 'list' | 'map' | 'null_type';

export interface CompileOptions {
  /** The variables the environment declares (object, oldObject, request, params, namespaceObject, variables, authorizer...). */
  variables: string[];
  /**
   * An environment that already declares typed variables (a CRD rule's `self`, from newEnvironment()); `variables`
   * is then ignored, and the activation's values are taken as they are (already CEL values, not JSON).
   */
  environment?: Environment;
  /** The types the expression must evaluate to ("must evaluate to bool" otherwise); none: anything. */
  returnTypes?: CelTypeName[];
}

export interface CompileResult {
  program?: CelProgram;
  /** The text kube-apiserver puts after the expression: "compilation failed: ERROR: <input>:1:1: ..." or "must evaluate to bool". */
  error?: string;
}

export interface EvalResult {
  value?: unknown;
  /** cel-go's evaluation error text ("no such key: replicas"). */
  error?: string;
}

export interface CelProgram {
  expression: string;
  /** The inferred output type ("bool", "dyn", ...). */
  outputType: string;
  evaluate(activation: Record<string, unknown>): EvalResult;
}

const environments = new Map<string, Environment>();
let base: Environment | undefined;

/** A fresh environment with Kubernetes' library, for the caller's own variables and types. */
export function newEnvironment(): Environment {
  if (!base) {
    // Kubernetes' environments enable optional types (`object.?spec.?replicas`) and allow mixed list literals
    // (they are dyn: a heterogeneous literal type-checks in cel-go with HomogeneousAggregateLiterals off).
    base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    registerKubernetesLibrary(base);
  }
  return base.clone();
}

function environment(variables: string[]): Environment {
  const key = [...variables].sort().join(',');
  let env = environments.get(key);
  if (!env) {
    env = newEnvironment();
    for (const v of variables) env.registerVariable(v, 'dyn');
    environments.set(key, env);
  }
  return env;
}

/** Compiles `expression` as kube-apiserver's CompileCELExpression does: parse, check, then the return type. */
export function compile(expression: string, opts: CompileOptions): CompileResult {
  const env = opts.environment ?? environment(opts.variables);
  const typed = opts.environment !== undefined;
  let parsed: Any;
  try {
    parsed = env.parse(expression);
  } catch (e) {
    return { error: `compilation failed: ${issue(expression, e)}` };
  }
  const checked = parsed.check();
  if (!checked.valid) return { error: `compilation failed: ${issue(expression, checked.error)}` };
  const type = String(checked.type ?? 'dyn');
  const want = opts.returnTypes;
  // A dyn result is checked when it is evaluated (cel-go's checker accepts dyn for any declared return type).
  if (want && type !== 'dyn' && !want.some((t) => sameType(t, type))) {
    return { error: want.length === 1 ? `must evaluate to ${want[0]}` : `must evaluate to one of [${want.join(' ')}]` };
  }
  return {
    program: {
      expression,
      outputType: type,
      evaluate(activation) {
        try {
          return { value: fromCel(parsed(typed ? activation : toCelActivation(activation))) };
        } catch (e) {
          return { error: evalErrorText(e) };
        }
      },
    },
  };
}

function sameType(want: CelTypeName, got: string): boolean {
  if (want === 'list') return got.startsWith('list');
  if (want === 'map') return got.startsWith('map');
  return want === got;
}

const OPERATORS: Record<string, string> = {
  '+': '_+_', '-': '_-_', '*': '_*_', '/': '_/_', '%': '_%_', '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_',
  '==': '_==_', '!=': '_!=_', 'in': '@in', '!_': '!_', '-_': '-_',
};

/** One issue in cel-go's format (common.Errors.ToDisplayString): position, message, the source line and a caret. */
function issue(expression: string, err: Any): string {
  const summary: string = String(err?.summary ?? err?.message ?? err);
  const node = err?.node;
  let pos: number = typeof node?.pos === 'number' ? node.pos : typeof err?.range?.start === 'number' ? err.range.start : 0;
  let message = summary;
  const code: string = err?.code ?? '';
  if (code === 'no_such_key' && /^No such key: /.test(summary)) {
    // A field the declared type does not have, reported at the selection's dot.
    message = `undefined field '${summary.replace(/^No such key: /, '')}'`;
    if (expression[pos - 1] === '.') pos -= 1;
  } else if (code === 'cannot_index_type' && expression[pos - 1] === '.') {
    message = `type '${summary.replace(/^Cannot index type '(.*)'$/, '$1')}' does not support field selection`;
    pos -= 1;
  } else if (code === 'invalid_macro_argument' && /^has\(\)/.test(summary)) {
    message = 'invalid argument to has() macro';
    const open = expression.lastIndexOf('(', pos);
    if (open >= 0) pos = open;
  } else if (code === 'unknown_variable') {
    message = `undeclared reference to '${summary.replace(/^Unknown variable: /, '')}' (in container '')`;
  } else if (code === 'no_such_overload') {
    // cel-go names the operator's function and reports it at the operator.
    const m = /^no such overload: (?:(\S+) )?(\S+) (\S+)$/.exec(summary) ?? /^no such overload: (\S+)(\S+)$/.exec(summary);
    const op = String(node?.op ?? '');
    const args = Array.isArray(node?.args) ? node.args : [];
    if (args.length === 2 && typeof args[0]?.range?.end === 'number') {
      const at = expression.indexOf(op === 'in' ? 'in' : op, args[0].range.end);
      if (at >= 0) pos = at;
    }
    const types = m ? (m[1] !== undefined ? [m[1], m[3]] : [m[2]]) : [];
    message = `found no matching overload for '${OPERATORS[op] ?? op}' applied to '(${types.join(', ')})'`;
  } else if (code === 'no_matching_overload') {
    // "found no matching overload for 'string.foo(int)'": an unknown function is an undeclared reference; a known one
    // lists the argument types as cel-go does ('string.(int)'). Either is reported at the call's parenthesis.
    const m = /^found no matching overload for '(?:([^']*?)\.)?([A-Za-z_][A-Za-z0-9_]*)\(([^']*)\)'$/.exec(summary);
    if (m) {
      const [, receiver, name, args] = m;
      const open = expression.indexOf('(', pos + (receiver !== undefined ? 0 : 0));
      const call = expression.indexOf(`${name}(`, pos);
      if (call >= 0) pos = call + name.length;
      else if (open >= 0) pos = open;
      message = FUNCTION_NAMES.has(name) ? `found no matching overload for '${name}' applied to '${receiver !== undefined ? `${receiver}.` : ''}(${args})'`
        : `undeclared reference to '${name}' (in container '')`;
    }
  } else if (code === 'unexpected_token' && /EOF/.test(summary)) {
    message = "Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}";
  } else if (err?.name === 'ParseError') {
    message = `Syntax error: ${summary}`;
  }
  return located(expression, pos, message);
}

function located(expression: string, offset: number, message: string): string {
  const before = expression.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart;
  const source = expression.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${column + 1}: ${message}\n | ${source}\n | ${'.'.repeat(column)}^`;
}

/** cel-go's texts for the evaluation errors learners meet. */
function evalErrorText(e: Any): string {
  const summary = String(e?.summary ?? e?.message ?? e);
  const key = /^No such key: (.*)$/.exec(summary);
  if (key) return `no such key: ${key[1]}`;
  if (/^division by zero$/i.test(summary)) return 'division by zero';
  if (/overflow/i.test(summary)) return 'integer overflow';
  const noOverload = /^found no matching overload for '([^']*)'$/.exec(summary);
  if (noOverload) return `no such overload`;
  return summary.split('\n')[0];
}

/**
 * JSON values as CEL sees them: whole numbers are int (the API's integers; cel-go's unstructured conversion makes an
 * int64 of them), the rest double; objects are maps and arrays lists.
 */
export function toCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array) && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toCel(x);
    return out;
  }
  return v;
}

function toCelActivation(a: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) out[k] = toCel(v);
  return out;
}

/** A result back in JSON's terms: int and uint as numbers. */
export function fromCel(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && typeof (v as Any).valueOf === 'function' && typeof (v as Any).valueOf() === 'bigint') return Number((v as Any).valueOf());
  if (Array.isArray(v)) return v.map(fromCel);
  return v;
}
