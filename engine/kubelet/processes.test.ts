import { describe, expect, it } from 'vitest';
import { lookupImage, type ImageInfo } from '../images/catalogue.js';
import { nginxStartLogs } from './namespaces.js';
import { formatPs, PidNamespace, processShape, signalNumber, userName } from './processes.js';
import { containerArgv, resolveProgram, templateFiller } from './programs.js';

function image(ref: string): ImageInfo {
  const r = lookupImage(ref);
  if (!r.ok) throw new Error(r.error);
  return r.image;
}

function shape(ref: string, command?: string[], args?: string[], cpus = 2) {
  const img = image(ref);
  const argv = containerArgv(img, command, args);
  const p = resolveProgram(img, argv, templateFiller({ now: 0, podIP: '10.244.1.2', podName: 'p' }));
  if (!p.ok) throw new Error(p.error);
  return processShape(img, argv, p.program, cpus);
}

describe('PID namespace', () => {
  it('gives a process the runtime starts the next PID and runc the five after it; a fork takes the next one', () => {
    const ns = new PidNamespace();
    const live = { state: 'running' };
    expect(ns.start({ uid: 65535, command: '/pause', kind: 'sandbox' }).pid).toBe(1);
    expect(ns.start({ uid: 0, command: 'sleep 3600', owner: live, kind: 'main' }).pid).toBe(7);
    expect(ns.start({ uid: 0, command: 'sleep 1000', owner: live, kind: 'main' }).pid).toBe(13);
    const sh = ns.start({ uid: 0, command: 'sh', owner: live, kind: 'exec' });
    expect(sh.pid).toBe(19);
    const ps = ns.fork({ uid: 0, command: 'ps', owner: live, kind: 'fork' });
    expect(ps.pid).toBe(25);
    ns.skip(3);
    expect(ns.fork({ uid: 0, command: 'x', owner: live, kind: 'fork' }).pid).toBe(29);
    ns.end(ps);
    expect(ns.list().map((p) => p.pid)).toEqual([1, 7, 13, 19, 29]);
    expect(ns.init?.command).toBe('/pause');
  });

  it('forgets the processes of a container that exited', () => {
    const ns = new PidNamespace();
    const a = { state: 'running' };
    const b = { state: 'running' };
    ns.start({ uid: 0, command: 'a', owner: a, kind: 'main' });
    ns.start({ uid: 0, command: 'b', owner: b, kind: 'main' });
    b.state = 'exited';
    expect(ns.list().map((p) => p.command)).toEqual(['a']);
    expect(ns.get(7)).toBeUndefined();
  });
});

describe('what a container runs as processes', () => {
  it('nginx through its entrypoint: the master titled with its argv, 22 helper PIDs, one worker per CPU as uid 101', () => {
    expect(shape('nginx')).toEqual({
      command: 'nginx: master process nginx -g daemon off;', uid: 0, helpers: 22,
      children: [{ command: 'nginx: worker process', uid: 101 }, { command: 'nginx: worker process', uid: 101 }],
    });
    expect(shape('nginx:1.25', undefined, undefined, 4).children).toHaveLength(4);
    // nginx started directly has no entrypoint helpers.
    expect(shape('nginx:1.25', ['nginx', '-g', 'daemon off;']).helpers).toBe(0);
  });

  it('a command is its argv; pause runs as 65535 from 3.3 on, pause 3.1 as root', () => {
    expect(shape('busybox:1.28', ['sleep', '3600'])).toEqual({ command: 'sleep 3600', uid: 0, helpers: 0, children: [] });
    expect(shape('busybox:1.28').command).toBe('sh');
    expect(shape('busybox:1.28', ['sh', '-c', 'while true; do sleep 5; done']).command).toBe('sh -c while true; do sleep 5; done');
    expect(shape('registry.k8s.io/pause:3.10.1')).toMatchObject({ command: '/pause', uid: 65535 });
    expect(shape('registry.k8s.io/pause:3.1')).toMatchObject({ command: '/pause', uid: 0 });
    expect(shape('httpd')).toMatchObject({ command: 'httpd -DFOREGROUND', uid: 0, helpers: 1, children: [{ command: 'httpd -DFOREGROUND', uid: 1 }, { command: 'httpd -DFOREGROUND', uid: 1 }, { command: 'httpd -DFOREGROUND', uid: 1 }] });
  });

  it('nginx logs the PIDs it has: the catalogue\'s text is PID 1 with workers 29 and 30', () => {
    const lines = image('nginx:1.25').startLogs;
    expect(nginxStartLogs(lines, { main: 1, children: [29, 30] })).toBe(lines);
    const shared = nginxStartLogs(lines, { main: 7, children: [35, 36, 37, 38] });
    expect(shared.filter((l) => l.includes('start worker process '))).toEqual([
      '{nginxTime} [notice] 7#7: start worker process 35',
      '{nginxTime} [notice] 7#7: start worker process 36',
      '{nginxTime} [notice] 7#7: start worker process 37',
      '{nginxTime} [notice] 7#7: start worker process 38',
    ]);
    expect(shared).toContain('{nginxTime} [notice] 7#7: using the "epoll" event method');
    expect(shared.some((l) => l.includes('1#1'))).toBe(false);
    expect(shared).toHaveLength(lines.length + 2);
  });
});

describe('busybox kill and ps', () => {
  it('knows signals by name (any case, with or without SIG) and number', () => {
    expect(signalNumber('HUP')).toBe(1);
    expect(signalNumber('SIGhup')).toBe(1);
    expect(signalNumber('9')).toBe(9);
    expect(signalNumber('TERM')).toBe(15);
    expect(signalNumber('QUIT')).toBe(3);
    expect(signalNumber('FOO')).toBeUndefined();
    expect(signalNumber('99')).toBeUndefined();
  });

  it('names users from the viewing container\'s /etc/passwd, busybox\'s when it has none', () => {
    expect(userName(0, undefined)).toBe('root');
    expect(userName(33, undefined)).toBe('www-data');
    expect(userName(101, undefined)).toBe('101');
    expect(userName(65535, undefined)).toBe('65535');
    expect(userName(101, 'root:x:0:0:root:/root:/bin/bash\nnginx:x:101:101:nginx user:/nonexistent:/bin/false\n')).toBe('nginx');
    expect(userName(5, 'root:x:0:0:root:/root:/bin/bash\n')).toBe('5');
  });

  it('prints procps/ps.c\'s default columns, cut to the terminal\'s width less one', () => {
    const procs = [{ pid: 1, user: 'root', command: '/pause' }, { pid: 12345, user: 'verylongname', command: 'sh -c ' + 'x'.repeat(100) }];
    expect(formatPs(procs)).toBe(`PID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n12345 verylong  0:00 sh -c ${'x'.repeat(100)}\n`);
    const cut = formatPs(procs, 40).split('\n');
    expect(cut[2]).toBe(`12345 verylong  0:00 sh -c ${'x'.repeat(12)}`);
    expect(cut[2]).toHaveLength(39);
  });
});
