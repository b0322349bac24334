/** The node tools' code, loaded on first use (index.ts declares their names). */
import type { CommandSpec } from '../../process.js';
import { crictl } from './crictl.js';
import { journalctl } from './journalctl.js';
import { ps } from './ps.js';
import { ssh } from './ssh.js';
import { systemctl } from './systemctl.js';

export const NODE_TOOLS: Record<string, CommandSpec> = { crictl, journalctl, ps, ssh, systemctl };
