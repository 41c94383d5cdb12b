// E-forms: a conditional field applies only when an earlier answer has a given value (data-show-if-field and
// data-show-if-equals on its form group). Without this script every field shows, each with a note saying when it
// applies; with it, fields that do not apply are hidden, and shown again as soon as the answer they depend on
// changes. The server decides what applies in the same way and ignores answers to fields that do not.

/** The answer of the field `key` as the server compares it: a select's or input's value, "true"/"false" for a box. */
function answerOf(form, key) {
  const input = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
  if (!input) return null;
  if (input.type === 'checkbox') return input.checked ? 'true' : 'false';
  return input.value.trim();
}

function groupOf(form, key) {
  const input = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
  return input ? input.closest('.govuk-form-group') : null;
}

function applies(form, group, seen = new Set()) {
  const key = group.getAttribute('data-show-if-field');
  if (!key || seen.has(key)) return true;
  seen.add(key);
  const target = groupOf(form, key);
  if (target && target.hasAttribute('data-show-if-field') && !applies(form, target, seen)) return false;
  return answerOf(form, key) === group.getAttribute('data-show-if-equals');
}

function update(form) {
  for (const group of form.querySelectorAll('[data-show-if-field]')) {
    group.hidden = !applies(form, group);
  }
}

export function initEforms(root = document) {
  for (const eform of root.querySelectorAll('[data-testid="eform"]')) {
    const form = eform.closest('form') ?? eform;
    update(form);
    form.addEventListener('change', () => update(form));
    form.addEventListener('input', () => update(form));
  }
}
