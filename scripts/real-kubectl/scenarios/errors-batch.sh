# kubelab script --seed 6
kubectl api-resources --api-group=batch
kubectl api-resources --categories=all
kubectl create job pi --image=perl:5.34.0 --dry-run=client -o yaml -- perl -Mbignum=bpi -wle 'print bpi(20)'
kubectl create job pi --image=perl:5.34.0 --dry-run=server -o yaml -- perl -Mbignum=bpi -wle 'print bpi(20)'
kubectl create job Pi --image=busybox
kubectl create job done --image=busybox -- sh -c 'echo done'
kubectl create job slow --image=busybox -- sleep 3600
kubectl create cronjob tick --image=busybox --schedule='*/1 * * * *' -- sh -c 'date'
kubectl create cronjob bad --image=busybox --schedule='*/1 * * *'
kubectl create cronjob bad --image=busybox --schedule='61 * * * *'
kubectl create cronjob bad --image=busybox --schedule='@every'
kubectl create cronjob bad --image=busybox --schedule='TZ=UTC * * * * *'
kubectl create cronjob bad --image=busybox --schedule='* * * * *' --restart=Always
kubectl create cronjob this-name-is-far-too-long-for-a-cronjob-because-of-the-suffix --image=busybox --schedule='* * * * *'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"norestart"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"busybox"}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"neg"},"spec":{"completions":-1,"parallelism":-2,"backoffLimit":-3,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"busybox"}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"fail"},"spec":{"backoffLimit":1,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"busybox","command":["sh","-c","exit 1"]}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"par"},"spec":{"completions":3,"parallelism":2,"ttlSecondsAfterFinished":600,"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"a","image":"busybox","command":["sh","-c","sleep 2"]}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"idx"},"spec":{"completions":2,"parallelism":2,"completionMode":"Indexed","template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"busybox","command":["sh","-c","echo $JOB_COMPLETION_INDEX"]}]}}}}'
kubectl apply -f - <<< '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"later"},"spec":{"suspend":true,"activeDeadlineSeconds":30,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"busybox","command":["sleep","60"]}]}}}}'
sleep 5
kubectl get jobs
kubectl get jobs -o wide
kubectl get pods
sleep 90
kubectl get jobs
kubectl get cronjobs
kubectl get cj -o wide
kubectl get all
kubectl describe job done
kubectl describe job fail
kubectl describe job par
kubectl describe job idx
kubectl describe job later
kubectl describe job slow
kubectl describe cronjob tick
kubectl get job done -o yaml
kubectl get cronjob tick -o yaml
kubectl get events --field-selector involvedObject.kind=Job --sort-by=.metadata.creationTimestamp
kubectl create job manual --from=cronjob/tick --dry-run=client -o yaml
kubectl create job manual --from=cronjob/tick --dry-run=client -o json
kubectl create job manual --from=cronjob/nope
kubectl create job manual --from=deployment/nope
kubectl create job manual --from=cronjob/tick
kubectl get job manual -o yaml
kubectl patch job later -p '{"spec":{"suspend":false}}'
sleep 40
kubectl describe job later
kubectl get jobs
kubectl patch job done -p '{"spec":{"completions":5}}'
kubectl delete job slow
sleep 35
kubectl get jobs
kubectl get pods
kubectl rollout status job/done
