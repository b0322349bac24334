/**
 * The bootstrap RBAC policy of a v1.35 kubeadm cluster, as data: what
 * kube-apiserver's rbac/bootstrap-roles post-start hook creates
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy: policy.go ClusterRoles and
 * ClusterRoleBindings, controller_policy.go, namespace_policy.go, with their
 * testdata/*.yaml as the reference) and what `kubeadm init` adds
 * (cmd/kubeadm/app/phases: bootstraptoken/clusterinfo and node, kubeconfig's
 * kubeadm:cluster-admins, addons/dns and addons/proxy, uploadconfig).
 *
 * A rule is written `verbs|apiGroups|resources|resourceNames` (lists joined by
 * commas, `~` the core group "") or `verbs|@urls` for nonResourceURLs, so the
 * lazily loaded chunk stays small; rules.ts expands them in PolicyRule's order.
 */

/** The events rule nearly every controller role ends with (eventsRule() of bootstrappolicy). */
const EV = 'create,patch,update|~,events.k8s.io|events';
const RW = 'create,delete,deletecollection,patch,update';
const RO = 'get,list,watch';

/** [name, rules, labels of aggregation (a: admin, e: edit, v: view), aggregates-from] */
export type RoleData = [name: string, rules: string[], aggregateTo?: string, aggregationFrom?: string];

/** policy.go ClusterRoles(), sorted by name as the API lists them. */
export const CLUSTER_ROLES: RoleData[] = [
  ['admin', [], undefined, 'admin'],
  ['cluster-admin', ['*|*|*', '*|@*']],
  ['edit', [], 'a', 'edit'],
  ['system:aggregate-to-admin', ['create|authorization.k8s.io|localsubjectaccessreviews', `create,delete,deletecollection,get,list,patch,update,watch|rbac.authorization.k8s.io|rolebindings,roles`], 'a'],
  ['system:aggregate-to-edit', [
    `${RO}|~|pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy`,
    'impersonate|~|serviceaccounts',
    `${RW}|~|pods,pods/attach,pods/exec,pods/portforward,pods/proxy`,
    'create|~|pods/eviction',
    `${RW}|~|configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy`,
    'create|~|serviceaccounts/token',
    `${RW}|apps|daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale`,
    `${RW}|autoscaling|horizontalpodautoscalers`,
    `${RW}|batch|cronjobs,jobs`,
    `${RW}|extensions|daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale`,
    `${RW}|policy|poddisruptionbudgets`,
    `${RW}|networking.k8s.io|ingresses,networkpolicies`,
    'create,delete,deletecollection,get,list,patch,update,watch|coordination.k8s.io|leases',
  ], 'e'],
  ['system:aggregate-to-view', [
    `${RO}|~|configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status`,
    `${RO}|~|bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status`,
    `${RO}|~|namespaces`,
    `${RO}|discovery.k8s.io|endpointslices`,
    `${RO}|apps|controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status`,
    `${RO}|autoscaling|horizontalpodautoscalers,horizontalpodautoscalers/status`,
    `${RO}|batch|cronjobs,cronjobs/status,jobs,jobs/status`,
    `${RO}|extensions|daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale`,
    `${RO}|policy|poddisruptionbudgets,poddisruptionbudgets/status`,
    `${RO}|networking.k8s.io|ingresses,ingresses/status,networkpolicies`,
  ], 'v'],
  ['system:auth-delegator', ['create|authentication.k8s.io|tokenreviews', 'create|authorization.k8s.io|subjectaccessreviews']],
  ['system:basic-user', ['create|authorization.k8s.io|selfsubjectaccessreviews,selfsubjectrulesreviews', 'create|authentication.k8s.io|selfsubjectreviews']],
  ['system:certificates.k8s.io:certificatesigningrequests:nodeclient', ['create|certificates.k8s.io|certificatesigningrequests/nodeclient']],
  ['system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', ['create|certificates.k8s.io|certificatesigningrequests/selfnodeclient']],
  ['system:certificates.k8s.io:kube-apiserver-client-approver', ['approve|certificates.k8s.io|signers|kubernetes.io/kube-apiserver-client']],
  ['system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', ['approve|certificates.k8s.io|signers|kubernetes.io/kube-apiserver-client-kubelet']],
  ['system:certificates.k8s.io:kubelet-serving-approver', ['approve|certificates.k8s.io|signers|kubernetes.io/kubelet-serving']],
  ['system:certificates.k8s.io:legacy-unknown-approver', ['approve|certificates.k8s.io|signers|kubernetes.io/legacy-unknown']],
  ['system:discovery', ['get|@/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/']],
  ['system:heapster', [`${RO}|~|events,namespaces,nodes,pods`, `${RO}|extensions|deployments`]],
  ['system:kube-aggregator', [`${RO}|~|endpoints,services`]],
  ['system:kube-controller-manager', [
    EV, 'create|coordination.k8s.io|leases', 'get,update|coordination.k8s.io|leases|kube-controller-manager',
    'create|~|secrets,serviceaccounts', 'delete|~|secrets', 'get|~|configmaps,namespaces,secrets,serviceaccounts',
    'update|~|secrets,serviceaccounts', 'create|authentication.k8s.io|tokenreviews', 'create|authorization.k8s.io|subjectaccessreviews',
    'list,watch|*|*', 'create|~|serviceaccounts/token',
  ]],
  ['system:kube-dns', ['list,watch|~|endpoints,services']],
  ['system:kube-scheduler', [
    EV, 'create|coordination.k8s.io|leases', 'get,update|coordination.k8s.io|leases|kube-scheduler',
    `${RO}|~|nodes`, 'delete,get,list,watch|~|pods', 'create|~|bindings,pods/binding', 'patch,update|~|pods/status',
    `${RO}|~|replicationcontrollers,services`, `${RO}|apps,extensions|replicasets`, `${RO}|apps|statefulsets`,
    `${RO}|policy|poddisruptionbudgets`, `${RO}|~|persistentvolumeclaims,persistentvolumes`,
    'create|authentication.k8s.io|tokenreviews', 'create|authorization.k8s.io|subjectaccessreviews',
    `${RO}|storage.k8s.io|csinodes`, `${RO}|~|namespaces`, `${RO}|storage.k8s.io|csidrivers`, `${RO}|storage.k8s.io|csistoragecapacities`,
  ]],
  ['system:kubelet-api-admin', [`${RO}|~|nodes`, 'proxy|~|nodes', '*|~|nodes/log,nodes/metrics,nodes/proxy,nodes/stats']],
  ['system:monitoring', ['get|@/healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*']],
  ['system:node', [
    'create|authentication.k8s.io|tokenreviews', 'create|authorization.k8s.io|localsubjectaccessreviews,subjectaccessreviews',
    `${RO}|~|services`, 'create,get,list,watch|~|nodes', 'patch,update|~|nodes/status', 'patch,update|~|nodes',
    'create,patch,update|~|events', `${RO}|~|pods`, 'create,delete|~|pods', 'patch,update|~|pods/status', 'create|~|pods/eviction',
    `${RO}|~|configmaps,secrets`, 'get|~|persistentvolumeclaims,persistentvolumes', 'get|~|endpoints',
    'create,get,list,watch|certificates.k8s.io|certificatesigningrequests', 'create,delete,get,patch,update|coordination.k8s.io|leases',
    'get|storage.k8s.io|volumeattachments', 'create|~|serviceaccounts/token', 'get,patch,update|~|persistentvolumeclaims/status',
    `${RO}|storage.k8s.io|csidrivers`, 'create,delete,get,patch,update|storage.k8s.io|csinodes', `${RO}|node.k8s.io|runtimeclasses`,
  ]],
  ['system:node-bootstrapper', ['create,get,list,watch|certificates.k8s.io|certificatesigningrequests']],
  ['system:node-problem-detector', ['get|~|nodes', 'patch|~|nodes/status', EV]],
  ['system:node-proxier', ['list,watch|~|endpoints,services', `${RO}|~|nodes`, EV, 'list,watch|discovery.k8s.io|endpointslices']],
  ['system:persistent-volume-provisioner', ['create,delete,get,list,watch|~|persistentvolumes', 'get,list,update,watch|~|persistentvolumeclaims', `${RO}|storage.k8s.io|storageclasses`, 'watch|~|events', EV]],
  ['system:public-info-viewer', ['get|@/healthz,/livez,/readyz,/version,/version/']],
  ['system:service-account-issuer-discovery', ['get|@/.well-known/openid-configuration,/openid/v1/jwks']],
  ['system:volume-scheduler', ['get,list,patch,update,watch|~|persistentvolumes', `${RO}|storage.k8s.io|storageclasses`, 'get,list,patch,update,watch|~|persistentvolumeclaims']],
  ['view', [], 'e', 'view'],
];

/** controller_policy.go: system:controller:<name>, each bound to the ServiceAccount kube-system/<name>. */
export const CONTROLLER_ROLES: RoleData[] = [
  ['attachdetach-controller', ['list,watch|~|persistentvolumeclaims,persistentvolumes', `${RO}|~|nodes`, 'patch,update|~|nodes/status', 'list,watch|~|pods', EV, 'create,delete,get,list,watch|storage.k8s.io|volumeattachments', `${RO}|storage.k8s.io|csidrivers`, `${RO}|storage.k8s.io|csinodes`]],
  ['certificate-controller', ['delete,get,list,watch|certificates.k8s.io|certificatesigningrequests', 'update|certificates.k8s.io|certificatesigningrequests/approval,certificatesigningrequests/status', 'approve|certificates.k8s.io|signers|kubernetes.io/kube-apiserver-client-kubelet', 'sign|certificates.k8s.io|signers|kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown', 'create|authorization.k8s.io|subjectaccessreviews', EV]],
  ['clusterrole-aggregation-controller', ['escalate,get,list,patch,update,watch|rbac.authorization.k8s.io|clusterroles']],
  ['cronjob-controller', ['get,list,update,watch|batch|cronjobs', 'create,delete,get,list,patch,update,watch|batch|jobs', 'update|batch|cronjobs/status', 'update|batch|cronjobs/finalizers', 'delete,list,watch|~|pods', EV]],
  ['daemon-set-controller', [`${RO}|apps,extensions|daemonsets`, 'update|apps,extensions|daemonsets/status', 'update|apps,extensions|daemonsets/finalizers', 'list,watch|~|nodes', 'create,delete,list,patch,watch|~|pods', 'create|~|pods/binding', 'create,delete,get,list,patch,update,watch|apps|controllerrevisions', EV]],
  ['deployment-controller', ['get,list,update,watch|apps,extensions|deployments', 'update|apps,extensions|deployments/status', 'update|apps,extensions|deployments/finalizers', 'create,delete,get,list,patch,update,watch|apps,extensions|replicasets', 'get,list,update,watch|~|pods', EV]],
  ['device-taint-eviction-controller', ['delete,get,list,watch|~|pods', 'patch,update|~|pods/status', `${RO}|resource.k8s.io|resourceclaims`, `${RO}|resource.k8s.io|resourceslices`, `${RO}|resource.k8s.io|deviceclasses`, EV]],
  ['disruption-controller', [`${RO}|apps,extensions|deployments`, `${RO}|apps,extensions|replicasets`, `${RO}|~|replicationcontrollers`, `${RO}|policy|poddisruptionbudgets`, `${RO}|apps|statefulsets`, 'update|policy|poddisruptionbudgets/status', 'patch,update|~|pods/status', 'get|*|*/scale', EV]],
  ['endpoint-controller', [`${RO}|~|pods,services`, 'create,delete,get,list,update,watch|~|endpoints', 'create|~|endpoints/restricted', EV]],
  ['endpointslice-controller', [`${RO}|~|nodes,pods,services`, 'update|~|services/finalizers', 'create,delete,get,list,update,watch|discovery.k8s.io|endpointslices', EV]],
  ['endpointslicemirroring-controller', [`${RO}|~|endpoints,services`, 'update|~|services/finalizers', 'update|~|endpoints/finalizers', 'create,delete,get,list,update,watch|discovery.k8s.io|endpointslices', EV]],
  ['ephemeral-volume-controller', [`${RO}|~|pods`, 'update|~|pods/finalizers', 'create,get,list,watch|~|persistentvolumeclaims', EV]],
  ['expand-controller', ['get,list,patch,update,watch|~|persistentvolumes', 'patch,update|~|persistentvolumeclaims/status', `${RO}|~|persistentvolumeclaims`, EV]],
  ['generic-garbage-collector', ['delete,get,list,patch,update,watch|*|*', EV]],
  ['horizontal-pod-autoscaler', [`${RO}|autoscaling|horizontalpodautoscalers`, 'update|autoscaling|horizontalpodautoscalers/status', 'get,update|*|*/scale', 'list,watch|~|pods', 'list,watch|metrics.k8s.io|pods', `${RO}|custom.metrics.k8s.io|*`, `${RO}|external.metrics.k8s.io|*`, EV]],
  ['job-controller', ['get,list,patch,update,watch|batch|jobs', 'update|batch|jobs/status', 'update|batch|jobs/finalizers', 'create,delete,list,patch,watch|~|pods', EV]],
  ['legacy-service-account-token-cleaner', ['get|~|configmaps|kube-apiserver-legacy-service-account-token-tracking', 'delete,patch|~|secrets']],
  ['namespace-controller', ['delete,get,list,watch|~|namespaces', 'update|~|namespaces/finalize,namespaces/status', 'delete,deletecollection,get,list,watch|*|*']],
  ['node-controller', ['delete,get,list,patch,update,watch|~|nodes', 'patch,update|~|nodes/status', 'patch,update|~|pods/status', 'delete,get,list,watch|~|pods', EV]],
  ['persistent-volume-binder', ['create,delete,get,list,update,watch|~|persistentvolumes', 'update|~|persistentvolumes/status', 'get,list,update,watch|~|persistentvolumeclaims', 'update|~|persistentvolumeclaims/status', 'create,delete,get,list,watch|~|pods', `${RO}|storage.k8s.io|storageclasses`, 'list,watch|~|nodes', EV, 'watch|~|events']],
  ['pod-garbage-collector', ['delete,list,watch|~|pods', `${RO}|~|nodes`, 'patch|~|pods/status']],
  ['pv-protection-controller', ['get,list,update,watch|~|persistentvolumes', EV]],
  ['pvc-protection-controller', ['get,list,update,watch|~|persistentvolumeclaims', 'update|~|persistentvolumeclaims/status', `${RO}|~|pods`, EV]],
  ['replicaset-controller', ['get,list,update,watch|apps,extensions|replicasets', 'update|apps,extensions|replicasets/status', 'update|apps,extensions|replicasets/finalizers', 'create,delete,list,patch,watch|~|pods', EV]],
  ['replication-controller', ['get,list,update,watch|~|replicationcontrollers', 'update|~|replicationcontrollers/status', 'update|~|replicationcontrollers/finalizers', 'create,delete,list,patch,watch|~|pods', EV]],
  ['resource-claim-controller', [`${RO}|~|pods`, 'update|~|pods/finalizers', 'create,delete,get,list,watch|resource.k8s.io|resourceclaims', 'patch,update|resource.k8s.io|resourceclaims,resourceclaims/status', 'patch,update|~|pods/status', EV, 'patch,update|resource.k8s.io|resourceclaims/binding']],
  ['resourcequota-controller', ['list,watch|*|*', 'update|~|resourcequotas/status', EV]],
  ['root-ca-cert-publisher', ['create,update|~|configmaps', EV]],
  ['route-controller', ['list,watch|~|nodes', 'patch|~|nodes/status', EV]],
  ['selinux-warning-controller', [EV, `${RO}|~|persistentvolumes`, `${RO}|~|persistentvolumeclaims`, `${RO}|~|pods`, `${RO}|storage.k8s.io|csidrivers`]],
  ['service-account-controller', ['create|~|serviceaccounts', EV]],
  ['service-cidrs-controller', ['get,list,patch,update,watch|networking.k8s.io|servicecidrs', 'patch,update|networking.k8s.io|servicecidrs/finalizers', 'patch,update|networking.k8s.io|servicecidrs/status', `${RO}|networking.k8s.io|ipaddresses`, EV]],
  ['service-controller', [`${RO}|~|services`, 'patch,update|~|services/status', 'list,watch|~|nodes', EV]],
  ['statefulset-controller', ['list,watch|~|pods', `${RO}|apps|statefulsets`, 'update|apps|statefulsets/status', 'update|apps|statefulsets/finalizers', 'create,delete,get,patch,update|~|pods', 'create,delete,get,list,patch,update,watch|apps|controllerrevisions', 'create,get,list,watch|~|persistentvolumeclaims', 'delete,update|~|persistentvolumeclaims', 'update|~|pods/finalizers', EV]],
  ['ttl-after-finished-controller', ['delete,get,list,watch|batch|jobs', EV]],
  ['ttl-controller', ['list,patch,update,watch|~|nodes', EV]],
  ['validatingadmissionpolicy-status-controller', [`${RO}|admissionregistration.k8s.io|validatingadmissionpolicies`, 'get,patch,update|admissionregistration.k8s.io|validatingadmissionpolicies/status', EV]],
  ['volumeattributesclass-protection-controller', [`${RO}|~|persistentvolumeclaims`, `${RO}|~|persistentvolumes`, 'get,list,update,watch|storage.k8s.io|volumeattributesclasses', EV]],
];

/** A subject: `U:name` (User), `G:name` (Group), `S:namespace/name` (ServiceAccount). */
export type BindingData = [name: string, roleKind: 'Role' | 'ClusterRole', role: string, subjects: string[]];

/** policy.go ClusterRoleBindings() (system:node has had no subjects since v1.8). */
export const CLUSTER_ROLE_BINDINGS: BindingData[] = [
  ['cluster-admin', 'ClusterRole', 'cluster-admin', ['G:system:masters']],
  ['system:basic-user', 'ClusterRole', 'system:basic-user', ['G:system:authenticated']],
  ['system:discovery', 'ClusterRole', 'system:discovery', ['G:system:authenticated']],
  ['system:kube-controller-manager', 'ClusterRole', 'system:kube-controller-manager', ['U:system:kube-controller-manager']],
  ['system:kube-dns', 'ClusterRole', 'system:kube-dns', ['S:kube-system/kube-dns']],
  ['system:kube-scheduler', 'ClusterRole', 'system:kube-scheduler', ['U:system:kube-scheduler']],
  ['system:monitoring', 'ClusterRole', 'system:monitoring', ['G:system:monitoring']],
  ['system:node', 'ClusterRole', 'system:node', []],
  ['system:node-proxier', 'ClusterRole', 'system:node-proxier', ['U:system:kube-proxy']],
  ['system:public-info-viewer', 'ClusterRole', 'system:public-info-viewer', ['G:system:authenticated', 'G:system:unauthenticated']],
  ['system:service-account-issuer-discovery', 'ClusterRole', 'system:service-account-issuer-discovery', ['G:system:serviceaccounts']],
  ['system:volume-scheduler', 'ClusterRole', 'system:volume-scheduler', ['U:system:kube-scheduler']],
];

/** namespace_policy.go: [namespace, role name, rules]. */
export const NAMESPACE_ROLES: [string, string, string[]][] = [
  ['kube-public', 'system:controller:bootstrap-signer', [`${RO}|~|configmaps`, 'update|~|configmaps|cluster-info', EV]],
  ['kube-system', 'extension-apiserver-authentication-reader', [`${RO}|~|configmaps|extension-apiserver-authentication`]],
  ['kube-system', 'system::leader-locking-kube-controller-manager', ['create,get,list,update,watch|coordination.k8s.io|leases', 'create,get,list,update,watch|coordination.k8s.io|leasecandidates']],
  ['kube-system', 'system::leader-locking-kube-scheduler', ['create,get,list,update,watch|coordination.k8s.io|leases', 'create,get,list,update,watch|coordination.k8s.io|leasecandidates']],
  ['kube-system', 'system:controller:bootstrap-signer', [`${RO}|~|secrets`]],
  ['kube-system', 'system:controller:cloud-provider', ['create,get,list,watch|~|configmaps']],
  ['kube-system', 'system:controller:token-cleaner', ['delete,get,list,watch|~|secrets', EV]],
];

export const NAMESPACE_ROLE_BINDINGS: [string, ...BindingData][] = [
  ['kube-public', 'system:controller:bootstrap-signer', 'Role', 'system:controller:bootstrap-signer', ['S:kube-system/bootstrap-signer']],
  ['kube-system', 'system::extension-apiserver-authentication-reader', 'Role', 'extension-apiserver-authentication-reader', ['U:system:kube-controller-manager', 'U:system:kube-scheduler']],
  ['kube-system', 'system::leader-locking-kube-controller-manager', 'Role', 'system::leader-locking-kube-controller-manager', ['U:system:kube-controller-manager', 'S:kube-system/kube-controller-manager', 'S:kube-system/leader-election-controller']],
  ['kube-system', 'system::leader-locking-kube-scheduler', 'Role', 'system::leader-locking-kube-scheduler', ['U:system:kube-scheduler', 'S:kube-system/kube-scheduler']],
  ['kube-system', 'system:controller:bootstrap-signer', 'Role', 'system:controller:bootstrap-signer', ['S:kube-system/bootstrap-signer']],
  ['kube-system', 'system:controller:cloud-provider', 'Role', 'system:controller:cloud-provider', ['S:kube-system/cloud-provider']],
  ['kube-system', 'system:controller:token-cleaner', 'Role', 'system:controller:token-cleaner', ['S:kube-system/token-cleaner']],
];

const NODE_TOKEN = 'G:system:bootstrappers:kubeadm:default-node-token';

/** What kubeadm v1.35 creates (no bootstrapping label or autoupdate annotation on these). */
export const KUBEADM_CLUSTER_ROLES: RoleData[] = [
  ['kubeadm:get-nodes', ['get|~|nodes']],
  ['system:coredns', ['list,watch|~|endpoints,services,pods,namespaces', 'list,watch|discovery.k8s.io|endpointslices']],
];

export const KUBEADM_CLUSTER_ROLE_BINDINGS: BindingData[] = [
  ['kubeadm:cluster-admins', 'ClusterRole', 'cluster-admin', ['G:kubeadm:cluster-admins']],
  ['kubeadm:get-nodes', 'ClusterRole', 'kubeadm:get-nodes', [NODE_TOKEN]],
  ['kubeadm:kubelet-bootstrap', 'ClusterRole', 'system:node-bootstrapper', [NODE_TOKEN]],
  ['kubeadm:node-autoapprove-bootstrap', 'ClusterRole', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [NODE_TOKEN]],
  ['kubeadm:node-autoapprove-certificate-rotation', 'ClusterRole', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', ['G:system:nodes']],
  ['kubeadm:node-proxier', 'ClusterRole', 'system:node-proxier', ['S:kube-system/kube-proxy']],
  ['system:coredns', 'ClusterRole', 'system:coredns', ['S:kube-system/coredns']],
];

export const KUBEADM_ROLES: [string, string, string[]][] = [
  ['kube-public', 'kubeadm:bootstrap-signer-clusterinfo', ['get|~|configmaps|cluster-info']],
  ['kube-system', 'kube-proxy', ['get|~|configmaps|kube-proxy']],
  ['kube-system', 'kubeadm:kubelet-config', ['get|~|configmaps|kubelet-config']],
  ['kube-system', 'kubeadm:nodes-kubeadm-config', ['get|~|configmaps|kubeadm-config']],
];

export const KUBEADM_ROLE_BINDINGS: [string, ...BindingData][] = [
  ['kube-public', 'kubeadm:bootstrap-signer-clusterinfo', 'Role', 'kubeadm:bootstrap-signer-clusterinfo', ['U:system:anonymous']],
  ['kube-system', 'kube-proxy', 'Role', 'kube-proxy', [NODE_TOKEN]],
  ['kube-system', 'kubeadm:kubelet-config', 'Role', 'kubeadm:kubelet-config', ['G:system:nodes', NODE_TOKEN]],
  ['kube-system', 'kubeadm:nodes-kubeadm-config', 'Role', 'kubeadm:nodes-kubeadm-config', [NODE_TOKEN, 'G:system:nodes']],
];
