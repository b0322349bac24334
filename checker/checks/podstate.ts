/**
 * What is wrong with a pod, in words a learner can act on: the STATUS column
 * kubectl would print, plus the detail behind it (the exit code of the last
 * crash, the image that cannot be pulled, the scheduler's reason).
 */
import type { KObject } from '../../engine/api/meta.js';
import { podSummary } from '../../engine/kubectl/printers/tables/pods.js';
import type { Msg } from '../types.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function podReady(p: KObject): boolean {
  const st = p.status as Any | undefined;
  return !p.metadata.deletionTimestamp && st?.phase === 'Running' && (st?.conditions ?? []).some((c: Any) => c.type === 'Ready' && c.status === 'True');
}

/** "pod web-x is in CrashLoopBackOff (exit code 1)". */
export function podProblem(p: KObject, now: number): Msg {
  const name = p.metadata.name!;
  const sum = podSummary(p as never, now);
  const st = (p.status ?? {}) as Any;
  const spec = (p.spec ?? {}) as Any;
  const statuses: Any[] = st.containerStatuses ?? [];
  const status = sum.status;
  let detailKo = '';
  let detailEn = '';
  const crashed = statuses.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff' || c.lastState?.terminated);
  if (status === 'CrashLoopBackOff' || status === 'OOMKilled' || status === 'Error') {
    const t = crashed?.lastState?.terminated ?? crashed?.state?.terminated;
    if (t) {
      const why = t.reason && t.reason !== 'Error' ? `, ${t.reason}` : '';
      detailKo = ` (종료 코드 ${t.exitCode}${why}, 재시작 ${crashed?.restartCount ?? 0}회)`;
      detailEn = ` (exit code ${t.exitCode}${why}, ${crashed?.restartCount ?? 0} restarts)`;
    }
  } else if (status === 'ImagePullBackOff' || status === 'ErrImagePull' || status === 'InvalidImageName') {
    const c = statuses.find((x) => x.state?.waiting?.reason === status);
    const image = c?.image ?? spec.containers?.[0]?.image;
    detailKo = ` (이미지 "${image}")`;
    detailEn = ` (image "${image}")`;
  } else if (status === 'Pending') {
    const sched = (st.conditions ?? []).find((c: Any) => c.type === 'PodScheduled' && c.status === 'False');
    if (sched?.message) {
      detailKo = `: ${sched.message}`;
      detailEn = `: ${sched.message}`;
    } else if (!spec.nodeName) {
      detailKo = ' (아직 어느 노드에도 배치되지 않음)';
      detailEn = ' (not scheduled to any node yet)';
    }
  } else if (status === 'Running' && !podReady(p)) {
    const [ready, total] = sum.ready.split('/');
    if (ready === total && spec.nodeName && !spec.readinessGates?.length) {
      // Every container ready, yet Ready=False: the node lifecycle controller's MarkPodsNotReady, which changes
      // only the condition, so READY still counts the containers as the kubelet last reported them.
      detailKo = ` (READY는 ${sum.ready}이지만 Pod의 Ready 조건이 False: 노드 ${spec.nodeName}이(가) 상태 보고를 멈추면 노드 컨트롤러가 이렇게 표시합니다)`;
      detailEn = ` (READY ${sum.ready}, but its Ready condition is False: the node controller marks it so when node ${spec.nodeName} stops reporting)`;
    } else {
      detailKo = ` (준비되지 않음: READY ${sum.ready})`;
      detailEn = ` (not ready: READY ${sum.ready})`;
    }
  } else if (status === 'Running' && sum.restarts !== '0') {
    detailKo = ` (재시작 ${sum.restarts})`;
    detailEn = ` (restarts: ${sum.restarts})`;
  }
  const verb = ['Running', 'Pending', 'Terminating', 'Completed', 'Unknown'].includes(status) ? 'is' : 'is in';
  return { ko: `Pod ${name}의 상태는 ${status}${detailKo}`, en: `pod ${name} ${verb} ${status}${detailEn}` };
}

/** Up to `max` problems of not-ready pods, worst first (crashing before pending before starting). */
export function podProblems(pods: KObject[], now: number, max = 2): Msg[] {
  const rank = (p: KObject) => {
    const s = podSummary(p as never, now).status;
    if (/CrashLoop|OOM|Error|ImagePull|ErrImage|InvalidImage|CreateContainer/.test(s)) return 0;
    if (s === 'Pending') return 1;
    return 2;
  };
  return pods
    .filter((p) => !podReady(p))
    .sort((a, b) => rank(a) - rank(b) || (a.metadata.name! < b.metadata.name! ? -1 : 1))
    .slice(0, max)
    .map((p) => podProblem(p, now));
}
