// The console's shell: sign-in, the navigation the signed-in user's permissions allow, and one page
// at a time from the location hash (#/config, ...). A page is a module exporting
// render(container) that returns a function ending its timers and subscriptions.

import { ApiError, can, onSession, signIn, signOut, user } from './api.js';
import { el, replace, toast } from './dom.js';
import * as events from './events.js';
import overview from './pages/overview.js';
import config from './pages/config.js';
import flags from './pages/flags.js';
import logs from './pages/logs.js';
import metrics from './pages/metrics.js';
import alerts from './pages/alerts.js';
import security from './pages/security.js';

const PAGES = [
  { id: 'overview', title: 'Overview', needs: 'metrics:read', page: overview },
  { id: 'config', title: 'Configuration', needs: 'config:read', page: config },
  { id: 'flags', title: 'Feature flags', needs: 'config:read', page: flags },
  { id: 'logs', title: 'Logs', needs: 'logs:read', page: logs },
  { id: 'metrics', title: 'Metrics', needs: 'metrics:read', page: metrics },
  { id: 'alerts', title: 'Alerts', needs: 'metrics:read', page: alerts },
  { id: 'security', title: 'Security', needs: 'users:read', page: security },
];

const $ = (id) => document.getElementById(id);
let cleanup = () => {};

function allowed() {
  return PAGES.filter((p) => can(p.needs));
}

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('nav').hidden = !signedIn;
  $('who').hidden = !signedIn;
  if (!signedIn) {
    cleanup();
    cleanup = () => {};
    replace($('page'));
    events.stop();
    $('username').focus();
  }
}

function buildNav() {
  const links = allowed().map((p) => el('a', { href: `#/${p.id}`, id: `nav-${p.id}`, text: p.title }));
  replace($('nav'), el('ul', {}, links.map((a) => el('li', {}, a))));
}

function route() {
  if (!user()) return;
  const pages = allowed();
  const id = (location.hash.match(/^#\/([a-z]+)/) || [])[1];
  const entry = pages.find((p) => p.id === id) || pages[0];
  for (const a of $('nav').querySelectorAll('a')) {
    if (a.id === `nav-${entry?.id}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  cleanup();
  const container = $('page');
  replace(container);
  if (!entry) {
    container.append(el('p', { text: 'Your roles allow no page of this console.' }));
    cleanup = () => {};
    return;
  }
  document.title = `${entry.title} · AntBot console`;
  container.dataset.page = entry.id;
  cleanup = entry.page.render(container) || (() => {});
}

onSession((me) => {
  show(Boolean(me));
  if (!me) return;
  $('who-name').textContent = `${me.user} (${(me.roles || []).join(', ')})`;
  buildNav();
  events.start();
  route();
  $('main').focus();
});

events.onStreamState((state) => {
  const badge = $('stream-state');
  badge.textContent = state === 'live' ? 'live' : state === 'connecting' ? 'reconnecting' : 'offline';
  badge.className = `badge ${state === 'live' ? 'ok' : 'warn'}`;
});

window.addEventListener('hashchange', route);

// The skip link moves the focus without touching the hash, which names the page.
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  $('main').focus();
});

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('sign-in-error');
  error.textContent = '';
  const button = $('sign-in-button');
  button.disabled = true;
  try {
    await signIn($('username').value, $('password').value);
    $('password').value = '';
  } catch (failure) {
    error.textContent = failure instanceof ApiError ? failure.explained : `Sign-in failed: ${failure.message}`;
  } finally {
    button.disabled = false;
  }
});

$('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
    toast('Signed out');
  } catch (failure) {
    toast(`Signed out here; the server said: ${failure.message}`, 'warn');
  }
});

show(false);
