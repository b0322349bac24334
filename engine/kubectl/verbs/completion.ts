/**
 * `kubectl completion bash|zsh|fish|powershell`. Learners paste
 * `source <(kubectl completion bash)` into ~/.bashrc; this terminal completes
 * kubectl natively, so the script only needs to begin as the real one does
 * (the license header and cobra's opening lines) and be harmless when sourced.
 */
import { UsageError, type Command, type Invocation } from '../framework/command.js';
import { verbE } from './verb-e.js';

const LICENSE = `
# Copyright 2016 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
`;

const NATIVE = 'Completion for kubectl is built into this terminal; nothing more to load.';

export const COMPLETION_SCRIPTS: Record<string, string> = {
  bash: `${LICENSE}# bash completion V2 for kubectl                              -*- shell-script -*-\n\n# ${NATIVE}\n`,
  zsh: `#compdef kubectl\ncompdef _kubectl kubectl\n${LICENSE}#compdef kubectl\ncompdef _kubectl kubectl\n\n# zsh completion for kubectl                              -*- shell-script -*-\n\n# ${NATIVE}\n`,
  fish: `${LICENSE}# fish completion for kubectl                              -*- shell-script -*-\n\n# ${NATIVE}\n`,
  powershell: `${LICENSE}# powershell completion for kubectl                              -*- shell-script -*-\n\n# ${NATIVE}\n`,
};

function runCompletion(inv: Invocation): number {
  if (inv.args.length === 0) throw new UsageError('Shell not specified.');
  if (inv.args.length > 1) throw new UsageError('Too many arguments. Expected only the shell type.');
  const script = COMPLETION_SCRIPTS[inv.args[0]];
  if (!script) throw new UsageError(`Unsupported shell type "${inv.args[0]}".`);
  inv.out(script);
  return 0;
}

export const completion: Command = verbE('completion', {
  run: runCompletion,
  completeArgs: (_c, args) => (args.length === 0 ? Object.keys(COMPLETION_SCRIPTS) : []),
});
