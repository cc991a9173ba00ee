// The live event stream, GET /api/v1/events. EventSource cannot send an Authorization header, so
// the stream is read through fetch and parsed here; the token never goes into the URL. When the
// server ends the stream (token expired or rotated, restart) it is opened again with the current
// token, after a short pause that grows while it keeps failing.

import { rotate, token } from './api.js';

const handlers = new Map();
let controller = null;
let stateListener = () => {};
let retryMs = 1000;
let retryTimer = 0;

/** Calls `handler(data)` for each event named `name` (alert, config, security) until the returned function is called. */
export function subscribe(name, handler) {
  if (!handlers.has(name)) handlers.set(name, new Set());
  handlers.get(name).add(handler);
  return () => handlers.get(name).delete(handler);
}

/** `listener(state)` hears 'live', 'connecting' and 'off'. */
export function onStreamState(listener) {
  stateListener = listener;
}

export function start() {
  stop();
  connect();
}

export function stop() {
  clearTimeout(retryTimer);
  if (controller) controller.abort();
  controller = null;
  stateListener('off');
}

async function connect() {
  const current = new AbortController();
  controller = current;
  stateListener('connecting');
  try {
    let response = await open(current);
    if (response.status === 401) {
      await rotate();
      response = await open(current);
    }
    if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
    await read(response.body.getReader(), current);
  } catch (error) {
    if (current.signal.aborted) return;
  }
  if (controller === current && token()) {
    stateListener('connecting');
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  }
}

function open(current) {
  return fetch('/api/v1/events', {
    headers: { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' },
    signal: current.signal,
    cache: 'no-store',
    credentials: 'omit',
  });
}

async function read(reader, current) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done || current.signal.aborted) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function dispatch(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (!data.length) return;
  let body;
  try {
    body = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  if (name === 'ready') {
    retryMs = 1000;
    stateListener('live');
  }
  for (const handler of handlers.get(name) || []) {
    try {
      handler(body);
    } catch (error) {
      console.warn('event handler failed', error);
    }
  }
}
