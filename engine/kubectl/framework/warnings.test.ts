/**
 * kubectl colours `Warning:` as printers.AllowsColorOutput allows (cli-runtime v0.35 terminal.go): stderr a terminal,
 * TERM not `dumb`, NO_COLOR unset (set but empty still counts: os.LookupEnv). The colour is `\e[33;1m` … `\e[0m`
 * (warningprinter.go and client-go's WarningWriter); the API server's warnings and the commands' own share it.
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession, WARNING } from '../../shell/interactive-test-helpers.js';

const DEPRECATED = 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';

describe('Warning: colour', () => {
  it('is bold yellow while stderr is the terminal, even with stdout in a pipe', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl get endpoints kubernetes -o name')).out).toBe(`${WARNING} ${DEPRECATED}\nendpoints/kubernetes\n`);
    expect((await run('kubectl get endpoints kubernetes -o name | cat')).out).toBe(`${WARNING} ${DEPRECATED}\nendpoints/kubernetes\n`);
  });

  it('is plain text once stderr leaves the terminal', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl get endpoints kubernetes -o name 2>&1 | cat')).out).toBe(`Warning: ${DEPRECATED}\nendpoints/kubernetes\n`);
    expect((await run('kubectl get endpoints kubernetes -o name 2>/tmp/err; cat /tmp/err')).out).toBe(`endpoints/kubernetes\nWarning: ${DEPRECATED}\n`);
  });

  it('follows TERM=dumb and NO_COLOR, set even to nothing, but not a NO_COLOR without a value', async () => {
    const { run } = await interactiveSession();
    expect((await run('TERM=dumb kubectl get endpoints kubernetes -o name')).out).toBe(`Warning: ${DEPRECATED}\nendpoints/kubernetes\n`);
    expect((await run('NO_COLOR= kubectl get endpoints kubernetes -o name')).out).toBe(`Warning: ${DEPRECATED}\nendpoints/kubernetes\n`);
    expect((await run('export NO_COLOR; kubectl get endpoints kubernetes -o name')).out).toBe(`${WARNING} ${DEPRECATED}\nendpoints/kubernetes\n`);
    expect((await run('export NO_COLOR=1; kubectl get endpoints kubernetes -o name')).out).toBe(`Warning: ${DEPRECATED}\nendpoints/kubernetes\n`);
  });

  it("colours the commands' own warnings (WarningPrinter) but not the ones kubectl writes with Fprintf", async () => {
    const { run } = await interactiveSession();
    await run('kubectl run p --image=nginx');
    expect((await run('kubectl delete pod p --force --grace-period=0')).out).toBe(`${WARNING} Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\npod "p" force deleted from default namespace\n`);
    expect((await run('kubectl auth can-i fly pods')).out).toBe(`${WARNING} verb 'fly' is not a known verb\n\nyes\n`);
    // create_role.go writes its own line with fmt.Fprintf.
    expect((await run('kubectl create role r --verb=fly --resource=pods --dry-run=client -o name')).out).toBe("Warning: 'fly' is not a standard resource verb\nrole.rbac.authorization.k8s.io/r\n");
  });
});
