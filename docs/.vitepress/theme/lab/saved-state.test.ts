import { describe, expect, it } from 'vitest';
import { MAX_SAVED_HISTORY, parseSavedState, serializeState } from './saved-state';

describe('saved lab state', () => {
  it('round-trips history and speed', () => {
    const raw = serializeState({ version: 1, history: ['kubectl get nodes'], speed: 10 });
    expect(parseSavedState(raw)).toEqual({ state: { version: 1, history: ['kubectl get nodes'], speed: 10 }, discarded: false });
  });

  it('starts fresh without a notice when nothing was saved', () => {
    expect(parseSavedState(null).discarded).toBe(false);
  });

  it.each([
    ['{not json', 'not JSON'],
    ['[1,2]', 'not an object'],
    ['{"version":2,"history":[],"speed":1}', 'version 2'],
    ['{"version":1,"history":[3],"speed":1}', 'history is not a list of strings'],
    ['{"version":1,"history":[],"speed":7}', 'speed 7'],
  ])('discards %s (%s)', (raw, reason) => {
    const r = parseSavedState(raw);
    expect(r).toMatchObject({ discarded: true, reason });
    expect(r.state.history).toEqual([]);
  });

  it('keeps only the newest MAX_SAVED_HISTORY entries', () => {
    const history = Array.from({ length: MAX_SAVED_HISTORY + 5 }, (_, i) => `echo ${i}`);
    const r = parseSavedState(JSON.stringify({ version: 1, history, speed: 1 }));
    expect(r.state.history.length).toBe(MAX_SAVED_HISTORY);
    expect(r.state.history[0]).toBe('echo 5');
  });
});
