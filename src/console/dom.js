// Small DOM helpers. Every text goes in as a text node, never as HTML, so whatever a record
// holds is shown as typed.

// h('a', {href: '#/x', class: 'link', onclick: fn}, 'text', child, [more]) builds an element.
// Attributes that are null, undefined or false are left out; true gives an empty attribute.
// `value` (and `checked`, `disabled`) are set as properties, after the children, so that a
// <select> can select one of its options.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  const properties = {};
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' || key === 'checked') {
      properties[key] = value;
    } else if (key === 'class') {
      el.className = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  Object.assign(el, properties);
  return el;
}

// "2026-01-10T08:00:00.000Z" as "2026-01-10 08:00 UTC".
export function formatTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const TYPE_LABELS = {
  ORGANIZATION: 'Organization',
  PERSON: 'Person',
  DEVICE: 'Device',
  LICENSE_KEY: 'License key',
};

export function typeLabel(type) {
  return TYPE_LABELS[type] || type || '';
}

// A date as a <time> element, which stays on one line (console.css); "—" when there is none.
export function timeOf(iso) {
  return iso ? h('time', {datetime: iso}, formatTime(iso)) : none();
}

// A text for "nothing here", shown in a muted style.
export function none(text = '—') {
  return h('span', {class: 'muted'}, text);
}
