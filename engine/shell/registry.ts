/**
 * The only way the shell finds a command: a name → CommandSpec table. Built-in
 * coreutils-like commands live in commands/, kubectl registers itself the same
 * way. Which of them the shell finds, and where, is the node's files' to say: each
 * program is a file on PATH that names its registry entry (binary.ts, programs.ts).
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
