// Feature flags: each flag's settings from GET /features, its kill switch, rollout percentage and
// allow lists saved through PUT /features/{flag}, and "who gets it" asked of the server's own
// evaluation (GET /features/{flag}?bot=&symbol=&user=), so the answer is the runtime's.

import { api, can, get, query } from '../api.js';
import { add, badge, el, field, fieldError, replace, section, show, toast } from '../dom.js';
import { subscribe } from '../events.js';

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

export default {
  render(container) {
    const writer = can('config:write');
    const flags = el('div', { id: 'flags' });
    add(container, el('h1', { text: 'Feature flags' }),
      writer ? null : el('p', { class: 'hint', id: 'read-only', text: 'Read-only: your roles do not allow flag changes.' }),
      flags);

    async function load() {
      const { value } = await get('/features');
      replace(flags, Object.entries(value).map(([name, flag]) => card(name, flag)));
    }

    function card(name, flag) {
      const id = (suffix) => `flag-${name}-${suffix}`;
      const state = flag.kill_switch ? badge('killed', 'bad') : flag.enabled ? badge('enabled', 'ok') : badge('disabled', 'warn');
      const summary = el('dl', { class: 'facts' },
        el('dt', { text: 'Rollout' }), el('dd', { id: id('rollout-now'), text: `${show(flag.rollout_percent ?? 100)} %` }),
        el('dt', { text: 'Sticky on' }), el('dd', { text: flag.sticky_on || 'bot_id' }),
        el('dt', { text: 'Environments' }), el('dd', { text: flag.environments ? flag.environments.join(', ') : 'all' }),
        el('dt', { text: 'Allowed bots / symbols / exchanges' }),
        el('dd', { text: ['bots', 'symbols', 'exchanges'].map((k) => (flag.allow?.[k] || []).join(', ') || '—').join(' / ') }));
      const body = [el('p', { text: flag.description || '' }), summary];
      if (writer) body.push(editor(name, flag, id));
      body.push(whoGetsIt(name, id));
      return el('section', { class: 'card', dataset: { flag: name } }, el('h2', {}, el('span', { text: name }), ' ', state), body);
    }

    function editor(name, flag, id) {
      const enabled = el('input', { type: 'checkbox', id: id('enabled'), checked: flag.enabled });
      const kill = el('input', { type: 'checkbox', id: id('kill'), checked: flag.kill_switch });
      const rollout = el('input', { type: 'number', id: id('rollout'), min: 0, max: 100, step: 'any', value: flag.rollout_percent ?? 100 });
      const sticky = el('select', { id: id('sticky') }, ['bot_id', 'user', 'symbol', 'exchange'].map((key) =>
        el('option', { value: key, text: key, selected: key === (flag.sticky_on || 'bot_id') })));
      const bots = el('input', { id: id('bots'), value: (flag.allow?.bots || []).join(', ') });
      const symbols = el('input', { id: id('symbols'), value: (flag.allow?.symbols || []).join(', ') });
      const exchanges = el('input', { id: id('exchanges'), value: (flag.allow?.exchanges || []).join(', ') });
      const reason = el('input', { id: id('reason') });
      const form = el('form', { class: 'edit', novalidate: true, 'aria-label': `Change ${name}` },
        el('div', { class: 'checks' },
          el('label', {}, enabled, ' Enabled'),
          el('label', { class: 'danger' }, kill, ' Kill switch (off everywhere)')),
        field('Rollout %', rollout, '0 to 100, by the sticky key'),
        field('Sticky key (hashed for the rollout bucket)', sticky),
        field('Allowed bots (comma-separated)', bots),
        field('Allowed symbols', symbols),
        field('Allowed exchanges', exchanges),
        field('Reason', reason),
        el('button', { type: 'submit', id: id('save'), text: 'Save flag' }));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        fieldError(rollout, '');
        const value = {
          ...flag,
          enabled: enabled.checked,
          kill_switch: kill.checked,
          rollout_percent: Number(rollout.value),
          sticky_on: sticky.value,
          allow: { bots: list(bots.value), symbols: list(symbols.value), exchanges: list(exchanges.value) },
        };
        try {
          const result = await api('PUT', `/features/${encodeURIComponent(name)}`, { value, reason: reason.value || undefined });
          toast(`${name} saved: version ${result.version}`);
          await load();
        } catch (error) {
          fieldError(rollout, error.message);
        }
      });
      return form;
    }

    function whoGetsIt(name, id) {
      const bot = el('input', { id: id('who-bot') });
      const symbol = el('input', { id: id('who-symbol') });
      const user = el('input', { id: id('who-user') });
      const answer = el('p', { id: id('who-answer'), role: 'status' });
      const form = el('form', { class: 'inline', 'aria-label': `Who gets ${name}` },
        field('Bot', bot), field('Symbol', symbol), field('User', user),
        el('button', { type: 'submit', text: 'Who gets it?' }), answer);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const d = await get(`/features/${encodeURIComponent(name)}${query({ bot: bot.value, symbol: symbol.value, user: user.value })}`);
          replace(answer, d.enabled ? badge('gets it', 'ok') : badge('does not get it', 'warn'), ` ${d.detail || d.reason}`);
        } catch (error) {
          replace(answer, el('span', { class: 'error', text: error.message }));
        }
      });
      return el('details', {}, el('summary', { text: 'Who gets it?' }), form);
    }

    load().catch((error) => replace(flags, el('p', { class: 'error', text: error.message })));
    return subscribe('config', (event) => {
      if ((event.changes || []).some((c) => c.key.startsWith('features'))) load().catch(() => {});
    });
  },
};
