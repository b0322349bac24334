/**
 * kubernetes.io's task "Configure Pod Initialization"
 * (content/en/docs/tasks/configure-pod-container/configure-pod-initialization.md): pods/init-containers.yaml's init
 * container (busybox:1.28, dnsPolicy Default) runs `wget -O /work-dir/index.html http://info.cern.ch` before nginx
 * starts. info.cern.ch answers as its Apache did for curl -v in October 2025 (engine/network/internet/web.ts): the
 * 646-byte home page the task's output quotes ("<title>http://info.cern.ch</title>", "<h1>http://info.cern.ch -
 * home of the first website</h1>", the "Browse the first website" link).
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

describe('Configure Pod Initialization', () => {
  it('the init container fetches info.cern.ch before nginx runs', async () => {
    const { run, cluster } = await interactiveSession();
    expect((await run('kubectl apply -f https://k8s.io/examples/pods/init-containers.yaml')).out).toBe('pod/init-demo created\n');
    await run('sleep 15');
    // The page: "init-demo   1/1       Running   0          1m".
    expect((await run('kubectl get pod init-demo')).out).toMatch(/\ninit-demo {3}1\/1 {5}Running {3}0 {10}\d+s\n$/);
    const wget = (await run('kubectl logs init-demo -c install')).out;
    // busybox's wget: "Connecting to %s (%s)", then the meter labelled with the file's last path component (its
    // exact form on a log that is no terminal is the runtime's busybox code's, not checked here).
    expect(wget).toMatch(/^Connecting to info\.cern\.ch \(188\.184\.67\.127:80\)\n/);
    expect(wget).toMatch(/index\.html +100% \|\*+\| +646 /);
    const d = (await run('kubectl describe pod init-demo')).out;
    expect(d).toMatch(/Init Containers:\n {2}install:\n[\s\S]*? {4}Command:\n {6}wget\n {6}-O\n {6}\/work-dir\/index\.html\n {6}http:\/\/info\.cern\.ch\n {4}State: {10}Terminated\n {6}Reason: {7}Completed\n {6}Exit Code: {4}0\n/);
    expect(cluster.clock.errors).toEqual([]);
  });

  it('info.cern.ch serves the home page the task shows, with its Apache headers', async () => {
    const { run } = await interactiveSession();
    await run('kubectl run bb --image=busybox:1.28 -- sleep 3600');
    await run('kubectl wait --for=condition=Ready pod/bb');
    const page = (await run('kubectl exec bb -- wget -qO- http://info.cern.ch')).out;
    expect(page.length).toBe(646);
    expect(page).toMatch(/^<html><head><\/head><body><header>\n<title>http:\/\/info\.cern\.ch<\/title>\n<\/header>\n\n<h1>http:\/\/info\.cern\.ch - home of the first website<\/h1>\n/);
    expect(page).toContain('<li><a href="http://info.cern.ch/hypertext/WWW/TheProject.html">Browse the first website</a></li>\n');
    // From the node, curl shows the head as recorded: Server: Apache, the file's date, its ETag and "Connection: close".
    const head = (await run('curl -sI http://info.cern.ch')).out.split('\r\n');
    expect(head[0]).toBe('HTTP/1.1 200 OK');
    expect(head[1]).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(head.slice(2, 9)).toEqual(['Server: Apache', 'Last-Modified: Wed, 05 Feb 2014 16:00:31 GMT', 'ETag: "286-4f1aadb3105c0"', 'Accept-Ranges: bytes', 'Content-Length: 646', 'Connection: close', 'Content-Type: text/html']);
  });
});
