// Hand-written SVG charts. Each takes plain data ({label, value} items or numbers) and returns an
// <svg> element, so where the data comes from does not matter to them.

const NS = 'http://www.w3.org/2000/svg';
const W = 560, H = 220, PAD = {left: 48, right: 12, top: 12, bottom: 40};

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function frame(title) {
  return s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title}, s('title', {}, title));
}

function empty(svg, text) {
  svg.append(s('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty'}, text));
  return svg;
}

function yAxis(svg, max, format) {
  const plotH = H - PAD.top - PAD.bottom;
  for (let i = 0; i <= 4; i++) {
    const value = max * i / 4;
    const y = PAD.top + plotH - plotH * i / 4;
    svg.append(s('line', {x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'chart-grid'}));
    svg.append(s('text', {x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-tick'}, format(value)));
  }
}

/** Vertical bars, one per {label, value, title?}. */
export function barChart(items, {title = 'bars', format = v => String(Math.round(v * 100) / 100)} = {}) {
  const svg = frame(title);
  if (!items.length) return empty(svg, 'no data yet');
  const max = Math.max(...items.map(i => i.value), 1e-9);
  yAxis(svg, max, format);
  const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / items.length, barW = Math.max(4, slot * 0.7);
  items.forEach((item, i) => {
    const barH = plotH * item.value / max;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    svg.append(s('rect', {x, y: PAD.top + plotH - barH, width: barW, height: Math.max(barH, 0.5), class: 'chart-bar'},
      s('title', {}, item.title || `${item.label}: ${format(item.value)}`)));
    svg.append(s('text', {x: x + barW / 2, y: H - PAD.bottom + 16, 'text-anchor': 'middle', class: 'chart-label'}, item.label));
  });
  return svg;
}

/** The distribution of numbers as a histogram of up to {bins} equal-width bins. */
export function histogram(values, {title = 'distribution', bins = 8, unit = ''} = {}) {
  if (!values.length) return empty(frame(title), 'no data yet');
  const min = Math.min(...values), max = Math.max(...values);
  const count = Math.min(bins, Math.max(1, values.length));
  const width = (max - min) / count || 1;
  const items = Array.from({length: count}, (_, i) => ({
    from: min + i * width, to: min + (i + 1) * width, value: 0,
  }));
  for (const v of values) items[Math.min(count - 1, Math.floor((v - min) / width))].value++;
  return barChart(items.map(b => ({
    label: `${round(b.from)}–${round(b.to)}${unit}`, value: b.value, title: `${b.value} task(s) took ${round(b.from)}–${round(b.to)} ${unit}`,
  })), {title, format: v => String(Math.round(v))});
}

/** Points {x: Date, y: number, label} over time, joined by a line. */
export function timeChart(points, {title = 'over time', format = v => String(v)} = {}) {
  const svg = frame(title);
  if (!points.length) return empty(svg, 'no data yet');
  const xs = points.map(p => p.x.getTime());
  const x0 = Math.min(...xs), x1 = Math.max(...xs), span = x1 - x0 || 1;
  const max = Math.max(...points.map(p => p.y), 1e-9);
  yAxis(svg, max, format);
  const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
  const px = p => PAD.left + (points.length === 1 ? plotW / 2 : plotW * (p.x.getTime() - x0) / span);
  const py = p => PAD.top + plotH - plotH * p.y / max;
  svg.append(s('polyline', {points: points.map(p => `${px(p)},${py(p)}`).join(' '), class: 'chart-line'}));
  for (const p of points) {
    svg.append(s('circle', {cx: px(p), cy: py(p), r: 4, class: 'chart-point'}, s('title', {}, `${p.label}: ${format(p.y)}`)));
  }
  svg.append(s('text', {x: PAD.left, y: H - 8, class: 'chart-tick'}, new Date(x0).toISOString().slice(0, 16).replace('T', ' ')));
  svg.append(s('text', {x: W - PAD.right, y: H - 8, 'text-anchor': 'end', class: 'chart-tick'},
    new Date(x1).toISOString().slice(0, 16).replace('T', ' ')));
  return svg;
}

function round(v) {
  return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}
