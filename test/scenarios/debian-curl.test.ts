/** curl as each Debian-based image ships it: nginx 1.25 to 1.28 are bookworm (their os-release, PKG_RELEASE ~bookworm). */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('curl in Debian-based images', () => {
  it('nginx 1.28 (bookworm) runs bookworm\'s curl 7.88.1', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run web --image=nginx:1.28');
    await run('kubectl wait --for=condition=Ready pod/web --timeout=120s');
    expect((await run('kubectl exec web -- curl --version')).out.split(' ').slice(0, 2).join(' ')).toBe('curl 7.88.1');
    expect((await run('kubectl exec web -- curl -sS http://127.0.0.1:8080/')).out).toMatch(/Couldn't connect to server\ncommand terminated with exit code 7\n$/);
  });
});
