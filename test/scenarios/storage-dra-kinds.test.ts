/**
 * storage.k8s.io/v1 CSIDriver, CSIStorageCapacity, VolumeAttachment and VolumeAttributesClass (GA in v1.34) and
 * resource.k8s.io/v1 DeviceClass, ResourceClaim, ResourceClaimTemplate and ResourceSlice (DRA, GA in v1.34) on a
 * kubeadm v1.35 cluster without CSI or DRA drivers. Expectations from upstream release-1.35: the discovery rows of a
 * v1.35 cluster's `kubectl api-resources` (vac the VolumeAttributesClass short name); pkg/apis/storage/v1 and
 * resource/v1 defaults; pkg/apis/storage/validation and pkg/apis/resource/validation texts; the get columns of
 * pkg/printers/internalversion/printers.go (CSIStorageCapacity has no AGE; resourceClaimState); kubectl's
 * describeVolumeAttributesClass; the scheduler's dynamicresources plugin ("request %s: device class %s does not
 * exist", "cannot allocate all claims", PostFilter's "still not schedulable", statusUnschedulable being
 * UnschedulableAndUnresolvable), in the FailedScheduling form real v1.35 clusters print ("... cannot allocate all
 * claims, ... still not schedulable, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.").
 */
import { describe, expect, it } from 'vitest';
import { interactiveSession } from '../../engine/shell/interactive-test-helpers.js';

const file = (name: string, text: string) => `cat > ${name} <<'EOF'\n${text}EOF`;

describe('storage.k8s.io CSI kinds and VolumeAttributesClass', () => {
  it('are served as a v1.35 cluster lists them, and a kubeadm cluster has no CSI driver', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl api-resources --api-group=storage.k8s.io')).out).toBe(
      'NAME                      SHORTNAMES   APIVERSION          NAMESPACED   KIND\n'
      + 'csidrivers                             storage.k8s.io/v1   false        CSIDriver\n'
      + 'csinodes                               storage.k8s.io/v1   false        CSINode\n'
      + 'csistoragecapacities                   storage.k8s.io/v1   true         CSIStorageCapacity\n'
      + 'storageclasses            sc           storage.k8s.io/v1   false        StorageClass\n'
      + 'volumeattachments                      storage.k8s.io/v1   false        VolumeAttachment\n'
      + 'volumeattributesclasses   vac          storage.k8s.io/v1   false        VolumeAttributesClass\n');
    expect(await run('kubectl get csidrivers')).toEqual({ out: 'No resources found\n', status: 0 });
    expect(await run('kubectl get volumeattachments')).toEqual({ out: 'No resources found\n', status: 0 });
  });

  it('CSIDriver: the v1 defaults, its columns, and what may not change', async () => {
    const { run } = await interactiveSession();
    await run(file('csi.yaml', 'apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata:\n  name: hostpath.csi.k8s.io\nspec:\n  podInfoOnMount: true\n  volumeLifecycleModes: [Persistent, Ephemeral]\n'));
    expect((await run('kubectl create -f csi.yaml')).out).toBe('csidriver.storage.k8s.io/hostpath.csi.k8s.io created\n');
    expect((await run('kubectl get csidriver hostpath.csi.k8s.io -o jsonpath={.spec}')).out).toBe(
      '{"attachRequired":true,"fsGroupPolicy":"ReadWriteOnceWithFSType","podInfoOnMount":true,"requiresRepublish":false,"seLinuxMount":false,"storageCapacity":false,"volumeLifecycleModes":["Persistent","Ephemeral"]}');
    expect((await run('kubectl get csidrivers')).out).toBe(
      'NAME                  ATTACHREQUIRED   PODINFOONMOUNT   STORAGECAPACITY   TOKENREQUESTS   REQUIRESREPUBLISH   MODES                  AGE\n'
      + 'hostpath.csi.k8s.io   true             true             false             <unset>         false               Persistent,Ephemeral   0s\n');
    // ValidateCSIDriverUpdate: attachRequired (its path spelled attachedRequired) and the modes are immutable.
    expect(await run(`kubectl patch csidriver hostpath.csi.k8s.io --type=merge -p '{"spec":{"attachRequired":false,"volumeLifecycleModes":["Persistent"]}}'`)).toEqual({
      out: 'The CSIDriver "hostpath.csi.k8s.io" is invalid: \n'
        + '* spec.attachedRequired: Invalid value: false: field is immutable\n'
        + '* spec.volumeLifecycleModes: Invalid value: ["Persistent"]: field is immutable\n',
      status: 1,
    });
    await run(file('bad.yaml', 'apiVersion: storage.k8s.io/v1\nkind: CSIDriver\nmetadata:\n  name: bad.csi.k8s.io\nspec:\n  fsGroupPolicy: Sometimes\n  tokenRequests:\n  - audience: a\n    expirationSeconds: 60\n'));
    expect(await run('kubectl create -f bad.yaml')).toEqual({
      out: 'The CSIDriver "bad.csi.k8s.io" is invalid: \n'
        + '* spec.fsGroupPolicy: Unsupported value: "Sometimes": supported values: "File", "None", "ReadWriteOnceWithFSType"\n'
        + '* spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n',
      status: 1,
    });
  });

  it('VolumeAttributesClass, VolumeAttachment and CSIStorageCapacity: columns, describe and validation', async () => {
    const { run } = await interactiveSession();
    await run(file('vac.yaml', 'apiVersion: storage.k8s.io/v1\nkind: VolumeAttributesClass\nmetadata:\n  name: silver\ndriverName: pd.csi.storage.gke.io\nparameters:\n  provisioned-iops: "3000"\n  provisioned-throughput: "50"\n'));
    expect((await run('kubectl create -f vac.yaml')).out).toBe('volumeattributesclass.storage.k8s.io/silver created\n');
    expect((await run('kubectl get vac')).out).toBe('NAME     DRIVERNAME              AGE\nsilver   pd.csi.storage.gke.io   0s\n');
    expect((await run('kubectl describe vac silver')).out).toBe(
      'Name:         silver\nAnnotations:  <none>\nDriverName:   pd.csi.storage.gke.io\nParameters:   provisioned-iops=3000,provisioned-throughput=50\nEvents:       <none>\n');
    expect(await run(`kubectl patch vac silver --type=merge -p '{"driverName":"other.csi.k8s.io"}'`)).toEqual({
      out: 'The VolumeAttributesClass "silver" is invalid: driverName: Forbidden: updates to driverName are forbidden.\n', status: 1,
    });
    await run(file('novac.yaml', 'apiVersion: storage.k8s.io/v1\nkind: VolumeAttributesClass\nmetadata:\n  name: empty\ndriverName: ""\n'));
    expect(await run('kubectl create -f novac.yaml')).toEqual({
      out: 'The VolumeAttributesClass "empty" is invalid: \n* driverName: Required value\n* parameters: Required value: must contain at least one key/value pair\n', status: 1,
    });

    await run(file('va.yaml', 'apiVersion: storage.k8s.io/v1\nkind: VolumeAttachment\nmetadata:\n  name: va1\nspec:\n  attacher: hostpath.csi.k8s.io\n  nodeName: worker-1\n  source:\n    persistentVolumeName: pv1\n'));
    expect((await run('kubectl create -f va.yaml')).out).toBe('volumeattachment.storage.k8s.io/va1 created\n');
    expect((await run('kubectl get volumeattachments')).out).toBe('NAME   ATTACHER              PV    NODE       ATTACHED   AGE\nva1    hostpath.csi.k8s.io   pv1   worker-1   false      0s\n');
    // Status is not a field the attacher's create sets, but VolumeAttachmentStatus.attached is always written.
    expect((await run('kubectl get volumeattachment va1 -o jsonpath={.status}')).out).toBe('{"attached":false}');
    await run(file('nova.yaml', 'apiVersion: storage.k8s.io/v1\nkind: VolumeAttachment\nmetadata:\n  name: va2\nspec:\n  nodeName: worker-1\n  source: {}\n'));
    expect(await run('kubectl create -f nova.yaml')).toEqual({
      // The strategy adds ValidateVolumeAttachmentV1's checks: the attacher again as a CSI driver name (kubectl drops
      // the repeated Required).
      out: 'The VolumeAttachment "va2" is invalid: \n* spec.attacher: Required value\n* spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName\n'
        + "* spec.attacher: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n",
      status: 1,
    });

    await run(file('cap.yaml', 'apiVersion: storage.k8s.io/v1\nkind: CSIStorageCapacity\nmetadata:\n  name: cap1\nstorageClassName: standard\ncapacity: 10Gi\n'));
    expect((await run('kubectl create -f cap.yaml')).out).toBe('csistoragecapacity.storage.k8s.io/cap1 created\n');
    expect((await run('kubectl get csistoragecapacities')).out).toBe('NAME   STORAGECLASSNAME   CAPACITY\ncap1   standard           10Gi\n');
  });
});

describe('resource.k8s.io/v1 (Dynamic Resource Allocation)', () => {
  const claim = file('claim.yaml', 'apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata:\n  name: single-gpu\nspec:\n  devices:\n    requests:\n    - name: gpu\n      exactly:\n        deviceClassName: gpu.example.com\n');
  const pod = file('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: gpu-pod\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n    resources:\n      claims:\n      - name: gpu\n  resourceClaims:\n  - name: gpu\n    resourceClaimName: single-gpu\n');
  const deviceClass = file('class.yaml', 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu.example.com\nspec:\n  selectors:\n  - cel:\n      expression: device.driver == "gpu.example.com"\n');

  it('is served, and a claim gets the v1 defaults and the pending state', async () => {
    const { run } = await interactiveSession();
    expect((await run('kubectl api-resources --api-group=resource.k8s.io')).out).toBe(
      'NAME                     SHORTNAMES   APIVERSION           NAMESPACED   KIND\n'
      + 'deviceclasses                         resource.k8s.io/v1   false        DeviceClass\n'
      + 'resourceclaims                        resource.k8s.io/v1   true         ResourceClaim\n'
      + 'resourceclaimtemplates                resource.k8s.io/v1   true         ResourceClaimTemplate\n'
      + 'resourceslices                        resource.k8s.io/v1   false        ResourceSlice\n');
    expect((await run('kubectl api-versions')).out.split('\n')).toContain('resource.k8s.io/v1');
    expect(await run('kubectl get resourceslices')).toEqual({ out: 'No resources found\n', status: 0 });
    await run(claim);
    expect((await run('kubectl create -f claim.yaml')).out).toBe('resourceclaim.resource.k8s.io/single-gpu created\n');
    // SetDefaults_ExactDeviceRequest: one device, ExactCount.
    expect((await run('kubectl get resourceclaim single-gpu -o jsonpath={.spec.devices.requests[0].exactly}')).out)
      .toBe('{"allocationMode":"ExactCount","count":1,"deviceClassName":"gpu.example.com"}');
    expect((await run('kubectl get resourceclaims')).out).toBe('NAME         STATE     AGE\nsingle-gpu   pending   0s\n');
    await run(deviceClass);
    expect((await run('kubectl create -f class.yaml')).out).toBe('deviceclass.resource.k8s.io/gpu.example.com created\n');
    expect((await run('kubectl get deviceclasses')).out).toBe('NAME              AGE\ngpu.example.com   0s\n');
    // The spec of a claim is immutable.
    expect(await run(`kubectl patch resourceclaim single-gpu --type=json -p '[{"op":"replace","path":"/spec/devices/requests/0/exactly/count","value":2}]'`))
      .toMatchObject({ out: expect.stringMatching(/^The ResourceClaim "single-gpu" is invalid: spec: Invalid value: .*: field is immutable\n$/), status: 1 });
  });

  it('validation of claims and slices', async () => {
    const { run } = await interactiveSession();
    await run(file('bad.yaml', 'apiVersion: resource.k8s.io/v1\nkind: ResourceClaim\nmetadata:\n  name: bad\nspec:\n  devices:\n    requests:\n    - name: Gpu\n    - name: all\n      exactly:\n        deviceClassName: gpu.example.com\n        allocationMode: All\n        count: 2\n'));
    expect(await run('kubectl create -f bad.yaml')).toEqual({
      out: 'The ResourceClaim "bad" is invalid: \n'
        + "* spec.devices.requests[0].name: Invalid value: \"Gpu\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"
        + '* spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required\n'
        + "* spec.devices.requests[1].exactly.count: Invalid value: 2: must not be specified when allocationMode is 'All'\n",
      status: 1,
    });
    await run(file('slice.yaml', 'apiVersion: resource.k8s.io/v1\nkind: ResourceSlice\nmetadata:\n  name: s1\nspec:\n  driver: gpu.example.com\n  pool:\n    name: pool-a\n    resourceSliceCount: 0\n'));
    expect(await run('kubectl create -f slice.yaml')).toEqual({
      out: 'The ResourceSlice "s1" is invalid: \n'
        + '* spec.pool.resourceSliceCount: Invalid value: 0: must be greater than zero\n'
        + '* spec: Required value: exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required\n',
      status: 1,
    });
    await run(file('slice2.yaml', 'apiVersion: resource.k8s.io/v1\nkind: ResourceSlice\nmetadata:\n  name: s2\nspec:\n  driver: gpu.example.com\n  nodeName: worker-1\n  pool:\n    name: worker-1\n    resourceSliceCount: 1\n  devices:\n  - name: gpu-0\n'));
    expect((await run('kubectl create -f slice2.yaml')).out).toBe('resourceslice.resource.k8s.io/s2 created\n');
    expect((await run('kubectl get resourceslices')).out).toBe('NAME   NODE       DRIVER            POOL       AGE\ns2     worker-1   gpu.example.com   worker-1   0s\n');
  });

  it('a pod needing a claim stays Pending with the scheduler\'s DynamicResources messages', async () => {
    const { run } = await interactiveSession();
    await run(claim);
    await run('kubectl create -f claim.yaml');
    await run(pod);
    expect((await run('kubectl create -f pod.yaml')).out).toBe('pod/gpu-pod created\n');
    await run('sleep 5');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.phase} {.status.conditions[0].reason}'`)).out).toBe('Pending Unschedulable');
    expect((await run(`kubectl get pod gpu-pod -o jsonpath='{.status.conditions[0].message}'`)).out)
      .toBe('0/3 nodes are available: request gpu: device class gpu.example.com does not exist. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');

    const { run: run2 } = await interactiveSession();
    await run2(claim);
    await run2('kubectl create -f claim.yaml');
    await run2(deviceClass);
    await run2('kubectl create -f class.yaml');
    await run2(pod);
    await run2('kubectl create -f pod.yaml');
    await run2('sleep 5');
    // No DRA driver publishes a device: no node can hold the claim (the control plane is tainted first).
    expect((await run2(`kubectl get pod gpu-pod -o jsonpath='{.status.conditions[0].message}'`)).out).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 cannot allocate all claims. still not schedulable, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    expect((await run2('kubectl get resourceclaims')).out).toBe('NAME         STATE     AGE\nsingle-gpu   pending   5s\n');
  });
});
