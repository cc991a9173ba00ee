// Configuration: the effective configuration as the API returns it (secrets already masked), a key
// edited with an input that follows its schema rule, the server's dry run shown as a diff before
// anything is applied, the history with its diffs and revert, and a YAML document checked whole.

import { api, can, get } from '../api.js';
import { add, badge, el, field, fieldError, replace, section, show, time, toast } from '../dom.js';
import { subscribe } from '../events.js';
import { controlFor, readControl, ruleFor } from './schema.js';

export default {
  render(container) {
    const writer = can('config:write');
    const version = el('span', { id: 'config-version' });
    const filter = el('input', { id: 'config-filter', type: 'search', placeholder: 'e.g. trading.' });
    const tree = el('div', { id: 'config-tree', class: 'tree' });
    const live = el('ul', { id: 'config-live', class: 'events' });
    const history = el('div', { id: 'config-history' });
    let rules = [];
    let editing = null;

    add(container, 
      el('h1', {}, 'Configuration ', version),
      writer ? null : el('p', { class: 'hint', id: 'read-only', text: 'Read-only: your roles do not allow configuration changes.' }),
      field('Filter keys', filter),
      section('Effective configuration', tree),
      section('Changes as they happen', live),
      section('History', history),
      writer ? validator() : null,
    );

    filter.addEventListener('input', () => {
      const text = filter.value.trim().toLowerCase();
      for (const row of tree.querySelectorAll('.cfg-row')) {
        row.hidden = Boolean(text) && !row.dataset.key.toLowerCase().includes(text);
      }
      // Deepest first, so that a section whose subsections are all hidden hides too.
      for (const details of [...tree.querySelectorAll('details')].reverse()) {
        if (text) details.open = true;
        details.hidden = Boolean(text) && !details.querySelector('.cfg-row:not([hidden])');
      }
    });

    async function load() {
      const [snapshot, schema] = await Promise.all([get('/config'), rules.length ? { rules } : get('/config/schema')]);
      rules = schema.rules;
      version.textContent = `version ${snapshot.version}`;
      editing = null;
      replace(tree, Object.entries(snapshot.config).map(([key, value]) => branch(key, value, 0)));
      loadHistory();
    }

    function branch(path, value, depth) {
      if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
        return el('details', { open: true, class: `depth-${depth}` },
          el('summary', { text: path.split('.').pop() }),
          Object.entries(value).map(([key, child]) => branch(`${path}.${key}`, child, depth + 1)));
      }
      return leaf(path, value);
    }

    function leaf(key, value) {
      const rule = ruleFor(rules, key);
      const secret = rule?.secret === true;
      const valueNode = el('code', { class: 'cfg-value', text: show(value) });
      const row = el('div', { class: 'cfg-row', dataset: { key } },
        el('span', { class: 'cfg-key', text: key }), valueNode,
        rule && !rule.live ? badge('restart required', 'warn') : badge('live', 'ok'),
        secret ? badge('secret', 'bad') : null,
        rule && rule.override === false ? badge('fixed at start') : null);
      if (writer && !secret && rule?.override !== false) {
        row.append(el('button', { type: 'button', class: 'small', 'aria-label': `Edit ${key}`, text: 'Edit', on: { click: () => edit(row, key, value, rule) } }));
      }
      return row;
    }

    function edit(row, key, current, rule) {
      if (editing) editing.remove();
      const control = controlFor(rule, current);
      control.id = 'edit-value';
      const reason = el('input', { id: 'edit-reason', placeholder: 'why this change' });
      const preview = el('div', { class: 'diff', id: 'edit-diff' });
      const form = el('form', { class: 'edit', novalidate: true, 'aria-label': `Edit ${key}` },
        field(`New value of ${key}`, control, rule?.description),
        field('Reason', reason),
        preview,
        el('div', { class: 'buttons' },
          el('button', { type: 'submit', id: 'edit-review', text: 'Review change' }),
          el('button', { type: 'button', text: 'Cancel', on: { click: () => { form.remove(); editing = null; } } })));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        fieldError(control, '');
        let value;
        try {
          value = readControl(control, rule);
        } catch (error) {
          fieldError(control, error.message);
          return;
        }
        const body = { value, reason: reason.value || undefined };
        try {
          const dry = await api('PUT', `/config/${encodeURIComponent(key)}`, { ...body, dry_run: true });
          replace(preview, diffList(dry.changes, rule),
            el('button', { type: 'button', id: 'edit-apply', text: 'Apply', on: { click: () => apply(key, body, control) } }));
          preview.querySelector('button').focus();
        } catch (error) {
          fieldError(control, error.message);
          replace(preview);
        }
      });
      row.after(form);
      editing = form;
      control.focus();
    }

    async function apply(key, body, control) {
      try {
        const result = await api('PUT', `/config/${encodeURIComponent(key)}`, body);
        const restart = result.restart_required || [];
        toast(restart.length ? `Applied: version ${result.version}; needs a restart: ${restart.join(', ')}` : `Applied: version ${result.version}`);
        await load();
      } catch (error) {
        fieldError(control, error.message);
      }
    }

    function diffList(changes, rule) {
      if (!changes || !changes.length) return el('p', { text: 'No change: the value is already in force.' });
      return el('div', {},
        el('h3', { text: 'Review' }),
        el('ul', {}, changes.map((c) => el('li', { class: 'change' },
          el('code', { text: c.key }), ': ', el('del', { text: show(c.old) }), ' → ', el('ins', { text: show(c.new) })))),
        rule && !rule.live ? el('p', { class: 'warn', text: 'This key applies only after a restart.' }) : null);
    }

    async function loadHistory() {
      const { versions } = await get('/config/history?limit=20');
      replace(history, el('ol', { class: 'history' }, versions.map((v) => el('li', { dataset: { version: v.version } },
        el('div', {}, el('strong', { text: `v${v.version}` }), ` ${time(v.at)} · ${v.source} · `, el('span', { text: v.actor || '' }),
          v.reason ? el('span', { class: 'reason', text: ` — ${v.reason}` }) : null),
        el('ul', {}, (v.changes || []).map((c) => el('li', { class: 'change' },
          el('code', { text: c.key }), ': ', el('del', { text: show(c.old) }), ' → ', el('ins', { text: show(c.new) })))),
        writer && v.version > 1 ? el('button', { type: 'button', class: 'small revert', text: `Revert to v${v.version - 1}`,
          'aria-label': `Undo v${v.version}: revert to v${v.version - 1}`, on: { click: () => revert(v.version - 1) } }) : null))));
    }

    async function revert(target) {
      try {
        const result = await api('POST', '/config/revert', { version: target, reason: `reverted to v${target} from the console` });
        toast(`Reverted: version ${result.version}`);
        await load();
      } catch (error) {
        toast(`Revert refused: ${error.message}`, 'bad');
      }
    }

    function validator() {
      const text = el('textarea', { id: 'yaml-doc', rows: 8, spellcheck: 'false' });
      const result = el('div', { id: 'yaml-result', role: 'status' });
      const button = el('button', { type: 'button', text: 'Validate', on: { click: async () => {
        try {
          const report = await api('POST', '/config/validate', text.value, { 'Content-Type': 'application/yaml' });
          replace(result, report.valid ? el('p', { class: 'ok', text: 'Valid.' }) : el('ul', { class: 'error' },
            report.errors.map((e) => el('li', { text: e.message }))),
          (report.warnings || []).map((w) => el('p', { class: 'warn', text: show(w.message || w) })));
        } catch (error) {
          replace(result, el('p', { class: 'error', text: error.message }));
        }
      } } });
      return section('Check a YAML document', field('YAML document (a whole configuration file)', text), button, result);
    }

    const unsubscribe = subscribe('config', (event) => {
      version.textContent = `version ${event.version}`;
      for (const change of event.changes || []) {
        live.prepend(el('li', {}, `${time(event.at)} v${event.version} `, el('code', { text: change.key }), ': ',
          el('del', { text: show(change.old) }), ' → ', el('ins', { text: show(change.new) })));
        const value = tree.querySelector(`.cfg-row[data-key="${CSS.escape(change.key)}"] .cfg-value`);
        if (value) {
          value.textContent = show(change.new);
          value.classList.add('changed');
        }
      }
      loadHistory().catch(() => {});
    });

    load().catch((error) => replace(tree, el('p', { class: 'error', text: error.message })));
    return unsubscribe;
  },
};
