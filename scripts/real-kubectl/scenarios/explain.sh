# kubelab script --seed 11
kubectl explain pods
kubectl explain deployment.spec.strategy
kubectl explain pod.spec.containers.resources
kubectl explain pods.spec.containers.resources --recursive
kubectl explain svc.spec.type
kubectl explain pod.spec.restartPolicy
kubectl explain pod.spec.containers
kubectl explain pod.spec.workloadRef
kubectl explain pod.spec.volumes.image
kubectl explain pod.metadata.managedFields
kubectl explain deploy.status.terminatingReplicas
kubectl explain hpa.spec.behavior.scaleUp
kubectl explain lease.spec
kubectl explain endpointslice.endpoints.hints
kubectl explain node.status --recursive
kubectl explain deployment --recursive
kubectl explain cm
kubectl explain deploy.spec.strategy.rollingUpdate.maxSurge
kubectl explain pod.spec.containers.resources.limits
kubectl explain pod.status.conditions.lastTransitionTime
kubectl explain pod.spec.foo
kubectl explain pod.spec.volumes.hostPath
kubectl explain pod.spec.volumes.hostPath.type
kubectl explain pv.spec.persistentVolumeReclaimPolicy
kubectl explain pvc.spec.accessModes
kubectl explain sc --recursive | head -20
kubectl explain role.rules
kubectl explain clusterrolebinding.subjects.kind
kubectl explain crd
kubectl explain customresourcedefinition.spec.versions
kubectl explain crd.spec.versions.schema.openAPIV3Schema.x-kubernetes-validations
kubectl explain crd.spec.versions.schema.openAPIV3Schema.x-kubernetes-validations.reason
kubectl explain crd --recursive
