// Metrics: the last hour kept by the runtime itself (GET /metrics/history, one point every few
// seconds), drawn as SVG line charts and refreshed as new points come.

import { get } from '../api.js';
import { add, bytes, el, num, pct, replace } from '../dom.js';
import { lineChart } from '../chart.js';

const EVERY_MS = 5000;

export default {
  render(container) {
    const charts = el('div', { class: 'charts', id: 'charts' });
    const note = el('p', { class: 'hint', role: 'status' });
    add(container, el('h1', { text: 'Metrics, last hour' }), note, charts);

    async function load() {
      try {
        const history = await get('/metrics/history');
        const points = history.points;
        const times = points.map((p) => new Date(p.at));
        const pick = (name) => points.map((p) => p[name]);
        note.textContent = `${points.length} points, one every ${history.interval_s} s (kept: ${history.capacity}).`;
        replace(charts,
          lineChart('Trades (running total)', times, [{ name: 'trades', values: pick('trades') }], (v) => num(v, 0)),
          lineChart('Realized P&L', times, [{ name: 'P&L', values: pick('profit_loss') }]),
          lineChart('Operation latency p95 (ms)', times, [{ name: 'p95', values: pick('latency_p95_ms') }], (v) => `${num(v)} ms`),
          lineChart('Error ratio', times, [{ name: 'errors', values: pick('error_ratio') }], (v) => pct(v)),
          lineChart('CPU', times, [{ name: 'process', values: pick('process_cpu') }, { name: 'machine', values: pick('system_cpu') }], (v) => pct(v, 0)),
          lineChart('Memory', times, [{ name: 'JVM heap', values: pick('heap_used_bytes') }], bytes),
          lineChart('Event-loop lag (ms)', times, [{ name: 'lag', values: pick('event_loop_lag_ms') }], (v) => `${num(v)} ms`));
      } catch (error) {
        note.textContent = error.message;
      }
    }

    load();
    const timer = setInterval(load, EVERY_MS);
    return () => clearInterval(timer);
  },
};
