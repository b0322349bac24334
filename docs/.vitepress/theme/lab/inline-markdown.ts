/**
 * The little Markdown exercise texts use (`code` spans, **bold**, paragraphs
 * and line breaks) turned into HTML, with everything else escaped: exercise
 * texts are data, and nothing in them may become markup.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function inline(s: string): string {
  // Code first, so `**` inside a code span stays literal.
  return s.split(/(`[^`]+`)/).map((part) => {
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return `<code>${escapeHTML(part.slice(1, -1))}</code>`;
    return escapeHTML(part).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  }).join('');
}

/** Paragraphs split on blank lines (or, in YAML block texts, on each line). */
export function renderText(text: string): string {
  return text.trim().split(/\n+/).map((p) => `<p>${inline(p)}</p>`).join('');
}

/** One line, no paragraph (task texts, hints). */
export function renderInline(text: string): string {
  return inline(text.trim()).replace(/\n/g, '<br>');
}
