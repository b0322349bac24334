# kubelab script --seed 11
export NO_COLOR=1
kubectl get pv
kubectl get pvc
kubectl get sc
kubectl get pv task-pv-volume
kubectl describe pvc nothing
ssh worker-1 'sudo mkdir /mnt/data; echo Hello from the node | sudo tee /mnt/data/node.html'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"task-pv-volume","labels":{"type":"local"}},"spec":{"storageClassName":"manual","capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/data"}}}'
kubectl get pv task-pv-volume
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"task-pv-claim"},"spec":{"storageClassName":"manual","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"3Gi"}}}}'
sleep 2
kubectl get pv
kubectl get pvc
kubectl get pv,pvc -o wide
kubectl describe pv task-pv-volume
kubectl describe pvc task-pv-claim
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"task-pv-pod"},"spec":{"nodeName":"worker-1","volumes":[{"name":"task-pv-storage","persistentVolumeClaim":{"claimName":"task-pv-claim"}}],"containers":[{"name":"task-pv-container","image":"nginx","ports":[{"containerPort":80,"name":"http-server"}],"volumeMounts":[{"mountPath":"/usr/share/nginx/html","name":"task-pv-storage"}]}]}}'
sleep 10
kubectl exec task-pv-pod -- sh -c "echo 'Hello from Kubernetes storage' > /usr/share/nginx/html/index.html"
kubectl describe pvc task-pv-claim
kubectl delete pod task-pv-pod
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"reader"},"spec":{"nodeName":"worker-1","volumes":[{"name":"v","persistentVolumeClaim":{"claimName":"task-pv-claim"}}],"containers":[{"name":"c","image":"busybox","command":["sleep","3600"],"volumeMounts":[{"mountPath":"/data","name":"v"}]}]}}'
sleep 10
kubectl exec reader -- cat /data/index.html
kubectl exec reader -- ls /data
ssh worker-1 ls /mnt/data
kubectl delete pvc task-pv-claim --wait=false
kubectl get pvc
kubectl describe pvc task-pv-claim
kubectl delete pod reader --grace-period=0 --force
sleep 2
kubectl get pvc
kubectl get pv
kubectl describe pv task-pv-volume
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"lonely"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"waiter"},"spec":{"volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"lonely"}}],"containers":[{"name":"c","image":"busybox","command":["sleep","3600"],"volumeMounts":[{"name":"d","mountPath":"/d"}]}]}}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphan"},"spec":{"volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"missing"}}],"containers":[{"name":"c","image":"busybox","command":["sleep","3600"]}]}}'
sleep 40
kubectl get pvc lonely
kubectl describe pvc lonely
kubectl get pods
kubectl describe pod waiter
kubectl describe pod orphan
kubectl apply -f - <<< '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"example.com/nfs","reclaimPolicy":"Retain"}'
kubectl get sc
kubectl describe sc standard
sleep 16
kubectl get pvc lonely
kubectl describe pvc lonely
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"defaulted"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}'
kubectl get pvc defaulted -o jsonpath='{.spec.storageClassName}{"\n"}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"broken"},"spec":{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/a"},"nfs":{"server":"nfs","path":"/b"}}}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"empty"},"spec":{"accessModes":["ReadWriteOnce"]}}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"bad"},"spec":{"accessModes":["ReadWriteSometimes"],"resources":{}}}'
kubectl apply -f - <<< '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"nope"},"reclaimPolicy":"Recycle","volumeBindingMode":"Later"}'
kubectl patch pvc lonely -p '{"spec":{"accessModes":["ReadWriteMany"]}}'
kubectl patch sc standard -p '{"reclaimPolicy":"Delete"}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"tmp-pv"},"spec":{"storageClassName":"scratch","persistentVolumeReclaimPolicy":"Delete","capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/scratch"}}}'
kubectl apply -f - <<< '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"scratch"},"spec":{"storageClassName":"scratch","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}'
sleep 2
kubectl get pv tmp-pv
kubectl delete pvc scratch
sleep 2
kubectl get pv tmp-pv
kubectl describe pv tmp-pv
kubectl delete pv tmp-pv task-pv-volume
kubectl get pv
