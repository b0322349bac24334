# kubelab script --seed 12
kubectl create deployment web --image=nginx --replicas=2
kubectl run bad --image=nginx:nope
kubectl run big --image=nginx --overrides='{"spec":{"containers":[{"name":"big","image":"nginx","resources":{"requests":{"cpu":"100"}}}]}}'
kubectl run multi --image=busybox --overrides='{"spec":{"initContainers":[{"name":"init","image":"busybox","command":["sh","-c","echo init done"]}],"containers":[{"name":"zeta","image":"busybox","command":["sh","-c","for i in 1 2 3 4 5; do echo line $i; done; sleep 3600"]},{"name":"alpha","image":"nginx"}]}}'
kubectl run crash --image=busybox --restart=Always -- sh -c 'echo starting; exit 1'
kubectl logs bad
kubectl logs big
kubectl logs multi
sleep 40
kubectl logs bad
kubectl logs multi
kubectl logs multi -c zeta
kubectl logs multi -c init
kubectl logs multi -c nope
kubectl logs crash --all-containers
kubectl logs crash --all-containers --prefix
kubectl logs multi -c zeta --tail=2
kubectl logs multi -c zeta --tail=0
kubectl logs multi -c zeta --limit-bytes=10
kubectl logs multi -c zeta --limit-bytes=10 --prefix
kubectl logs multi -c zeta --timestamps --tail=1
kubectl logs multi -c zeta --since=5s
kubectl logs multi -c zeta --since=1h
kubectl logs multi -c zeta --previous
kubectl logs crash
kubectl logs crash --previous
kubectl logs deploy/web --tail=2
kubectl logs -l run=multi --tail=1
kubectl logs -l run=multi --tail=1 --prefix
kubectl logs -l run=multi --all-containers --tail=1 --prefix -c zeta
kubectl logs pod/nope
kubectl logs web-x
sim node stop worker-1
sim node stop worker-2
kubectl logs multi -c zeta
kubectl logs -l run=multi --tail=1
kubectl logs multi -c zeta --since-time=2026-01-01T00:00:00Z --tail=1
kubectl logs multi -c zeta --since-time=2099-01-01T00:00:00Z
