import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../engine/cluster.js';
import type { KObject } from '../../engine/api/meta.js';
import { piDigits } from '../../engine/kubelet/image-apps.js';
import { loadBatchControllers } from '../../engine/controllers/job/loader.js';

beforeAll(async () => {
  await loadBatchControllers();
});

/** Printed by perl 5.36's `perl -Mbignum=bpi -wle 'print bpi(N)'` (bpi(0) is Math::BigFloat's default 40 digits). */
const REAL_BPI: Record<number, string> = {
  1: '3',
  3: '3.14',
  10: '3.141592654',
  40: '3.141592653589793238462643383279502884197',
};
/** The last 60 characters of bpi(1000) from the same perl: the 1000th digit is rounded up (…420198|9 → …420199). */
const REAL_BPI_1000_TAIL = '93751957781857780532171226806613001927876611195909216420199';

describe('the perl image computes π as Math::BigFloat::bpi prints it', () => {
  it('rounds to N significant digits', () => {
    for (const [n, text] of Object.entries(REAL_BPI)) expect(piDigits(Number(n))).toBe(text);
    const p1000 = piDigits(1000);
    expect(p1000).toHaveLength(1001);
    expect(p1000.endsWith(REAL_BPI_1000_TAIL)).toBe(true);
  });
});

describe('the Job example of the Kubernetes documentation (controllers/job.yaml)', () => {
  const job: KObject = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' },
    spec: {
      backoffLimit: 4,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }] } },
    },
  };

  it('completes with π to 2,000 digits in its log, printed only when the computation ends', () => {
    const c = new Cluster({ seed: 5 }).boot();
    c.client('test').create('jobs.batch', 'default', job);
    const pod = () => [...c.store.bucket('pods').values()].find((p) => p.metadata.name?.startsWith('pi-'));
    const logs = () => {
      const p = pod();
      const node = (p?.spec as { nodeName?: string } | undefined)?.nodeName;
      return node ? c.kubelets.get(node)!.logs('default', p!.metadata.name!) ?? [] : [];
    };
    expect(c.clock.runUntil(() => (pod()?.status as { phase?: string } | undefined)?.phase === 'Running', 60_000)).toBe(true);
    // Running and computing: nothing printed yet.
    expect(logs()).toEqual([]);
    expect(c.clock.runUntil(() => (pod()?.status as { phase?: string } | undefined)?.phase === 'Succeeded', 60_000)).toBe(true);
    const lines = logs();
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toBe(piDigits(2000));
    expect(lines[0].text.startsWith('3.14159265358979323846')).toBe(true);
    const status = ([...c.store.bucket('pods').values()].find((p) => p.metadata.name?.startsWith('pi-'))!.status as { containerStatuses: { state: { terminated?: { exitCode: number; reason: string } } }[] });
    expect(status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    c.advance(5_000);
    const conditions = (c.client().get('jobs.batch', 'default', 'pi').status as { conditions?: { type: string; status: string }[] }).conditions ?? [];
    expect(conditions.find((x) => x.type === 'Complete')?.status).toBe('True');
    expect(c.clock.errors).toEqual([]);
  });

  it('a perl program other than bpi fails with a notice instead of pretending to run it', () => {
    const c = new Cluster({ seed: 5 }).boot();
    const other = structuredClone(job);
    other.metadata.name = 'other';
    (other.spec as any).backoffLimit = 0;
    (other.spec as any).template.spec.containers[0].command = ['perl', '-e', 'print "hi"'];
    c.client('test').create('jobs.batch', 'default', other);
    c.advance(60_000);
    const conditions = (c.client().get('jobs.batch', 'default', 'other').status as { conditions?: { type: string; status: string; reason?: string }[] }).conditions ?? [];
    expect(conditions.find((x) => x.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' });
  });
});
