import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/meta.js';
import { boot, busyboxPod, execIn, service } from '../../test/scenarios/network-helpers.js';

/** The lines of `printenv` that belong to one Service's links. */
function linkVars(out: string, prefix: string): string[] {
  return out.split('\n').filter((l) => l.startsWith(prefix)).sort();
}

describe('kubelet service links', () => {
  it('each container gets the Service variables of the Service as it is when the container starts', () => {
    const c = boot(11);
    const client = c.client();
    client.create('services', 'default', service('web-api', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] }));
    client.create('pods', 'default', busyboxPod('first'));
    c.advance(30_000);
    const ip = (client.get('services', 'default', 'web-api') as KObject & { spec: { clusterIP: string } }).spec.clusterIP;
    // pkg/kubelet/envvars FromServices: {SVC}_SERVICE_HOST/_PORT/_PORT_{NAME}, then the Docker-links {SVC}_PORT… set.
    expect(linkVars(execIn(c, 'first', ['printenv']).stdout, 'WEB_API_')).toEqual([
      `WEB_API_PORT=tcp://${ip}:80`,
      `WEB_API_PORT_80_TCP=tcp://${ip}:80`,
      `WEB_API_PORT_80_TCP_ADDR=${ip}`,
      'WEB_API_PORT_80_TCP_PORT=80',
      'WEB_API_PORT_80_TCP_PROTO=tcp',
      `WEB_API_SERVICE_HOST=${ip}`,
      'WEB_API_SERVICE_PORT=80',
      'WEB_API_SERVICE_PORT_HTTP=80',
    ].sort());
    // A second pod while the Service is unchanged sees the same; after the port changes, a new pod sees the new port.
    client.create('pods', 'default', busyboxPod('second'));
    c.advance(30_000);
    expect(linkVars(execIn(c, 'second', ['printenv']).stdout, 'WEB_API_')).toEqual(linkVars(execIn(c, 'first', ['printenv']).stdout, 'WEB_API_'));
    const svc = client.get('services', 'default', 'web-api') as KObject & { spec: { ports: unknown[] } };
    client.update('services', { ...svc, spec: { ...svc.spec, ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' }] } } as KObject);
    client.create('pods', 'default', busyboxPod('third'));
    c.advance(30_000);
    const third = linkVars(execIn(c, 'third', ['printenv']).stdout, 'WEB_API_');
    expect(third).toContain('WEB_API_SERVICE_PORT=8000');
    expect(third).toContain(`WEB_API_PORT_8000_TCP=tcp://${ip}:8000`);
    expect(third.some((l) => l.includes('_80_TCP'))).toBe(false);
    expect(c.clock.errors).toEqual([]);
  });

  it("ends with HOME as runc adds it: the uid's home in the image's passwd, \"/\" without an entry; a set HOME stays", async () => {
    const c = boot(12);
    const client = c.client();
    client.create('pods', 'default', busyboxPod('root'));
    client.create('pods', 'default', { ...busyboxPod('nobody'), spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'nobody', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } as KObject);
    client.create('pods', 'default', { ...busyboxPod('set'), spec: { containers: [{ name: 'set', image: 'busybox:1.36', command: ['sleep', '3600'], env: [{ name: 'HOME', value: '/data' }] }] } } as KObject);
    c.advance(30_000);
    expect(execIn(c, 'root', ['printenv']).stdout.split('\n').filter(Boolean).pop()).toBe('HOME=/root');
    // A securityContext's process: its shell loads the image's user files and the applets first.
    const nobody = client.get('pods', 'default', 'nobody') as KObject & { spec: { nodeName: string } };
    expect((await c.kubelets.get(nobody.spec.nodeName)!.exec('default', 'nobody', undefined, ['printenv', 'HOME'])).stdout).toBe('/\n');
    expect(execIn(c, 'set', ['printenv', 'HOME']).stdout).toBe('/data\n');
  });

  it("puts PATH, then HOSTNAME, then the image's ENV first, as containerd's CRI builds the spec", () => {
    const c = boot(13);
    c.client().create('pods', 'default', busyboxPod('web', 'nginx:1.25'));
    c.advance(30_000);
    expect(execIn(c, 'web', ['printenv']).stdout.split('\n').slice(0, 5)).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=web', 'NGINX_VERSION=1.25.5', 'NJS_VERSION=0.8.4', 'PKG_RELEASE=1~bookworm',
    ]);
  });
});
