// Small helpers the Blazor components call. Kept tiny on purpose: the UI is server-rendered.
window.hamdel = {
  submit: (formId) => document.getElementById(formId)?.submit(),
  copy: (text) => navigator.clipboard?.writeText(text),

  // The reply box: Ctrl+Enter (or ⌘+Enter) sends; while the saved-reply list is open the arrow
  // keys, Enter, Tab and Escape work the list instead of the text. Both need the key stopped
  // before the browser acts on it, which only script can do.
  replyKeys: (id, dotnet) => {
    const box = document.getElementById(id);
    if (!box || box.hamdelReply) return;
    box.hamdelReply = true;
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        dotnet.invokeMethodAsync('SendFromKeyboard');
      } else if (box.dataset.suggest === 'open' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey
        && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) {
        e.preventDefault();
        dotnet.invokeMethodAsync('SuggestKey', e.key);
      }
    });
  },

  value: (id) => document.getElementById(id)?.value ?? null,

  // Puts text in a box and the caret at its end. Used when the server replaces what was typed
  // (a saved reply for "/tha"): setting the box directly means a render that is still on its
  // way from a busy server cannot leave the typed text showing.
  fill: (id, text) => {
    const box = document.getElementById(id);
    if (!box) return;
    box.value = text;
    window.hamdel.focusEnd(id);
  },

  focusEnd: (id) => {
    const box = document.getElementById(id);
    if (!box) return;
    box.focus();
    const end = box.value.length;
    box.setSelectionRange?.(end, end);
  },

  // Scrolls a message thread to its latest message; with onlyIfNear, only when the reader was
  // already near the end (so someone reading older messages is not pulled away).
  scrollToEnd: (element, onlyIfNear) => {
    if (!element) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    const newest = element.lastElementChild?.offsetHeight ?? 0;
    if (!onlyIfNear || distance < 160 + newest) element.scrollTop = element.scrollHeight;
  },
};

// Inbox shortcuts, active wherever the conversation list is on screen. Keys are matched by their
// place on the keyboard (e.code), so they work the same with a Persian or Arabic layout.
//   j / k   next / previous conversation      r   write a reply      /   search
//   ↓ / ↑   move between conversations while the list has focus
document.addEventListener('keydown', (e) => {
  const list = document.querySelector('[data-testid=conversation-list]');
  if (!list || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const target = e.target;
  const typing = target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  if (typing || document.querySelector('.mud-popover-open, .mud-dialog-container')) return;
  const items = [...list.querySelectorAll('a.conv-item')];
  if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && list.contains(target)) {
    const next = items[items.indexOf(target.closest('a.conv-item')) + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next) { e.preventDefault(); next.focus(); }
  } else if (e.code === 'KeyJ' || e.code === 'KeyK') {
    const current = items.findIndex((a) => a.getAttribute('aria-current') === 'page');
    const next = items[current < 0 ? 0 : current + (e.code === 'KeyJ' ? 1 : -1)];
    if (next) { e.preventDefault(); next.scrollIntoView({ block: 'nearest' }); next.click(); }
  } else if (e.code === 'KeyR') {
    const box = document.getElementById('reply-text');
    if (box) { e.preventDefault(); box.focus(); }
  } else if (e.code === 'Slash') {
    const search = document.getElementById('inbox-search');
    if (search) { e.preventDefault(); search.focus(); }
  }
});
