/**
 * kubernetes.io's task "Configure a Pod to Use a ConfigMap"
 * (content/en/docs/tasks/configure-pod-container/configure-pod-configmap.md), its commands in order against the
 * example files as https://kubernetes.io/examples serves them. Where the page's sample output is older than v1.35,
 * the expectation is what v1.35 prints, checked against the real kubectl v1.35.2 (client-side dry runs and
 * `kubectl kustomize`) or its source:
 * - describe (pkg/describe ConfigMapDescriber) writes an empty line after each value, then `BinaryData`, then Events;
 * - `-o yaml` sorts keys (data before metadata) and writes a value without a final newline as `|-`;
 * - several --from-env-file are all read (a key in two of them is an error), not only the last as the page says;
 * - kustomize v5.7's name hashes are not the page's older ones (game-config-4-tbg7c4gc77, not -m9dm2f92bt), and
 *   describe no longer shows the last-applied-configuration annotation `apply -k` sets;
 * - the kubelet no longer skips envFrom keys that are not C identifiers (no InvalidEnvironmentVariableNames event).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const DIR = 'configure-pod-container/configmap';
const GAME = ['enemies=aliens', 'lives=3', 'enemies.cheat=true', 'enemies.cheat.level=noGoodRotten', 'secret.code.passphrase=UUDDLRLRBABAS', 'secret.code.allowed=true', 'secret.code.lives=30'];
const UI = ['color.good=purple', 'color.bad=yellow', 'allow.textmode=true', 'how.nice.to.look=fairlyNice'];
const header = (name: string, annotations = '<none>') => `Name:         ${name}\nNamespace:    default\nLabels:       <none>\nAnnotations:  ${annotations}\n`;
/** The YAML of a configmap as `kubectl get -o yaml` prints it, metadata's server-set fields matched loosely. */
const cmYaml = (name: string, data: string) => new RegExp(`^apiVersion: v1\ndata:\n${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}kind: ConfigMap\nmetadata:\n  creationTimestamp: "[-0-9T:Z]+"\n  name: ${name}\n  namespace: default\n  resourceVersion: "\\d+"\n  uid: [-0-9a-f]{36}\n$`);

async function pageFiles() {
  const s = await interactiveSession();
  await s.run(`mkdir -p ${DIR}/`);
  for (const f of ['game.properties', 'ui.properties', 'game-env-file.properties', 'ui-env-file.properties']) {
    const r = await s.run(`wget https://kubernetes.io/examples/configmap/${f} -O ${DIR}/${f}`);
    expect(r.status, f).toBe(0);
  }
  return s;
}

describe('Configure a Pod to Use a ConfigMap: creating ConfigMaps', () => {
  it('downloads the sample files with wget, as octet streams of their recorded sizes', async () => {
    const { run } = await interactiveSession();
    expect((await run(`mkdir -p ${DIR}/`)).out).toBe('');
    const w = await run(`wget https://kubernetes.io/examples/configmap/game.properties -O ${DIR}/game.properties`);
    expect(w.out).toContain('HTTP request sent, awaiting response... 200 OK\nLength: 157 [application/octet-stream]\n');
    expect(w.out).toContain(`‘${DIR}/game.properties’ saved [157/157]\n`);
    expect((await run(`cat ${DIR}/game.properties`)).out).toBe(GAME.join('\n'));
  });

  it('from a directory: each regular file a key; describe and -o yaml as v1.35 prints them', async () => {
    const { run } = await pageFiles();
    await run(`rm ${DIR}/game-env-file.properties ${DIR}/ui-env-file.properties`);
    expect((await run(`kubectl create configmap game-config --from-file=${DIR}/`)).out).toBe('configmap/game-config created\n');
    expect((await run('kubectl describe configmaps game-config')).out).toBe(
      `${header('game-config')}\nData\n====\ngame.properties:\n----\n${GAME.join('\n')}\n\nui.properties:\n----\n${UI.join('\n')}\n\n\n\nBinaryData\n====\n\nEvents:  <none>\n`,
    );
    // game.properties ends without a newline (|-), ui.properties with one (|).
    expect((await run('kubectl get configmaps game-config -o yaml')).out).toMatch(cmYaml('game-config', `  game.properties: |-\n${GAME.map((l) => `    ${l}\n`).join('')}  ui.properties: |\n${UI.map((l) => `    ${l}\n`).join('')}`));
    expect((await run('kubectl get configmap game-config')).out).toMatch(/^NAME {10}DATA {3}AGE\ngame-config {3}2 {6}\d+s\n$/);
  });

  it('from files, several --from-file, and a name already taken', async () => {
    const { run } = await pageFiles();
    expect((await run(`kubectl create configmap game-config-2 --from-file=${DIR}/game.properties`)).out).toBe('configmap/game-config-2 created\n');
    expect((await run('kubectl describe configmaps game-config-2')).out).toBe(`${header('game-config-2')}\nData\n====\ngame.properties:\n----\n${GAME.join('\n')}\n\n\nBinaryData\n====\n\nEvents:  <none>\n`);
    // The page's next step reuses the name: the API server refuses it and kubectl says what it failed at.
    const again = await run(`kubectl create configmap game-config-2 --from-file=${DIR}/game.properties --from-file=${DIR}/ui.properties`);
    expect([again.out, again.status]).toEqual(['error: failed to create configmap: configmaps "game-config-2" already exists\n', 1]);
    await run('kubectl delete configmap game-config-2');
    await run(`kubectl create configmap game-config-2 --from-file=${DIR}/game.properties --from-file=${DIR}/ui.properties`);
    expect((await run('kubectl describe configmaps game-config-2')).out).toContain(`ui.properties:\n----\n${UI.join('\n')}\n`);
  });

  it('from env files: comments and blank lines skipped, quotes kept; several files merged, a repeated key refused', async () => {
    const { run } = await pageFiles();
    expect((await run(`cat ${DIR}/game-env-file.properties`)).out).toBe('enemies=aliens\nlives=3\nallowed="true"\n\n# This comment and the empty line above it are ignored\n');
    await run(`kubectl create configmap game-config-env-file --from-env-file=${DIR}/game-env-file.properties`);
    // The page's block, byte for byte.
    expect((await run('kubectl get configmap game-config-env-file -o yaml')).out).toMatch(cmYaml('game-config-env-file', `  allowed: '"true"'\n  enemies: aliens\n  lives: "3"\n`));
    await run(`kubectl create configmap config-multi-env-files --from-env-file=${DIR}/game-env-file.properties --from-env-file=${DIR}/ui-env-file.properties`);
    // kubectl v1.35.2 (dry run): every file's keys, sorted.
    expect((await run('kubectl get configmap config-multi-env-files -o yaml')).out).toMatch(cmYaml('config-multi-env-files', `  allowed: '"true"'\n  color: purple\n  enemies: aliens\n  how: fairlyNice\n  lives: "3"\n  textmode: "true"\n`));
    await run("printf 'lives=4\\n' > more.env");
    const dup = await run(`kubectl create configmap dup --from-env-file=${DIR}/game-env-file.properties --from-env-file=more.env`);
    expect([dup.out, dup.status]).toEqual(['error: cannot add key "lives", another key by that name already exists in Data for ConfigMap "dup"\n', 1]);
  });

  it('a key for a file, and literals', async () => {
    const { run } = await pageFiles();
    await run(`kubectl create configmap game-config-3 --from-file=game-special-key=${DIR}/game.properties`);
    expect((await run('kubectl get configmaps game-config-3 -o yaml')).out).toMatch(cmYaml('game-config-3', `  game-special-key: |-\n${GAME.map((l) => `    ${l}\n`).join('')}`));
    expect((await run('kubectl create configmap special-config --from-literal=special.how=very --from-literal=special.type=charm')).out).toBe('configmap/special-config created\n');
    expect((await run('kubectl get configmaps special-config -o yaml')).out).toMatch(cmYaml('special-config', '  special.how: very\n  special.type: charm\n'));
  });

  it('refuses what kubectl v1.35.2 refuses, in its words, and creates nothing', async () => {
    const { run } = await interactiveSession();
    await run("mkdir -p d/sub; printf one > d/one.txt; printf 'export b=2\\n' > export.env; printf '1abc=1\\n' > digit.env");
    const envName = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
    const configKey = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    const cases: [string, string][] = [
      ['--from-env-file=export.env', `"export b" is not a valid key name: ${envName}`],
      ['--from-env-file=digit.env', `"1abc" is not a valid key name: ${envName}`],
      ['--from-env-file=d', 'env config file cannot be a directory'],
      ['--from-env-file=nope', 'error reading nope: no such file or directory'],
      ['--from-file=nope', 'error reading nope: no such file or directory'],
      ['--from-file=k=d', 'cannot give a key name for a directory path'],
      ['--from-file==d/one.txt', 'key name for file path d/one.txt missing'],
      ['--from-file=a=b=c', "key names or file paths cannot contain '='"],
      ['--from-file=bad@key=d/one.txt', `"bad@key" is not a valid key name for a ConfigMap: ${configKey}`],
      ["--from-literal='b@d=1'", `"b@d" is not a valid key name for a ConfigMap: ${configKey}`],
      ['--from-literal=noeq', 'invalid literal source noeq, expected key=value'],
      ['--from-literal==x', 'invalid literal source =x, expected key=value'],
      ['--from-file=d/one.txt --from-literal=one.txt=x', 'cannot add key "one.txt", another key by that name already exists in Data for ConfigMap "c"'],
    ];
    for (const [flags, err] of cases) {
      const r = await run(`kubectl create configmap c ${flags}`);
      expect([r.out, r.status], flags).toEqual([`error: ${err}\n`, 1]);
    }
    expect((await run('kubectl get configmap c')).out).toBe('Error from server (NotFound): configmaps "c" not found\n');
    // A directory's regular files only; an empty value and an '=' in a value are kept; --append-hash names by content.
    expect((await run('kubectl create configmap c --from-file=d --from-literal=a= --from-literal=b==c --dry-run=client -o yaml')).out).toBe('apiVersion: v1\ndata:\n  a: ""\n  b: =c\n  one.txt: one\nkind: ConfigMap\nmetadata:\n  name: c\n');
    expect((await run('kubectl create secret generic s11 --from-literal=a=b --append-hash --dry-run=client -o jsonpath={.metadata.name}')).out).toBe('s11-5d457bff5c');
  });

  it('configMapGenerator with kubectl apply -k: the content hash kustomize v5.7 gives (as kubectl v1.35.2 kustomize prints it)', async () => {
    const { run } = await pageFiles();
    await run(`printf 'configMapGenerator:\\n- name: game-config-4\\n  files:\\n  - ${DIR}/game.properties\\n' > kustomization.yaml`);
    expect((await run('kubectl apply -k .')).out).toBe('configmap/game-config-4-tbg7c4gc77 created\n');
    expect((await run('kubectl get configmap game-config-4-tbg7c4gc77')).out).toMatch(/^NAME {23}DATA {3}AGE\ngame-config-4-tbg7c4gc77 {3}1 {6}\d+s\n$/);
    // The page's describe shows the last-applied annotation; v1.35's describe skips it (describe.go skipAnnotations).
    expect((await run('kubectl get configmap game-config-4-tbg7c4gc77 -o jsonpath={.metadata.annotations}')).out).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect((await run('kubectl describe configmaps/game-config-4-tbg7c4gc77')).out).toBe(`${header('game-config-4-tbg7c4gc77')}\nData\n====\ngame.properties:\n----\n${GAME.join('\n')}\n\n\nBinaryData\n====\n\nEvents:  <none>\n`);
    await run(`printf 'configMapGenerator:\\n- name: game-config-5\\n  files:\\n  - game-special-key=${DIR}/game.properties\\n' > kustomization.yaml`);
    expect((await run('kubectl apply -k .')).out).toBe('configmap/game-config-5-tfhf8f4fkf created\n');
    await run("printf 'configMapGenerator:\\n- name: special-config-2\\n  literals:\\n  - special.how=very\\n  - special.type=charm\\n' > kustomization.yaml");
    expect((await run('kubectl apply -k .')).out).toBe('configmap/special-config-2-2b86tk8fhm created\n');
  });
});

describe('Configure a Pod to Use a ConfigMap: consuming them', () => {
  /** The page's pods are all dapi-test-pod: each runs its command once; its log, then it goes for the next. */
  async function podLog(run: (line: string) => Promise<{ out: string }>, example: string): Promise<string> {
    expect((await run(`kubectl create -f https://kubernetes.io/examples/pods/${example}.yaml`)).out).toBe('pod/dapi-test-pod created\n');
    await run('sleep 20');
    const log = (await run('kubectl logs dapi-test-pod')).out;
    expect((await run('kubectl get pod dapi-test-pod')).out).toMatch(/\ndapi-test-pod {3}0\/1 {5}Completed {3}0 {10}\d+s\n$/);
    await run('kubectl delete pod dapi-test-pod --now');
    return log;
  }

  it('env from one key, from several ConfigMaps, envFrom, and $(VAR) in the command', async () => {
    const { run, cluster } = await interactiveSession();
    await run('kubectl create configmap special-config --from-literal=special.how=very');
    expect(await podLog(run, 'pod-single-configmap-env-variable')).toMatch(/^SPECIAL_LEVEL_KEY=very$/m);
    await run('kubectl delete configmap special-config');
    expect((await run('kubectl create -f https://kubernetes.io/examples/configmap/configmaps.yaml')).out).toBe('configmap/special-config created\nconfigmap/env-config created\n');
    const multi = await podLog(run, 'pod-multiple-configmap-env-variable');
    expect(multi).toMatch(/^SPECIAL_LEVEL_KEY=very$/m);
    expect(multi).toMatch(/^LOG_LEVEL=INFO$/m);
    await run('kubectl delete configmap special-config');
    await run('kubectl create -f https://kubernetes.io/examples/configmap/configmap-multikeys.yaml');
    const all = await podLog(run, 'pod-configmap-envFrom');
    expect(all).toMatch(/^SPECIAL_LEVEL=very$/m);
    expect(all).toMatch(/^SPECIAL_TYPE=charm$/m);
    expect(await podLog(run, 'pod-configmap-env-var-valueFrom')).toBe('very charm\n');
    expect(cluster.clock.errors).toEqual([]);
  });

  it('a volume of every key, and of one key at a chosen path', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create -f https://kubernetes.io/examples/configmap/configmap-multikeys.yaml');
    // Not a terminal: one name a line.
    expect(await podLog(run, 'pod-configmap-volume')).toBe('SPECIAL_LEVEL\nSPECIAL_TYPE\n');
    expect(await podLog(run, 'pod-configmap-volume-specific-key')).toBe('very\n');
    // On a terminal, busybox's ls writes columns as wide as the longest name and two spaces.
    await run("printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: shell\\nspec:\\n  containers:\\n  - name: c\\n    image: registry.k8s.io/busybox:1.27.2\\n    command: [\"sleep\", \"3600\"]\\n    volumeMounts:\\n    - name: v\\n      mountPath: /etc/config\\n  volumes:\\n  - name: v\\n    configMap:\\n      name: special-config\\n' | kubectl apply -f -");
    await run('kubectl wait --for=condition=Ready pod/shell');
    expect((await run('kubectl exec -it shell -- ls /etc/config/')).out).toBe('SPECIAL_LEVEL  SPECIAL_TYPE\n');
  });

  it('a mounted ConfigMap follows an update at the pod\'s next periodic sync (60-90 s), or at once when an annotation changes', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create -f https://kubernetes.io/examples/configmap/configmap-multikeys.yaml');
    await run(`printf '${[
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: watcher', 'spec:', '  containers:', '  - name: c', '    image: busybox:1.28',
      '    command: ["sleep", "3600"]', '    volumeMounts:', '    - name: config-volume', '      mountPath: /etc/config', '    - name: sub',
      '      mountPath: /etc/sub/SPECIAL_LEVEL', '      subPath: SPECIAL_LEVEL', '  volumes:', '  - name: config-volume', '    configMap:',
      '      name: special-config', '  - name: sub', '    configMap:', '      name: special-config',
    ].join('\\n')}\\n' > watcher.yaml`);
    await run('kubectl apply -f watcher.yaml');
    await run('kubectl wait --for=condition=Ready pod/watcher');
    const before = (await run('kubectl exec watcher -- ls -a /etc/config')).out;
    await run('kubectl patch configmap special-config -p \'{"data":{"SPECIAL_LEVEL":"extremely"}}\'');
    expect((await run('kubectl exec watcher -- cat /etc/config/SPECIAL_LEVEL')).out).toBe('very');
    await run('sleep 91');
    expect((await run('kubectl exec watcher -- cat /etc/config/SPECIAL_LEVEL')).out).toBe('extremely');
    // A subPath mount is the file as it was at start, and does not follow (the page's note).
    expect((await run('kubectl exec watcher -- cat /etc/sub/SPECIAL_LEVEL')).out).toBe('very');
    expect((await run('kubectl exec watcher -- ls -l /etc/sub')).out).toMatch(/^total \d+\n-rw-r--r-- +1 root +root +4 .* SPECIAL_LEVEL\n$/);
    // AtomicWriter: a new timestamped directory behind ..data, the old one gone.
    const after = (await run('kubectl exec watcher -- ls -a /etc/config')).out;
    expect(after).not.toBe(before);
    expect(after.match(/\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+/g)).toHaveLength(1);
    await run('kubectl patch configmap special-config -p \'{"data":{"SPECIAL_LEVEL":"again"}}\'');
    await run('kubectl annotate pod watcher refresh=1');
    await run('sleep 1');
    expect((await run('kubectl exec watcher -- cat /etc/config/SPECIAL_LEVEL')).out).toBe('again');
  });

  it('immutable ConfigMaps refuse changes to data and to immutable', async () => {
    const { run } = await interactiveSession();
    await run("printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: imm\\ndata:\\n  a: \"1\"\\nimmutable: true\\n' > imm.yaml");
    await run('kubectl apply -f imm.yaml');
    const data = await run('kubectl patch configmap imm -p \'{"data":{"a":"2"}}\'');
    expect([data.out, data.status]).toEqual(['The ConfigMap "imm" is invalid: data: Forbidden: field is immutable when `immutable` is set\n', 1]);
    expect((await run('kubectl patch configmap imm -p \'{"immutable":false}\'')).out).toBe('The ConfigMap "imm" is invalid: immutable: Forbidden: field is immutable when `immutable` is set\n');
  });

  it('a missing ConfigMap or key keeps the container in CreateContainerConfigError; optional ones are skipped', async () => {
    const { run } = await interactiveSession();
    const pod = (name: string, env: string[]) => run(`printf '${['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', '  containers:', '  - name: c', '    image: busybox:1.28', '    command: ["sh", "-c", "env; sleep 3600"]', '    env:', ...env].join('\\n')}\\n' | kubectl apply -f -`);
    const ref = (env: string, cm: string, key: string, optional = false) => [`    - name: ${env}`, '      valueFrom:', '        configMapKeyRef:', `          name: ${cm}`, `          key: ${key}`, ...(optional ? ['          optional: true'] : [])];
    await run('kubectl create configmap special-config --from-literal=special.how=very');
    await pod('no-map', ref('X', 'nope', 'k'));
    await pod('no-key', ref('X', 'special-config', 'special.type'));
    await pod('optional', [...ref('X', 'nope', 'k', true), ...ref('Y', 'special-config', 'special.type', true), ...ref('Z', 'special-config', 'special.how')]);
    await run('sleep 20');
    const table = (await run('kubectl get pods')).out;
    expect(table).toMatch(/\nno-map {5}0\/1 {5}CreateContainerConfigError {3}0 {10}\d+s\n/);
    expect(table).toMatch(/\nno-key {5}0\/1 {5}CreateContainerConfigError {3}0 {10}\d+s\n/);
    expect(table).toMatch(/\noptional {3}1\/1 {5}Running {22}0 {10}\d+s\n/);
    expect((await run('kubectl describe pod no-map')).out).toMatch(/Warning {2}Failed {5}\d+s \(x\d+ over \d+s\) +kubelet +spec\.containers\{c\}: Error: configmap "nope" not found\n/);
    expect((await run('kubectl describe pod no-key')).out).toContain('spec.containers{c}: Error: couldn\'t find key special.type in ConfigMap default/special-config\n');
    const env = (await run('kubectl logs optional')).out;
    expect(env).toMatch(/^Z=very$/m);
    expect(env).not.toMatch(/^[XY]=/m);
  });

  it('envFrom keys that are no C identifiers reach the container in v1.35, with no event (the page\'s InvalidEnvironmentVariableNames is older)', async () => {
    const { run } = await interactiveSession();
    await run('kubectl create configmap myconfig --from-literal=1badkey=x --from-literal=2alsobad=y --from-literal=good=z');
    await run(`printf '${['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: dapi-test-pod', 'spec:', '  restartPolicy: Never', '  containers:', '  - name: c', '    image: busybox:1.28', '    command: ["env"]', '    envFrom:', '    - configMapRef:', '        name: myconfig'].join('\\n')}\\n' | kubectl apply -f -`);
    await run('sleep 20');
    const env = (await run('kubectl logs dapi-test-pod')).out;
    for (const v of ['1badkey=x', '2alsobad=y', 'good=z']) expect(env).toMatch(new RegExp(`^${v}$`, 'm'));
    expect((await run('kubectl get events')).out).not.toContain('InvalidEnvironmentVariableNames');
  });
});
