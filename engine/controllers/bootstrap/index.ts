/** The bootstrap token controllers kubeadm enables (`--controllers=*,bootstrapsigner,tokencleaner`), loaded on first use. */
import type { Controller } from '../manager.js';
import { BootstrapSigner } from './bootstrapsigner.js';
import { TokenCleaner } from './tokencleaner.js';

export function controllers(): Controller[] {
  return [new BootstrapSigner(), new TokenCleaner()];
}
