/**
 * The container shell's applets that load on first use (shell.ts yields a
 * `load` step for them): busybox's and GNU's expr, and date with its options,
 * formatter and -d parsers; which, command -v, type and busybox in an image with its file tree; `read` and `case` patterns; the package managers (apk, apt-get, apt).
 */
export { dateApplet } from './date-applet.js';
export { runExpr } from '../shell/commands/expr.js';
export { ashBuiltin, casePattern, parseCompound } from './ash-read.js';
export { assignArray, expandParameter } from './param-expansion.js';
export { apk, aptGet } from './package-managers.js';
export { cannotCreate, identity, writeDenied } from './user-access.js';
export { identityOf, idText, whoamiUnknown, procStatus, writeError, setOwner, ownerNames } from './identity.js';
export { badSubstitutionLine, longListing, lsColumns, nginxCheck, nginxSignal, patternWord, syntaxMessage, wc } from './shell-dialect.js';
export { lookupCommand } from './lookup-command.js';
