/** The container network tools that load on first use (index.ts preloadContainerCommand): curl, busybox's wget and nslookup, BIND's nslookup. */
export { curlCore } from './curl.js';
export { busyboxNslookup, busyboxWget } from './busybox.js';
export { bindNslookup } from './bind-tools.js';
export { getentCore } from './getent.js';
// kube-apiserver's secure port answers these clients (the handler registers itself with the network).
import '../../api/server/handler.js';
