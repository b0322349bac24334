# kubelab script --seed 7
export NO_COLOR=1
kubectl create deployment web --image=nginx:1.26 --replicas=2 --dry-run=client -o yaml > web.yaml
kubectl apply -f web.yaml --validate=false
kubectl run solo --image=nginx
kubectl expose deployment web --port=80
sleep 20
kubectl delete
kubectl delete pod
kubectl delete pods
kubectl delete pod a --all
kubectl delete pod a -l app=web
kubectl delete pod --all -l app=web
kubectl delete pod --all --field-selector metadata.name=x
kubectl delete pod solo --now --grace-period=5
kubectl delete pod solo --force --grace-period=5
kubectl delete pod solo --cascade=maybe
kubectl delete pod solo -o yaml
kubectl delete pod solo -o wide
kubectl delete pod solo --dry-run=maybe
kubectl delete pod solo --dry-run=client
kubectl delete pod solo --dry-run=client -o name
kubectl delete deploy web --cascade=orphan --dry-run=client
kubectl delete pod nope --dry-run=client
kubectl delete pod nope --ignore-not-found --dry-run=client
kubectl delete pods -l app=web --dry-run=client
kubectl delete pod --wait=maybe solo
kubectl delete pod solo --grace-period=abc
kubectl delete pod solo --timeout=abc
kubectl delete pod solo --interactive
kubectl delete po/solo deploy/web --dry-run=client
kubectl delete pod/solo web --dry-run=client
kubectl delete foo bar
kubectl delete pod -A --dry-run=client
kubectl delete pod solo --raw /api
kubectl delete -f nothere.yaml
kubectl label
kubectl label pod
kubectl label pod solo
kubectl label pod solo a=b --dry-run=client
kubectl label pod solo run=other --dry-run=client
kubectl label pod solo run=other --overwrite --dry-run=client
kubectl label pod solo run- --dry-run=client
kubectl label pod solo nope- --dry-run=client
kubectl label pod solo a=b a- --dry-run=client
kubectl label pod solo 'a=b c'
kubectl label pod solo a=b=c
kubectl label pod solo =b
kubectl label pod solo Bad_Key!=v
kubectl label pod solo a
kubectl label pods a=b
kubectl label pods --all a=b --dry-run=client
kubectl label pods --all -l run=solo a=b
kubectl label pod solo a=b -o yaml --dry-run=client
kubectl label pod solo a=b -o name --dry-run=client
kubectl label pod solo --list
kubectl label pod solo --list -o yaml
kubectl label pod solo a=b --resource-version=1 --dry-run=client
kubectl label pods --all a=b --resource-version=1
kubectl annotate
kubectl annotate pod
kubectl annotate pod solo
kubectl annotate pod solo a=b --dry-run=client
kubectl annotate pod solo a- --dry-run=client
kubectl annotate pod solo a=b a- --dry-run=client
kubectl annotate pod solo =b
kubectl annotate pod solo a
kubectl annotate pod solo 'bad key=v'
kubectl annotate pods --all x=y --dry-run=client
kubectl annotate pod solo a=b -o json --dry-run=client
kubectl annotate pod solo --list
kubectl scale
kubectl scale --replicas=3
kubectl scale deploy web
kubectl scale deploy web --replicas=-1
kubectl scale deploy web --replicas=abc
kubectl scale deploy web --replicas=3 --current-replicas=-2
kubectl scale deploy web --replicas=3 --dry-run=client
kubectl scale deploy web --replicas=3 --dry-run=client -o yaml
kubectl scale deploy --replicas=3
kubectl scale deploy --all --replicas=3 --dry-run=client
kubectl scale deploy web nope --replicas=3 --dry-run=client
kubectl scale pod solo --replicas=3
kubectl scale svc web --replicas=3 --dry-run=client
kubectl scale deploy/web svc/web --replicas=2 --dry-run=client
kubectl scale deploy web --replicas=3 --timeout=abc
kubectl scale deploy web --replicas=3 -o wide
kubectl autoscale
kubectl autoscale deploy web
kubectl autoscale deploy web --max=0
kubectl autoscale deploy web --max=3 --min=5
kubectl autoscale deploy web --max=3 --cpu-percent=50 --cpu=50%
kubectl autoscale deploy web --max=3 --cpu=abc
kubectl autoscale deploy --max=3
kubectl autoscale pod solo --max=3 --dry-run=client
kubectl autoscale svc web --max=3 --dry-run=client
kubectl autoscale deploy nope --max=3 --dry-run=client
kubectl autoscale --max=3
kubectl set image
kubectl set image deploy/web
kubectl set image deploy/web nginx=nginx:1.27 --dry-run=client
kubectl set image deploy/web nope=nginx:1.27 --dry-run=client
kubectl set image deploy/web '*=nginx:1.27' --dry-run=client -o yaml
kubectl set image deploy/web =nginx
kubectl set image deploy/web nginx
kubectl set image svc/web nginx=nginx:1.27 --dry-run=client
kubectl set image deploy web nginx=x extra
kubectl set env
kubectl set env deploy/web
kubectl set env deploy/web A=1 --dry-run=client
kubectl set env deploy/web A=1 -c nope --dry-run=client
kubectl set env deploy/web --list
kubectl set env deploy/web A-  --dry-run=client
kubectl set env deploy/web =1
kubectl set env deploy/web 1A=1 --dry-run=client
kubectl set resources
kubectl set resources deploy/web
kubectl set resources deploy/web --limits=cpu=200m --dry-run=client
kubectl set resources deploy/web --limits=cpu --dry-run=client
kubectl set resources deploy/web --limits=cpu=abc --dry-run=client
kubectl set resources deploy/web --limits=cpu=200m -c nope --dry-run=client
kubectl set selector
kubectl set selector svc/web
kubectl set selector svc/web app=other --dry-run=client
kubectl set selector deploy/web app=other --dry-run=client
kubectl set serviceaccount
kubectl set serviceaccount deploy/web
kubectl set serviceaccount deploy/web sa1 --dry-run=client
kubectl set sa svc/web sa1 --dry-run=client
kubectl taint
kubectl taint nodes
kubectl taint nodes worker-1
kubectl taint nodes worker-1 dedicated=gpu:NoSchedule --dry-run=client
kubectl taint nodes worker-1 dedicated=gpu:Bad
kubectl taint nodes worker-1 dedicated=gpu
kubectl taint nodes worker-1 dedicated=g@u:NoSchedule
kubectl taint nodes worker-1 a=b:NoSchedule a:NoSchedule-
kubectl taint nodes worker-1 a=b:NoSchedule a=c:NoSchedule
kubectl taint nodes worker-1 nope:NoSchedule- --dry-run=client
kubectl taint pods solo a=b:NoSchedule
kubectl taint nodes a=b:NoSchedule
kubectl taint nodes --all -l x=y a=b:NoSchedule
kubectl taint nodes worker-1 a=b:NoSchedule extra
kubectl taint foo worker-1 a=b:NoSchedule
kubectl taint nodes --all a=b:NoSchedule --dry-run=client
kubectl cordon
kubectl uncordon
kubectl drain
kubectl cordon worker-1 --dry-run=client
kubectl uncordon worker-1 --dry-run=client
kubectl cordon nope
kubectl drain worker-1 --dry-run=client
kubectl drain worker-1 --dry-run=client --ignore-daemonsets
kubectl drain worker-1 --dry-run=client --ignore-daemonsets --force
kubectl drain worker-1 --delete-local-data --dry-run=client
kubectl rollout
kubectl rollout status
kubectl rollout status deploy
kubectl rollout status pod/solo
kubectl rollout history
kubectl rollout history deploy/web
kubectl rollout history deploy/web --revision=1
kubectl rollout history deploy/web --revision=9
kubectl rollout history deploy/web --revision=-1
kubectl rollout undo
kubectl rollout undo deploy/web --to-revision=9 --dry-run=client
kubectl rollout undo deploy/web --dry-run=client
kubectl rollout restart
kubectl rollout restart pod/solo
kubectl rollout pause
kubectl rollout pause pod/solo
kubectl rollout resume deploy/web
kubectl rollout resume deploy/web --dry-run=client
kubectl patch
kubectl patch deploy web
kubectl patch deploy web -p '{bad'
kubectl patch deploy web -p '{}' --type=foo
kubectl patch deploy web -p '{"spec":{"replicas":3}}' --dry-run=client
kubectl patch deploy web -p '{"spec":{"replicas":3}}' --dry-run=client -o yaml
kubectl patch deploy web -p '[{"op":"replace","path":"/spec/replicas","value":3}]' --type=json --dry-run=client
kubectl patch deploy web -p '{}' --patch-file=x.json
kubectl patch deploy -p '{}'
kubectl patch -p '{}'
kubectl patch deploy web --patch-file=nope.json
kubectl replace
kubectl replace deploy web
kubectl replace -f nope.yaml
kubectl replace -f web.yaml --validate=false --dry-run=client
kubectl replace -f web.yaml --validate=false --dry-run=client -o name
