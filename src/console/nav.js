// Navigation between the console's pages, and messages that outlive a navigation.

let pendingNotice = '';
let renderer = () => {};

// Set by app.js: renders the page of the current address.
export function setRenderer(fn) {
  renderer = fn;
}

// Shows `text` in the status line of the next page rendered.
export function notice(text) {
  pendingNotice = text;
}

// The pending notice, once.
export function takeNotice() {
  const text = pendingNotice;
  pendingNotice = '';
  return text;
}

// Goes to `hash` ("#/customers/…"), rendering again when it is the current one.
export function navigate(hash) {
  if (location.hash === hash) renderer();
  else location.hash = hash;
}
