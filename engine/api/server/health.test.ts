/**
 * kube-apiserver's /healthz, /livez and /readyz (k8s.io/apiserver healthz.go): "ok" alone, the checks with
 * ?verbose, ?exclude=, one check per path, and the failing etcd checks while the server runs without etcd.
 */
import { describe, expect, it } from 'vitest';
import { lab } from '../../shell/commands/node/test-lab.js';
import { HEALTH_CHECKS, healthAnswer } from './health.js';

const q = (s = '') => new URLSearchParams(s);

describe('health endpoints', () => {
  it('answer "ok" without a newline; verbose lists each check and the endpoint’s verdict', () => {
    expect(healthAnswer('/readyz', q(), true)).toEqual({ status: 200, body: 'ok', ms: 0 });
    const verbose = healthAnswer('/livez', q('verbose'), true)!.body.split('\n');
    expect(verbose.slice(0, 3)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd ok']);
    expect(verbose.slice(-2)).toEqual(['livez check passed', '']);
    // readyz alone has the readiness checks: etcd-readiness, informer-sync and shutdown (last).
    expect(HEALTH_CHECKS.livez).not.toContain('informer-sync');
    expect(HEALTH_CHECKS.readyz.slice(0, 5)).toEqual(['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync']);
    expect(HEALTH_CHECKS.readyz.at(-1)).toBe('shutdown');
    expect(HEALTH_CHECKS.healthz).toEqual(HEALTH_CHECKS.livez);
  });

  it('?exclude skips a check by name or group and warns of names that match none (sorted, quoted)', () => {
    const body = healthAnswer('/readyz', q('verbose&exclude=zz&exclude=etcd&exclude=a"b'), false)!.body;
    expect(body).toContain('[+]etcd excluded: ok\n');
    expect(body).toContain('[-]etcd-readiness failed: reason withheld\n');
    expect(body).toContain('warn: some health checks cannot be excluded: no matches for "a\\"b","zz"\nreadyz check failed\n');
    expect(healthAnswer('/livez', q('exclude=etcd'), false)).toEqual({ status: 200, body: 'ok', ms: 0 });
  });

  it('without etcd the etcd checks fail after their 2-second probe, and the failure is always verbose', () => {
    const a = healthAnswer('/readyz', q(), false)!;
    expect(a.status).toBe(500);
    expect(a.ms).toBe(4_000);
    expect(a.body).toMatch(/^\[\+\]ping ok\n\[\+\]log ok\n\[-\]etcd failed: reason withheld\n\[-\]etcd-readiness failed: reason withheld\n/);
    expect(a.body.endsWith('[+]shutdown ok\nreadyz check failed\n')).toBe(true);
    expect(healthAnswer('/livez/etcd', q(), false)).toEqual({ status: 500, body: 'internal server error: error getting data from etcd: context deadline exceeded\n', ms: 2_000 });
    expect(healthAnswer('/livez/ping', q(), false)).toEqual({ status: 200, body: 'ok', ms: 0 });
  });

  it('a check that is not registered on that endpoint is no path at all', () => {
    expect(healthAnswer('/livez/shutdown', q(), true)).toBeUndefined();
    expect(healthAnswer('/readyz/nope', q(), true)).toBeUndefined();
    expect(healthAnswer('/readyz/poststarthook/rbac/bootstrap-roles', q(), true)?.body).toBe('ok');
  });

  it('through kubectl get --raw and curl on the node; kubectl is refused while etcd is down, curl reaches the server', async () => {
    const { run } = await lab(7);
    const verbose = await run(`kubectl get --raw '/readyz?verbose'`);
    expect(verbose.out).toMatch(/^\[\+\]ping ok\n[\s\S]*\[\+\]poststarthook\/rbac\/bootstrap-roles ok\n[\s\S]*readyz check passed\n$/);
    expect((await run('kubectl get --raw /readyz/etcd')).out).toBe('ok');
    expect((await run('kubectl get --raw /livez/shutdown')).out).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    expect((await run(`kubectl get --raw / | grep -c '"/readyz/'`)).out).toBe(`${HEALTH_CHECKS.readyz.length}\n`);
    await run('sim component stop etcd');
    const refused = await run('kubectl get --raw /readyz');
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/^The connection to the server [\d.]+:6443 was refused/);
    const curl = await run(`curl -sk -w '%{http_code}\\n' https://127.0.0.1:6443/livez`);
    expect(curl.out).toContain('[-]etcd failed: reason withheld\n');
    expect(curl.out.endsWith('livez check failed\n500\n')).toBe(true);
  });
});
