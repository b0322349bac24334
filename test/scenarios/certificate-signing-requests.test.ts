/**
 * "Issue a Certificate for a Kubernetes API Client Using A CertificateSigningRequest" (kubernetes/website
 * content/en/docs/tasks/tls/certificate-issue-client-csr.md, formerly the "How to issue a certificate for a user"
 * section of certificate-signing-requests.md), end to end on a kubeadm v1.35 cluster, then the API server's
 * validation (pkg/apis/certificates/validation, release-1.35) and kube-controller-manager's CSR controllers
 * (pkg/controller/certificates: signer, approver, cleaner).
 *
 * Expected texts: the docs page's outputs; printCertificateSigningRequest and describeCertificateSigningRequest;
 * certificates.go's messages; OpenSSL 3.0's `-text` layout (our openssl's output for a certificate and a request
 * was compared byte for byte with OpenSSL 3.0.19's on the same files); the x509 authenticator's user
 * (CommonNameUserConversion: CN, O's, credential id X509SHA256=<sha256 of the DER>).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const CSR_MANIFEST = (name: string, extra = '', signer = 'kubernetes.io/kube-apiserver-client', usages = ['client auth'], file = 'myuser.csr') => `cat <<EOF | kubectl apply -f -
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
  request: $(cat ${file} | base64 | tr -d "\\n")
  signerName: ${signer}
${extra}  usages:
${usages.map((u) => `  - ${u}`).join('\n')}
EOF`;

const DOCS_REQUEST = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ1ZqQ0NBVDRDQVFBd0VURVBNQTBHQTFVRUF3d0dZVzVuWld4aE1JSUJJakFOQmdrcWhraUc5dzBCQVFFRgpBQU9DQVE4QU1JSUJDZ0tDQVFFQTByczhJTHRHdTYxakx2dHhWTTJSVlRWMDNHWlJTWWw0dWluVWo4RElaWjBOCnR2MUZtRVFSd3VoaUZsOFEzcWl0Qm0wMUFSMkNJVXBGd2ZzSjZ4MXF3ckJzVkhZbGlBNVhwRVpZM3ExcGswSDQKM3Z3aGJlK1o2MVNrVHF5SVBYUUwrTWM5T1Nsbm0xb0R2N0NtSkZNMUlMRVI3QTVGZnZKOEdFRjJ6dHBoaUlFMwpub1dtdHNZb3JuT2wzc2lHQ2ZGZzR4Zmd4eW8ybmlneFNVekl1bXNnVm9PM2ttT0x1RVF6cXpkakJ3TFJXbWlECklmMXBMWnoyalVnald4UkhCM1gyWnVVV1d1T09PZnpXM01LaE8ybHEvZi9DdS8wYk83c0x0MCt3U2ZMSU91TFcKcW90blZtRmxMMytqTy82WDNDKzBERHk5aUtwbXJjVDBnWGZLemE1dHJRSURBUUFCb0FBd0RRWUpLb1pJaHZjTgpBUUVMQlFBRGdnRUJBR05WdmVIOGR4ZzNvK21VeVRkbmFjVmQ1N24zSkExdnZEU1JWREkyQTZ1eXN3ZFp1L1BVCkkwZXpZWFV0RVNnSk1IRmQycVVNMjNuNVJsSXJ3R0xuUXFISUh5VStWWHhsdnZsRnpNOVpEWllSTmU3QlJvYXgKQVlEdUI5STZXT3FYbkFvczFqRmxNUG5NbFpqdU5kSGxpT1BjTU1oNndLaTZzZFhpVStHYTJ2RUVLY01jSVUyRgpvU2djUWdMYTk0aEpacGk3ZnNMdm1OQUxoT045UHdNMGM1dVJVejV4T0dGMUtCbWRSeEgvbUNOS2JKYjFRQm1HCkkwYitEUEdaTktXTU0xMzhIQXdoV0tkNjVoVHdYOWl4V3ZHMkh4TG1WQzg0L1BHT0tWQW9FNkpsYWFHdTlQVmkKdjlOSjVaZlZrcXdCd0hKbzZXdk9xVlA3SVFjZmg3d0drWm89Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=';

const GMT = (ms: number) => {
  const d = new Date(ms);
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${m} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()} GMT`;
};

async function session() {
  const s = await interactiveSession();
  const run = async (line: string) => s.run(line);
  return { ...s, run };
}

describe('Issue a certificate for a Kubernetes API client using a CertificateSigningRequest', () => {
  it('walks the page: key, request, CSR, approval, certificate, kubeconfig, whoami, RBAC', async () => {
    const { run, cluster } = await session();
    // OpenSSL 3.0's genrsa writes a PKCS#8 key and says nothing.
    expect(await run('openssl genrsa -out myuser.key 3072')).toEqual({ out: '', status: 0 });
    expect((await run('head -1 myuser.key')).out).toBe('-----BEGIN PRIVATE KEY-----\n');
    expect(await run('openssl req -new -key myuser.key -out myuser.csr -subj "/CN=myuser"')).toEqual({ out: '', status: 0 });
    expect((await run('head -1 myuser.csr')).out).toBe('-----BEGIN CERTIFICATE REQUEST-----\n');
    expect((await run('openssl req -in myuser.csr -noout -subject')).out).toBe('subject=CN = myuser\n');
    const text = (await run('openssl req -in myuser.csr -noout -text')).out.split('\n');
    expect(text.slice(0, 8)).toEqual(['Certificate Request:', '    Data:', '        Version: 1 (0x0)', '        Subject: CN = myuser', '        Subject Public Key Info:',
      '            Public Key Algorithm: rsaEncryption', '                Public-Key: (3072 bit)', '                Modulus:']);
    expect((await run('cat myuser.csr | base64 | tr -d "\\n" | head -c 20')).out).toBe('LS0tLS1CRUdJTiBDRVJU');

    expect((await run(CSR_MANIFEST('myuser', '  expirationSeconds: 86400  # one day\n'))).out).toBe('certificatesigningrequest.certificates.k8s.io/myuser created\n');
    expect((await run('kubectl get csr')).out).toBe(
      'NAME     AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION\n'
      + 'myuser   0s    kubernetes.io/kube-apiserver-client   kubernetes-admin   24h                 Pending\n');
    // The requester's identity comes from the request, not the manifest.
    expect((await run(`kubectl get csr myuser -o jsonpath='{.spec.username} {.spec.groups}'`)).out).toBe('kubernetes-admin ["kubeadm:cluster-admins","system:authenticated"]');

    const approvedAt = cluster.clock.now();
    expect((await run('kubectl certificate approve myuser')).out).toBe('certificatesigningrequest.certificates.k8s.io/myuser approved\n');
    await run('sleep 1');
    expect((await run('kubectl get csr myuser')).out).toMatch(/^NAME .*\nmyuser   1s    kubernetes\.io\/kube-apiserver-client   kubernetes-admin   24h                 Approved,Issued\n$/);
    const yaml = (await run('kubectl get csr/myuser -o yaml')).out;
    expect(yaml).toContain('    message: This CSR was approved by kubectl certificate approve.\n    reason: KubectlApprove\n    status: "True"\n    type: Approved\n');
    expect(yaml).toMatch(/\n {2}certificate: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t[A-Za-z0-9+/=]+\n/);

    await run(`kubectl get csr myuser -o jsonpath='{.status.certificate}'| base64 -d > myuser.crt`);
    expect((await run('head -1 myuser.crt')).out).toBe('-----BEGIN CERTIFICATE-----\n');
    // The csrsigning controller: the cluster CA as issuer, backdated 5 minutes, for the requested day.
    const notBefore = Math.floor(approvedAt / 1000) * 1000 - 5 * 60_000;
    expect((await run('openssl x509 -in myuser.crt -noout -subject -issuer -dates')).out).toBe(
      `subject=CN = myuser\nissuer=CN = kubernetes\nnotBefore=${GMT(notBefore)}\nnotAfter=${GMT(notBefore + 86400_000)}\n`);
    const certText = (await run('openssl x509 -in myuser.crt -noout -text')).out;
    expect(certText).toContain('            X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n            X509v3 Basic Constraints: critical\n                CA:FALSE\n');
    expect(certText).not.toContain('X509v3 Key Usage');

    expect((await run('kubectl config set-credentials myuser --client-key=myuser.key --client-certificate=myuser.crt --embed-certs=true')).out).toBe('User "myuser" set.\n');
    expect((await run('kubectl config set-context myuser --cluster=kubernetes --user=myuser')).out).toBe('Context "myuser" created.\n');
    const pem = (await run('cat myuser.crt')).out;
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const fingerprint = createHash('sha256').update(der).digest('hex');
    expect((await run('kubectl --context myuser auth whoami')).out).toBe(
      'ATTRIBUTE                                           VALUE\n'
      + 'Username                                            myuser\n'
      + 'Groups                                              [system:authenticated]\n'
      + `Extra: authentication.kubernetes.io/credential-id   [X509SHA256=${fingerprint}]\n`);

    expect(await run('kubectl --context myuser get pods')).toEqual({
      out: 'Error from server (Forbidden): pods is forbidden: User "myuser" cannot list resource "pods" in API group "" in the namespace "default"\n', status: 1,
    });
    expect((await run('kubectl create role developer --verb=create --verb=get --verb=list --verb=update --verb=delete --resource=pods')).out).toBe('role.rbac.authorization.k8s.io/developer created\n');
    expect((await run('kubectl create rolebinding developer-binding-myuser --role=developer --user=myuser')).out).toBe('rolebinding.rbac.authorization.k8s.io/developer-binding-myuser created\n');
    expect(await run('kubectl --context myuser get pods')).toEqual({ out: 'No resources found in default namespace.\n', status: 0 });
    expect((await run('kubectl --context myuser run web --image=nginx')).out).toBe('pod/web created\n');
    expect((await run('kubectl --context myuser get deployments')).out).toBe('Error from server (Forbidden): deployments.apps is forbidden: User "myuser" cannot list resource "deployments" in API group "apps" in the namespace "default"\n');
    // CertificateApproval: the approval subresource is not enough, the signer must be approvable too.
    await run(CSR_MANIFEST('other'));
    await run('kubectl create clusterrole csr-approver --verb=get,list --resource=certificatesigningrequests');
    await run(`kubectl patch clusterrole csr-approver --type=json -p '[{"op":"add","path":"/rules/-","value":{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/approval"],"verbs":["update"]}}]'`);
    await run('kubectl create clusterrolebinding csr-approver --clusterrole=csr-approver --user=myuser');
    expect((await run('kubectl --context myuser certificate approve other')).out).toBe(
      'Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "other" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"\n');
    await run(`kubectl patch clusterrole csr-approver --type=json -p '[{"op":"add","path":"/rules/-","value":{"apiGroups":["certificates.k8s.io"],"resources":["signers"],"resourceNames":["kubernetes.io/*"],"verbs":["approve"]}}]'`);
    expect((await run('kubectl --context myuser certificate approve other')).out).toBe('certificatesigningrequest.certificates.k8s.io/other approved\n');
    expect((await run('kubectl config use-context myuser')).out).toBe('Switched to context "myuser".\n');
    expect((await run('kubectl get secrets')).out).toBe('Error from server (Forbidden): secrets is forbidden: User "myuser" cannot list resource "secrets" in API group "" in the namespace "default"\n');
    expect((await run('kubectl delete csr other')).out).toBe('Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "other" is forbidden: User "myuser" cannot delete resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope\n');
  });

  it('describes a request as kubectl describe does', async () => {
    const { run } = await session();
    await run('openssl genrsa -out u.key 2048');
    await run('openssl req -new -key u.key -out myuser.csr -subj "/CN=jane/O=dev/O=ops"');
    await run(CSR_MANIFEST('jane', '  expirationSeconds: 3600\n'));
    const out = (await run('kubectl describe csr jane')).out;
    // FormatLabels keeps the annotation's trailing newline: a blank line, and the tabwriter aligns the next block apart.
    expect(out).toMatch(/^Name:         jane\nLabels:       <none>\nAnnotations:  kubectl\.kubernetes\.io\/last-applied-configuration=\{.*\}\n\n/);
    expect(out.slice(out.indexOf('CreationTimestamp'))).toBe(
      'CreationTimestamp:   Thu, 01 Jan 2026 00:02:00 +0000\n'
      + 'Requesting User:     kubernetes-admin\n'
      + 'Signer:              kubernetes.io/kube-apiserver-client\n'
      // duration.HumanDuration: an hour is "60m".
      + 'Requested Duration:  60m\n'
      + 'Status:              Pending\n'
      + 'Subject:\n'
      + '         Common Name:    jane\n'
      + '         Serial Number:  \n'
      + '         Organization:   dev\n'
      + '                         ops\n'
      + 'Events:  <none>\n');
  });

  it('approve and deny: --force, the other condition, several names, -f, errors', async () => {
    const { run } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out myuser.csr -subj "/CN=a"');
    await run(CSR_MANIFEST('a'));
    await run(CSR_MANIFEST('b'));
    expect(await run('kubectl certificate approve')).toEqual({ out: 'error: one or more CSRs must be specified as <name> or -f <filename>\n', status: 1 });
    expect((await run('kubectl certificate deny b')).out).toBe('certificatesigningrequest.certificates.k8s.io/b denied\n');
    expect((await run('kubectl get csr b -o jsonpath={.status.conditions[0].reason}')).out).toBe('KubectlDeny');
    // Already approved: nothing written, still reported.
    expect((await run('kubectl certificate approve a nope b')).out).toBe(
      'certificatesigningrequest.certificates.k8s.io/a approved\n'
      + 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n'
      // CheckErr prints an aggregate's errors one a line, without "error: " (MultipleErrors with no prefix).
      + 'certificate signing request "b" is already Denied\n');
    const rv = (await run('kubectl get csr a -o jsonpath={.metadata.resourceVersion}')).out;
    await run('kubectl certificate approve a');
    expect((await run('kubectl get csr a -o jsonpath={.metadata.resourceVersion}')).out).toBe(rv);
    expect((await run('kubectl certificate approve a -o name')).out).toBe('certificatesigningrequest.certificates.k8s.io/a\n');
    await run('kubectl get csr a -o yaml > a.yaml');
    expect((await run('kubectl certificate approve -f a.yaml')).out).toBe('certificatesigningrequest.certificates.k8s.io/a approved\n');
    await run('kubectl create configmap c');
    await run('kubectl get cm c -o yaml > c.yaml');
    expect((await run('kubectl certificate approve -f c.yaml')).out).toBe('error: can only handle CertificateSigningRequest.certificates.k8s.io objects, got ConfigMap\n');
    // Approved and Denied exclude each other even through the approval subresource with --force.
    expect((await run('kubectl certificate deny a --force')).out).toBe('error: certificate signing request "a" is already Approved\n');
  });
});

describe('CertificateSigningRequest validation (kube-apiserver v1.35)', () => {
  const manifest = (name: string, spec: string) => `cat <<EOF | kubectl create -f -
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
${spec}EOF`;

  it('checks the request, signerName, usages and expirationSeconds with the real texts', async () => {
    const { run } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out r.csr -subj "/CN=x"');
    const req = '  request: $(base64 -w0 r.csr)\n';
    expect((await run(manifest('garbage', '  request: aGVsbG8=\n  signerName: example.com/x\n  usages: [client auth]\n'))).out).toBe(
      'The CertificateSigningRequest "garbage" is invalid: spec.request: Invalid value: "aGVsbG8=": PEM block type must be CERTIFICATE REQUEST\n');
    expect((await run(manifest('empty', req))).out).toBe(
      'The CertificateSigningRequest "empty" is invalid: \n* spec.usages: Required value\n* spec.signerName: Required value\n');
    expect((await run(manifest('short', `${req}  signerName: example.com/x\n  expirationSeconds: 300\n  usages: [client auth]\n`))).out).toBe(
      'The CertificateSigningRequest "short" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 600 seconds (10 minutes)\n');
    expect((await run(manifest('signer', `${req}  signerName: example\n  usages: [client auth]\n`))).out).toBe(
      `The CertificateSigningRequest "signer" is invalid: spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form 'example.com/signer-name'\n`);
    expect((await run(manifest('onelabel', `${req}  signerName: example/x\n  usages: [client auth]\n`))).out).toBe(
      'The CertificateSigningRequest "onelabel" is invalid: spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots\n');
    expect((await run(manifest('legacy', `${req}  signerName: kubernetes.io/legacy-unknown\n  usages: [client auth]\n`))).out).toBe(
      'The CertificateSigningRequest "legacy" is invalid: spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version\n');
    expect((await run(manifest('usage', `${req}  signerName: example.com/x\n  usages: [client auth, foo, client auth]\n`))).out).toBe(
      'The CertificateSigningRequest "usage" is invalid: \n'
      + '* spec.usages[1]: Unsupported value: "foo": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"\n'
      + '* spec.usages[2]: Duplicate value: "client auth"\n');
    // A request whose bytes were changed no longer verifies.
    await run(`sed '3s/./x/9' r.csr > bad.csr`);
    expect((await run('[ "$(cat r.csr)" != "$(cat bad.csr)" ] && echo changed')).out).toBe('changed\n');
    expect((await run(manifest('tampered', '  request: $(base64 -w0 bad.csr)\n  signerName: example.com/x\n  usages: [client auth]\n'))).out).toMatch(
      /^The CertificateSigningRequest "tampered" is invalid: spec\.request: Invalid value: "[A-Za-z0-9+/=]+": (crypto\/rsa: verification error|asn1: .*)\n$/);
    expect((await run('kubectl get csr')).out).toBe('No resources found\n');
  });

  it('accepts a request a real openssl made (the page sample) and ignores the requester fields sent', async () => {
    const { run } = await session();
    expect((await run(manifest('angela', `  request: ${DOCS_REQUEST}\n  username: bob\n  groups: [system:masters]\n  signerName: example.com/signer\n  usages: [client auth]\n`))).out).toBe(
      'certificatesigningrequest.certificates.k8s.io/angela created\n');
    expect((await run(`kubectl get csr angela -o jsonpath='{.spec.username} {.spec.groups}'`)).out).toBe('kubernetes-admin ["kubeadm:cluster-admins","system:authenticated"]');
    expect((await run('kubectl describe csr angela')).out).toContain('\n         Common Name:    angela\n');
  });

  it('refuses system:masters from the kube-apiserver-client signer (CertificateSubjectRestriction)', async () => {
    const { run } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out m.csr -subj "/CN=root/O=system:masters"');
    expect((await run(CSR_MANIFEST('root', '', 'kubernetes.io/kube-apiserver-client', ['client auth'], 'm.csr'))).out).toBe(
      'Error from server (Forbidden): error when creating "STDIN": certificatesigningrequests.certificates.k8s.io "root" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed\n');
  });

  it('keeps spec and status out of reach of a plain update, and conditions out of the status subresource', async () => {
    const { run, client } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out myuser.csr -subj "/CN=a"');
    await run(CSR_MANIFEST('a'));
    expect((await run('kubectl label csr a team=x')).out).toBe('certificatesigningrequest.certificates.k8s.io/a labeled\n');
    await run(`kubectl patch csr a --type=merge -p '{"spec":{"usages":["server auth"]}}'`);
    expect((await run('kubectl get csr a -o jsonpath={.spec.usages}')).out).toBe('["client auth"]');
    const csr = client.get('certificatesigningrequests.certificates.k8s.io', undefined, 'a') as never as { status?: { conditions?: unknown[] } };
    expect(() => client.updateStatus('certificatesigningrequests.certificates.k8s.io', { ...(csr as object), status: { conditions: [{ type: 'Approved', status: 'True' }] } } as never)).toThrow(
      'CertificateSigningRequest.certificates.k8s.io "a" is invalid: status.conditions: Forbidden: updates may not add a condition of type "Approved"');
  });
});

describe('kube-controller-manager: csrsigning, csrapproving, csrcleaner', () => {
  it('fails a request its signer forbids, leaves unknown signers alone, caps the duration', async () => {
    const { run } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out myuser.csr -subj "/CN=s"');
    await run(CSR_MANIFEST('server', '', 'kubernetes.io/kube-apiserver-client', ['server auth']));
    await run(CSR_MANIFEST('other', '', 'example.com/signer'));
    await run(CSR_MANIFEST('year', '  expirationSeconds: 315360000\n'));
    await run('kubectl certificate approve server other year');
    await run('sleep 1');
    expect((await run('kubectl get csr')).out).toBe(
      'NAME     AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION\n'
      + 'other    1s    example.com/signer                    kubernetes-admin   <none>              Approved\n'
      + 'server   1s    kubernetes.io/kube-apiserver-client   kubernetes-admin   <none>              Approved,Failed\n'
      + 'year     1s    kubernetes.io/kube-apiserver-client   kubernetes-admin   10y                 Approved,Issued\n');
    expect((await run(`kubectl get csr server -o jsonpath='{.status.conditions[1].reason}: {.status.conditions[1].message}'`)).out).toBe('SignerValidationFailure: invalid usage for client certificate: server auth');
    // --cluster-signing-duration (8760h) caps what was asked.
    await run(`kubectl get csr year -o jsonpath='{.status.certificate}' | base64 -d > y.crt`);
    const dates = (await run('openssl x509 -in y.crt -noout -dates')).out.split('\n');
    const from = Date.parse(dates[0].slice('notBefore='.length));
    expect(Date.parse(dates[1].slice('notAfter='.length)) - from).toBe(8760 * 3600_000);
  });

  it('auto-approves and signs a kubelet client request as kubeadm allows', async () => {
    const { run } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out myuser.csr -subj "/O=system:nodes/CN=system:node:worker-9"');
    await run(CSR_MANIFEST('node-csr', '', 'kubernetes.io/kube-apiserver-client-kubelet', ['digital signature', 'key encipherment', 'client auth']));
    await run('sleep 1');
    expect((await run('kubectl get csr node-csr --no-headers')).out).toBe('node-csr   1s    kubernetes.io/kube-apiserver-client-kubelet   kubernetes-admin   <none>   Approved,Issued\n');
    expect((await run(`kubectl get csr node-csr -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}'`)).out).toBe(
      'AutoApproved: Auto approving kubelet client certificate after SubjectAccessReview.');
  });

  it('removes issued and denied requests an hour on, pending ones after a day', async () => {
    const { run, cluster } = await session();
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out myuser.csr -subj "/CN=c"');
    for (const n of ['issued', 'denied', 'pending']) await run(CSR_MANIFEST(n));
    await run('kubectl certificate approve issued');
    await run('kubectl certificate deny denied');
    await run('sleep 1');
    cluster.clock.runUntilTime(cluster.clock.now() + 2 * 3600_000);
    expect((await run('kubectl get csr -o name')).out).toBe('certificatesigningrequest.certificates.k8s.io/pending\n');
    cluster.clock.runUntilTime(cluster.clock.now() + 22 * 3600_000);
    expect((await run('kubectl get csr -o name')).out).toBe('certificatesigningrequest.certificates.k8s.io/pending\n');
    cluster.clock.runUntilTime(cluster.clock.now() + 2 * 3600_000);
    expect((await run('kubectl get csr')).out).toBe('No resources found\n');
  });

  it('refuses a certificate the cluster CA did not sign, and an expired one', async () => {
    const { run, cluster } = await session();
    await run('openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.crt -subj "/CN=mallory/O=system:masters" -days 30');
    await run('kubectl config set-credentials mallory --client-key=self.key --client-certificate=self.crt --embed-certs=true');
    expect(await run('kubectl --user mallory get pods')).toEqual({ out: 'error: You must be logged in to the server (Unauthorized)\n', status: 1 });
    await run('openssl genrsa -out k 2048');
    await run('openssl req -new -key k -out myuser.csr -subj "/CN=shortlived"');
    await run(CSR_MANIFEST('short', '  expirationSeconds: 600\n'));
    await run('kubectl certificate approve short');
    await run('sleep 1');
    await run(`kubectl get csr short -o jsonpath='{.status.certificate}' | base64 -d > s.crt`);
    await run('kubectl config set-credentials short --client-key=k --client-certificate=s.crt');
    expect((await run('kubectl --user short auth whoami -o jsonpath={.status.userInfo.username}')).out).toBe('shortlived');
    cluster.clock.runUntilTime(cluster.clock.now() + 11 * 60_000);
    expect(await run('kubectl --user short auth whoami')).toEqual({ out: 'error: You must be logged in to the server (Unauthorized)\n', status: 1 });
    await run('rm s.crt');
    expect((await run('kubectl --user short get pods')).out).toBe('error: unable to read client-cert /home/learner/s.crt for short due to open /home/learner/s.crt: no such file or directory\n');
  });
});

describe('openssl on the node (OpenSSL 3.0)', () => {
  it('asks for the name without -subj, with openssl.cnf defaults and "." for none', async () => {
    const { run } = await session();
    await run('openssl genrsa -out k 2048');
    // Checked with OpenSSL 3.0.19 fed the same answers: the prompts go to stderr, the name is C, ST and CN.
    expect((await run(`printf 'AU\\nVictoria\\n\\n.\\n\\nmyuser\\n\\n\\n\\n' | openssl req -new -key k -out p.csr`)).out).toBe(
      'You are about to be asked to enter information that will be incorporated\ninto your certificate request.\n'
      + 'What you are about to enter is what is called a Distinguished Name or a DN.\nThere are quite a few fields but you can leave some blank\n'
      + 'For some fields there will be a default value,\nIf you enter \'.\', the field will be left blank.\n-----\n'
      + 'Country Name (2 letter code) [AU]:State or Province Name (full name) [Some-State]:Locality Name (eg, city) []:'
      + 'Organization Name (eg, company) [Internet Widgits Pty Ltd]:Organizational Unit Name (eg, section) []:'
      + 'Common Name (e.g. server FQDN or YOUR name) []:Email Address []:\n'
      + 'Please enter the following \'extra\' attributes\nto be sent with your certificate request\nA challenge password []:An optional company name []:');
    expect((await run('openssl req -in p.csr -noout -subject')).out).toBe('subject=C = AU, ST = Victoria, CN = myuser\n');
    expect((await run('openssl req -new -key k -noout -subject < /dev/null')).out).toMatch(/Country Name \(2 letter code\) \[AU\]:Error making certificate request\n$/);
  });

  it('answers bad input as OpenSSL 3.0 does', async () => {
    const { run } = await session();
    expect(await run('openssl genrsa -out nodir/x.key 2048')).toEqual({ out: 'genrsa: Can\'t open "nodir/x.key" for writing, No such file or directory\n', status: 1 });
    await run('openssl genrsa -out k 2048');
    expect((await run('openssl req -new -key k -subj "CN=a"')).out).toBe(
      'req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: \'CN=a\'\n');
    expect((await run('openssl req -in k -noout -text')).out).toMatch(/^Unable to load X509 request\n[0-9A-F]+:error:0480006C:PEM routines:get_name:no start line:.*Expecting: CERTIFICATE REQUEST\n$/);
    expect((await run('openssl x509 -in nope.crt -noout -subject')).out).toMatch(/^Could not open file or uri for loading certificate from nope\.crt\n/);
    expect((await run('openssl x509 -in k -noout -subject')).out).toMatch(/^Could not read certificate from k\n[0-9A-F]+:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:.*\nUnable to load certificate\n$/);
  });
});
