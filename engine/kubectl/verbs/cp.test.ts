/**
 * `kubectl cp` through the whole shell: files move between the learner's
 * files and the container's, with tar's texts as each image's tar prints them.
 * Texts from kubectl's pkg/cmd/cp (cp.go, filespec.go), GNU tar and BusyBox
 * tar as kubernetes/kubernetes#41609, #60564, #64199, #78879 and
 * kubernetes/kubectl#980 quote them; --help from the real kubectl v1.35.2
 * (testdata/part-f.json, testdata/gen-part-f.mjs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { driveClock } from '../../shell/script.js';
import { loadOptionalCommands, Session } from '../../shell/session.js';
import { cleanPath, parseFileSpec, FILESPEC_FORMAT } from './cp.js';

const fixture = JSON.parse(readFileSync(new URL('./testdata/part-f.json', import.meta.url), 'utf8')) as { help: Record<string, string> };

async function lab() {
  const cluster = new Cluster({ seed: 11 }).boot();
  const s = new Session({ cluster, terminal: { isTTY: false, columns: 120, rows: 40 } });
  await loadOptionalCommands(s);
  const run = async (line: string) => {
    let out = '';
    const r = await driveClock(s.run(line, (t) => (out += t)), cluster.clock, 600_000, () => s.interrupt());
    return { out, status: r.status };
  };
  return { cluster, run };
}

describe('parseFileSpec (extractFileSpec)', () => {
  it('splits [[namespace/]pod:]path', () => {
    expect(parseFileSpec('/tmp/foo/')).toEqual({ file: '/tmp/foo' });
    expect(parseFileSpec('web:/etc/hosts')).toEqual({ pod: 'web', file: '/etc/hosts' });
    expect(parseFileSpec('prod/web:etc')).toEqual({ namespace: 'prod', pod: 'web', file: 'etc' });
    expect(() => parseFileSpec(':/x')).toThrow(FILESPEC_FORMAT);
    expect(() => parseFileSpec('a/b/c:/x')).toThrow(FILESPEC_FORMAT);
  });
  it('cleans as Go path.Clean', () => {
    expect(cleanPath('a/../../b/./c/')).toBe('../b/c');
    expect(cleanPath('/../x//y')).toBe('/x/y');
    expect(cleanPath('')).toBe('.');
  });
});

describe('kubectl cp', () => {
  it('--help is the real binary\'s', async () => {
    const { run } = await lab();
    expect((await run('kubectl cp --help')).out).toBe(fixture.help.cp);
  });

  it('copies from a Debian-based pod (GNU tar) and into it', async () => {
    const { run, cluster } = await lab();
    await run('kubectl run web --image=nginx');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=60s');
    let r = await run('kubectl cp web:/etc/hostname ./hn');
    expect(r).toEqual({ out: "tar: Removing leading `/' from member names\n", status: 0 });
    expect((await run('cat hn')).out).toBe('web\n');
    // A relative path is taken from the container's working directory, without the notice.
    expect(await run('kubectl cp web:etc/hostname hn2')).toEqual({ out: '', status: 0 });
    // A directory's contents land in the destination folder.
    r = await run('kubectl cp web:/etc conf');
    expect(r.status).toBe(0);
    expect((await run('cat conf/hostname')).out).toBe('web\n');
    // Into the pod: a file to a path, a file into a directory, a folder.
    await run('echo hello > greeting.txt');
    expect(await run('kubectl cp greeting.txt web:/tmp/g.txt')).toEqual({ out: '', status: 0 });
    expect((await run('kubectl exec web -- cat /tmp/g.txt')).out).toBe('hello\n');
    expect(await run('kubectl cp greeting.txt web:/usr')).toEqual({ out: '', status: 0 });
    expect((await run('kubectl exec web -- cat /usr/greeting.txt')).out).toBe('hello\n');
    await run('mkdir -p site/css && echo body > site/css/a.css && echo hi > site/index.html');
    // nginx's image has /srv (Debian's base-files makes it), so a folder it lacks is the one that fails.
    expect(await run('kubectl cp site web:/srv/site')).toEqual({ out: '', status: 0 });
    expect(await run('kubectl cp site web:/nonexistent/site')).toEqual({ out: "tar: /nonexistent: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\ncommand terminated with exit code 2\n", status: 2 });
    expect(await run('kubectl cp site default/web:/tmp/site')).toEqual({ out: '', status: 0 });
    expect((await run('kubectl exec web -- cat /tmp/site/css/a.css /tmp/site/index.html')).out).toBe('body\nhi\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('reports missing files as tar and kubectl do', async () => {
    const { run } = await lab();
    await run('kubectl run web --image=nginx');
    await run('kubectl run bb --image=busybox -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/web pod/bb --timeout=60s');
    expect(await run('kubectl cp web:/nope x')).toEqual({ out: "tar: Removing leading `/' from member names\ntar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n", status: 0 });
    expect(await run('kubectl cp bb:/nope x')).toEqual({ out: 'tar: /nope: No such file or directory\ntar: error exit delayed from previous errors\n', status: 0 });
    expect(await run('kubectl cp bb:/etc/hostname x')).toEqual({ out: "tar: removing leading '/' from member names\n", status: 0 });
    expect(await run('kubectl cp web:/etc/hostname /root')).toEqual({ out: "tar: Removing leading `/' from member names\nerror: open /root: is a directory\n", status: 1 });
    expect(await run('kubectl cp nope.txt web:/tmp/x')).toEqual({ out: "error: nope.txt doesn't exist in local filesystem\n", status: 1 });
    expect(await run('kubectl cp x bb:/no/such/dir/x')).toEqual({ out: "tar: can't change directory to '/no/such/dir': No such file or directory\ncommand terminated with exit code 1\n", status: 1 });
    expect(await run('kubectl cp x ghost:/tmp')).toEqual({ out: 'Error from server (NotFound): pods "ghost" not found\n', status: 1 });
  });

  it('argument errors (cp.go)', async () => {
    const { run } = await lab();
    expect((await run('kubectl cp a')).out).toBe('error: source and destination are required\n');
    expect((await run('kubectl cp a:/x b:/y')).out).toBe('error: one of src or dest must be a local file specification\n');
    expect((await run('kubectl cp a b')).out).toBe('error: one of src or dest must be a remote file specification\n');
    expect((await run('kubectl cp a: b')).out).toBe('error: filepath can not be empty\n');
    expect((await run('kubectl cp :x b')).out).toBe('error: filespec must match the canonical format: [[namespace/]pod:]file/path\n');
  });

  it('needs tar in the image: a distroless container fails as exec of a missing binary', async () => {
    const { run } = await lab();
    await run('kubectl run echo --image=hashicorp/http-echo -- -text=hi');
    await run('kubectl wait --for=condition=Ready pod/echo --timeout=60s');
    const r = await run('kubectl cp echo:/x y');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "tar": executable file not found in \$PATH: unknown\n$/);
  });
});
