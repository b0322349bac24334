/**
 * One lab per visit: the engine worker, the xterm terminal and the map state
 * live in this module, outside any component, so they survive client-side
 * navigation between lessons. Components call useLab() for reactive state and
 * actions; everything browser-only happens in start(), called from onMounted.
 */
import { reactive, shallowRef } from 'vue';
import { LabHost, inlineTransport, workerTransport } from '../lab/host';
import { seedFrom, workersFrom } from '../lab/early-start';
import type { Injection, Speed } from '../lab/protocol';
import { parseSavedState, SAVED_STATE_KEY, serializeState, type SavedState } from '../lab/saved-state';
import type { MapSnapshot, PodDetail } from '../lab/snapshot';
import type { Exercise, ExerciseResult } from '../../../../checker/types';
import { MESSAGES, TerminalController, type Lang, type TerminalState } from '../lab/terminal-controller';

type XTerm = import('@xterm/xterm').Terminal;
type FitAddon = import('@xterm/addon-fit').FitAddon;

export const DEFAULT_SEED = 1;

const state = reactive({
  started: false,
  termState: 'booting' as TerminalState,
  speed: 1 as Speed,
  bootMs: 0,
  /** Virtual time of the last snapshot. */
  time: 0,
  lastInjection: '',
  generation: 0,
});
const snapshot = shallowRef<MapSnapshot | null>(null);
/** The exercise the lab was booted with (exercise pages) and its latest check results. */
const exercise = shallowRef<Exercise | null>(null);
const exerciseResult = shallowRef<ExerciseResult | null>(null);

let host: LabHost | undefined;
let controller: TerminalController | undefined;
let term: XTerm | undefined;
let fit: FitAddon | undefined;
/** The element xterm renders into; moved between lesson pages, never recreated. */
let termElement: HTMLElement | undefined;
let saved: SavedState = { version: 1, history: [], speed: 1 };
let lang: Lang = 'en';
let starting: Promise<void> | undefined;
/** Terminal output that arrived before xterm finished loading (the engine boots meanwhile). */
let early = '';

function readSaved(): { discarded: boolean } {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(SAVED_STATE_KEY);
  } catch {
    raw = null; // storage disabled (private mode): start fresh
  }
  const r = parseSavedState(raw);
  saved = r.state;
  if (r.discarded) {
    try { localStorage.removeItem(SAVED_STATE_KEY); } catch { /* nothing to remove */ }
  }
  return { discarded: r.discarded };
}

function writeSaved(): void {
  try {
    localStorage.setItem(SAVED_STATE_KEY, serializeState(saved));
  } catch {
    // Quota or disabled storage: the lab works without saving.
  }
}

// The lesson page's head script asks for the same cluster (lab/early-start.ts).
function seed(): number {
  return seedFrom(location.search);
}

/** Worker nodes: 2 as in the lessons; `?workers=20` for a large demo (at most MAX_DEMO_WORKERS). */
export const MAX_DEMO_WORKERS = 200;
function workers(): number | undefined {
  return workersFrom(location.search);
}

function makeTransport(receive: Parameters<typeof workerTransport>[0]) {
  // `?engine=main` runs the engine on the page's thread: the comparison in docs/decisions/engine-threading.md.
  if (new URLSearchParams(location.search).get('engine') === 'main') return inlineTransport(receive);
  try {
    return workerTransport(receive);
  } catch {
    // No module workers (very old browsers): run the engine on this thread.
    return inlineTransport(receive);
  }
}

function connect(): void {
  host?.close();
  const h = new LabHost(makeTransport);
  host = h;
  const c = new TerminalController({ write: (t) => (term ? term.write(t) : void (early += t)) }, h, term?.cols ?? 80);
  controller = c;
  c.lang = lang;
  c.setHistory(saved.history);
  c.onState = (s) => { state.termState = s; };
  c.onHistory = (history) => { saved.history = history; writeSaved(); };
  state.termState = 'booting';
  state.generation++;
  h.on((m) => {
    if (m.type === 'snapshot') {
      snapshot.value = m.snapshot;
      state.time = m.snapshot.time;
    } else if (m.type === 'ready') state.bootMs = m.bootMs;
    else if (m.type === 'checked') exerciseResult.value = m.result;
  });
  exerciseResult.value = null;
  if (exercise.value) {
    h.bootExercise(exercise.value, seed(), term?.cols ?? 80, term?.rows ?? 24, saved.speed, saved.history);
    return;
  }
  h.boot(seed(), term?.cols ?? 80, term?.rows ?? 24, saved.speed, saved.history, workers());
}

async function createTerminal(): Promise<void> {
  // xterm touches `window` at import time: it may only load in the browser (a static import breaks the server build).
  const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit'), import('@xterm/xterm/css/xterm.css')]);
  term = new Terminal({
    cursorBlink: true,
    convertEol: false,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "D2Coding", "Noto Sans Mono CJK KR", monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: { background: '#1b1b1f', foreground: '#e4e4e7', cursor: '#e4e4e7', selectionBackground: '#3b82f680' },
    allowProposedApi: false,
  });
  fit = new FitAddon();
  term.loadAddon(fit);
  termElement = document.createElement('div');
  termElement.className = 'kl-xterm';
  term.onData((d) => controller?.input(d));
  term.onResize(({ cols, rows }) => {
    controller?.resize(cols);
    host?.send({ type: 'resize', columns: cols, rows });
  });
  // Ctrl-C copies when text is selected (as in most terminal apps), otherwise it interrupts.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type === 'keydown' && e.ctrlKey && !e.shiftKey && e.key === 'c' && term?.hasSelection()) {
      void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
      term.clearSelection();
      return false;
    }
    if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'c') {
      if (term?.hasSelection()) void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
      return false;
    }
    return true;
  });
}

/** Starts the lab once per visit (idempotent); resolves when the terminal exists. */
function start(pageLang: Lang): Promise<void> {
  lang = pageLang;
  if (controller) controller.lang = pageLang;
  if (starting) return starting;
  starting = (async () => {
    const { discarded } = readSaved();
    state.speed = saved.speed;
    // The engine worker boots while xterm's code loads: the two costs overlap instead of adding up.
    const loading = createTerminal();
    connect();
    if (discarded) controller!.notice(MESSAGES[lang].discarded);
    await loading;
    term!.write(early);
    early = '';
    state.started = true;
  })();
  return starting;
}

/** Puts the terminal into `container` (a lesson's lab panel) and fits it. */
function attach(container: HTMLElement): () => void {
  if (!term || !termElement) return () => undefined;
  container.appendChild(termElement);
  if (!term.element) term.open(termElement);
  const refit = () => {
    try {
      if (container.offsetWidth > 0 && container.offsetHeight > 0) fit?.fit();
    } catch {
      // A container without size (hidden tab) cannot be measured; the next resize fits it.
    }
  };
  refit();
  const ro = new ResizeObserver(refit);
  ro.observe(container);
  return () => {
    ro.disconnect();
    if (termElement?.parentElement === container) container.removeChild(termElement);
  };
}

function reset(): void {
  if (!term) return;
  term.reset();
  snapshot.value = null;
  state.lastInjection = '';
  connect();
}

function setSpeed(s: Speed): void {
  state.speed = s;
  saved.speed = s;
  writeSaved();
  host?.send({ type: 'speed', speed: s });
}

function forward(ms: number): void {
  host?.send({ type: 'forward', ms });
}

async function inject(i: Injection): Promise<{ ok: boolean; message: string }> {
  if (!host) return { ok: false, message: '' };
  const r = await host.inject(i);
  state.lastInjection = r.message;
  return r;
}

async function runCommand(cmd: string): Promise<void> {
  if (!controller) return;
  term?.focus();
  await controller.runCommand(cmd);
}

function podDetail(namespace: string, name: string): Promise<PodDetail | undefined> {
  return host ? host.pod(namespace, name) : Promise.resolve(undefined);
}

function focus(): void {
  term?.focus();
}

/**
 * An exercise page asks for its exercise: the lab reboots with it set up,
 * unless it already runs that one (the learner came back to the page).
 */
function setExercise(ex: Exercise): void {
  if (exercise.value?.id === ex.id) return;
  exercise.value = ex;
  if (controller) reset();
}

/**
 * Leaving an exercise page for a lesson: the lessons get a plain cluster
 * again (not the exercise's, with its stopped scheduler or broken rollout).
 * Deferred a moment, so that moving on to another exercise boots only once.
 */
function leaveExercise(id: string): void {
  setTimeout(() => {
    if (exercise.value?.id !== id) return;
    exercise.value = null;
    if (controller) reset();
  }, 0);
}

/** The Check button: grade now (the result arrives as `exerciseResult`). */
function check(): void {
  host?.check();
}

export function useLab() {
  return { state, snapshot, start, attach, reset, setSpeed, forward, inject, runCommand, podDetail, focus, exercise, exerciseResult, setExercise, leaveExercise, check };
}
