// Logs: the logging service's recent events searched by level, component, text, time and
// correlation id (GET /logs), a live tail that asks for what came since the newest line every two
// seconds, and a logger's level read and set for a limited time (GET/PUT /logs/levels/{logger}).

import { api, can, get, query } from '../api.js';
import { add, badge, el, field, fieldError, replace, section, table, time, toast } from '../dom.js';

const LEVELS = ['', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const TAIL_MS = 2000;

function levelKind(level) {
  return level === 'ERROR' ? 'bad' : level === 'WARN' ? 'warn' : '';
}

export default {
  render(container) {
    const level = el('select', { id: 'log-level' }, LEVELS.map((l) => el('option', { value: l, text: l || 'any' })));
    const component = el('input', { id: 'log-component', placeholder: 'ConfigVerticle' });
    const text = el('input', { id: 'log-text', type: 'search' });
    const correlation = el('input', { id: 'log-correlation', placeholder: '32 hex digits' });
    const since = el('input', { id: 'log-since', type: 'datetime-local', step: 1 });
    const until = el('input', { id: 'log-until', type: 'datetime-local', step: 1 });
    const limit = el('input', { id: 'log-limit', type: 'number', min: 1, max: 1000, value: 100 });
    const tail = el('input', { id: 'log-tail', type: 'checkbox' });
    const results = el('div', { id: 'log-results' });
    const count = el('p', { id: 'log-count', role: 'status' });
    const search = el('form', { class: 'filters', 'aria-label': 'Search the logs' },
      field('Level (and above)', level), field('Component', component), field('Text', text),
      field('Correlation id', correlation), field('Since (local time)', since),
      field('Until (local time)', until), field('At most', limit),
      el('div', { class: 'buttons' }, el('button', { type: 'submit', id: 'log-search', text: 'Search' }),
        el('label', {}, tail, ' Live tail')));
    add(container, el('h1', { text: 'Logs' }), section('Search', search, count, results), levels());

    let rows = [];
    let newest = null;
    let timer = 0;

    function params(after) {
      return query({
        level: level.value, component: component.value.trim(), q: text.value.trim(),
        correlation_id: correlation.value.trim(), limit: limit.value,
        since: after || (since.value ? new Date(since.value).toISOString() : ''),
        until: until.value ? new Date(until.value).toISOString() : '',
      });
    }

    function render() {
      replace(results, table(['Time', 'Level', 'Component', 'Message', 'Correlation id'], rows.map((e) =>
        el('tr', { class: 'log-line' },
          el('td', { class: 'nowrap', text: time(e.timestamp) }),
          el('td', {}, badge(e.level, levelKind(e.level))),
          el('td', { text: e.component || e.logger || '' }),
          el('td', { class: 'message', text: e.message }),
          el('td', {}, el('code', { text: e.correlation_id || '' }))))));
      count.textContent = `${rows.length} line(s)`;
    }

    async function run() {
      fieldError(correlation, '');
      try {
        const { events } = await get(`/logs${params()}`);
        rows = events;
        newest = events.length ? events[0].timestamp : newest;
        render();
      } catch (error) {
        fieldError(correlation, error.message);
      }
    }

    async function poll() {
      if (!newest) return run();
      try {
        const { events } = await get(`/logs${params(newest)}`);
        const fresh = events.filter((e) => e.timestamp > newest);
        if (fresh.length) {
          newest = fresh[0].timestamp;
          rows = fresh.concat(rows).slice(0, 1000);
          render();
        }
      } catch (error) {
        count.textContent = `Live tail paused: ${error.message}`;
      }
    }

    search.addEventListener('submit', (event) => {
      event.preventDefault();
      run();
    });
    tail.addEventListener('change', () => {
      clearInterval(timer);
      if (tail.checked) timer = setInterval(poll, TAIL_MS);
    });
    run();
    return () => clearInterval(timer);
  },
};

function levels() {
  const writer = can('logs:write');
  const logger = el('input', { id: 'logger-name', value: 'io.antbot' });
  const current = el('p', { id: 'logger-current', role: 'status' });
  const newLevel = el('select', { id: 'logger-level' }, LEVELS.slice(1).map((l) => el('option', { value: l, text: l })));
  const ttl = el('input', { id: 'logger-ttl', type: 'number', min: 1, max: 86400, value: 600 });
  const read = async () => {
    fieldError(logger, '');
    try {
      const answer = await get(`/logs/levels/${encodeURIComponent(logger.value.trim())}`);
      replace(current, 'Level in force: ', badge(answer.level), answer.configured ? ` (set: ${answer.configured})` : ' (inherited)',
        answer.expires_at ? ` until ${time(answer.expires_at)}` : '');
    } catch (error) {
      fieldError(logger, error.message);
    }
  };
  const form = el('form', { class: 'filters', 'aria-label': 'Logger levels' },
    field('Logger', logger),
    el('div', { class: 'buttons' }, el('button', { type: 'button', id: 'logger-read', text: 'Read level', on: { click: read } }), current),
    writer ? [field('New level', newLevel), field('For (seconds)', ttl, 'the level returns to its previous value after this'),
      el('div', { class: 'buttons' }, el('button', { type: 'submit', id: 'logger-set', text: 'Set level' }))] : null);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError(ttl, '');
    try {
      await api('PUT', `/logs/levels/${encodeURIComponent(logger.value.trim())}`, { level: newLevel.value, ttl_s: Number(ttl.value) });
      toast(`${logger.value} at ${newLevel.value} for ${ttl.value} s`);
      read();
    } catch (error) {
      fieldError(ttl, error.message);
    }
  });
  return section('Logger levels', form);
}
