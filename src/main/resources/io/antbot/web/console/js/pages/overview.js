// Overview: this node's services and health checks, firing alerts, the trading numbers, the
// machine, the cluster's members and every bot with its heartbeat (the bot registry), refreshed
// every few seconds and at once when an alert event arrives.

import { can, get } from '../api.js';
import { add, badge, bytes, el, num, pct, replace, section, table, time } from '../dom.js';
import { subscribe } from '../events.js';

const EVERY_MS = 5000;

function level(kind) {
  return kind === 'healthy' || kind === 'up' || kind === 'ready' ? 'ok' : kind === 'degraded' ? 'warn' : 'bad';
}

function stat(label, value, id) {
  return el('div', { class: 'stat' }, el('span', { class: 'stat-label', text: label }), el('span', { class: 'stat-value', id, text: value }));
}

export default {
  render(container) {
    const status = el('p', { id: 'overview-status' });
    const checks = el('div');
    const firing = el('div');
    const trading = el('div', { class: 'stats' });
    const machine = el('div', { class: 'stats' });
    const bots = el('div', { id: 'overview-bots' });
    const members = el('div', { id: 'overview-members' });
    const updated = el('p', { class: 'hint', role: 'status' });
    add(container, 
      el('h1', { text: 'Overview' }),
      status,
      el('div', { class: 'grid' },
        section('Services and health checks', checks),
        section('Firing alerts', firing),
        section('Trading', trading),
        section('Runtime and machine', machine),
        section('Cluster members', members),
        can('bots:read') ? section('Bots', bots) : null),
      updated,
    );

    async function load() {
      const [health, system, history] = await Promise.allSettled([
        get('/health'), get('/system'), get('/metrics/history?limit=1'),
      ]);
      if (health.status === 'fulfilled') {
        const h = health.value;
        replace(status, 'Runtime: ', badge(h.status, level(h.status)), ` as of ${time(h.at)}`);
        replace(checks, table(['Check', 'Status', 'Detail'], h.checks.map((c) =>
          el('tr', {}, el('td', { text: c.name }), el('td', {}, badge(c.level || c.status, level(c.level || c.status))), el('td', { text: c.detail || '' })))));
        replace(firing, h.alerts.length
          ? el('ul', {}, h.alerts.map((a) => el('li', {}, badge(a.severity || 'alert', 'bad'), ' ', el('span', { text: `${a.name}: ${a.message || ''}` }))))
          : el('p', { text: 'No alert is firing.' }));
      } else {
        replace(status, el('span', { class: 'error', text: `Health: ${health.reason.message}` }));
      }
      if (history.status === 'fulfilled' && history.value.points.length) {
        const p = history.value.points[history.value.points.length - 1];
        replace(trading,
          stat('Trades', num(p.trades, 0), 'stat-trades'),
          stat('Volume', num(p.volume)),
          stat('Realized P&L', num(p.profit_loss)),
          stat('Win ratio', pct(p.win_ratio)),
          stat('Capital', num(p.capital)),
          stat('Operations', num(p.operations, 0)),
          stat('Latency p95', p.latency_p95_ms === null ? '—' : `${num(p.latency_p95_ms)} ms`),
          stat('Error ratio', pct(p.error_ratio)));
        replace(machine,
          stat('Event-loop lag', `${num(p.event_loop_lag_ms)} ms`),
          stat('JVM heap in use', bytes(p.heap_used_bytes)));
      }
      if (system.status === 'fulfilled') {
        const s = system.value;
        machine.append(
          stat('Process CPU', pct(s.cpu.process_usage_ratio), 'stat-cpu'),
          stat('Machine CPU', pct(s.cpu.system_usage_ratio)),
          stat('Memory in use', `${pct(s.memory.usage_ratio)} of ${bytes(s.memory.total_bytes)}`),
          stat('Resident memory', bytes(s.process.resident_memory_bytes)),
          stat('Uptime', `${num(s.process.uptime_s, 0)} s`));
      }
      const cluster = await get('/cluster').catch(() => null);
      if (cluster) {
        replace(members, table(['Node', 'Role', 'Address', 'Version', 'Up since'], cluster.members.map((m) => el('tr', {},
          el('td', { text: m.local ? `${m.node_name} (this node)` : m.node_name }), el('td', { text: m.role }),
          el('td', { text: m.address || '—' }), el('td', { text: m.version }), el('td', { text: time(m.up_since) })))));
      }
      if (can('bots:read')) {
        const registered = await get('/bots').then((r) => r.bots).catch(() => []);
        const state = { running: 'ok', paused: 'warn', stale: 'bad', stopped: 'warn' };
        replace(bots, registered.length
          ? table(['Bot', 'Node', 'Kind', 'Status', 'Last heartbeat', 'Last loop'], registered.map((b) => el('tr', {},
            el('td', { text: b.name }), el('td', { text: b.node }), el('td', {}, el('code', { text: b.kind || '—' })),
            el('td', {}, badge(b.status, state[b.status] || 'warn')), el('td', { text: time(b.last_heartbeat_at) }),
            el('td', { text: b.last_loop_at ? `${time(b.last_loop_at)}${b.loop_ms == null ? '' : ` (${num(b.loop_ms)} ms)`}` : '—' }))))
          : el('p', { text: 'No bot has announced itself.' }));
      }
      updated.textContent = `Updated ${new Date().toLocaleTimeString('en-GB', { hour12: false })}`;
    }

    load();
    const timer = setInterval(load, EVERY_MS);
    const unsubscribe = subscribe('alert', load);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  },
};
