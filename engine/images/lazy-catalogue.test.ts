/**
 * The catalogue beyond the boot images loads with the first pull that needs it: the kubelet holds the clock
 * meanwhile, so a pull typed at the prompt starts at the same simulated instant as with the catalogue in.
 * Fresh module instances: the test setup (test/setup.ts) loads the catalogue for every other file.
 */
import { describe, expect, it } from 'vitest';
import { freshLab as freshModules } from '../shell/fresh-lab-test-helpers.js';

async function freshLab() {
  const lab = await freshModules(3, () => import('./catalogue.js'));
  return { ...lab, catalogue: lab.prepared };
}

describe('the catalogue loads with the first pull of a learner\'s image', () => {
  it('boots on the boot images alone, then pulls nginx as if the catalogue had been there', async () => {
    const lazy = await freshLab();
    expect(lazy.catalogue.catalogueLoaded()).toBe(false);
    expect(lazy.catalogue.lookupImage('registry.k8s.io/pause:3.10.1').ok).toBe(true);
    const pending = lazy.catalogue.lookupImage('nginx:1.25');
    expect(pending.ok === false && pending.pending).toBe(true);
    await lazy.run('kubectl run web --image=nginx:1.25');
    await lazy.run('kubectl wait --for=condition=Ready pod/web');
    expect(lazy.catalogue.catalogueLoaded()).toBe(true);
    const events = (await lazy.run('kubectl get events --field-selector involvedObject.name=web -o custom-columns=T:.firstTimestamp,R:.reason --no-headers'));

    const warm = await freshLab();
    await warm.catalogue.loadCatalogue();
    await warm.run('kubectl run web --image=nginx:1.25');
    await warm.run('kubectl wait --for=condition=Ready pod/web');
    expect(events).toBe(await warm.run('kubectl get events --field-selector involvedObject.name=web -o custom-columns=T:.firstTimestamp,R:.reason --no-headers'));
    expect(events).toContain('Pulled');
  });

  it('an image no registry holds still fails to pull with containerd\'s text once the catalogue is in', async () => {
    const lazy = await freshLab();
    await lazy.run('kubectl run ghost --image=docker.io/library/nginxx:1.0');
    await lazy.run('sleep 5');
    expect(await lazy.run('kubectl get pod ghost --no-headers -o custom-columns=S:.status.containerStatuses[0].state.waiting.reason')).toMatch(/^(ErrImagePull|ImagePullBackOff)\n$/);
  });
});
