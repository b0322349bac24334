/**
 * kubeadm v1.35 on the lab's control-plane node. Expected texts come from kubeadm's source
 * (cmd/kubeadm/app/cmd/version.go, token.go, certs.go, util/error.go, preflight checks.go), cobra's usage
 * template and pflag's flag table, and real output quoted in the kubernetes.io pages and kubeadm users' logs
 * (check-expiration's "364d"/"9y" rows, init's preflight errors on an initialised node, the offline
 * version fallback of `config images list`).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './test-lab.js';

const HINT = 'To see the stack trace of this error execute with --v=5 or higher\n';

type Lab = Awaited<ReturnType<typeof lab>>;
/** The bootstrap token Secrets in kube-system: `kubeadm init`'s, once kubeadm has run, and any created since. */
const tokenNames = (cluster: Lab['cluster']) => cluster.client().list('secrets', 'kube-system').items.map((s) => s.metadata.name);

describe('kubeadm version', () => {
  it('prints version.Info with %#v, and -o short, json and yaml', async () => {
    const { run } = await lab();
    const plain = await run('kubeadm version');
    expect(plain.status).toBe(0);
    expect(plain.out).toMatch(/^kubeadm version: &version\.Info\{Major:"1", Minor:"35", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"v1\.35\.0", GitCommit:"[0-9a-f]{40}", GitTreeState:"clean", BuildDate:"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", GoVersion:"go1\.\d+\.\d+", Compiler:"gc", Platform:"linux\/amd64"\}\n$/);
    expect(await run('kubeadm version -o short')).toEqual({ out: 'v1.35.0\n', status: 0 });
    const json = JSON.parse((await run('kubeadm version -o json')).out);
    // The emulation and compatibility members are omitempty and a client's Info leaves them empty.
    expect(Object.keys(json.clientVersion)).toEqual(['major', 'minor', 'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']);
    const yaml = (await run('kubeadm version -o yaml')).out;
    // sigs.k8s.io/yaml sorts the keys; Fprintln after the document's own newline leaves a blank line.
    expect(yaml).toMatch(/^clientVersion:\n {2}buildDate: "[^"]+"\n {2}compiler: gc\n {2}gitCommit: [0-9a-f]{40}\n {2}gitTreeState: clean\n {2}gitVersion: v1\.35\.0\n {2}goVersion: go[\d.]+\n {2}major: "1"\n {2}minor: "35"\n {2}platform: linux\/amd64\n\n$/);
    expect(await run('kubeadm version -o xml')).toEqual({ out: `invalid output format: xml\n${HINT}`, status: 1 });
  });

  it('answers unknown commands and flags with cobra\'s errors through CheckErr', async () => {
    const { run } = await lab();
    expect(await run('kubeadm versoin')).toEqual({ out: `unknown command "versoin" for "kubeadm"\n\nDid you mean this?\n\tversion\n\n${HINT}`, status: 1 });
    expect(await run('kubeadm version --foo')).toEqual({ out: `unknown flag: --foo\n${HINT}`, status: 1 });
    expect(await run('kubeadm version extra')).toEqual({ out: `unknown command "extra" for "kubeadm version"\n${HINT}`, status: 1 });
    expect(await run('kubeadm token')).toEqual({ out: `missing subcommand; "token" is not meant to be run on its own\n${HINT}`, status: 1 });
    // ErrInvalidSubCommandMsg: printed without the hint.
    expect(await run('kubeadm token foo')).toEqual({ out: 'invalid subcommand: "foo"\n', status: 1 });
  });
});

describe('kubeadm --help', () => {
  it('prints the root help: the banner, the command list and the flags in pflag\'s layout', async () => {
    const { run } = await lab();
    const help = await run('kubeadm --help');
    expect(help.status).toBe(0);
    expect(help.out.startsWith('\n\n    ┌──────────────────────────────────────────────────────────┐\n    │ KUBEADM                                                  │\n')).toBe(true);
    expect(help.out).toContain(`Usage:
  kubeadm [command]

Available Commands:
  certs       Commands related to handling kubernetes certificates
  completion  Output shell completion code for the specified shell (bash or zsh)
  config      Manage configuration for a kubeadm cluster persisted in a ConfigMap in the cluster
  help        Help about any command
  init        Run this command in order to set up the Kubernetes control plane
  join        Run this on any machine you wish to join an existing cluster
  kubeconfig  Kubeconfig file utilities
  reset       Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'
  token       Manage bootstrap tokens
  upgrade     Upgrade your cluster smoothly to a newer version with this command
  version     Print the version of kubeadm

Flags:
`);
    expect(help.out).toContain(`  -h, --help                     help for kubeadm
`);
    expect(help.out.endsWith(`Additional help topics:
  kubeadm alpha      Kubeadm experimental sub-commands

Use "kubeadm [command] --help" for more information about a command.
`)).toBe(true);
    expect((await run('kubeadm')).out).toBe(help.out);
  });

  it('shows token create\'s use line without [flags], its defaults, and the inherited flags as Global Flags', async () => {
    const { run } = await lab();
    const help = (await run('kubeadm token create --help')).out;
    expect(help).toContain('\nUsage:\n  kubeadm token create [token]\n\nFlags:\n');
    expect(help).toContain("      --ttl duration             The duration before the token is automatically deleted (e.g. 1s, 2m, 3h). If set to '0', the token will never expire (default 24h0m0s)\n");
    expect(help).toContain('      --usages strings           Describes the ways in which this token can be used. You can pass --usages multiple times or provide a comma separated list of options. Valid options: [signing,authentication] (default [signing,authentication])\n');
    expect(help).toMatch(/\nGlobal Flags:\n(.*\n)*      --kubeconfig string +The kubeconfig file to use when talking to the cluster\. .* \(default "\/etc\/kubernetes\/admin\.conf"\)\n/);
    expect((await run('kubeadm help token create')).out).toBe(help);
  });
});

describe('kubeadm token', () => {
  it('creates a Secret of type bootstrap.kubernetes.io/token with the cluster-bootstrap data keys', async () => {
    const { run, cluster } = await lab();
    const created = await run('sudo kubeadm token create abcdef.0123456789abcdef --ttl 1h --description "for worker-3"');
    expect(created).toEqual({ out: 'abcdef.0123456789abcdef\n', status: 0 });
    const secret = cluster.client().get('secrets', 'kube-system', 'bootstrap-token-abcdef') as unknown as { type: string; data: Record<string, string> };
    expect(secret.type).toBe('bootstrap.kubernetes.io/token');
    const data = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    const expiration = new Date(Math.floor((cluster.clock.now() + 3_600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    expect(data).toEqual({
      'token-id': 'abcdef', 'token-secret': '0123456789abcdef', description: 'for worker-3', expiration,
      'usage-bootstrap-signing': 'true', 'usage-bootstrap-authentication': 'true', 'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
    });
    // UpdateOrCreateTokens(failIfExists): a second token with that ID is refused.
    expect(await run('sudo kubeadm token create abcdef.0123456789abcdef')).toEqual({ out: `a token with id "abcdef" already exists\n${HINT}`, status: 1 });
  });

  it('validates the token, usages and groups as the bootstrap token API does', async () => {
    const { run, cluster } = await lab();
    expect(await run('sudo kubeadm token create ABC.def')).toEqual({ out: `the bootstrap token "ABC.def" was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"\n${HINT}`, status: 1 });
    // Field errors of ValidateBootstrapTokens: a utilerrors.Aggregate, which CheckErr prints bare with exit status 3.
    expect(await run('sudo kubeadm token create --usages signing,bogus,authentication')).toEqual({ out: 'bootstrapTokens.0.usages: Invalid value: ["signing","bogus","authentication"]: invalid bootstrap token usage string: bogus, valid usage options: signing,authentication\n', status: 3 });
    expect(await run('sudo kubeadm token create --groups system:nodes')).toEqual({ out: 'bootstrapTokens.0.groups: Invalid value: ["system:nodes"]: bootstrap group "system:nodes" is invalid (must match \\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z)\n', status: 3 });
    // The default group needs the authentication usage.
    expect(await run('sudo kubeadm token create --usages signing')).toEqual({ out: 'bootstrapTokens.0.groups: Invalid value: ["system:bootstrappers:kubeadm:default-node-token"]: token groups cannot be specified unless --usages includes "authentication"\n', status: 3 });
    expect(await run('sudo kubeadm token create --ttl 5x')).toEqual({ out: `invalid argument "5x" for "--ttl" flag: time: invalid duration "5x"\n${HINT}`, status: 1 });
    // Only `kubeadm init`'s token is there.
    expect(tokenNames(cluster)).toEqual([expect.stringMatching(/^bootstrap-token-[a-z0-9]{6}$/)]);
  });

  it('lists tokens in tabwriter columns (minwidth 10, padding 3) with <forever> and <never> for a TTL of 0', async () => {
    const { run, cluster } = await lab();
    // Without `kubeadm init`'s token, the table holds these two alone.
    await run('sudo kubeadm token list');
    expect((await run(`sudo kubeadm token delete ${tokenNames(cluster)[0]!.slice('bootstrap-token-'.length)}`)).status).toBe(0);
    await run('sudo kubeadm token create abcdef.0123456789abcdef');
    await run('sudo kubeadm token create zyxwvu.0123456789abcdef --ttl 0 --usages signing --groups "" --description "no expiry"');
    const list = await run('sudo kubeadm token list');
    expect(list.status).toBe(0);
    expect(list.out).toBe(
      'TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION   EXTRA GROUPS\n' +
      'abcdef.0123456789abcdef   23h         2026-01-02T00:02:00Z   authentication,signing   <none>        system:bootstrappers:kubeadm:default-node-token\n' +
      'zyxwvu.0123456789abcdef   <forever>   <never>                signing                  no expiry     <none>\n',
    );
  });

  it("lists `kubeadm init`'s token, with its description", async () => {
    const { run, cluster } = await lab();
    const list = (await run('sudo kubeadm token list')).out.split('\n');
    const [name] = tokenNames(cluster);
    const id = name!.slice('bootstrap-token-'.length);
    expect(list[0]).toBe('TOKEN                     TTL       EXPIRES                USAGES                   DESCRIPTION                                                EXTRA GROUPS');
    expect(list[1]).toMatch(new RegExp(`^${id}\\.[a-z0-9]{16}   23h       2026-01-02T00:00:00Z   authentication,signing   The default bootstrap token generated by 'kubeadm init'\\.   system:bootstrappers:kubeadm:default-node-token$`));
    // Its deletion by the token cleaner 24 h on: test/scenarios/kube-system-objects.test.ts.
  });

  it("has the token cleaner delete `kubeadm init`'s token when `sim ff` jumps past its expiration right after kubeadm ran", async () => {
    const { run, cluster } = await lab();
    await run('sudo kubeadm token list');
    await run('sim ff 24h');
    expect((await run('sudo kubeadm token list')).out).toBe('TOKEN     TTL       EXPIRES   USAGES    DESCRIPTION   EXTRA GROUPS\n');
    expect(tokenNames(cluster)).toEqual([]);
  });

  it('deletes by ID or full token, and names a token that is not there', async () => {
    const { run } = await lab();
    await run('sudo kubeadm token create abcdef.0123456789abcdef');
    expect(await run('sudo kubeadm token delete abcdef.0123456789abcdef')).toEqual({ out: 'bootstrap token "abcdef" deleted\n', status: 0 });
    expect(await run('sudo kubeadm token delete abcdef')).toEqual({ out: `failed to delete bootstrap token "abcdef": secrets "bootstrap-token-abcdef" not found\n${HINT}`, status: 1 });
    expect(await run('sudo kubeadm token delete nope')).toEqual({ out: `given token didn't match pattern "\\\\A([a-z0-9]{6})\\\\z" or "\\\\A([a-z0-9]{6})\\\\z"\n${HINT}`, status: 1 });
    expect(await run('sudo kubeadm token delete')).toEqual({ out: `missing subcommand; 'token delete' is missing token of form "\\\\A([a-z0-9]{6})\\\\z"\n${HINT}`, status: 1 });
  });

  it('does not write a token under --dry-run, whose dry-run client the lab does not simulate', async () => {
    const { run, cluster } = await lab();
    await run('sudo kubeadm token list');
    expect((await run('sudo kubeadm token create --dry-run')).status).toBe(1);
    expect(tokenNames(cluster)).toHaveLength(1);
  });

  it('generates tokens of the form [a-z0-9]{6}.[a-z0-9]{16} without creating them', async () => {
    const { run, cluster } = await lab();
    await run('sudo kubeadm token list');
    expect((await run('kubeadm token generate')).out).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}\n$/);
    expect(tokenNames(cluster)).toHaveLength(1);
  });
});

describe('kubeadm certs check-expiration', () => {
  it('falls back to the default configuration without a kubeadm-config ConfigMap and prints both tables', async () => {
    const { run, cluster } = await lab();
    expect((await run('kubectl -n kube-system delete configmap kubeadm-config')).out).toBe('configmap "kubeadm-config" deleted from kube-system namespace\n');
    // A day on, a day less is left: 2027-01-01 is 363 days and 22 hours away.
    cluster.advance(25 * 3_600_000);
    const r = await run('sudo kubeadm certs check-expiration');
    expect(r.status).toBe(0);
    const row = (name: string, ca: string) => `${name.padEnd(27)}Jan 01, 2027 00:00 UTC   363d            ${ca.padEnd(24)}no      \n`;
    expect(r.out).toBe(
      '[check-expiration] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n' +
      "[check-expiration] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n" +
      '[check-expiration] Error reading configuration from the Cluster. Falling back to default configuration\n\n' +
      'CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED\n' +
      row('admin.conf', 'ca') + row('apiserver', 'ca') + row('apiserver-etcd-client', 'etcd-ca') + row('apiserver-kubelet-client', 'ca') +
      row('controller-manager.conf', 'ca') + row('etcd-healthcheck-client', 'etcd-ca') + row('etcd-peer', 'etcd-ca') + row('etcd-server', 'etcd-ca') +
      row('front-proxy-client', 'front-proxy-ca') + row('scheduler.conf', 'ca') + row('super-admin.conf', 'ca') +
      '\n' +
      'CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED\n' +
      'ca                      Dec 30, 2035 00:00 UTC   9y              no      \n' +
      'etcd-ca                 Dec 30, 2035 00:00 UTC   9y              no      \n' +
      'front-proxy-ca          Dec 30, 2035 00:00 UTC   9y              no      \n',
    );
  });

  it("checks the front-proxy CA kube-apiserver serves: the extension-apiserver-authentication ConfigMap's is the file's", async () => {
    const { run } = await lab();
    await run("kubectl -n kube-system get cm extension-apiserver-authentication -o jsonpath='{.data.requestheader-client-ca-file}' > /tmp/served.crt");
    expect((await run('[ "$(cat /tmp/served.crt)" = "$(cat /etc/kubernetes/pki/front-proxy-ca.crt)" ] && echo same')).out).toBe('same\n');
    expect((await run('openssl x509 -in /tmp/served.crt -noout -subject -enddate')).out).toBe('subject=CN = front-proxy-ca\nnotAfter=Dec 30 00:00:00 2035 GMT\n');
    // The CA check-expiration reads from the file is the one served.
    expect((await run('kubeadm certs check-expiration')).out).toMatch(/^front-proxy-ca {10}Dec 30, 2035 00:00 UTC {3}9y {14}no {6}$/m);
  });

  it('reads the cluster configuration from the kubeadm-config ConfigMap `kubeadm init` uploaded', async () => {
    const { run } = await lab();
    const out = (await run('sudo kubeadm certs check-expiration')).out;
    expect(out).toMatch(/^\[check-expiration\] Reading .*\n\[check-expiration\] Use .*\n\nCERTIFICATE {16}EXPIRES/);
  });

  it('finds only ca.crt on a worker, which has no admin.conf to read the configuration with', async () => {
    const { run } = await lab();
    const out = (await run('ssh worker-1 sudo kubeadm certs check-expiration')).out;
    // certTextPrinter's "!MISSING! %s\t\t\t\t" rows: the name, then the empty cells padded to the columns; the
    // longest name ("!MISSING! apiserver-kubelet-client", 34) sets the first column's width (plus padding 3).
    const empty = ' '.repeat('EXPIRES   RESIDUAL TIME   CERTIFICATE AUTHORITY   '.length);
    expect(out.split('\n').slice(0, 3)).toEqual([
      `${'CERTIFICATE'.padEnd(37)}EXPIRES   RESIDUAL TIME   CERTIFICATE AUTHORITY   EXTERNALLY MANAGED`,
      `${'!MISSING! admin.conf'.padEnd(37)}${empty}`,
      `${'!MISSING! apiserver'.padEnd(37)}${empty}`,
    ]);
    // Here "!MISSING! front-proxy-ca" (24) sets the width.
    expect(out.split('\n').slice(-5)).toEqual([
      `${'CERTIFICATE AUTHORITY'.padEnd(27)}EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED`,
      `${'ca'.padEnd(27)}Dec 30, 2035 00:00 UTC   9y              no      `,
      `${'!MISSING! etcd-ca'.padEnd(27)}${' '.repeat('Dec 30, 2035 00:00 UTC   9y              '.length)}`,
      `${'!MISSING! front-proxy-ca'.padEnd(27)}${' '.repeat('Dec 30, 2035 00:00 UTC   9y              '.length)}`,
      '',
    ]);
    expect((await run('ssh worker-1 kubeadm token list')).out).toBe(`failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: no such file or directory\n${HINT}`);
  });

  it('prints the certs help and exits 1 when run without a subcommand', async () => {
    const { run } = await lab();
    const r = await run('kubeadm certs');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^Commands related to handling kubernetes certificates\n\nUsage:\n {2}kubeadm certs \[flags\]\n {2}kubeadm certs \[command\]\n\nAliases:\n {2}certs, certificates\n\nAvailable Commands:\n {2}certificate-key  Generate certificate keys\n {2}check-expiration Check certificates expiration for a Kubernetes cluster\n/);
  });
});

describe('kubeadm config', () => {
  it('lists v1.35\'s images, falling back to the client version offline', async () => {
    const { run } = await lab();
    const r = await run('kubeadm config images list');
    expect(r.status).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^W0101 \d\d:\d\d:\d\d\.\d{6} +\d+ version\.go:108\] could not fetch a Kubernetes version from the internet: unable to get URL "https:\/\/dl\.k8s\.io\/release\/stable-1\.txt": Get "https:\/\/dl\.k8s\.io\/release\/stable-1\.txt": dial tcp: lookup dl\.k8s\.io on 127\.0\.0\.53:53: no such host$/);
    expect(lines[1]).toMatch(/^W0101 .* version\.go:109\] falling back to the local client version: v1\.35\.0$/);
    expect(lines.slice(2).join('\n')).toBe([
      'registry.k8s.io/kube-apiserver:v1.35.0', 'registry.k8s.io/kube-controller-manager:v1.35.0', 'registry.k8s.io/kube-scheduler:v1.35.0',
      'registry.k8s.io/kube-proxy:v1.35.0', 'registry.k8s.io/coredns/coredns:v1.13.1', 'registry.k8s.io/pause:3.10.1', 'registry.k8s.io/etcd:3.6.6-0', '',
    ].join('\n'));
    // The images the static pods run are the ones kubeadm lists.
    const manifest = (await run('sudo cat /etc/kubernetes/manifests/etcd.yaml')).out;
    expect(manifest).toContain('image: registry.k8s.io/etcd:3.6.6-0');
    expect((await run('kubeadm config images list --kubernetes-version v1.35.0 --image-repository my.registry')).out.split('\n')[0]).toBe('my.registry/kube-apiserver:v1.35.0');
  });

  it('prints the v1beta4 init defaults', async () => {
    const { run } = await lab();
    const out = (await run('kubeadm config print init-defaults')).out;
    expect(out).toContain('apiVersion: kubeadm.k8s.io/v1beta4\nbootstrapTokens:\n- groups:\n  - system:bootstrappers:kubeadm:default-node-token\n  token: abcdef.0123456789abcdef\n  ttl: 24h0m0s\n');
    expect(out).toContain('nodeRegistration:\n  criSocket: unix:///var/run/containerd/containerd.sock\n  imagePullPolicy: IfNotPresent\n  imagePullSerial: true\n  name: node\n  taints: null\n');
    expect(out).toContain('---\napiServer: {}\napiVersion: kubeadm.k8s.io/v1beta4\ncaCertificateValidityPeriod: 87600h0m0s\ncertificateValidityPeriod: 8760h0m0s\n');
    expect(out).toContain('kind: ClusterConfiguration\nkubernetesVersion: 1.35.0\nnetworking:\n  dnsDomain: cluster.local\n  serviceSubnet: 10.96.0.0/12\nproxy: {}\nscheduler: {}\n');
    expect((await run('kubeadm config print join-defaults')).out).toContain('  name: control-plane\n  taints: null\n');
  });
});

describe('commands that would rebuild the node', () => {
  it('kubeadm init fails preflight on the initialised control plane and changes nothing', async () => {
    const { run } = await lab();
    const r = await run('sudo kubeadm init --kubernetes-version v1.35.0');
    expect(r.status).toBe(1);
    expect(r.out).toBe(
      '[init] Using Kubernetes version: v1.35.0\n[preflight] Running pre-flight checks\n' +
      'error execution phase preflight: [preflight] Some fatal errors occurred:\n' +
      '\t[ERROR Port-6443]: Port 6443 is in use\n\t[ERROR Port-10259]: Port 10259 is in use\n\t[ERROR Port-10257]: Port 10257 is in use\n' +
      '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: /etc/kubernetes/manifests/kube-apiserver.yaml already exists\n' +
      '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml]: /etc/kubernetes/manifests/kube-controller-manager.yaml already exists\n' +
      '\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml]: /etc/kubernetes/manifests/kube-scheduler.yaml already exists\n' +
      '\t[ERROR FileAvailable--etc-kubernetes-manifests-etcd.yaml]: /etc/kubernetes/manifests/etcd.yaml already exists\n' +
      '\t[ERROR Port-10250]: Port 10250 is in use\n\t[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty\n' +
      "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n" + HINT,
    );
    expect((await run('kubectl get nodes -o name')).out).toContain('node/control-plane');
  });

  it('kubeadm reset asks [y/N] and aborts on anything but y', async () => {
    const { run } = await lab();
    const r = await run('echo n | sudo kubeadm reset');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/\[reset\] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted\.\n\[reset\] Are you sure you want to proceed\? \[y\/N\]: aborted reset operation\nTo see the stack trace/);
    expect((await run('ls /etc/kubernetes/manifests')).out).toContain('kube-apiserver.yaml');
  });
});
