// Security: users (add, roles, enable or disable, new password, unlock), revoking a session by its
// token or token id, the audit trail with its hash-chain verification, and security events, live.

import { api, can, get } from '../api.js';
import { add, badge, el, field, fieldError, replace, section, show, table, time, toast } from '../dom.js';
import { subscribe } from '../events.js';

const roleList = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

export default {
  render(container) {
    const writer = can('users:write');
    const users = el('div', { id: 'users' });
    const events = el('ul', { id: 'security-events', class: 'events' });
    add(container, el('h1', { text: 'Security' }),
      section('Users', writer ? null : el('p', { class: 'hint', id: 'read-only', text: 'Read-only: your roles do not allow user changes.' }), users),
      writer ? addUser() : null,
      can('tokens:revoke') ? revokeForm() : null,
      can('security:audit:read') ? audit() : null,
      section('Security events (live)', events));

    async function load() {
      const list = await get('/users');
      replace(users, table(['User', 'Roles', 'State', 'Created', writer ? 'Change' : ''], list.users.map((u) =>
        el('tr', { dataset: { user: u.username } },
          el('td', { class: 'user-name', text: u.username }),
          el('td', { text: (u.roles || []).join(', ') }),
          el('td', {}, u.enabled ? badge('enabled', 'ok') : badge('disabled', 'bad'), u.locked ? badge('locked', 'warn') : null),
          el('td', { text: time(u.created_at) }),
          el('td', {}, writer ? changeUser(u) : null)))));
    }

    function changeUser(u) {
      const id = `user-${u.username.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const roles = el('input', { id: `${id}-roles`, autocomplete: 'off', value: (u.roles || []).join(', ') });
      const password = el('input', { id: `${id}-password`, type: 'password', autocomplete: 'new-password' });
      const send = async (body, what) => {
        fieldError(roles, '');
        try {
          await api('PATCH', `/users/${encodeURIComponent(u.username)}`, body);
          toast(`${u.username}: ${what}`);
          load();
        } catch (error) {
          fieldError(roles, error.message);
        }
      };
      const form = el('form', { 'aria-label': `Change ${u.username}`, on: { submit: (event) => event.preventDefault() } },
        field('Roles (comma-separated)', roles),
        el('button', { type: 'button', class: 'small', text: 'Save roles', on: { click: () => send({ roles: roleList(roles.value) }, 'roles saved') } }),
        field('New password', password),
        el('button', { type: 'button', class: 'small', text: 'Set password', on: { click: () => send({ password: password.value }, 'password set') } }),
        el('div', { class: 'buttons' },
          el('button', { type: 'button', class: 'small', text: u.enabled ? 'Disable' : 'Enable',
            on: { click: () => send({ enabled: !u.enabled }, u.enabled ? 'disabled (sessions ended)' : 'enabled') } }),
          el('button', { type: 'button', class: 'small', text: 'Unlock', on: { click: async () => {
            try {
              await api('POST', `/users/${encodeURIComponent(u.username)}/unlock`);
              toast(`${u.username} unlocked`);
            } catch (error) {
              fieldError(roles, error.message);
            }
          } } })));
      return el('details', {}, el('summary', { text: `Change ${u.username}` }), form);
    }

    function addUser() {
      const name = el('input', { id: 'new-user-name', autocomplete: 'off' });
      const password = el('input', { id: 'new-user-password', type: 'password', autocomplete: 'new-password' });
      const roles = el('input', { id: 'new-user-roles', value: 'viewer' });
      const form = el('form', { class: 'filters', novalidate: true, 'aria-label': 'Add a user' },
        field('User name', name), field('Password', password), field('Roles (comma-separated)', roles),
        el('div', { class: 'buttons' }, el('button', { type: 'submit', id: 'new-user-add', text: 'Add user' })));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        fieldError(name, '');
        try {
          await api('POST', '/users', { username: name.value, password: password.value, roles: roleList(roles.value) });
          toast(`User ${name.value} added`);
          form.reset();
          load();
        } catch (error) {
          fieldError(name, error.message);
        }
      });
      return section('Add a user', form);
    }

    function revokeForm() {
      const what = el('input', { id: 'revoke-what', autocomplete: 'off' });
      const form = el('form', { class: 'filters', 'aria-label': 'Revoke a session' },
        field('Token id (jti), access token or refresh token', what, 'revoking a token ends its whole session; the audit trail lists token ids'),
        el('div', { class: 'buttons' }, el('button', { type: 'submit', text: 'Revoke' })));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        fieldError(what, '');
        const value = what.value.trim();
        try {
          await api('POST', '/auth/revoke', /^[A-Za-z0-9_-]{1,64}$/.test(value) ? { jti: value } : { token: value });
          toast('Revoked');
          form.reset();
        } catch (error) {
          fieldError(what, error.message);
        }
      });
      return section('Sessions: revoke', form);
    }

    function audit() {
      const list = el('div', { id: 'audit' });
      const verdict = el('p', { id: 'audit-verdict', role: 'status' });
      const refresh = async () => {
        const { entries } = await get('/security/audit?limit=50');
        replace(list, table(['#', 'Time', 'Type', 'Who', 'Details'], entries.slice().reverse().map((e) => {
          const { seq, at, type, user, actor, prev, hash, ...rest } = e;
          return el('tr', {}, el('td', { text: seq }), el('td', { class: 'nowrap', text: time(at) }), el('td', { text: type }),
            el('td', { text: actor || user || '' }), el('td', {}, el('code', { class: 'wrap', text: show(rest) })));
        })));
      };
      const verify = async () => {
        try {
          const r = await api('POST', '/security/audit/verify');
          replace(verdict, r.intact ? badge('chain intact', 'ok') : badge('chain broken', 'bad'), ` ${r.entries} entries in ${r.segments} segment(s)`,
            r.intact ? '' : ` — ${show(r.problem || r.error || r)}`);
        } catch (error) {
          verdict.textContent = error.message;
        }
      };
      refresh().catch((error) => replace(list, el('p', { class: 'error', text: error.message })));
      return section('Audit trail', el('div', { class: 'buttons' },
        el('button', { type: 'button', id: 'audit-verify', text: 'Verify the chain', on: { click: verify } }),
        el('button', { type: 'button', text: 'Refresh', on: { click: () => refresh().catch(() => {}) } })), verdict, list);
    }

    async function loadEvents() {
      if (!can('security:read')) return;
      const { events: recent } = await get('/security/events?limit=50');
      for (const e of recent.slice().reverse()) addEvent(e);
    }

    function addEvent(e) {
      events.prepend(el('li', {}, badge(e.type || e.kind || 'event', 'warn'), ` ${time(e.at || e.timestamp)} `, el('span', { text: show(e.message || e.detail || e) })));
    }

    load().catch((error) => replace(users, el('p', { class: 'error', text: error.message })));
    loadEvents().catch(() => {});
    return subscribe('security', addEvent);
  },
};
