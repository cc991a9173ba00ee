// A line chart as inline SVG built through DOM calls: no library, no markup parsed from data.

import { el, num, svg } from './dom.js';

const W = 480;
const H = 160;
const PAD = { left: 52, right: 10, top: 10, bottom: 22 };

/**
 * series: [{name, values: [number|null]}], times: [Date]; format turns an axis value into text.
 * A null value breaks the line (the runtime had no number then).
 */
export function lineChart(title, times, series, format = (v) => num(v)) {
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && Number.isFinite(v));
  const figure = el('figure', { class: 'chart' }, el('figcaption', { text: title }));
  if (!all.length || times.length < 2) {
    figure.append(el('p', { class: 'hint', text: 'No data yet.' }));
    return figure;
  }
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min === max) {
    min -= Math.abs(min) * 0.1 || 1;
    max += Math.abs(max) * 0.1 || 1;
  }
  const t0 = times[0].getTime();
  const t1 = times[times.length - 1].getTime();
  const x = (t) => PAD.left + ((t.getTime() - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - ((v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: latest ${series.map((s) => `${s.name} ${format(last(s.values))}`).join(', ')}` });
  for (const v of [min, (min + max) / 2, max]) {
    root.append(svg('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      svg('text', { class: 'axis', x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end', text: format(v) }));
  }
  root.append(svg('text', { class: 'axis', x: PAD.left, y: H - 6, text: times[0].toLocaleTimeString('en-GB', { hour12: false }) }),
    svg('text', { class: 'axis', x: W - PAD.right, y: H - 6, 'text-anchor': 'end', text: times[times.length - 1].toLocaleTimeString('en-GB', { hour12: false }) }));
  series.forEach((s, i) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, j) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(times[j]).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    root.append(svg('path', { class: `line s${i}`, d }));
  });
  figure.append(root, el('ul', { class: 'legend' }, series.map((s, i) =>
    el('li', { class: `s${i}` }, el('span', { class: 'swatch' }), ` ${s.name}: ${format(last(s.values))}`))));
  return figure;
}

function last(values) {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}
