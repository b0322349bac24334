/** Geometry of the dense pod view: squares of DOT_SIZE every DOT_PITCH pixels, row by row. */
export const DOT_SIZE = 9;
export const DOT_PITCH = 11;

export function dotGrid(count: number, width: number): { columns: number; rows: number; height: number } {
  const columns = Math.max(1, Math.floor((width + DOT_PITCH - DOT_SIZE) / DOT_PITCH));
  const rows = Math.max(1, Math.ceil(count / columns));
  return { columns, rows, height: rows * DOT_PITCH };
}

/** Index of the pod under (x, y), or undefined between squares or past the last pod. */
export function dotAt(x: number, y: number, columns: number, count: number): number | undefined {
  if (x < 0 || y < 0) return undefined;
  const col = Math.floor(x / DOT_PITCH);
  const row = Math.floor(y / DOT_PITCH);
  if (col >= columns || x - col * DOT_PITCH > DOT_SIZE || y - row * DOT_PITCH > DOT_SIZE) return undefined;
  const i = row * columns + col;
  return i < count ? i : undefined;
}
