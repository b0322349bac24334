/** `kubectl events`: events of a namespace (or --for one object), oldest first, with "(x3 over 2m)" intervals. */
import type { KObject } from '../../api/meta.js';
import type { Command } from '../framework/command.js';
import { restMapping } from '../framework/builder.js';
import { NoResourceMatchError } from '../framework/errors.js';
import { PlainError } from '../framework/command.js';
import { eventInterval, sortEvents } from '../printers/events.js';
import { loadTypedOrder, parseOutput, printGeneric, PRINT_FLAGS_FORMATS, templateFlagsOf } from '../printers/output.js';
import { TabWriter } from '../printers/tabwriter.js';
import { HELP } from './help-data.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const events: Command = {
  name: 'events',
  short: 'List events',
  ...HELP.events,
  async run(inv) {
    const f = inv.flags;
    const all = f.bool('all-namespaces');
    let forKind = '';
    let forName = '';
    const forArg = f.string('for');
    if (forArg) {
      // decodeResourceTypeName: TYPE/NAME through the RESTMapper, whose miss CheckErr prints bare.
      if (!forArg.includes('/')) throw new Error('--for must be in resource/name form');
      const seg = forArg.split('/');
      if (seg.length !== 2) throw new Error('arguments in resource/name form may not have more than one slash');
      let info;
      try {
        info = restMapping(seg[0].toLowerCase());
      } catch (e) {
        if (e instanceof NoResourceMatchError) throw new PlainError(e.message);
        throw e;
      }
      forKind = info.kind;
      forName = seg[1];
    }
    const output = f.string('output');
    const spec = output ? parseOutput(output, PRINT_FLAGS_FORMATS, (p) => inv.ctx.fs.readFile(inv.ctx.fs.resolve(inv.ctx.cwd, p)), templateFlagsOf(f)) : undefined;
    // Validate: types in any case; the filter compares them the same way.
    const types = f.strings('types');
    for (const t of types) if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') throw new Error('valid --types are Normal or Warning');
    const wanted = new Set(types.map((t) => t.toLowerCase()));
    let items: KObject[] = inv.client().list('events', all ? undefined : inv.namespace).items;
    items = items.filter((e) => {
      const ev = e as Any;
      if (wanted.size && !wanted.has(String(ev.type).toLowerCase())) return false;
      if (forName && (ev.involvedObject?.kind !== forKind || ev.involvedObject?.name !== forName)) return false;
      return true;
    });
    if (items.length === 0) {
      inv.err(all ? 'No events found.\n' : `No events found in ${inv.namespace} namespace.\n`);
      return 0;
    }
    if (spec) {
      // The typed EventList kubectl builds (fields in the Go structs' order; an empty ListMeta prints as {}).
      const { typedEvent } = await loadTypedOrder(inv);
      inv.out(printGeneric(spec, { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: sortEvents(items).map(typedEvent) }, true));
      return 0;
    }
    const now = inv.now();
    const w = new TabWriter((t) => inv.out(t));
    if (!f.bool('no-headers')) w.write((all ? 'NAMESPACE\t' : '') + 'LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n');
    for (const e of sortEvents(items)) {
      const ev = e as Any;
      w.write((all ? `${e.metadata.namespace}\t` : '') + `${eventInterval(ev, now)}\t${ev.type ?? ''}\t${ev.reason ?? ''}\t${ev.involvedObject?.kind ?? ''}/${ev.involvedObject?.name ?? ''}\t${String(ev.message ?? '').trim()}\n`);
    }
    w.flush();
    return 0;
  },
};
