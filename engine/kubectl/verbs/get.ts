/**
 * `kubectl get`: lists or fetches objects and prints them as tables (one per
 * kind, separated by a blank line), YAML/JSON (a List for several objects),
 * names, JSONPath or custom columns; `-w`/`--watch-only` keep printing rows
 * as watch events arrive until interrupted.
 */
import { requestTimeoutMs } from '../framework/flags.js';
import type { KObject } from '../../api/meta.js';
import { resourceKey, type ResourceInfo } from '../../api/resources.js';
import type { WatchEvent } from '../../api/apiserver.js';
import { buildInfos, splitResourceArgs, throwIfErrors, type Info } from '../framework/builder.js';
import { AggregateError, UsageError, type Command, type Invocation } from '../framework/command.js';
import { FILENAME_FLAGS, LABEL_SELECTOR_FLAG, ALL_NAMESPACES_FLAG, FIELD_SELECTOR_FLAG } from '../framework/common-flags.js';
import { HumanPrinter } from '../printers/human.js';
import { listOrder } from '../printers/table.js';
import { customColumnCells, GET_OUTPUT_FORMATS, goJSON, jsonPath, listOf, nameOf, parseOutput, printGeneric, templateFlagsOf, type OutputSpec } from '../printers/output.js';
import { TabWriter } from '../printers/tabwriter.js';
import { toYAML } from '../printers/yaml.js';
import { goSort } from '../describe/gosort.js';
import { goQuote } from '../printers/gofmt.js';
import { parseQuantity } from '../../util/quantity.js';
import { utf8Bytes } from '../../util/utf8.js';
import { completeResourceArgs } from '../framework/complete-args.js';
import { isNotFound } from '../../api/errors.js';
import { since } from '../printers/duration.js';
import { loadApiHost, type ApiHost } from './proxy.js';
import { holding } from './mutate.js';

const OUTPUT_USAGE = 'Output format. One of: (json, yaml, kyaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].';

export const get: Command = {
  name: 'get',
  short: 'Display one or many resources',
  long: `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`,
  example: `  # List all pods in ps output format
  kubectl get pods
  
  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide
  
  # List a single replication controller with specified NAME in ps output format
  kubectl get replicationcontroller web
  
  # List deployments in JSON output format, in the "v1" version of the "apps" API group
  kubectl get deployments.v1.apps -o json
  
  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7
  
  # List a pod identified by type and name specified in "pod.yaml" in JSON output format
  kubectl get -f pod.yaml -o json
  
  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml
  kubectl get -k dir/
  
  # Return only the phase value of the specified pod
  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}
  
  # List resource information in custom columns
  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image
  
  # List all replication controllers and services together in ps output format
  kubectl get rc,services
  
  # List one or more resources by their type and names
  kubectl get rc/web service/frontend pods/web-pod-13je7
  
  # List the 'status' subresource for a single pod
  kubectl get pod web-pod-13je7 --subresource status
  
  # List all deployments in namespace 'backend'
  kubectl get deployments.apps --namespace backend
  
  # List all pods existing in all namespaces
  kubectl get pods --all-namespaces`,
  use: 'get [(-o|--output=)json|yaml|kyaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  flags: [
    ALL_NAMESPACES_FLAG,
    { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Return large lists in chunks rather than all at once. Pass 0 to disable.' },
    FIELD_SELECTOR_FLAG,
    { ...FILENAME_FLAGS[0], usage: 'Filename, directory, or URL to files identifying the resource to get from a server.' },
    { name: 'ignore-not-found', type: 'bool', usage: 'If set to true, suppresses NotFound error for specific objects that do not exist. Using this flag with commands that query for collections of resources has no effect when no resources are found.' },
    FILENAME_FLAGS[1],
    { name: 'label-columns', shorthand: 'L', type: 'stringSlice', usage: 'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...' },
    { name: 'no-headers', type: 'bool', usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'output', shorthand: 'o', type: 'string', usage: OUTPUT_USAGE },
    { name: 'output-watch-events', type: 'bool', usage: 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.' },
    { name: 'raw', type: 'string', usage: 'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.' },
    FILENAME_FLAGS[2],
    LABEL_SELECTOR_FLAG,
    { name: 'server-print', type: 'bool', default: true, usage: 'If true, have the server return the appropriate table output. Supports extension APIs and CRDs.' },
    { name: 'show-kind', type: 'bool', usage: 'If present, list the resource type for the requested object(s).' },
    { name: 'show-labels', type: 'bool', usage: 'When printing, show all labels as the last column (default hide labels column)' },
    { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    { name: 'sort-by', type: 'string', usage: "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string." },
    { name: 'subresource', type: 'string', usage: 'If specified, gets the subresource of the requested object.' },
    { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].' },
    { name: 'watch', shorthand: 'w', type: 'bool', usage: 'After listing/getting the requested object, watch for changes.' },
    { name: 'watch-only', type: 'bool', usage: 'Watch for changes to the requested object(s), without listing/getting first.' },
  ],
  completeArgs: completeResourceArgs,
  run: runGet,
};

async function runGet(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const raw = f.string('raw');
  // The answering half (api-get.ts) loads with the host on first use, the clock held meanwhile.
  if (raw) return rawGet(inv, raw, await loadApiHost(inv.ctx.cluster));
  const filenames = f.strings('filename');
  const sortBy = f.string('sort-by');
  if (f.bool('watch')) {
    if (sortBy) inv.err('warning: --watch requested, --sort-by will be ignored for watch events received\n');
  } else if (f.bool('watch-only')) {
    if (sortBy) inv.err('warning: --watch-only requested, --sort-by will be ignored\n');
  } else if (inv.args.length === 0 && filenames.length === 0 && !f.string('kustomize')) {
    inv.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n');
    throw new UsageError('Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).');
  }
  validateGet(inv);
  const allNamespaces = f.bool('all-namespaces');
  // The printer is made once objects are there (o.ToPrinter in Run): a bad -o is reported after the builder's errors.
  const outputSpec = () => parseOutput(f.string('output'), GET_OUTPUT_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), templateFlagsOf(f));
  if (f.bool('watch') || f.bool('watch-only')) return watch(inv, outputSpec, allNamespaces);
  const result = await buildInfos(inv, {
    args: inv.args, filenames, recursive: f.bool('recursive'), labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'),
    allNamespaces, allowEmptySelector: true, continueOnError: true, subresource: f.string('subresource'), latest: true,
  });
  const ignoreNotFound = f.bool('ignore-not-found');
  const errors = ignoreNotFound ? result.errors.filter((e) => !isNotFound(e)) : result.errors;
  const humanReadable = (f.string('output') === '' && f.string('template') === '') || f.string('output') === 'wide';
  if (!humanReadable) {
    // printGeneric: one named object's failure is the whole answer.
    if (result.singleItemImplied && errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors);
    if (result.infos.length === 0 && ignoreNotFound) {
      throwIfErrors(errors);
      return 0;
    }
  }
  const spec = outputSpec();
  let infos = result.infos;
  if (sortBy) infos = sortInfos(infos, sortBy, spec.kind === 'table');
  else if (spec.kind === 'table' && listOrder.apply) infos = listOrder.apply(infos);
  const now = inv.now();
  // An object kept as read from its manifest is no server Table: the default printer shows NAME and AGE.
  if (spec.kind === 'table' && (!f.bool('server-print') || (infos.length && infos.every((i) => i.local)))) {
    printPlainTables(inv, infos, allNamespaces, now);
  } else if (spec.kind === 'table' || spec.kind === 'custom-columns') {
    const written = printTables(inv, infos, spec, allNamespaces, now, multipleGVKsRequested(result.visited));
    if (!written && errors.length === 0 && !ignoreNotFound) {
      const allNamespaced = !allNamespaces && result.visited.every((r) => r.namespaced);
      inv.err(allNamespaced ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n');
    }
  } else if (spec.kind === 'name') {
    // NamePrinter: an object without a name prints as <unknown>.
    for (const i of infos) inv.out((i.name ? nameOf(i.object, i.resource) : nameOf({ ...i.object, metadata: { ...i.object.metadata, name: '<unknown>' } }, i.resource)) + '\n');
  } else {
    // kube-apiserver sends managedFields with every object; only the JSON, YAML and KYAML printers drop them
    // (OmitManagedFieldsPrinter), unless asked to keep them: jsonpath and templates see them.
    const show = f.bool('show-managed-fields') || (spec.kind !== 'yaml' && spec.kind !== 'json' && spec.kind !== 'kyaml');
    if (show && infos.some((i) => !i.local)) await holding(inv, inv.client().loadFieldManager());
    const objs = infos.map((i) => (show ? (i.local ? i.object : inv.client().withManagedFields(resourceKey(i.resource), i.object)) : stripManaged(i.object, false)));
    if (result.singleItemImplied && objs.length === 1) inv.out(printGeneric(spec, objs[0]));
    else inv.out(printGeneric(spec, listOf(objs)));
  }
  // r.Infos()'s errors are one aggregate inside the command's: CheckErr prints its plain errors without "error: ".
  if (errors.length) throw new AggregateError(errors);
  return 0;
}

/** GetOptions.Validate. */
function validateGet(inv: Invocation): void {
  const f = inv.flags;
  const output = f.string('output');
  if (f.bool('show-labels') && output !== '' && output !== 'wide') throw new Error(`--show-labels option cannot be used with ${output} printer`);
  if (f.bool('output-watch-events') && !f.bool('watch') && !f.bool('watch-only')) throw new Error('--output-watch-events option can only be used with --watch or --watch-only');
}

/** `get --raw PATH`: the API server's answer as it is sent (rawhttp.RawGet). */
async function rawGet(inv: Invocation, raw: string, host: ApiHost): Promise<number> {
  const api = host.api;
  const f = inv.flags;
  if (inv.args.length) throw new Error('arguments may not be passed when --raw is specified');
  if (f.bool('watch') || f.bool('watch-only') || f.string('selector')) throw new Error('--raw may not be specified with other flags that filter the server request or alter the output');
  if (f.string('output')) throw new Error('--raw and --output are mutually exclusive');
  // url.ParseRequestURI: an absolute path or an absolute URL.
  if (!raw.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw)) throw new Error(`--raw must be a valid URL path: parse ${goQuote(raw)}: invalid URI for request`);
  const request = { method: 'GET', headers: { 'User-Agent': api.KUBECTL_USER_AGENT } };
  inv.client().dial();
  let answer = api.apiGet(inv.client(), raw, host, request);
  // Go's http.Client follows a redirect to the same server (a bare .../proxy goes on to .../proxy/), ten at most.
  for (let hops = 0; hops < 10 && answer.status >= 301 && answer.status <= 308 && answer.headers?.Location?.startsWith('/'); hops++) {
    if (answer.ms) await inv.ctx.sleep(answer.ms);
    answer = api.apiGet(inv.client(), answer.headers.Location, host, request);
  }
  // A proxied backend that never answers: client-go sets no timeout, so kubectl waits until interrupted.
  if (answer.hang) {
    while (!inv.ctx.signal.aborted) await inv.ctx.sleep(1000);
    return 130;
  }
  if (answer.ms) await inv.ctx.sleep(answer.ms);
  if (answer.status >= 200 && answer.status < 300) {
    // The bytes as sent: kubectl's User-Agent gets the compact encoding (a newline after), /version is indented (none).
    inv.out(typeof answer.body === 'string' ? answer.body : api.goJSON(answer.body, answer.indent ?? false));
    return 0;
  }
  throw api.answerError(answer);
}

/** multipleGVKsRequested: more than one type among what was visited (lists count even when empty). */
function multipleGVKsRequested(visited: ResourceInfo[]): boolean {
  return visited.some((r) => r !== visited[0]);
}

/**
 * --server-print=false: the server sends plain objects and kubectl, which no
 * longer has per-kind printers, prints only their names and ages.
 */
function printPlainTables(inv: Invocation, infos: Info[], allNamespaces: boolean, now: number): void {
  const f = inv.flags;
  const w = new TabWriter((t) => inv.out(t));
  let last: ResourceInfo | undefined;
  const withKind = multipleGVKsRequested(infos.map((i) => i.resource)) || f.bool('show-kind');
  for (const i of infos) {
    const withNs = allNamespaces && i.resource.namespaced;
    if (i.resource !== last) {
      w.flush();
      if (last && !f.bool('no-headers')) inv.out('\n');
      last = i.resource;
      if (!f.bool('no-headers')) w.write(`${withNs ? 'NAMESPACE\t' : ''}NAME\tAGE${f.bool('show-labels') ? '\tLABELS' : ''}\n`);
    }
    const name = withKind ? nameOf(i.object, i.resource) : i.name;
    const labels = Object.entries(i.object.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
    w.write(`${withNs ? `${i.namespace ?? ''}\t` : ''}${name}\t${since(i.object.metadata.creationTimestamp, now)}${f.bool('show-labels') ? `\t${labels}` : ''}\n`);
  }
  w.flush();
  if (!infos.length && !f.bool('ignore-not-found')) inv.err(allNamespaces ? 'No resources found\n' : `No resources found in ${inv.namespace} namespace.\n`);
}

function stripManaged(o: KObject, keep: boolean): KObject {
  if (keep || !o.metadata?.managedFields) return o;
  const { managedFields: _m, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

/** Prints tables grouped by kind; returns whether anything was written. */
function printTables(inv: Invocation, infos: Info[], spec: OutputSpec, allNamespaces: boolean, now: number, multipleKinds: boolean): boolean {
  const f = inv.flags;
  let written = false;
  let separatorReady = false;
  const w = new TabWriter((t) => {
    if (t.length && separatorReady) { inv.out('\n'); separatorReady = false; }
    if (t.length) written = true;
    inv.out(t);
  });
  const withKind = multipleKinds || f.bool('show-kind');
  let current: { key: string; resource: ResourceInfo; printer?: HumanPrinter; headerDone: boolean } | undefined;
  for (const i of infos) {
    // Infos of one list share their ResourceInfo: the key is only rebuilt where that changes.
    const key = current && current.resource === i.resource ? current.key : resourceKey(i.resource);
    if (!current || current.key !== key) {
      w.flush();
      w.setRememberedWidths(undefined);
      if (current && !f.bool('no-headers') && written) separatorReady = true;
      current = {
        key,
        resource: i.resource,
        headerDone: false,
        printer: spec.kind === 'table' ? new HumanPrinter(i.resource, key, {
          wide: spec.wide, noHeaders: f.bool('no-headers'), withNamespace: allNamespaces && i.resource.namespaced, withKind,
          showLabels: f.bool('show-labels'), labelColumns: f.strings('label-columns'),
        }) : undefined,
      };
    }
    current.resource = i.resource;
    if (current.printer) current.printer.printOne(i.object, w, now);
    else if (spec.kind === 'custom-columns') {
      if (!current.headerDone && !f.bool('no-headers')) w.write(spec.columns.map((c) => c.header).join('\t') + '\n');
      current.headerDone = true;
      w.write(customColumnCells(spec.columns, i.object).join('\t') + '\n');
    }
  }
  w.flush();
  return written;
}

/**
 * --sort-by, as kubectl v1.35.2 does it: Go's unstable sort.Sort with
 * RuntimeSort's Less on the first JSONPath value of each object
 * (pkg/cmd/get/sorter.go). What the real binary does around it, observed
 * against this engine's API: a table (the default output) of one row is not
 * sorted; a table whose rows all lack the field is dropped ("No resources
 * found"); tables of several resource types fail as if the field were nowhere;
 * any other output is sorted as one list and fails when no object has the field.
 */
function sortInfos(infos: Info[], sortBy: string, table: boolean): Info[] {
  if (table) return sortTable(infos, sortBy);
  const field = jsonPath().relaxedJSONPathExpression(sortBy);
  const keyed = infos.map((i) => ({ i, v: jsonPath().evaluateJSONPath(jsonPath().parseJSONPath(field), i.object) }));
  if (!keyed.some((k) => k.v.length > 0)) throw new Error(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  return goSort(keyed, (a, b) => sortLess(a.v, b.v)).map((k) => k.i);
}

/**
 * A Table's rows (SortingPrinter in get's print loop, which ignores the
 * printer's error): a field RelaxedJSONPathExpression rejects is parsed as the
 * template it is (`{.metadata.name}}` sorts by name, text alone sorts nothing);
 * a template that fails to parse (`{.metadata.name`), or that no row has, makes
 * PrintObj fail before it prints, so the rows are dropped.
 */
function sortTable(infos: Info[], sortBy: string): Info[] {
  if (infos.some((i) => i.resource !== infos[0].resource)) {
    // Several Tables: RuntimeSorter's SortObjects, whose errors are get's.
    const field = jsonPath().relaxedJSONPathExpression(sortBy);
    throw new Error(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  }
  if (infos.length < 2) return infos;
  let field: string;
  try {
    field = jsonPath().relaxedJSONPathExpression(sortBy);
  } catch {
    field = sortBy;
  }
  let t;
  try {
    t = jsonPath().parseJSONPath(field);
  } catch {
    return [];
  }
  // FindResults' first result is its first node's: a text node's value is the same text on every row.
  if (t.nodes[0]?.kind === 'text') return infos;
  const keyed = infos.map((i) => ({ i, v: jsonPath().evaluateJSONPath(t, i.object) }));
  if (!keyed.some((k) => k.v.length > 0)) return [];
  return goSort(keyed, (a, b) => sortLess(a.v, b.v)).map((k) => k.i);
}

/**
 * RuntimeSort.Less: an object without the field sorts first (even against another
 * without it, which leaves the order of such objects to Go's sort); null before
 * any value; numbers numerically; two strings that both parse as quantities by
 * quantity, other strings byte by byte (v1.35.2 compares them as Go strings).
 */
function sortLess(i: unknown[], j: unknown[]): boolean {
  if (i.length === 0) return true;
  if (j.length === 0) return false;
  const a = i[0];
  const b = j[0];
  if (a === null || a === undefined) return !(b === null || b === undefined);
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = qa === undefined ? undefined : parseQuantity(b);
    return qa !== undefined && qb !== undefined ? qa < qb : bytesLess(a, b);
  }
  // kubectl exits on other types ("unsortable type"); their text order keeps ours total.
  return JSON.stringify(a) < JSON.stringify(b);
}

/** Go's string <: UTF-8 bytes, which UTF-16 order matches except beyond U+FFFF. */
function bytesLess(a: string, b: string): boolean {
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b;
  const x = utf8Bytes(a);
  const y = utf8Bytes(b);
  for (let k = 0; k < x.length && k < y.length; k++) if (x[k] !== y[k]) return x[k] < y[k];
  return x.length < y.length;
}

/** `get -w` / `--watch-only`: streams one row per event until Ctrl-C. */
async function watch(inv: Invocation, outputSpec: () => OutputSpec, allNamespaces: boolean): Promise<number> {
  const f = inv.flags;
  const parsed = splitResourceArgs(inv.args);
  let result;
  try {
    result = await buildInfos(inv, {
      args: inv.args, filenames: f.strings('filename'), recursive: f.bool('recursive'), labelSelector: f.string('selector'), fieldSelector: f.string('field-selector'),
      allNamespaces, allowEmptySelector: true, singleResourceType: true,
    });
  } catch (e) {
    if (isNotFound(e) && f.bool('ignore-not-found')) return 0;
    throw e;
  }
  const spec = outputSpec();
  const info = result.visited[0] ?? result.infos[0]?.resource;
  if (!info) return 0;
  const key = resourceKey(info);
  const names = new Set(result.infos.map((i) => i.name));
  const named = parsed.names.length > 0 || parsed.tuples.length > 0 || f.strings('filename').length > 0;
  const w = new TabWriter((t) => inv.out(t));
  const outputEvents = f.bool('output-watch-events');
  const printer = spec.kind === 'table'
    ? new HumanPrinter(info, key, {
      wide: spec.wide, noHeaders: f.bool('no-headers'), withNamespace: allNamespaces && info.namespaced, withKind: f.bool('show-kind'),
      showLabels: f.bool('show-labels'), labelColumns: f.strings('label-columns'), eventColumn: outputEvents,
    })
    : undefined;
  let yamlCount = 0;
  let ccHeader = false;
  // kube-apiserver sends every object with its managedFields. OmitManagedFieldsPrinter drops them from the object it
  // prints; with --output-watch-events that object is the metav1.WatchEvent, so the pod inside keeps them.
  const managed = (spec.kind === 'yaml' || spec.kind === 'json') && (outputEvents || f.bool('show-managed-fields'));
  if (managed) await holding(inv, inv.client().loadFieldManager());
  const served = (o: KObject) => (managed ? inv.client().withManagedFields(key, o) : stripManaged(o, false));
  const emit = (objs: KObject[], type: string) => {
    if (printer) printer.print(objs, w, inv.now(), type);
    else if (spec.kind === 'custom-columns') {
      for (const o of objs) {
        if (!ccHeader && !f.bool('no-headers')) w.write(spec.columns.map((c) => c.header).join('\t') + '\n');
        ccHeader = true;
        w.write(customColumnCells(spec.columns, o).join('\t') + '\n');
      }
    } else {
      for (const raw of objs) {
        const o = spec.kind === 'yaml' || spec.kind === 'json' ? served(raw) : raw;
        const data = outputEvents ? { object: o, type } : o;
        if (spec.kind === 'name') inv.out(nameOf(o, info) + '\n');
        else if (spec.kind === 'yaml') inv.out((yamlCount++ > 0 ? '---\n' : '') + toYAML(data));
        // JSONPrinter marshals a *metav1.WatchEvent compactly, type first, on one line.
        else if (spec.kind === 'json' && outputEvents) inv.out(`{"type":${goJSON(type)},"object":${goJSON(o)}}\n`);
        else inv.out(printGeneric(spec, data));
      }
    }
    w.flush();
  };
  if (!f.bool('watch-only')) emit(result.infos.map((i) => i.object), 'ADDED');
  if (inv.ctx.signal.aborted) return 0;
  const client = inv.client();
  const list = client.list(key, info.namespaced && !allNamespaces ? inv.namespace : undefined, { labelSelector: f.string('selector') || undefined, fieldSelector: f.string('field-selector') || undefined });
  await new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      handle.stop();
      unsubscribe();
      resolve();
    };
    const handle = client.watch(key, info.namespaced && !allNamespaces ? inv.namespace : undefined,
      { resourceVersion: list.resourceVersion, labelSelector: f.string('selector') || undefined, fieldSelector: f.string('field-selector') || undefined },
      (e: WatchEvent) => {
        if (done || e.type === 'ERROR') return;
        if (named && !names.has(e.object.metadata.name ?? '')) return;
        emit([e.object], e.type);
      },
      () => finish());
    const unsubscribe = inv.ctx.signal.onAbort(finish);
    if (inv.ctx.signal.aborted) finish();
    // --request-timeout is the HTTP client's deadline for the whole watch request: the stream's read then fails
    // with a timeout, which StreamWatcher takes as the end of the stream (no error event); get's watch loop
    // ignores UntilWithoutRetry's ErrWatchClosed, so kubectl ends quietly with status 0.
    const timeout = requestTimeoutMs(f.string('request-timeout'));
    if (timeout > 0) void inv.ctx.sleep(timeout).then(finish);
  });
  throwIfErrors([]);
  return 0;
}
