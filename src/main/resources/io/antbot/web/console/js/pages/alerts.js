// Alerts: every rule with its state (firing, pending, inactive), anomalies and alerts other
// services raised, the alert events as they arrive, and rules added or removed.

import { api, can, get } from '../api.js';
import { add, badge, el, field, fieldError, num, replace, section, table, time, toast } from '../dom.js';
import { subscribe } from '../events.js';

const kind = (state) => (state === 'firing' ? 'bad' : state === 'pending' ? 'warn' : 'ok');

export default {
  render(container) {
    const writer = can('alerts:write');
    const rules = el('div', { id: 'alert-rules' });
    const others = el('div');
    const feed = el('ul', { id: 'alert-feed', class: 'events' });
    add(container, el('h1', { text: 'Alerts' }),
      section('Rules', rules),
      section('Anomalies and raised alerts', others),
      section('Alert events (live: firing and resolved)', feed),
      writer ? addForm() : null);

    async function load() {
      const list = await get('/alerts');
      replace(rules, table(['Rule', 'State', 'Condition', 'Value', 'Severity', 'Since', ''], list.alerts.map((a) =>
        el('tr', { dataset: { rule: a.name } },
          el('td', { text: a.name }), el('td', {}, badge(a.state, kind(a.state))),
          el('td', {}, el('code', { text: `${a.metric} ${a.comparator} ${a.threshold}` }), a.for_s ? ` for ${a.for_s} s` : ''),
          el('td', { text: num(a.value, 4) }), el('td', { text: a.severity }), el('td', { text: time(a.since) }),
          el('td', {}, writer ? el('button', { type: 'button', class: 'small', 'aria-label': `Remove rule ${a.name}`, text: 'Remove',
            on: { click: () => remove(a.name) } }) : null)))));
      const items = [...list.anomalies, ...list.raised];
      replace(others, items.length
        ? el('ul', {}, items.map((a) => el('li', { text: `${a.name || a.metric || ''}: ${a.message || JSON.stringify(a)}` })))
        : el('p', { text: 'None.' }));
    }

    async function remove(name) {
      try {
        await api('DELETE', `/alerts/rules/${encodeURIComponent(name)}`);
        toast(`Rule ${name} removed`);
        load();
      } catch (error) {
        toast(error.message, 'bad');
      }
    }

    function addForm() {
      const name = el('input', { id: 'rule-name', pattern: '[A-Za-z0-9_.-]{1,64}' });
      const metric = el('input', { id: 'rule-metric', placeholder: 'antbot_operation_error_ratio' });
      const comparator = el('select', { id: 'rule-comparator' }, ['>', '>=', '<', '<=', '=='].map((c) => el('option', { value: c, text: c })));
      const threshold = el('input', { id: 'rule-threshold', type: 'number', step: 'any' });
      const severity = el('select', { id: 'rule-severity' }, ['info', 'warning', 'critical'].map((s) => el('option', { value: s, text: s, selected: s === 'warning' })));
      const forS = el('input', { id: 'rule-for', type: 'number', min: 0, value: 0 });
      const form = el('form', { class: 'filters', novalidate: true, 'aria-label': 'Add an alert rule' },
        field('Name', name), field('Metric (Prometheus series)', metric), field('Comparator', comparator),
        field('Threshold', threshold), field('Severity', severity), field('For (seconds)', forS),
        el('div', { class: 'buttons' }, el('button', { type: 'submit', id: 'rule-add', text: 'Add rule' })));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        fieldError(name, '');
        try {
          await api('POST', '/alerts/rules', {
            name: name.value, metric: metric.value, comparator: comparator.value,
            threshold: Number(threshold.value), severity: severity.value, for_s: Number(forS.value),
          });
          toast(`Rule ${name.value} added`);
          form.reset();
          load();
        } catch (error) {
          fieldError(name, error.message);
        }
      });
      return section('Add a rule', form);
    }

    load().catch((error) => replace(rules, el('p', { class: 'error', text: error.message })));
    return subscribe('alert', (event) => {
      feed.prepend(el('li', {}, badge(event.state, kind(event.state)), ` ${time(event.at)} `, el('span', { text: `${event.name}: ${event.message || ''}` })));
      load().catch(() => {});
    });
  },
};
