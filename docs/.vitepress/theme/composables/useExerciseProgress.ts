/**
 * Exercise progress for the whole visit, in localStorage (lab/exercise-progress.ts
 * has the format). Every write reads what is stored, merges and writes the
 * merge, and a `storage` event from another tab is merged in, so two tabs
 * never undo each other's progress. Browser-only work starts in start(),
 * called from onMounted.
 */
import { shallowRef, ref } from 'vue';
import { emptyProgress, mergeProgress, parseProgress, PROGRESS_KEY, serializeProgress, type Progress } from '../lab/exercise-progress';

const progress = shallowRef<Progress>(emptyProgress());
/** Set when stored progress could not be read and was discarded (the page shows a notice). */
const discarded = ref(false);
let started = false;

function readStored(): Progress {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(PROGRESS_KEY);
  } catch {
    return emptyProgress(); // storage disabled: progress lives in this page only
  }
  const r = parseProgress(raw);
  if (r.discarded) {
    discarded.value = true;
    try { localStorage.removeItem(PROGRESS_KEY); } catch { /* nothing to remove */ }
  }
  return r.progress;
}

function start(): void {
  if (started) return;
  started = true;
  progress.value = mergeProgress(progress.value, readStored());
  window.addEventListener('storage', (e) => {
    if (e.key !== PROGRESS_KEY) return;
    const r = parseProgress(e.newValue);
    // Another tab's unreadable write is not ours to discard: keep what we have, it is rewritten on our next change.
    if (!r.discarded) progress.value = mergeProgress(progress.value, r.progress);
  });
}

/** Applies a change and stores the merge with whatever another tab stored meanwhile. */
function update(change: (p: Progress) => Progress): void {
  const next = change(progress.value);
  if (next === progress.value) return;
  const merged = mergeProgress(next, readStored());
  progress.value = merged;
  try {
    localStorage.setItem(PROGRESS_KEY, serializeProgress(merged));
  } catch {
    // Quota or disabled storage: progress stays in this page.
  }
}

export function useExerciseProgress() {
  return { progress, discarded, start, update };
}
