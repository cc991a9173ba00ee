// Inputs that follow a schema rule (GET /api/v1/config/schema): a select for a boolean or an enum,
// a number input with the rule's range for a number, a text input with its pattern for a string,
// and JSON for a list or an object. The server checks again; its refusal is shown on the field.

import { el, show } from '../dom.js';

/** The rule of a concrete key: exact paths first, then paths with * (any map key). */
export function ruleFor(rules, key) {
  const parts = key.split('.');
  let best = null;
  let bestWild = Infinity;
  for (const rule of rules) {
    const segments = rule.path.split('.');
    if (segments.length !== parts.length) continue;
    let wild = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      if (segments[i] === '*') wild++;
      else ok = segments[i] === parts[i];
    }
    if (ok && wild < bestWild) {
      best = rule;
      bestWild = wild;
    }
  }
  return best;
}

export function controlFor(rule, current) {
  const type = rule?.type;
  if (rule?.enum) {
    return el('select', {}, rule.enum.map((option) =>
      el('option', { value: JSON.stringify(option), text: show(option), selected: option === current })));
  }
  if (type === 'boolean') {
    return el('select', {}, [true, false].map((option) =>
      el('option', { value: String(option), text: String(option), selected: option === current })));
  }
  if (type === 'integer' || type === 'number') {
    return el('input', {
      type: 'number', value: current ?? '', min: rule.min ?? null, max: rule.max ?? null,
      step: type === 'integer' ? '1' : 'any', inputmode: type === 'integer' ? 'numeric' : 'decimal',
    });
  }
  if (type === 'string') {
    return el('input', {
      type: 'text', value: current ?? '', pattern: rule.pattern ?? null,
      minlength: rule.min ?? null, maxlength: rule.max ?? null,
    });
  }
  return el('textarea', { rows: 4, spellcheck: 'false', value: JSON.stringify(current ?? null, null, 2) });
}

/** The control's value in the rule's type; throws with a readable text when it cannot be one. */
export function readControl(control, rule) {
  const raw = control.value;
  if (rule?.enum) return JSON.parse(raw);
  switch (rule?.type) {
    case 'boolean':
      return raw === 'true';
    case 'integer':
    case 'number': {
      if (raw.trim() === '') throw new Error('Enter a number.');
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new Error(`"${raw}" is not a number.`);
      return value;
    }
    case 'string':
      return raw;
    default:
      try {
        return JSON.parse(raw);
      } catch {
        throw new Error('Enter JSON: a list such as ["a", "b"] or an object such as {"k": 1}.');
      }
  }
}
