/** `kubectl api-resources` and `kubectl api-versions`: the discovery data of engine/api/resources.ts. */
import { RESOURCES, apiVersionOf, servedGroupVersions } from '../../api/resources.js';
import { UsageError, type Command } from '../framework/command.js';
import { TabWriter } from '../printers/tabwriter.js';
import { parseOutput, printGeneric, templateFlagsOf } from '../printers/output.js';
import type { KObject } from '../../api/meta.js';

/** api-resources' PrintFlags (name and wide are its own). */
const API_RESOURCES_FORMATS = ['json', 'kyaml', 'name', 'wide', 'yaml'];
import { HELP } from './help-data.js';
import { kubectlDiscovery } from '../../api/registry/crd-loader.js';

export const apiResources: Command = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  ...HELP['api-resources'],
  run(inv) {
    const f = inv.flags;
    if (inv.args.length) throw new UsageError(`unexpected arguments: [${inv.args.join(' ')}]`);
    const output = f.string('output');
    const spec = output !== '' && output !== 'wide' && output !== 'name' ? parseOutput(output, API_RESOURCES_FORMATS, () => undefined, templateFlagsOf(f)) : undefined;
    const sortBy = f.string('sort-by');
    if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') throw new Error(`--sort-by accepts only name or kind`);
    inv.client().list('namespaces', undefined, { fieldSelector: 'metadata.name=default' });
    // Without --cached it reads discovery anew, and the cache keeps what it read.
    if (!f.bool('cached')) kubectlDiscovery.refresh?.();
    let list = RESOURCES.filter((r) => r.verbs.length > 0);
    if (f.changed('api-group')) list = list.filter((r) => r.group === f.string('api-group'));
    if (f.changed('namespaced')) list = list.filter((r) => r.namespaced === f.bool('namespaced'));
    const verbs = f.strings('verbs');
    if (verbs.length) list = list.filter((r) => verbs.every((v) => r.verbs.includes(v)));
    const cats = f.strings('categories');
    if (cats.length) list = list.filter((r) => cats.every((c) => r.categories.includes(c)));
    const key = (r: (typeof list)[number]) => (sortBy === 'name' ? r.resource : sortBy === 'kind' ? r.kind : r.group);
    list = [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
    if (spec) {
      // One APIResourceList of every group's resources, each with its group and version filled in.
      inv.out(printGeneric(spec, {
        // A typed APIResourceList: JSON keeps its struct's field order.
        kind: 'APIResourceList', apiVersion: 'v1', groupVersion: '',
        resources: list.map((r) => ({
          name: r.resource, singularName: r.singular, namespaced: r.namespaced, ...(r.group ? { group: r.group } : {}), version: r.version, kind: r.kind, verbs: r.verbs,
          ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories.length ? { categories: r.categories } : {}),
        })),
      } as unknown as KObject, true));
      return 0;
    }
    if (output === 'name') {
      for (const r of list) inv.out(`${r.resource}${r.group ? '.' + r.group : ''}\n`);
      return 0;
    }
    const w = new TabWriter((t) => inv.out(t));
    const wide = output === 'wide';
    if (!f.bool('no-headers')) w.write(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])].join('\t') + '\n');
    for (const r of list) {
      const cells = [r.resource, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind];
      if (wide) cells.push(r.verbs.join(','), r.categories.join(','));
      w.write(cells.join('\t') + '\n');
    }
    w.flush();
    return 0;
  },
};

export const apiVersions: Command = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  ...HELP['api-versions'],
  run(inv) {
    if (inv.args.length) throw new UsageError(`unexpected arguments: [${inv.args.join(' ')}]`);
    inv.client().list('namespaces', undefined, { fieldSelector: 'metadata.name=default' });
    for (const gv of servedGroupVersions()) inv.out(gv + '\n');
    return 0;
  },
};
