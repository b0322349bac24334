/**
 * kubectl edit: the pieces of editoptions.go / editor.go as pure functions,
 * and whole edits through the shell (KUBE_EDITOR as a command, vi through the
 * terminal's full-screen editor).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import type { KObject } from '../../api/meta.js';
import { driveClock } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';
import type { TerminalInfo } from '../../shell/process.js';
import { EDIT_HEADER, editHeader, editorCommand, hashOnLineBreak, hasLines, manualStrip, strippedKey, twoWayMergePatch } from './edit.js';

describe('edit header (editHeader.writeTo)', () => {
  it('is the fixed text when nothing failed', () => {
    expect(editHeader([])).toBe(
      "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n",
    );
  });
  it('adds a block per reason: head with a colon when it has causes, one `# * ` line per cause, then `#`', () => {
    const text = editHeader([
      { head: 'deployments.apps "web" was not valid', other: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
      { head: 'The edited file had a syntax error: bad\nthing', other: [] },
    ]);
    expect(text).toBe(EDIT_HEADER +
      '# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n' +
      '# The edited file had a syntax error: bad\n# thing\n#\n');
  });
  it('continues comments over line breaks, but not twice', () => {
    expect(hashOnLineBreak('a\nb')).toBe('a\n# b');
    expect(hashOnLineBreak('a\n#b')).toBe('a\n#b');
    expect(hashOnLineBreak('a\n')).toBe('a\n');
  });
});

describe('comments and empty files', () => {
  it('ManualStrip drops comment lines but keeps #!', () => {
    expect(manualStrip('# x\na: 1\n  # y\n#!keep\nb: 2')).toBe('a: 1\n#!keep\nb: 2');
  });
  it('compares edits without comments or formatting', () => {
    expect(strippedKey('# header\na: 1\nb: [1, 2]\n')).toBe(strippedKey('b:\n- 1\n- 2\na: 1\n'));
    expect(strippedKey('a: 1\n')).not.toBe(strippedKey('a: 2\n'));
  });
  it('a file of comments and blanks has no lines', () => {
    expect(hasLines('# a\n\n   \n  # b\n')).toBe(false);
    expect(hasLines('# a\nx: 1\n')).toBe(true);
  });
});

describe('editorCommand (defaultEnvEditor)', () => {
  it.each([
    [{}, ['vi'], false],
    [{ EDITOR: 'nano' }, ['nano'], false],
    [{ KUBE_EDITOR: 'vim', EDITOR: 'nano' }, ['vim'], false],
    [{ KUBE_EDITOR: '', EDITOR: 'nano' }, ['nano'], false],
    [{ KUBE_EDITOR: 'sed -i s/a/b/' }, ['sed', '-i', 's/a/b/'], false],
    [{ KUBE_EDITOR: "sed -i 's/a b/c/'", SHELL: '/bin/bash' }, ['/bin/bash', '-c', "sed -i 's/a b/c/'"], true],
  ] as const)('%j → %j', (env, args, shell) => {
    expect(editorCommand(env)).toEqual({ args, shell });
  });
});

describe('twoWayMergePatch (CreateTwoWayMergePatch)', () => {
  const base = (image: string, extra: Record<string, unknown> = {}): KObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'nginx', image }] } } }, ...extra,
  } as unknown as KObject);
  it('keys container changes by name and sends no element order', () => {
    expect(twoWayMergePatch(base('nginx:1.25'), base('nginx:1.26'))).toEqual({ spec: { template: { spec: { containers: [{ image: 'nginx:1.26', name: 'nginx' }] } } } });
  });
  it('deletes a removed field with null', () => {
    const edited = base('nginx:1.25');
    delete (edited.metadata as Record<string, unknown>).labels;
    expect(twoWayMergePatch(base('nginx:1.25'), edited)).toEqual({ metadata: { labels: null } });
  });
  it('refuses a changed name or kind', () => {
    const renamed = base('nginx:1.25');
    renamed.metadata.name = 'api';
    expect(() => twoWayMergePatch(base('nginx:1.25'), renamed)).toThrow('At least one of apiVersion, kind and name was changed');
    expect(() => twoWayMergePatch(base('nginx:1.25'), { ...base('nginx:1.25'), kind: 'StatefulSet' } as KObject)).toThrow('At least one of apiVersion, kind and name was changed');
  });
});

async function shell(terminal?: TerminalInfo) {
  const cluster = new Cluster({ seed: 3 }).boot();
  const s = new Session({ cluster, terminal: terminal ?? { isTTY: true, columns: 80, rows: 24 } });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return { cluster, s, run };
}

describe('kubectl edit through the shell', () => {
  it('runs $KUBE_EDITOR on the file and patches what changed', async () => {
    const { cluster, run } = await shell();
    await run('kubectl create deployment web --image=nginx:1.25');
    const r = await run('KUBE_EDITOR="sed -i s/nginx:1.25/nginx:1.26/" kubectl edit deploy web');
    expect(r).toEqual({ out: 'deployment.apps/web edited\n', status: 0 });
    const d = cluster.client('test').get('deployments.apps', 'default', 'web') as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('opens vi in the terminal on the YAML with the header, and applies what was saved', async () => {
    const seen: { path: string; content: string }[] = [];
    const { cluster, run } = await shell({
      isTTY: true, columns: 80, rows: 24,
      async edit(path, content) {
        seen.push({ path, content });
        return content.replace('replicas: 1', 'replicas: 4');
      },
    });
    await run('kubectl create deployment web --image=nginx:1.25');
    const r = await run('kubectl edit deploy/web');
    expect(r.out).toBe('deployment.apps/web edited\n');
    expect(seen).toHaveLength(1);
    expect(seen[0].path).toMatch(/^\/tmp\/kubectl-edit-[0-9]+\.yaml$/);
    expect(seen[0].content.startsWith(EDIT_HEADER + 'apiVersion: apps/v1\nkind: Deployment\n')).toBe(true);
    expect((cluster.client('test').get('deployments.apps', 'default', 'web').spec as { replicas: number }).replicas).toBe(4);
  });

  it('quitting vi without saving changes nothing', async () => {
    const { run } = await shell({ isTTY: true, columns: 80, rows: 24, edit: async () => null });
    await run('kubectl create deployment web --image=nginx:1.25');
    expect(await run('kubectl edit deploy web')).toEqual({ out: 'Edit cancelled, no changes made.\n', status: 0 });
  });

  it('reopens an invalid edit with the reasons, and gives up when nothing changed', async () => {
    const { run } = await shell();
    await run('kubectl create deployment web --image=nginx:1.25');
    const r = await run(`KUBE_EDITOR="sed -i 's/replicas: 1/replicas: -1/'" kubectl edit deploy web`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^error: deployments\.apps "web" is invalid\nA copy of your changes has been stored to "\/tmp\/kubectl-edit-[0-9]+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
    const file = /"(\/tmp\/[^"]+)"/.exec(r.out)![1];
    const saved = await run(`head -7 ${file}`);
    expect(saved.out).toBe(EDIT_HEADER + '# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\n');
  });
});
