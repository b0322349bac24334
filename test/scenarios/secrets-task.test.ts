/**
 * kubernetes.io's Secret tasks, their commands in order: "Distribute Credentials Securely Using Secrets"
 * (tasks/inject-data-application/distribute-credentials-secure.md, with the examples of pods/inject),
 * "Managing Secrets using kubectl" (tasks/configmap-secret/managing-secret-using-kubectl.md) and "Managing Secrets
 * using Configuration File" (managing-secret-using-config-file.md). Where the pages' samples are older than v1.35:
 * secret.yaml's password is 12 bytes (the page's 13 counted a newline an older example had), and describe's
 * columns are tabwriter's (two spaces after the widest cell). kubectl create secret's texts are kubectl v1.35.2's
 * (client-side dry runs of the real binary).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const INJECT = 'https://k8s.io/examples/pods/inject';

describe('Distribute Credentials Securely Using Secrets', () => {
  it('base64 by hand, the Secret from its manifest, get and describe show sizes, not values', async () => {
    const { run } = await interactiveSession();
    expect((await run("echo -n 'my-app' | base64")).out).toBe('bXktYXBw\n');
    expect((await run("echo -n '39528$vdg7Jb' | base64")).out).toBe('Mzk1MjgkdmRnN0pi\n');
    expect((await run(`kubectl apply -f ${INJECT}/secret.yaml`)).out).toBe('secret/test-secret created\n');
    expect((await run('kubectl get secret test-secret')).out).toMatch(/^NAME {10}TYPE {5}DATA {3}AGE\ntest-secret {3}Opaque {3}2 {6}\d+s\n$/);
    expect((await run('kubectl describe secret test-secret')).out).toBe([
      'Name:         test-secret', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====',
      'password:  12 bytes', 'username:  6 bytes', '',
    ].join('\n'));
    // The same Secret straight from kubectl: the same data.
    await run('kubectl delete secret test-secret');
    expect((await run("kubectl create secret generic test-secret --from-literal='username=my-app' --from-literal='password=39528$vdg7Jb'")).out).toBe('secret/test-secret created\n');
    expect((await run("kubectl get secret test-secret -o jsonpath='{.data}'")).out).toBe('{"password":"Mzk1MjgkdmRnN0pi","username":"bXktYXBw"}');
  });

  it('a Secret volume: the files through a shell in the container, laid out as the kubelet\'s AtomicWriter does', async () => {
    const { run, screen } = await interactiveSession(['ls /etc/secret-volume', 'echo "$( cat /etc/secret-volume/username )"', 'echo "$( cat /etc/secret-volume/password )"', 'exit']);
    await run(`kubectl apply -f ${INJECT}/secret.yaml`);
    expect((await run(`kubectl apply -f ${INJECT}/secret-pod.yaml`)).out).toBe('pod/secret-test-pod created\n');
    await run('kubectl wait --for=condition=Ready pod/secret-test-pod');
    expect((await run('kubectl get pod secret-test-pod')).out).toMatch(/\nsecret-test-pod {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    await run('kubectl exec -i -t secret-test-pod -- /bin/bash');
    expect(screen.text).toBe([
      'root@secret-test-pod:/# ls /etc/secret-volume',
      'password  username',
      'root@secret-test-pod:/# echo "$( cat /etc/secret-volume/username )"',
      'my-app',
      'root@secret-test-pod:/# echo "$( cat /etc/secret-volume/password )"',
      '39528$vdg7Jb',
      // bash says `exit` as an interactive shell ends.
      'root@secret-test-pod:/# exit',
      'exit',
      '',
    ].join('\n'));
    // Secret volumes are tmpfs (sticky, 20 bytes an entry); the names link into ..data, a timestamped directory. `..` is
    // the image's /etc, whose many folders widen the link column.
    const top = (await run('kubectl exec secret-test-pod -- ls -la /etc/secret-volume')).out;
    expect(top).toMatch(/^total \d+\ndrwxrwxrwt +3 root root +120 \w{3} [ \d]\d \d\d:\d\d \.\n/);
    expect(top).toMatch(/\nlrwxrwxrwx +1 root root +32 .* \.\.data -> \.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+\n/);
    expect(top).toMatch(/\nlrwxrwxrwx +1 root root +15 .* password -> \.\.data\/password\nlrwxrwxrwx +1 root root +15 .* username -> \.\.data\/username\n$/);
    const data = (await run('kubectl exec secret-test-pod -- ls -la /etc/secret-volume/..data/')).out;
    expect(data).toMatch(/^total 8\ndrwxr-xr-x 2 root root  80 .* \.\ndrwxrwxrwt 3 root root 120 .* \.\.\n-rw-r--r-- 1 root root  12 .* password\n-rw-r--r-- 1 root root   6 .* username\n$/);
  });

  it('defaultMode 0400 (octal in YAML, 256 in the API) and an item\'s path and mode', async () => {
    const { run } = await interactiveSession();
    await run("kubectl create secret generic mysecret --from-literal=username=admin --from-literal=password='S!B\\*d$zDsb='");
    await run(`printf '${[
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: mypod', 'spec:', '  containers:', '  - name: mypod', '    image: redis', '    volumeMounts:',
      '    - name: foo', '      mountPath: "/etc/foo"', '    - name: bar', '      mountPath: "/etc/bar"', '      readOnly: true', '  volumes:', '  - name: foo',
      '    secret:', '      secretName: mysecret', '      defaultMode: 0400', '  - name: bar', '    secret:', '      secretName: mysecret', '      items:',
      '      - key: username', '        path: my-group/my-username', '        mode: 0777',
    ].join('\\n')}\\n' > mypod.yaml`);
    await run('kubectl apply -f mypod.yaml');
    await run('kubectl wait --for=condition=Ready pod/mypod');
    expect((await run("kubectl get pod mypod -o jsonpath='{.spec.volumes[0].secret.defaultMode} {.spec.volumes[1].secret.defaultMode} {.spec.volumes[1].secret.items[0].mode}'")).out).toBe('256 420 511');
    expect((await run('kubectl exec mypod -- ls -l /etc/foo/..data/')).out).toMatch(/\n-r-------- 1 root root 12 .* password\n-r-------- 1 root root  5 .* username\n$/);
    expect((await run('kubectl exec mypod -- ls /etc/bar')).out).toBe('my-group\n');
    expect((await run('kubectl exec mypod -- ls -l /etc/bar/..data/my-group')).out).toMatch(/\n-rwxrwxrwx 1 root root 5 .* my-username\n$/);
    expect((await run('kubectl exec mypod -- cat /etc/bar/my-group/my-username')).out).toBe('admin');
  });

  it('env from one Secret, from two, and envFrom', async () => {
    const { run } = await interactiveSession();
    expect((await run("kubectl create secret generic backend-user --from-literal=backend-username='backend-admin'")).out).toBe('secret/backend-user created\n');
    expect((await run(`kubectl create -f ${INJECT}/pod-single-secret-env-variable.yaml`)).out).toBe('pod/env-single-secret created\n');
    expect((await run("kubectl create secret generic db-user --from-literal=db-username='db-admin'")).out).toBe('secret/db-user created\n');
    expect((await run(`kubectl create -f ${INJECT}/pod-multiple-secret-env-variable.yaml`)).out).toBe('pod/envvars-multiple-secrets created\n');
    await run("kubectl create secret generic test-secret --from-literal=username='my-app' --from-literal=password='39528$vdg7Jb'");
    expect((await run(`kubectl create -f ${INJECT}/pod-secret-envFrom.yaml`)).out).toBe('pod/envfrom-secret created\n');
    await run('kubectl wait --for=condition=Ready pod --all');
    expect((await run("kubectl exec -i -t env-single-secret -- /bin/sh -c 'echo $SECRET_USERNAME'")).out).toBe('backend-admin\n');
    const both = (await run("kubectl exec -i -t envvars-multiple-secrets -- /bin/sh -c 'env | grep _USERNAME'")).out;
    expect(both.split('\n').filter(Boolean).sort()).toEqual(['BACKEND_USERNAME=backend-admin', 'DB_USERNAME=db-admin']);
    // dash's echo turns \n into a newline.
    expect((await run('kubectl exec -i -t envfrom-secret -- /bin/sh -c \'echo "username: $username\\npassword: $password\\n"\'')).out).toBe('username: my-app\npassword: 39528$vdg7Jb\n\n');
  });
});

describe('Managing Secrets using kubectl', () => {
  it('from files, verify, decode, edit, delete', async () => {
    const { run } = await interactiveSession();
    await run("echo -n 'admin' > ./username.txt");
    await run("echo -n 'S!B\\*d$zDsb=' > ./password.txt");
    expect((await run('kubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./password.txt')).out).toBe('secret/db-user-pass created\n');
    expect((await run("kubectl get secret db-user-pass -o jsonpath='{.data}'")).out).toBe('{"password.txt":"UyFCXCpkJHpEc2I9","username.txt":"YWRtaW4="}');
    await run('kubectl delete secret db-user-pass');
    expect((await run('kubectl create secret generic db-user-pass --from-file=username=./username.txt --from-file=password=./password.txt')).out).toBe('secret/db-user-pass created\n');
    expect((await run('kubectl get secrets')).out).toMatch(/^NAME {11}TYPE {5}DATA {3}AGE\ndb-user-pass {3}Opaque {3}2 {6}\d+s\n$/);
    expect((await run('kubectl describe secret db-user-pass')).out).toBe([
      'Name:         db-user-pass', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====',
      'password:  12 bytes', 'username:  5 bytes', '',
    ].join('\n'));
    expect((await run("kubectl get secret db-user-pass -o jsonpath='{.data}'")).out).toBe('{"password":"UyFCXCpkJHpEc2I9","username":"YWRtaW4="}');
    expect((await run("echo 'UyFCXCpkJHpEc2I9' | base64 --decode")).out).toBe('S!B\\*d$zDsb=');
    expect((await run("kubectl get secret db-user-pass -o jsonpath='{.data.password}' | base64 --decode")).out).toBe('S!B\\*d$zDsb=');
    // kubectl edit with an editor that rewrites the base64 value in place.
    expect((await run("KUBE_EDITOR='sed -i s/YWRtaW4=/cm9vdA==/' kubectl edit secrets db-user-pass")).out).toBe('secret/db-user-pass edited\n');
    expect((await run("kubectl get secret db-user-pass -o jsonpath='{.data.username}' | base64 --decode")).out).toBe('root');
    expect((await run('kubectl delete secret db-user-pass')).out).toBe('secret "db-user-pass" deleted from default namespace\n');
  });

  it('kubectl create secret generic refuses what kubectl v1.35.2 refuses, in its words', async () => {
    const { run } = await interactiveSession();
    await run("printf 'a=1\\na=2\\n' > dup.env; mkdir d; printf x > d/one.txt");
    const cases: [string, string][] = [
      ['--from-literal=a=1 --from-literal=a=2', 'cannot add key a, another key by that name already exists'],
      ["--from-literal='b@d=1'", "\"b@d\" is not valid key name for a Secret a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
      ['--from-env-file=d', 'env secret file cannot be a directory'],
      ['--from-env-file=dup.env', 'cannot add key a, another key by that name already exists'],
      ['--from-file=d/one.txt --from-literal=one.txt=x', 'cannot add key one.txt, another key by that name already exists'],
      ['--from-file=k=d', 'cannot give a key name for a directory path'],
      ['--from-file=k=', 'file path for key name k missing'],
      ['--from-file=a=b=c', "key names or file paths cannot contain '='"],
      ['--from-env-file=dup.env --from-literal=x=y', 'from-env-file cannot be combined with from-file or from-literal'],
    ];
    for (const [flags, err] of cases) {
      const r = await run(`kubectl create secret generic s ${flags}`);
      expect([r.out, r.status], flags).toEqual([`error: ${err}\n`, 1]);
    }
    expect((await run('kubectl get secrets')).out).toBe('No resources found in default namespace.\n');
    // A bare name in an env file takes kubectl's own environment, empty when unset; leading blanks go, trailing stay.
    await run("printf '  a=1\\nFOO\\nBAR\\nc= spaced \\nx.y-z=1=2\\n' > odd.env");
    expect((await run('FOO=from-shell kubectl create secret generic odd --from-env-file=odd.env --dry-run=client -o yaml')).out).toBe(
      'apiVersion: v1\ndata:\n  BAR: ""\n  FOO: ZnJvbS1zaGVsbA==\n  a: MQ==\n  c: IHNwYWNlZCA=\n  x.y-z: MT0y\nkind: Secret\nmetadata:\n  name: odd\n',
    );
  });
});

describe('Managing Secrets using Configuration File', () => {
  it('data and stringData: stringData wins for a key in both; the API stores only data', async () => {
    const { run } = await interactiveSession();
    await run("printf 'apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: mysecret\\ntype: Opaque\\ndata:\\n  username: YWRtaW4=\\nstringData:\\n  username: administrator\\n' > secret.yaml");
    expect((await run('kubectl apply -f ./secret.yaml')).out).toBe('secret/mysecret created\n');
    const y = (await run('kubectl get secret mysecret -o yaml')).out;
    expect(y).toMatch(/^apiVersion: v1\ndata:\n {2}username: YWRtaW5pc3RyYXRvcg==\nkind: Secret\nmetadata:\n/);
    expect(y).not.toMatch(/^stringData:/m);
    expect(y).toMatch(/\ntype: Opaque\n$/);
    // The last-applied annotation keeps the manifest as written, stringData included.
    expect(y).toContain('"stringData":{"username":"administrator"}');
  });
});
