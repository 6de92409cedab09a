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
        dotnet.invokeMethodAsync('SendFromKeyboard', box.value);
      } else if (box.dataset.suggest === 'open' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey
        && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) {
        e.preventDefault();
        dotnet.invokeMethodAsync('SuggestKey', e.key);
      }
    });
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
