# kubelab script --seed 7
export NO_COLOR=1
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pfp"},"spec":{"completionMode":"Indexed","completions":2,"parallelism":2,"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]},{"action":"FailJob","onExitCodes":{"containerName":"main","operator":"In","values":[42]}}]},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox","command":["sh","-c","if [ \"$JOB_COMPLETION_INDEX\" = 0 ]; then sleep 2; exit 42; fi; trap \"\" TERM; sleep 3600"]}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"per"},"spec":{"completionMode":"Indexed","completions":4,"parallelism":4,"backoffLimitPerIndex":1,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox","command":["sh","-c","if [ \"$JOB_COMPLETION_INDEX\" = 1 ]; then exit 1; fi; if [ \"$JOB_COMPLETION_INDEX\" = 3 ]; then exit 1; fi; exit 0"]}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"lead"},"spec":{"completionMode":"Indexed","completions":3,"parallelism":3,"successPolicy":{"rules":[{"succeededIndexes":"0"}]},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox","command":["sh","-c","if [ \"$JOB_COMPLETION_INDEX\" = 0 ]; then sleep 2; exit 0; fi; trap \"\" TERM; sleep 3600"]}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"ign"},"spec":{"backoffLimit":0,"podFailurePolicy":{"rules":[{"action":"Ignore","onExitCodes":{"operator":"In","values":[3]}}]},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox","command":["sh","-c","exit 3"]}]}}}}'
sleep 10
kubectl get jobs
kubectl get pods
kubectl describe job pfp
kubectl describe job lead
sleep 90
kubectl get jobs
kubectl get jobs -o wide
kubectl describe job pfp
kubectl describe job per
kubectl describe job lead
kubectl describe job ign
kubectl get job per -o yaml
kubectl get job pfp -o jsonpath='{.status.conditions[*].message}'
kubectl get pods -l job-name=per -o custom-columns='NAME:.metadata.name,INDEX:.metadata.annotations.batch\.kubernetes\.io/job-completion-index,FAILURES:.metadata.annotations.batch\.kubernetes\.io/job-index-failure-count,PHASE:.status.phase' --sort-by=.metadata.creationTimestamp
kubectl get events --field-selector involvedObject.kind=Job --sort-by=.metadata.creationTimestamp
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"dis"},"spec":{"backoffLimit":0,"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]},"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox","command":["sleep","3600"]}]}}}}'
sleep 5
kubectl get pods -l job-name=dis -o wide
kubectl drain worker-1 --ignore-daemonsets --grace-period=0
sleep 20
kubectl get pods -l job-name=dis -o wide
kubectl get job dis
kubectl describe job dis
