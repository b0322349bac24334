# kubelab script --seed 5
kubectl create deployment
kubectl create deployment web
kubectl create deployment --image=nginx
kubectl create deployment a b --image=nginx
kubectl create deployment web --image=nginx --dry-run=client -o yaml
kubectl create deployment web --image=nginx --dry-run=client -o json
kubectl create deployment web --image=nginx --dry-run=client -o name
kubectl create deployment web --image=nginx --dry-run=client
kubectl create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml
kubectl create deployment web --image=nginx --image=redis --dry-run=client -o yaml
kubectl create deployment web --image=nginx --image=redis -- sleep 10
kubectl create deployment web --image=busybox --dry-run=client -o yaml -- sleep 3600
kubectl create deployment web --image=nginx --replicas=-1 --dry-run=client -o yaml
kubectl create deployment web --image=nginx --replicas=abc --dry-run=client
kubectl create deployment web --image=nginx --port=abc --dry-run=client
kubectl create deployment web --image=nginx --port=-5 --dry-run=client -o yaml
kubectl create deployment web --image=nginx --port=70000 --dry-run=client -o yaml
kubectl create deployment Web --image=nginx --dry-run=client -o yaml
kubectl create deployment web_1 --image=nginx --dry-run=client -o yaml
kubectl create deployment web --image= --dry-run=client -o yaml
kubectl create deployment web --image=nginx@sha256:abc --dry-run=client -o yaml
kubectl create deployment web --image=localhost:5000/app:v1 --dry-run=client -o yaml
kubectl create deployment web --image=nginx -n dev --dry-run=client -o yaml
kubectl create deployment web --image=nginx --dry-run=client -o wide
kubectl create deployment web --image=nginx --dry-run=client -o foo
kubectl create deployment web --image=nginx --dry-run=foo
kubectl create deployment web --image=nginx --dry-run=client --save-config -o yaml
kubectl create deployment web --image=nginx --dry-run=client -o jsonpath='{.spec.template.spec.containers[0].name}'
kubectl create deployment web --image=nginx --dry-run=client --validate=foo
kubectl create deployment web --image=nginx --foo
kubectl create deploy web --image=nginx --dry-run=client -o name
kubectl create deployments web --image=nginx --dry-run=client -o name
kubectl create deploymnet web --image=nginx
kubectl create deployment web --image nginx --dry-run=client -o yaml --show-managed-fields
kubectl create service
kubectl create service clusterip
kubectl create service clusterip web
kubectl create service clusterip web --tcp=80 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o json
kubectl create service clusterip web --tcp=80:http --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80,443 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80 --tcp=443:8443 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=abc --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:abc:1 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=70000 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=-1 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=0 --dry-run=client -o yaml
kubectl create service clusterip web --tcp= --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:0 --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=None --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=None --tcp=80 --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=10.96.0.50 --tcp=80 --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=foo --tcp=80 --dry-run=client -o yaml
kubectl create service clusterip Web --tcp=80 --dry-run=client -o yaml
kubectl create svc clusterip web --tcp=80 --dry-run=client -o name
kubectl create service nodeport web --tcp=80:8080 --dry-run=client -o yaml
kubectl create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o yaml
kubectl create service nodeport web --tcp=80 --node-port=abc --dry-run=client -o yaml
kubectl create service nodeport web --tcp=80 --node-port=-1 --dry-run=client -o yaml
kubectl create service nodeport web --dry-run=client -o yaml
kubectl create service nodeport web --clusterip=None --tcp=80 --dry-run=client -o yaml
kubectl create service loadbalancer web --tcp=80:8080 --dry-run=client -o yaml
kubectl create service loadbalancer web --dry-run=client -o yaml
kubectl create service externalname
kubectl create service externalname ext
kubectl create service externalname ext --external-name=example.com --dry-run=client -o yaml
kubectl create service externalname ext --external-name=example.com --tcp=80 --dry-run=client -o yaml
kubectl create service externalname ext --external-name=Bad_Name --dry-run=client -o yaml
kubectl create service externalname ext --external-name= --dry-run=client -o yaml
kubectl create service foo web
kubectl create service clusterip a b --tcp=80
kubectl create configmap
kubectl create configmap cfg --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2 --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a=1 --from-literal=a=2 --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a --dry-run=client -o yaml
kubectl create configmap cfg --from-literal==1 --dry-run=client -o yaml
kubectl create configmap cfg --from-literal='a b=1' --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a= --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a=x=y --dry-run=client -o yaml
kubectl create configmap cfg --from-file=nope.txt --dry-run=client -o yaml
kubectl create configmap cfg --from-env-file=nope.env --dry-run=client -o yaml
kubectl create configmap cfg --from-env-file=nope.env --from-literal=a=1 --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a=1 --append-hash --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a=1 --dry-run=client -o json
kubectl create configmap cfg --from-literal=a=1 -n dev --dry-run=client -o yaml
kubectl create configmap Cfg --from-literal=a=1 --dry-run=client -o yaml
kubectl create cm cfg --from-literal=a=1 --dry-run=client -o name
kubectl create configmap a b
kubectl create secret
kubectl create secret generic
kubectl create secret generic s --dry-run=client -o yaml
kubectl create secret generic s --from-literal=user=admin --from-literal=pass='p@ss w0rd' --dry-run=client -o yaml
kubectl create secret generic s --from-literal=user=admin --type=Opaque --dry-run=client -o yaml
kubectl create secret generic s --from-literal=user=admin --type=kubernetes.io/basic-auth --dry-run=client -o yaml
kubectl create secret generic s --from-literal=bad --dry-run=client -o yaml
kubectl create secret generic s --from-literal=a=1 --append-hash --dry-run=client -o yaml
kubectl create secret generic s --from-literal=a=1 --dry-run=client -o json
kubectl create secret foo s
kubectl create secret tls
kubectl create secret tls t
kubectl create secret tls t --cert=nope.crt --key=nope.key --dry-run=client -o yaml
kubectl create secret tls t --cert=nope.crt --dry-run=client -o yaml
kubectl create secret docker-registry
kubectl create secret docker-registry reg
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-server=r.example.com --docker-username=u --docker-password=p --docker-email=u@example.com --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-username=u --dry-run=client -o yaml
kubectl create secret docker-registry reg --from-file=nope.json --dry-run=client -o yaml
kubectl create namespace
kubectl create namespace dev --dry-run=client -o yaml
kubectl create namespace dev --dry-run=client -o json
kubectl create namespace Dev --dry-run=client -o yaml
kubectl create namespace a b
kubectl create ns dev --dry-run=client -o name
kubectl create namespace dev -n other --dry-run=client -o yaml
kubectl create serviceaccount
kubectl create serviceaccount bot --dry-run=client -o yaml
kubectl create sa bot --dry-run=client -o json
kubectl create sa bot -n dev --dry-run=client -o yaml
kubectl create serviceaccount a b
kubectl run
kubectl run x
kubectl run --image=nginx
kubectl run x --image=nginx --restart=Foo --dry-run=client
kubectl run x --image=nginx --port=abc --dry-run=client
kubectl run x --image=nginx --port=80 --dry-run=client -o yaml
kubectl run x --image=nginx --port=-1 --dry-run=client -o yaml
kubectl run x --image=nginx --port=0 --dry-run=client -o yaml
kubectl run x --image=nginx --port=70000 --dry-run=client -o yaml
kubectl run nginx --image=nginx --env=A --dry-run=client -o yaml
kubectl run nginx --image=nginx --env=A=1 --env=B=2 --dry-run=client -o yaml
kubectl run nginx --image=nginx --env==1 --dry-run=client -o yaml
kubectl run nginx --image=nginx --labels=a=b,c --dry-run=client
kubectl run nginx --image=nginx --labels=a=b,c=d --dry-run=client -o yaml
kubectl run nginx --image=nginx --labels= --dry-run=client -o yaml
kubectl run nginx --image=nginx --labels='a=b c' --dry-run=client -o yaml
kubectl run nginx --image=nginx --labels=a=b,a=c --dry-run=client -o yaml
kubectl run nginx --image=nginx --labels=-a=b --dry-run=client -o yaml
kubectl run nginx --image=nginx --dry-run=client -o yaml
kubectl run nginx --image=nginx --dry-run=client -o json
kubectl run nginx --image=nginx --dry-run=client -o name
kubectl run nginx --image=nginx --dry-run=client
kubectl run nginx --image=nginx -n dev --dry-run=client -o yaml
kubectl run nginx --image=nginx --restart=Never --dry-run=client -o yaml
kubectl run nginx --image=nginx --restart=OnFailure --dry-run=client -o yaml
kubectl run nginx --image=nginx --restart= --dry-run=client -o yaml
kubectl run nginx --image=busybox --dry-run=client -o yaml -- sleep 3600
kubectl run nginx --image=busybox --command --dry-run=client -o yaml -- sleep 3600
kubectl run nginx --image=busybox --dry-run=client -o yaml sleep 3600
kubectl run nginx --image=busybox --command --dry-run=client -o yaml
kubectl run nginx --image=nginx --image-pull-policy=IfNotPresent --dry-run=client -o yaml
kubectl run nginx --image=nginx --image-pull-policy=Sometimes --dry-run=client -o yaml
kubectl run nginx --image=nginx --annotations=a=b --dry-run=client -o yaml
kubectl run nginx --image=nginx --annotations=a --dry-run=client -o yaml
kubectl run nginx --image=nginx --expose --dry-run=client -o yaml
kubectl run nginx --image=nginx --expose --port=80 --dry-run=client -o yaml
kubectl run nginx --image=nginx --expose --port=80 --dry-run=client
kubectl run nginx --image=nginx --expose=false --port=80 --dry-run=client -o yaml
kubectl run nginx --image=nginx --rm --dry-run=client
kubectl run nginx --image=nginx -it --dry-run=client
kubectl run nginx --image=nginx -i --dry-run=client
kubectl run nginx --image=nginx --attach --dry-run=client
kubectl run nginx --image=nginx --stdin --tty --rm --restart=Never --dry-run=client
kubectl run nginx --image=nginx --rm
kubectl run nginx --image=nginx -t
kubectl run nginx --image=nginx --privileged --dry-run=client -o yaml
kubectl run nginx --image=nginx --override-type=foo --overrides='{}' --dry-run=client -o yaml
kubectl run nginx --image=nginx --overrides='{"spec":{"hostNetwork":true}}' --dry-run=client -o yaml
kubectl run nginx --image=nginx --overrides='not json' --dry-run=client -o yaml
kubectl run nginx --image=nginx --overrides='{"spec":{"containers":[{"name":"nginx","resources":{"limits":{"cpu":"1"}}}]}}' --dry-run=client -o yaml
kubectl run nginx --image=nginx --overrides='{"spec":{"containers":[{"name":"x"}]}}' --override-type=merge --dry-run=client -o yaml
kubectl run nginx --image=nginx --overrides='[{"op":"add","path":"/spec/hostNetwork","value":true}]' --override-type=json --dry-run=client -o yaml
kubectl run nginx --image=nginx --serviceaccount=bot --dry-run=client -o yaml
kubectl run nginx --image=nginx --dry-run=client -o yaml --save-config
kubectl run Nginx --image=nginx --dry-run=client -o yaml
kubectl run nginx_1 --image=nginx --dry-run=client -o yaml
kubectl run nginx --image= --dry-run=client -o yaml
kubectl run nginx --image='bad image' --dry-run=client -o yaml
kubectl run nginx --image=nginx --dry-run=client -o wide
kubectl run nginx --image=nginx --dry-run=foo
kubectl run nginx --image=nginx --foo
kubectl run nginx --image=nginx --replicas=3 --dry-run=client
kubectl run nginx --image=nginx --generator=run-pod/v1 --dry-run=client
kubectl run nginx --image=nginx --limits=cpu=200m --dry-run=client -o yaml
kubectl run nginx --image=nginx --requests=cpu=100m --dry-run=client -o yaml
kubectl run nginx --image=nginx --timeout=abc --dry-run=client
kubectl run nginx --image=nginx --pod-running-timeout=abc --dry-run=client
kubectl run nginx --image=nginx -l app=web --dry-run=client -o yaml
kubectl run nginx --image=nginx --hostport=80 --dry-run=client
kubectl run nginx --image=nginx --env A=1 --dry-run=client -o yaml
kubectl run nginx --image=nginx --env=A=1,B=2 --dry-run=client -o yaml
kubectl run nginx --image=nginx --labels=app=web,tier=frontend --expose --port=80 --dry-run=client -o yaml
kubectl run nginx --image=nginx --filename=x.yaml --dry-run=client
kubectl run nginx --image=nginx --dry-run=client --validate=foo
kubectl run nginx --image=nginx --restart=Never --rm --dry-run=client
kubectl run nginx --image=nginx --leave-stdin-open --dry-run=client -o yaml
kubectl run nginx --image=nginx --quiet --dry-run=client
kubectl create deployment web --image=nginx --port=80
kubectl run nginx --image=nginx --port=80
kubectl run nolabel --image=nginx --labels=a=b
kubectl create service clusterip websvc --tcp=80:8080
kubectl create configmap cfg --from-literal=a=b
kubectl expose
kubectl expose deployment
kubectl expose deployment web --dry-run=client -o yaml
kubectl expose deployment web --port=8080 --target-port=80 --dry-run=client -o yaml
kubectl expose deployment web --port=8080 --target-port=http --dry-run=client -o json
kubectl expose deployment web --port=abc --dry-run=client -o yaml
kubectl expose deployment web --port=80 --type=NodePort --dry-run=client -o yaml
kubectl expose deployment web --port=80 --type=LoadBalancer --load-balancer-ip=1.2.3.4 --dry-run=client -o yaml
kubectl expose deployment web --port=80 --type=Foo --dry-run=client -o yaml
kubectl expose deployment web --port=80 --name=other --dry-run=client -o yaml
kubectl expose deployment web --port=80 --name=Other --dry-run=client -o yaml
kubectl expose deployment web --port=80 --protocol=UDP --dry-run=client -o yaml
kubectl expose deployment web --port=80 --protocol=FOO --dry-run=client -o yaml
kubectl expose deployment web --port=80 --session-affinity=ClientIP --dry-run=client -o yaml
kubectl expose deployment web --port=80 --session-affinity=Foo --dry-run=client -o yaml
kubectl expose deployment web --port=80 --cluster-ip=None --dry-run=client -o yaml
kubectl expose deployment web --port=80 --external-ip=1.2.3.4 --dry-run=client -o yaml
kubectl expose deployment web --port=80 --selector=app=x --dry-run=client -o yaml
kubectl expose deployment web --port=80 --selector=app --dry-run=client -o yaml
kubectl expose deployment web --port=80 --labels=a=b --dry-run=client -o yaml
kubectl expose deployment web --port=80 --labels=a --dry-run=client -o yaml
kubectl expose deployment web --port=80 --dry-run=client
kubectl expose deployment web --port=80 --dry-run=client -o name
kubectl expose deployment web --port=80,81 --dry-run=client -o yaml
kubectl expose deployment nope --port=80 --dry-run=client
kubectl expose deploy/web --port=80 --dry-run=client -o yaml
kubectl expose deployment/web --port=80 --dry-run=client -o yaml
kubectl expose pod nginx --dry-run=client -o yaml
kubectl expose pod nginx --port=8080 --dry-run=client -o yaml
kubectl expose pod nolabel --dry-run=client -o yaml
kubectl expose po nginx --port=80 --dry-run=client -o name
kubectl expose service websvc --port=90 --name=websvc2 --dry-run=client -o yaml
kubectl expose service websvc --name=websvc2 --dry-run=client -o yaml
kubectl expose svc websvc --dry-run=client -o yaml
kubectl expose configmap cfg --port=80 --dry-run=client
kubectl expose node kind-control-plane --port=80 --dry-run=client
kubectl expose foo web --port=80
kubectl expose deployment web --port=80 --dry-run=foo
kubectl expose deployment web --port=80 --dry-run=client -o foo
kubectl expose deployment web --port=80 --foo
kubectl expose deployment web nginx --port=80 --dry-run=client
kubectl expose web --port=80
kubectl expose -f nope.yaml --port=80
kubectl expose deployment web --port=80 --target-port=0 --dry-run=client -o yaml
kubectl expose deployment web --port=80 --container-port=90 --dry-run=client -o yaml
kubectl expose deployment web --port=80 --generator=service/v1 --dry-run=client -o yaml
kubectl expose deployment web --port=80 --override-type=merge --overrides='{"spec":{"type":"NodePort"}}' --dry-run=client -o yaml
kubectl expose deployment web --port=80 --dry-run=client -o yaml --save-config
kubectl expose deployment web --port=80 --type=ExternalName --dry-run=client -o yaml
kubectl expose deployment web --port=80 --type=nodeport --dry-run=client -o yaml
kubectl expose deployment web --port=-1 --dry-run=client -o yaml
kubectl expose deployment web --port=0 --dry-run=client -o yaml
kubectl create
kubectl create x
kubectl create -f
kubectl create -f nope.yaml
kubectl create -f nope.yaml -f nope2.yaml
kubectl create -f nope.yaml x
kubectl create -f nope.yaml -k nope
kubectl create --edit
kubectl create -f nope.yaml --dry-run=foo
kubectl create -f nope.yaml -o foo
kubectl create -f nope.yaml --raw=/api
kubectl create --raw=/api
kubectl create --raw=/api -f nope.yaml
kubectl create --raw=api -f x.yaml
kubectl create job
kubectl create job pi
kubectl create job pi --image=busybox --dry-run=client -o yaml -- echo hi
kubectl create job pi --image=busybox --dry-run=client -o json
kubectl create job pi --image=busybox --from=cronjob/x --dry-run=client
kubectl create job pi --from=cronjob/x -- date
kubectl create job pi --from=x --dry-run=client
kubectl create job pi --from=deployment/web --dry-run=client
kubectl create job pi --image=busybox --restart=Never --dry-run=client
kubectl create job a b --image=busybox
kubectl create cronjob
kubectl create cronjob c
kubectl create cronjob c --image=busybox
kubectl create cronjob c --schedule='* * * * *'
kubectl create cronjob c --image=busybox --schedule='* * * * *' --dry-run=client -o yaml -- date
kubectl create cronjob c --image=busybox --schedule='* * * * *' --restart=Never --dry-run=client -o yaml
kubectl create cronjob c --image=busybox --schedule='* * * * *' --restart=Always --dry-run=client -o yaml
kubectl create cronjob c --image=busybox --schedule='bad' --dry-run=client -o yaml
kubectl create cronjob c --image=busybox --schedule='* * * * *' --dry-run=client -o json
kubectl create cj c --image=busybox --schedule='* * * * *' --dry-run=client -o name
kubectl create role
kubectl create role r
kubectl create role r --verb=get
kubectl create role r --resource=pods
kubectl create role r --verb=get --resource=pods --dry-run=client -o yaml
kubectl create role r --verb=get,list --resource=pods,deployments.apps --dry-run=client -o yaml
kubectl create role r --verb=foo --resource=pods --dry-run=client -o yaml
kubectl create role r --verb=get --resource=foos --dry-run=client -o yaml
kubectl create role r --verb=get --resource=pods --resource-name=a --resource-name=b --dry-run=client -o yaml
kubectl create role r --verb=get --resource=pods/log --dry-run=client -o yaml
kubectl create role r --verb='*' --resource=pods --dry-run=client -o yaml
kubectl create role r --verb=get --verb='*' --resource=pods --dry-run=client -o yaml
kubectl create role r --verb=use --resource=podsecuritypolicies --dry-run=client -o yaml
kubectl create role r --verb=get --resource=pods --dry-run=client -o json
kubectl create clusterrole
kubectl create clusterrole cr --verb=get --resource=nodes --dry-run=client -o yaml
kubectl create clusterrole cr --verb=get --non-resource-url=/logs --dry-run=client -o yaml
kubectl create clusterrole cr --verb=get --non-resource-url=logs --dry-run=client -o yaml
kubectl create clusterrole cr --verb=get --resource=pods --non-resource-url=/logs --dry-run=client -o yaml
kubectl create clusterrole cr --aggregation-rule=a=b --dry-run=client -o yaml
kubectl create clusterrole cr --aggregation-rule=a=b --verb=get --resource=pods --dry-run=client -o yaml
kubectl create clusterrole cr --dry-run=client -o yaml
kubectl create rolebinding
kubectl create rolebinding rb
kubectl create rolebinding rb --role=r --user=alice --dry-run=client -o yaml
kubectl create rolebinding rb --clusterrole=view --group=devs --dry-run=client -o yaml
kubectl create rolebinding rb --role=r --clusterrole=view --user=a --dry-run=client -o yaml
kubectl create rolebinding rb --role=r --serviceaccount=app --dry-run=client -o yaml
kubectl create rolebinding rb --role=r --serviceaccount=default:app --dry-run=client -o json
kubectl create rolebinding rb --user=a --dry-run=client -o yaml
kubectl create clusterrolebinding
kubectl create clusterrolebinding crb
kubectl create clusterrolebinding crb --clusterrole=view --user=a --dry-run=client -o yaml
kubectl create clusterrolebinding crb --clusterrole=view --serviceaccount=a --dry-run=client -o yaml
kubectl create clusterrolebinding crb --clusterrole=view --serviceaccount=ns:sa --group=g --dry-run=client -o yaml
kubectl create quota
kubectl create quota q --hard=pods=2 --dry-run=client -o yaml
kubectl create quota q --hard=pods --dry-run=client -o yaml
kubectl create quota q --hard=pods=abc --dry-run=client -o yaml
kubectl create quota q --hard=cpu=1,memory=1Gi --scopes=BestEffort --dry-run=client -o yaml
kubectl create quota q --hard=cpu=1 --scopes=Foo --dry-run=client -o yaml
kubectl create quota q --dry-run=client -o yaml
kubectl create resourcequota q --hard=pods=2 --dry-run=client -o name
kubectl create pdb
kubectl create pdb p
kubectl create pdb p --selector=app=web --dry-run=client -o yaml
kubectl create pdb p --selector=app=web --min-available=1 --dry-run=client -o yaml
kubectl create pdb p --selector=app=web --max-unavailable=50% --dry-run=client -o yaml
kubectl create pdb p --selector=app=web --min-available=1 --max-unavailable=1 --dry-run=client -o yaml
kubectl create pdb p --min-available=1 --dry-run=client -o yaml
kubectl create pdb p --selector='app in (a)' --min-available=1 --dry-run=client -o yaml
kubectl create pdb p --selector=app=web --min-available=abc --dry-run=client -o yaml
kubectl create poddisruptionbudget p --selector=app=web --min-available=1 --dry-run=client -o json
kubectl create priorityclass
kubectl create priorityclass pc --dry-run=client -o yaml
kubectl create priorityclass pc --value=100 --global-default --description=hi --dry-run=client -o yaml
kubectl create priorityclass pc --value=100 --preemption-policy=Never --dry-run=client -o yaml
kubectl create priorityclass pc --value=100 --preemption-policy=Foo --dry-run=client -o yaml
kubectl create priorityclass pc --value=abc --dry-run=client -o yaml
kubectl create pc pc --value=1 --dry-run=client -o name
kubectl create ingress
kubectl create ingress i
kubectl create ingress i --rule=foo.com/=svc:80 --dry-run=client -o yaml
kubectl create ingress i --rule='foo.com/path*=svc:http' --dry-run=client -o yaml
kubectl create ingress i --rule=bad --dry-run=client -o yaml
kubectl create ingress i --default-backend=svc:80 --dry-run=client -o yaml
kubectl create ingress i --default-backend=svc --dry-run=client -o yaml
kubectl create ingress i --rule=foo.com/=svc:80 --annotation=a=b --dry-run=client -o yaml
kubectl create ingress i --rule=foo.com/=svc:80 --annotation=a --dry-run=client -o yaml
kubectl create ingress i --rule='foo.com/*=svc:80,tls' --dry-run=client -o yaml
kubectl create ingress i --rule='/=svc:80' --dry-run=client -o yaml
kubectl create ingress i --rule='foo.com/=svc:80' --rule='bar.com/=svc2:81,tls=sec' --class=nginx --dry-run=client -o json
kubectl create ing i --rule=foo.com/=svc:80 --dry-run=client -o name
kubectl create token
kubectl create token a b
kubectl create token default --duration=abc
kubectl create token default --duration=-1s
kubectl create token default --bound-object-kind=Foo
kubectl create token default --bound-object-name=x
kubectl create token default --bound-object-kind=Pod
kubectl create token default --bound-object-uid=x
kubectl create secret tls t --key=nope.key --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-password=p --dry-run=client -o yaml
kubectl create secret docker-registry reg --docker-username=u --docker-password=p --from-file=x=y --dry-run=client -o yaml
kubectl create secret generic s --from-file=x --dry-run=client
kubectl create secret generic s --from-file==x --dry-run=client
kubectl create secret generic s --type= --from-literal=a=b --dry-run=client -o yaml
kubectl create secret generic a b
kubectl create secret generic s --from-env-file=x --from-literal=a=b --dry-run=client
