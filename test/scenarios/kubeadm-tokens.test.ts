/**
 * Adding a node's credentials on a kubeadm cluster, as "kubeadm join" / "kubeadm token" in the kubernetes.io
 * reference describe it: on the control-plane node, `sudo kubeadm token create --print-join-command` prints the
 * `kubeadm join <endpoint> --token <id>.<secret> --discovery-token-ca-cert-hash sha256:<hex>` line
 * (cmdutil.GetJoinWorkerCommand with its line breaks and tabs removed, which leaves a trailing space), the token
 * is a bootstrap-token Secret in kube-system, `sudo kubeadm token list` shows it, and `sudo kubeadm token delete` removes it.
 * The CA pin is pubkeypin.Hash: SHA-256 over the CA certificate's DER SubjectPublicKeyInfo, computed here with
 * node:crypto from the cluster's ca.crt (what kube-root-ca.crt publishes) and checked against real openssl's.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

/** SHA-256 of the certificate's DER SubjectPublicKeyInfo, by node:crypto's own X.509 parser. */
const spkiSha256 = (pem: string) => createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

describe('kubeadm bootstrap tokens on the control-plane node', () => {
  it('creates a token with its join command, lists it, shows it as a Secret and deletes it', async () => {
    const { run } = await interactiveSession();
    const caPEM = (await run(`kubectl get configmap kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}'`)).out;

    const join = await run('sudo kubeadm token create --print-join-command');
    expect(join.status).toBe(0);
    const m = /^kubeadm join 172\.18\.0\.2:6443 --token ([a-z0-9]{6})\.([a-z0-9]{16}) --discovery-token-ca-cert-hash sha256:([0-9a-f]{64}) \n$/.exec(join.out);
    expect(m).not.toBeNull();
    const [, id, secret, hash] = m!;
    expect(hash).toBe(spkiSha256(caPEM));
    // What the kubeadm join reference's openssl pipeline prints for this ca.crt
    // (openssl x509 -pubkey | openssl rsa -pubin -outform der | openssl dgst -sha256 -hex, OpenSSL 3.0).
    expect(hash).toBe('f17d8fc012162c07aae03751082b5437370ac96b3058b5de5b210ed51432cb5d');

    // Beside `kubeadm init`'s token (its own test: kube-system-objects.test.ts).
    const list = (await run('sudo kubeadm token list')).out.split('\n');
    expect(list[0]).toMatch(/^TOKEN {21}TTL {3,}EXPIRES {3,}USAGES {3,}DESCRIPTION {3,}EXTRA GROUPS$/);
    expect(list).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\.${secret} {3}23h {3,}2026-01-02T\\d\\d:\\d\\d:\\d\\dZ {3}authentication,signing {3}<none> {3,}system:bootstrappers:kubeadm:default-node-token$`)));

    const secrets = await run('kubectl get secrets -n kube-system');
    expect(secrets.out).toMatch(new RegExp(`^bootstrap-token-${id} {3}bootstrap\\.kubernetes\\.io/token {3}6 {6}\\d+s$`, 'm'));
    const tokenSecret = await run(`kubectl get secret bootstrap-token-${id} -n kube-system -o jsonpath='{.data.token-secret}' | base64 -d`);
    expect(tokenSecret.out).toBe(secret);

    // The same CA pins every join command.
    const second = (await run('sudo kubeadm token create --print-join-command --ttl 30m')).out;
    expect(second).toContain(`--discovery-token-ca-cert-hash sha256:${hash} \n`);

    expect(await run(`sudo kubeadm token delete ${id}`)).toEqual({ out: `bootstrap token "${id}" deleted\n`, status: 0 });
    expect((await run('sudo kubeadm token list')).out).not.toContain(id);
    expect((await run(`kubectl get secret bootstrap-token-${id} -n kube-system`)).out).toBe(`Error from server (NotFound): secrets "bootstrap-token-${id}" not found\n`);
  });

  it('reports certificate expiration and the version on the same node', async () => {
    const { run } = await interactiveSession();
    const certs = await run('sudo kubeadm certs check-expiration');
    expect(certs.status).toBe(0);
    expect(certs.out).toContain('\nCERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED\nadmin.conf                 Jan 01, 2027 00:00 UTC   364d            ca                      no      \n');
    expect(certs.out).toContain('\n\nCERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED\nca                      Dec 30, 2035 00:00 UTC   9y              no      \n');
    expect((await run('kubeadm version -o short')).out).toBe('v1.35.0\n');
  });

  it('kubeadm reset reads its [y/N] answer from the terminal and leaves the node as it was', async () => {
    const { run, screen } = await interactiveSession(['n', 'y']);
    const no = await run('sudo kubeadm reset');
    expect(no.status).toBe(1);
    expect(no.out).toContain("[reset] Are you sure you want to proceed? [y/N]: aborted reset operation\nTo see the stack trace of this error execute with --v=5 or higher\n");
    // Agreeing gets the lab's refusal: it does not tear the control plane down.
    const yes = await run('sudo kubeadm reset');
    expect(yes.status).toBe(1);
    expect(yes.out).toContain('[y/N]: this command is not simulated in this lab');
    expect(screen.text).toBe('n\ny\n');
    expect((await run('ls -1 /etc/kubernetes/manifests')).out).toBe('etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n');
  });
});
