// Building the page from data without ever parsing data as HTML: every text goes through
// textContent or an attribute set by setAttribute, so a value holding markup stays text.

const SVG = 'http://www.w3.org/2000/svg';

/** An element: attrs set as attributes (on* and event handlers through `on`), children appended. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

/** An SVG element, built the same way. */
export function svg(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else if (name === 'text') {
      node.textContent = String(value);
    } else if (name === 'dataset') {
      for (const [key, v] of Object.entries(value)) node.dataset[key] = String(v);
    } else if (name === 'value' && 'value' in node && !(node instanceof SVGElement)) {
      node.value = String(value);
    } else if (name === 'checked' || name === 'disabled' || name === 'selected') {
      node[name] = Boolean(value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Appends children to a node, skipping null, undefined and false (DOM append would write "null"). */
export function add(node, ...children) {
  append(node, children);
  return node;
}

/** Empties a node and puts children in it. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A value as text: strings as they are, the rest as JSON. */
export function show(value) {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A number rounded for reading, or a dash. */
export function num(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function pct(ratio, digits = 1) {
  return ratio === null || ratio === undefined ? '—' : `${num(ratio * 100, digits)} %`;
}

export function bytes(value) {
  if (value === null || value === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${num(v, 1)} ${units[i]}`;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString('en-GB', { hour12: false });
}

/** A labelled form field: label, control, and a place for its error. */
export function field(labelText, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const error = el('p', { class: 'error', role: 'alert', id: `${id}-error` });
  control.setAttribute('aria-describedby', `${id}-error`);
  return el('div', { class: 'field' }, el('label', { for: id, text: labelText }), control,
    hint ? el('p', { class: 'hint', text: hint }) : null, error);
}

/** Shows a field's error (or clears it with an empty text). */
export function fieldError(control, text) {
  const error = document.getElementById(`${control.id}-error`);
  if (error) error.textContent = text || '';
  if (text) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

export function table(headers, rows, attrs = {}) {
  return el('div', { class: 'table-wrap' },
    el('table', attrs,
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows)));
}

export function badge(text, kind = '') {
  return el('span', { class: `badge ${kind}`, text });
}

export function section(title, ...children) {
  return el('section', { class: 'card' }, el('h2', { text: title }), children);
}

let toastTimer = 0;
/** A short message in the status area. */
export function toast(text, kind = '') {
  const node = document.getElementById('toast');
  node.textContent = text;
  node.className = `toast visible ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.className = 'toast'; }, 4000);
}
