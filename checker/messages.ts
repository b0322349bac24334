/**
 * The checker's own texts (the checks' texts live beside each check). Every
 * text exists in Korean and English; functions fill in what was seen.
 */
import type { Msg } from './types.js';

export const seconds = (ms: number): string => {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}` : s.toFixed(1);
};

export const SETTLING = (heldMs: number, forMs: number, seen: Msg): Msg => ({
  ko: `${seen.ko} — 이 상태가 ${seconds(forMs)}초 동안 유지되는지 지켜보는 중입니다 (지금 ${seconds(heldMs)}초).`,
  en: `${seen.en} — waiting for this to hold for ${seconds(forMs)} s (held ${seconds(heldMs)} s so far).`,
});

export const WAITING_FOR_INJECTION = (what: Msg): Msg => ({
  ko: `아직 판정할 수 없습니다: ${what.ko} 이후에야 통과할 수 있습니다.`,
  en: `Not yet: this can only pass after ${what.en}.`,
});

export const PASSED_AT = (seen: Msg, atMs: number): Msg => ({
  ko: `${seen.ko} (시작 후 ${seconds(atMs)}초에 통과)`,
  en: `${seen.en} (passed ${seconds(atMs)} s after the start)`,
});

export const API_UNREACHABLE: Msg = {
  ko: 'API 서버가 응답하지 않아 판정할 수 없습니다 (kubectl도 "connection refused"를 받습니다). kube-apiserver가 다시 떠야 확인할 수 있습니다.',
  en: 'Cannot be evaluated: the API server does not answer (kubectl gets "connection refused" too). It can be checked once kube-apiserver is back.',
};

export const CHECK_ERROR = (message: string): Msg => ({
  ko: `이 검사를 평가하지 못했습니다: ${message}`,
  en: `This check could not be evaluated: ${message}`,
});

export const INJECTION_TEXT: Record<string, (target: string) => Msg> = {
  'stop-node': (t) => ({ ko: `노드 ${t}가 멈춘 뒤`, en: `node ${t} goes down` }),
  'start-node': (t) => ({ ko: `노드 ${t}가 다시 켜진 뒤`, en: `node ${t} comes back` }),
  'stop-component': (t) => ({ ko: `${t}가 멈춘 뒤`, en: `${t} stops` }),
  'start-component': (t) => ({ ko: `${t}가 다시 시작된 뒤`, en: `${t} starts again` }),
  'kill-container': (t) => ({ ko: `${t}의 컨테이너가 죽은 뒤`, en: `the container of ${t} is killed` }),
  'delete-pod': (t) => ({ ko: `Pod ${t}가 삭제된 뒤`, en: `pod ${t} is deleted` }),
  hang: (t) => ({ ko: `${t}의 애플리케이션이 멈춘(hang) 뒤`, en: `the application in ${t} hangs` }),
  'leak-memory': (t) => ({ ko: `${t}에서 메모리 누수가 시작된 뒤`, en: `${t} starts leaking memory` }),
  'fail-readiness': (t) => ({ ko: `${t}의 readiness가 실패하기 시작한 뒤`, en: `${t} starts failing readiness` }),
  'send-load': (t) => ({ ko: `${t}에 부하가 걸린 뒤`, en: `load is sent to ${t}` }),
  'stop-load': (t) => ({ ko: `${t}의 부하가 멈춘 뒤`, en: `the load on ${t} stops` }),
};

export const TOO_LATE = (withinMs: number, seen: Msg): Msg => ({
  ko: `제한 시간 ${seconds(withinMs)}초 안에 이루어지지 않았습니다. 지금 상태: ${seen.ko}`,
  en: `Not done within the ${seconds(withinMs)} s allowed. Now: ${seen.en}`,
});
