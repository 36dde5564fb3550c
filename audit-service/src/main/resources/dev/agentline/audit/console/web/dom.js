// Small DOM helpers. Text always goes in as text (never as HTML), except search snippets, which are
// escaped first and then only their <b>…</b> marks are let through.

/** h('div', {class: 'x', onclick: fn}, child, 'text', [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

/**
 * A search snippet as an element. The search API sends HTML: matches in <b>…</b>, everything else escaped. Only the
 * <b> tags become elements; every other part is decoded to plain text and added as text, never parsed as HTML.
 */
export function snippet(html) {
  const span = h('span', {class: 'snippet'});
  let bold = false;
  for (const part of String(html ?? '').split(/(<\/?b>)/)) {
    if (part === '<b>' || part === '</b>') {
      bold = part === '<b>';
      continue;
    }
    const text = decodeEntities(part);
    if (text) span.append(bold ? h('b', {}, text) : text);
  }
  return span;
}

/** Entities to text; a textarea's content is never parsed as elements. */
function decodeEntities(text) {
  const area = document.createElement('textarea');
  area.innerHTML = text;
  return area.value;
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').slice(0, 19);
}

export function usd(value) {
  return '$' + Number(value || 0).toFixed(4);
}

export function statusBadge(status, attrs = {}) {
  return h('span', {...attrs, class: 'status status-' + String(status || '').toLowerCase().replaceAll('_', '-')}, status || '?');
}

/** A unified diff, each line coloured by its first character. */
export function diffBlock(diff) {
  return h('pre', {class: 'diff'}, String(diff).split('\n').map(line => h('span', {
    class: line.startsWith('+++') || line.startsWith('---') ? 'diff-file'
      : line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : line.startsWith('@@') ? 'diff-hunk' : null,
  }, line + '\n')));
}

export async function getJson(url) {
  const response = await fetch(url, {headers: {Accept: 'application/json'}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || ('HTTP ' + response.status));
  return body;
}

export async function postJson(url, payload) {
  const response = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify(payload)});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || ('HTTP ' + response.status));
  return body;
}
