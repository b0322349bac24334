/**
 * authentication.k8s.io/v1 TokenReview and SelfSubjectReview, authorization.k8s.io/v1 SubjectAccessReview,
 * LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview on a kubeadm v1.35 cluster.
 * Expectations from upstream: the discovery rows of a v1.35 cluster's `kubectl api-resources` (create-only,
 * LocalSubjectAccessReview namespaced); pkg/registry/authentication/tokenreview and selfsubjectreview,
 * pkg/registry/authorization/* and pkg/apis/authorization/validation (release-1.35); bearertoken.go's "invalid bearer
 * token" and pkg/serviceaccount/claims.go's errors, aggregated by the authenticator union as kube-apiserver logs them
 * ("[invalid bearer token, service account token has expired]"); go-restful's 405 for a verb the storage lacks;
 * kubectl's checkErr (pkg/cmd/util/helpers.go v0.35.2) for an Invalid error without kind or name; the real kubectl
 * v1.35.2's -v=6 line for `auth can-i` (the POST of a SelfSubjectAccessReview, 201 Created) and cli-runtime's
 * NamePrinter (`<unknown>` for an object without a name).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** A manifest written into the shell's working directory. */
const file = (name: string, text: string) => `cat > ${name} <<'EOF'\n${text}EOF`;

describe('authentication.k8s.io and authorization.k8s.io reviews', () => {
  it('are served create-only, as a v1.35 cluster lists them, and every other verb is MethodNotAllowed', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl api-resources --api-group=authentication.k8s.io')).out).toBe(
      'NAME                 SHORTNAMES   APIVERSION                 NAMESPACED   KIND\n'
      + 'selfsubjectreviews                authentication.k8s.io/v1   false        SelfSubjectReview\n'
      + 'tokenreviews                      authentication.k8s.io/v1   false        TokenReview\n');
    expect((await run('kubectl api-resources --api-group=authorization.k8s.io -o wide')).out).toBe(
      'NAME                        SHORTNAMES   APIVERSION                NAMESPACED   KIND                       VERBS    CATEGORIES\n'
      + 'localsubjectaccessreviews                authorization.k8s.io/v1   true         LocalSubjectAccessReview   create   \n'
      + 'selfsubjectaccessreviews                 authorization.k8s.io/v1   false        SelfSubjectAccessReview    create   \n'
      + 'selfsubjectrulesreviews                  authorization.k8s.io/v1   false        SelfSubjectRulesReview     create   \n'
      + 'subjectaccessreviews                     authorization.k8s.io/v1   false        SubjectAccessReview        create   \n');
    const versions = (await run('kubectl api-versions')).out.split('\n');
    expect(versions).toContain('authentication.k8s.io/v1');
    expect(versions).toContain('authorization.k8s.io/v1');
    const notAllowed = 'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n';
    expect(await run('kubectl get tokenreviews')).toEqual({ out: notAllowed, status: 1 });
    expect(await run('kubectl get selfsubjectaccessreviews.authorization.k8s.io x')).toEqual({ out: notAllowed, status: 1 });
    expect(await run('kubectl delete subjectaccessreview x')).toEqual({ out: notAllowed, status: 1 });
  });

  it('SelfSubjectAccessReview and SubjectAccessReview answer with the RBAC authorizer, for the requester or the subject named', async () => {
    const { run } = await interactiveSession();
    await run(file('ssar.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nspec:\n  resourceAttributes:\n    group: apps\n    resource: deployments\n    verb: create\n    namespace: dev\n'));
    expect((await run('kubectl create -f ssar.yaml -o yaml')).out).toBe(
      'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nmetadata: {}\nspec:\n  resourceAttributes:\n'
      + '    group: apps\n    namespace: dev\n    resource: deployments\n    verb: create\nstatus:\n  allowed: true\n'
      // go-yaml folds the long reason as the real kubectl prints it (checked with kubectl v1.35.2's own YAML printer).
      + '  reason: \'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole\n    "cluster-admin" to Group "kubeadm:cluster-admins"\'\n');
    // Impersonated: the review answers for jane, whom nothing binds (allowed is always written, reason only when set).
    expect((await run('kubectl create -f ssar.yaml -o jsonpath={.status} --as=jane')).out).toBe('{"allowed":false}');
    // Nothing is stored: the name printer has no name to print.
    expect((await run('kubectl create -f ssar.yaml')).out).toBe('selfsubjectaccessreview.authorization.k8s.io/<unknown> created\n');

    await run('kubectl create namespace dev');
    await run('kubectl create rolebinding jane-view --clusterrole=view --user=jane -n dev');
    await run(file('sar.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  user: jane\n  resourceAttributes:\n    namespace: dev\n    verb: list\n    resource: pods\n'));
    expect((await run('kubectl create -f sar.yaml -o jsonpath={.status}')).out)
      .toBe('{"allowed":true,"reason":"RBAC: allowed by RoleBinding \\"jane-view/dev\\" of ClusterRole \\"view\\" to User \\"jane\\""}');
    // The privileged-group authorizer comes first: system:masters is allowed with no reason.
    await run(file('masters.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  groups: ["system:masters"]\n  nonResourceAttributes:\n    path: /logs\n    verb: get\n'));
    expect((await run('kubectl create -f masters.yaml -o jsonpath={.status}')).out).toBe('{"allowed":true}');
  });

  it('validation: an invalid review is "The request is invalid", its causes listed', async () => {
    const { run } = await interactiveSession();
    await run(file('bad.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nmetadata:\n  name: x\nspec:\n  resourceAttributes:\n    verb: get\n  nonResourceAttributes:\n    path: /healthz\n    verb: get\n'));
    expect(await run('kubectl create -f bad.yaml')).toEqual({
      out: 'The request is invalid: \n'
        + '* spec.nonResourceAttributes: Invalid value: {"path":"/healthz","verb":"get"}: cannot be specified in combination with resourceAttributes\n'
        + '* spec.user: Invalid value: "": at least one of user or group must be specified\n'
        + '* metadata: Invalid value: {"name":"x"}: must be empty\n',
      status: 1,
    });
    await run(file('lsar.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: LocalSubjectAccessReview\nmetadata:\n  namespace: kube-system\nspec:\n  user: jane\n  resourceAttributes:\n    namespace: default\n    verb: get\n    resource: pods\n'));
    expect(await run('kubectl create -f lsar.yaml')).toEqual({
      out: 'The request is invalid: spec.resourceAttributes.namespace: Invalid value: "default": must match metadata.namespace\n',
      status: 1,
    });
    await run(file('ssrr.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectRulesReview\nspec: {}\n'));
    expect(await run('kubectl create -f ssrr.yaml')).toEqual({ out: 'Error from server (BadRequest): error when creating "ssrr.yaml": no namespace on request\n', status: 1 });
  });

  it('TokenReview validates the ServiceAccount tokens the cluster issues, their audiences and their expiry', async () => {
    const { run } = await interactiveSession();
    const review = async (token: string, audiences?: string[]) => {
      const aud = audiences ? `  audiences: [${audiences.map((a) => JSON.stringify(a)).join(', ')}]\n` : '';
      await run(file('tr.yaml', `apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec:\n  token: ${token}\n${aud}`));
      return JSON.parse((await run('kubectl create -f tr.yaml -o json')).out);
    };
    const token = (await run('kubectl create token default')).out.trim();
    const ok = await review(token);
    expect(ok.status.authenticated).toBe(true);
    expect(ok.status.audiences).toEqual([ISSUER]);
    expect(ok.status.user.username).toBe('system:serviceaccount:default:default');
    expect(ok.status.user.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    expect(ok.status.user.uid).toBe((await run(`kubectl get sa default -o jsonpath='{.metadata.uid}'`)).out);
    expect(Object.keys(ok.status.user.extra)).toEqual(['authentication.kubernetes.io/credential-id']);

    const api1 = (await run('kubectl create token default --audience=api1')).out.trim();
    expect((await review(api1, ['api1'])).status).toMatchObject({ authenticated: true, audiences: ['api1'] });
    // Asked for the API server's own audience, a token for api1 is refused with the authenticator's reason.
    expect((await review(api1)).status).toEqual({
      user: {},
      error: `[invalid bearer token, token audiences ["api1"] is invalid for the target audiences ["${ISSUER}"]]`,
    });
    expect((await review('not-a-jwt')).status).toEqual({ user: {}, error: 'invalid bearer token' });
    expect((await run(file('empty.yaml', 'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec: {}\n')))).toMatchObject({ status: 0 });
    expect(await run('kubectl create -f empty.yaml')).toEqual({ out: 'Error from server (BadRequest): error when creating "empty.yaml": token is required for TokenReview in authentication\n', status: 1 });

    // Ten minutes, the shortest a TokenRequest allows; past it (and go-jose's minute of leeway) the token has expired.
    const short = (await run('kubectl create token default --duration=10m')).out.trim();
    await run('sleep 331');
    await run('sleep 331');
    expect((await review(short)).status).toEqual({ user: {}, error: '[invalid bearer token, service account token has expired]' });
    // A deleted ServiceAccount takes its tokens with it.
    await run('kubectl create serviceaccount gone');
    const goneToken = (await run('kubectl create token gone')).out.trim();
    await run('kubectl delete serviceaccount gone');
    expect((await review(goneToken)).status).toEqual({ user: {}, error: '[invalid bearer token, serviceaccounts "gone" not found]' });
  });

  it('kubectl auth can-i and whoami go through the review APIs, as -v=6 shows', async () => {
    const { run } = await interactiveSession();
    const canI = (await run('kubectl auth can-i get pods -v=6')).out.split('\n');
    expect(canI.filter((l) => l.includes('round_trippers.go'))).toEqual([
      expect.stringMatching(/"Response" verb="GET" url="https:\/\/[\d.]+:6443\/api\?timeout=32s" status="200 OK"/),
      expect.stringMatching(/"Response" verb="GET" url="https:\/\/[\d.]+:6443\/apis\?timeout=32s" status="200 OK"/),
      expect.stringMatching(/"Response" verb="POST" url="https:\/\/[\d.]+:6443\/apis\/authorization\.k8s\.io\/v1\/selfsubjectaccessreviews" status="201 Created" milliseconds=\d+$/),
    ]);
    expect(canI.at(-2)).toBe('yes');
    const list = (await run('kubectl auth can-i --list -v=6')).out;
    expect(list).toMatch(/"Response" verb="POST" url="https:\/\/[\d.]+:6443\/apis\/authorization\.k8s\.io\/v1\/selfsubjectrulesreviews" status="201 Created"/);
    expect(list).not.toMatch(/verb="GET"/);
    expect((await run('kubectl auth whoami -v=6')).out).toMatch(/"Response" verb="POST" url="https:\/\/[\d.]+:6443\/apis\/authentication\.k8s\.io\/v1\/selfsubjectreviews" status="201 Created"/);
    expect((await run('kubectl auth whoami -o name')).out).toBe('selfsubjectreview.authentication.k8s.io/<unknown>\n');
    // SelfSubjectReview's REST stamps the review with the time it was made.
    expect((await run('kubectl auth whoami -o jsonpath={.metadata}')).out).toMatch(/^\{"creationTimestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}$/);
    expect((await run('kubectl auth whoami --as=system:serviceaccount:dev:ci')).out).toBe(
      'ATTRIBUTE   VALUE\nUsername    system:serviceaccount:dev:ci\nGroups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]\n');
    expect(await run('kubectl auth can-i create deployments --as=jane')).toEqual({ out: 'no\n', status: 1 });
  });
});
