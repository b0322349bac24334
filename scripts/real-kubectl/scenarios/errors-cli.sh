# kubelab script --seed 4
kubectl gte pods
kubectl creat
kubectl desc
kubectl descrbe pods
kubectl delet pod x
kubectl lgos
kubectl roll
kubectl se
kubectl ap
kubectl opt
kubectl hel
kubectl c
kubectl foo
kubectl get pods -x
kubectl get pods -xyz
kubectl get pods --foo
kubectl get pods --foo=bar
kubectl get pods -o
kubectl get pods -n
kubectl get pods --namespace
kubectl get pods --chunk-size=abc
kubectl get pods --chunk-size=
kubectl get pods --watch=maybe
kubectl get pods --request-timeout=abc
kubectl get pods --request-timeout=-1
kubectl get pods --request-timeout=1.5
kubectl get pods --request-timeout=5
kubectl get pods --request-timeout=1m
kubectl get pods -v=abc
kubectl get pods -v abc
kubectl get pods --v=1.5
kubectl get pods --kubeconfig=/nonexistent
kubectl get pods -s
kubectl get pods --log-flush-frequency=abc
kubectl get pods --log-flush-frequency=5
kubectl get pods --warnings-as-errors=x
kubectl get pods --match-server-version=x
kubectl help
kubectl help get
kubectl help foo
kubectl help foo bar
kubectl help config view
kubectl help create deployment
kubectl create --help
kubectl create foo
kubectl create secret --help
kubectl create secret
kubectl create secret foo
kubectl create service foo
kubectl set foo
kubectl rollout --help
kubectl rollout
kubectl rollout foo
kubectl config --help
kubectl config
kubectl config foo
kubectl config foo bar
kubectl auth --help
kubectl auth
kubectl auth foo
kubectl top --help
kubectl top
kubectl top foo
kubectl certificate --help
kubectl certificate
kubectl certificate foo
kubectl plugin --help
kubectl plugin
kubectl plugin foo
kubectl alpha
kubectl alpha --help
kubectl alpha foo
kubectl alpha kuberc
kubectl alpha kuberc --help
kubectl alpha kuberc foo
kubectl version --client
kubectl version --client -o yaml
kubectl version --client -o json
kubectl version --client -o wide
kubectl version --client --short
kubectl version --client foo
kubectl version -o
kubectl config get-contexts -o wide
kubectl config get-contexts -o json
kubectl config use-context
kubectl config use-context nope
kubectl config use-context a b
kubectl config rename-context
kubectl config rename-context a
kubectl config delete-context
kubectl config delete-cluster
kubectl config delete-user
kubectl config delete-user a b
kubectl config unset
kubectl config unset contexts.nope.namespace
kubectl config unset foo
kubectl config set
kubectl config set a
kubectl config set foo.bar x
kubectl config set-context
kubectl config set-context a b
kubectl config set-context --current x
kubectl config set-cluster
kubectl config set-credentials
kubectl config set-credentials a b
kubectl config view --minify=maybe
kubectl config view -o foo
kubectl config view -o wide
kubectl config view extra
kubectl config view -o jsonpath='{.kind}'
kubectl config delete-cluster --help
kubectl config set-credentials --help
kubectl config get-clusters --help
kubectl completion
kubectl completion foo
kubectl completion bash zsh
kubectl auth can-i
kubectl auth can-i get
kubectl auth can-i a b c d
kubectl auth can-i --list get
kubectl auth can-i get pods --subresource=log --list
kubectl auth whoami extra
kubectl auth whoami -o foo
kubectl api-versions extra
kubectl plugin list extra
kubectl kustomize a b
kubectl kustomize /nonexistent
kubectl certificate approve
kubectl certificate deny
kubectl certificate approve nope
kubectl proxy --port=abc
kubectl proxy --foo
kubectl proxy -p
