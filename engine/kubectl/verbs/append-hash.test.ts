/**
 * `--append-hash` (kubectl's pkg/util/hash). Every expected name was printed by
 * kubectl v1.35.2 (`--dry-run=client -o name|yaml`) for the same input.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster.js';
import { kubectlRunner } from '../test-helpers.js';

// A throwaway self-signed P-256 certificate and key (openssl req -x509 -newkey ec), so the TLS case has fixed content.
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBeDCCAR+gAwIBAgIUb1uryqPsfdtZio07j6bMEHiV/JcwCgYIKoZIzj0EAwIw\nEjEQMA4GA1UEAwwHa3ViZWxhYjAeFw0yNjExMjYyMDE1MjNaFw0zNjExMjMyMDE1\nMjNaMBIxEDAOBgNVBAMMB2t1YmVsYWIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC\nAATzvSpm4JjM166rB8nDZPfVNhPCiHHyNrZfUaZvUxGpm67fBMo6CAFanTKhCnnH\nuZFZFgrH4xe44F0Pbqpu3xZho1MwUTAdBgNVHQ4EFgQUonur26I8557HTriWl+BX\n2yxdXeIwHwYDVR0jBBgwFoAUonur26I8557HTriWl+BX2yxdXeIwDwYDVR0TAQH/\nBAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBID0hkypxHGcIZMFB9DLzvL74frIzN\nQzm1vWaBTiJO5QIgRwvRHB+jFeV+fbml2Yzs4OY0Yj4h3pqZ+Rgm7KYTyGk=\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9STgUlhg4mxlqldV\n6LKJwmV6g4YglCfTtc738NMWE1OhRANCAATzvSpm4JjM166rB8nDZPfVNhPCiHHy\nNrZfUaZvUxGpm67fBMo6CAFanTKhCnnHuZFZFgrH4xe44F0Pbqpu3xZh\n-----END PRIVATE KEY-----\n';

function runner() {
  const k = kubectlRunner(new Cluster({ seed: 1, bootAgeMs: 0 }).boot());
  k.fs.writeFile('/root/app.conf', 'line1\nwith <html> & "quotes"\n');
  k.fs.writeFile('/root/e.env', 'A=1\nB=two words\n');
  k.fs.writeFile('/root/c.pem', CERT);
  k.fs.writeFile('/root/k.pem', KEY);
  return k;
}

describe('kubectl create --append-hash', () => {
  it.each([
    [['create', 'configmap', 'foo', '--from-literal=a=b', '--from-literal=x=<&>'], 'configmap/foo-hk99bf74d7'],
    [['create', 'configmap', 'e'], 'configmap/e-gmbcf66h4d'],
    [['create', 'configmap', 'app', '--from-file=/root/app.conf'], 'configmap/app-9962b5fh4f'],
    [['create', 'configmap', 'env', '--from-env-file=/root/e.env'], 'configmap/env-c298gbt6t6'],
    [['create', 'secret', 'generic', 's', '--from-literal=a=b'], 'secret/s-7fd2tm89d8'],
    [['create', 'secret', 'generic', 's', '--from-literal=a=b', '--type=Opaque'], 'secret/s-hft88d9fbb'],
    [['create', 'secret', 'generic', 'e'], 'secret/e-kkck6cfc9g'],
    [['create', 'secret', 'generic', 'basic', '--type=kubernetes.io/basic-auth', '--from-literal=username=admin', '--from-literal=password=p@ss<1>'], 'secret/basic-8gg858km6d'],
    [['create', 'secret', 'docker-registry', 'd', '--docker-username=u', '--docker-password=p', '--docker-server=s'], 'secret/d-65tkdkfhtb'],
    [['create', 'secret', 'tls', 't', '--cert=/root/c.pem', '--key=/root/k.pem'], 'secret/t-kc94hfc466'],
  ])('%j names the object as kubectl v1.35.2 does', async (args, name) => {
    const r = await runner().run([...args, '--append-hash', '--dry-run=client', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${name}\n`);
  });

  it('records the hashed name in the last-applied annotation and creates the object under it', async () => {
    const k = runner();
    const dry = await k.run(['create', 'configmap', 'app', '--from-literal=k=v', '--append-hash', '--save-config', '--dry-run=client', '-o', 'yaml']);
    expect(dry.stdout).toBe([
      'apiVersion: v1', 'data:', '  k: v', 'kind: ConfigMap', 'metadata:', '  annotations:', '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"app-87m5g5hd76"},"data":{"k":"v"}}', '  name: app-87m5g5hd76', '',
    ].join('\n'));
    expect((await k.run(['create', 'configmap', 'app', '--from-literal=k=v', '--append-hash'])).stdout).toBe('configmap/app-87m5g5hd76 created\n');
    expect((await k.run(['get', 'configmap', 'app-87m5g5hd76', '-o', 'name'])).stdout).toBe('configmap/app-87m5g5hd76\n');
  });
});
