/** The lab's own labels in both languages (the lesson texts live in the Markdown). */
export const LAB_TEXT = {
  en: {
    terminal: 'Terminal', map: 'Cluster map', reset: 'Reset', resetTitle: 'Start a new cluster and shell',
    speed: 'Speed', pause: 'Pause', forward: (m: number) => `+${m} min`, forwardTitle: (m: number) => `Run ${m} simulated minute(s) now`,
    inject: 'Break things', stopNode: 'Stop node', startNode: 'Start node', stopComponent: 'Stop', startComponent: 'Start',
    controlPlane: 'Control plane', sendLoad: 'Send load', stopLoad: 'Stop load', rps: 'req/s', service: 'Service',
    nodes: 'Nodes', services: 'Services', deployments: 'Deployments', hpa: 'Autoscalers', unscheduled: 'Not scheduled',
    pods: (n: number) => `${n} pods`, noServices: 'No Services yet.', poweredOff: 'powered off',
    run: 'Run', runTitle: 'Type this command into the terminal and run it',
    exercises: 'Exercises', comingSoon: 'Exercises for this lesson are coming soon.', noExercises: 'No exercises yet: they are coming soon.',
    close: 'Close', why: 'Scheduling', whyPending: 'Why is it Pending?', whyHere: 'Why is it on this node?',
    chosen: 'chosen', score: 'score', events: 'Events', noEvents: 'No events.', containers: 'Containers', labels: 'Labels',
    annotations: 'Annotations', restarts: 'Restarts', node: 'Node', ip: 'IP', status: 'Status', killContainer: 'Kill container',
    notScheduledYet: 'The scheduler has not tried this pod yet.', gone: 'This pod no longer exists.',
    replicas: 'replicas', cpu: 'CPU', target: 'target', legend: 'Legend', time: 'Cluster time', loading: 'Starting the cluster…',
    showSystem: 'kube-system pods', revision: 'rev',
    difficulty: { easy: 'easy', medium: 'medium', hard: 'hard' } as Record<string, string>,
    podStates: { running: 'running', pending: 'pending', creating: 'creating', failing: 'failing', terminating: 'terminating', succeeded: 'succeeded' },
  },
  ko: {
    terminal: '터미널', map: '클러스터 지도', reset: '초기화', resetTitle: '새 클러스터와 셸로 다시 시작',
    speed: '속도', pause: '일시정지', forward: (m: number) => `+${m}분`, forwardTitle: (m: number) => `시뮬레이션 시간 ${m}분을 바로 진행`,
    inject: '장애 주입', stopNode: '노드 끄기', startNode: '노드 켜기', stopComponent: '중지', startComponent: '시작',
    controlPlane: '컨트롤 플레인', sendLoad: '부하 보내기', stopLoad: '부하 멈추기', rps: '요청/초', service: 'Service',
    nodes: '노드', services: 'Service', deployments: 'Deployment', hpa: '오토스케일러', unscheduled: '스케줄되지 않음',
    pods: (n: number) => `Pod ${n}개`, noServices: '아직 Service가 없습니다.', poweredOff: '전원 꺼짐',
    run: '실행', runTitle: '이 명령을 터미널에 입력하고 실행합니다',
    exercises: '실습 과제', comingSoon: '이 강의의 실습 과제는 곧 추가됩니다.', noExercises: '아직 실습 과제가 없습니다. 곧 추가됩니다.',
    close: '닫기', why: '스케줄링', whyPending: '왜 Pending인가요?', whyHere: '왜 이 노드에 있나요?',
    chosen: '선택됨', score: '점수', events: '이벤트', noEvents: '이벤트 없음.', containers: '컨테이너', labels: '레이블',
    annotations: '어노테이션', restarts: '재시작', node: '노드', ip: 'IP', status: '상태', killContainer: '컨테이너 강제 종료',
    notScheduledYet: '스케줄러가 아직 이 Pod를 처리하지 않았습니다.', gone: '이 Pod는 더 이상 없습니다.',
    replicas: '레플리카', cpu: 'CPU', target: '목표', legend: '범례', time: '클러스터 시간', loading: '클러스터를 시작하는 중…',
    showSystem: 'kube-system Pod', revision: '리비전',
    difficulty: { easy: '쉬움', medium: '보통', hard: '어려움' } as Record<string, string>,
    podStates: { running: '실행 중', pending: '대기 중', creating: '생성 중', failing: '실패', terminating: '종료 중', succeeded: '완료' },
  },
} as const;

export type LabLang = keyof typeof LAB_TEXT;

/** VitePress's lang ("ko-KR", "en-US") to ours. */
export function labLang(lang: string): LabLang {
  return lang.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Simulated wall-clock time as kubectl users see it in UTC: "00:12:05". */
export function clockText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
