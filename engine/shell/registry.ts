/**
 * The only way the shell finds a command: a name → CommandSpec table. Built-in
 * coreutils-like commands live in commands/, kubectl registers itself the same
 * way, so `type`, `which`, completion and `command not found` see one list.
 */
import type { CommandSpec } from './process.js';

export class CommandRegistry {
  private readonly specs = new Map<string, CommandSpec>();

  constructor(specs: Iterable<CommandSpec> = []) {
    for (const s of specs) this.register(s);
  }

  register(spec: CommandSpec, ...aliases: string[]): void {
    this.specs.set(spec.name, spec);
    for (const a of aliases) this.specs.set(a, spec);
  }

  get(name: string): CommandSpec | undefined {
    return this.specs.get(name);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  names(): string[] {
    return [...this.specs.keys()].sort();
  }
}

/** Where `which` and `type` say a command lives, as on an Ubuntu kubeadm node. */
export function commandPath(name: string): string {
  if (name === 'kubectl' || name === 'kubeadm' || name === 'kubelet') return `/usr/bin/${name}`;
  // Ubuntu's netfilter tools are system administration commands, in /usr/sbin (ahead of /usr/bin in PATH).
  if (name.startsWith('iptables')) return `/usr/sbin/${name}`;
  return `/usr/bin/${name}`;
}
