// Small helpers the Blazor components call. Kept tiny on purpose: the UI is server-rendered.
window.hamdel = {
  submit: (formId) => document.getElementById(formId)?.submit(),
  copy: (text) => navigator.clipboard?.writeText(text),
};
