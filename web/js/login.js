// login.js — the sign-in screen. Wrong credentials get a plain sentence, not a
// code; the username survives a language switch.
import { h } from './dom.js';
import { t } from './i18n.js';
import { signIn, ApiError, errorText } from './api.js';
import { field, setTitle, messageBox } from './ui.js';

let draftUsername = '';

// renderLogin(main, {notice, onSignedIn(user)})
export function renderLogin(main, { notice, onSignedIn }) {
  setTitle(t('login.title'));
  const username = h('input', {
    type: 'text', name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false',
    value: draftUsername, oninput: (e) => { draftUsername = e.target.value; },
  });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const errorArea = h('div', { class: 'login-error', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.submit'));

  const form = h('form', { class: 'login-form', novalidate: true },
    field({ label: t('login.username'), control: username, required: true }),
    field({ label: t('login.password'), control: password, required: true }),
    errorArea,
    submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorArea.replaceChildren();
    if (!username.value.trim() || !password.value) {
      errorArea.append(messageBox(t('login.missing'), 'error'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.signing_in');
    try {
      const user = await signIn(username.value.trim(), password.value);
      draftUsername = '';
      onSignedIn(user);
    } catch (err) {
      let text;
      if (err instanceof ApiError && err.status === 401) text = t('login.bad_credentials');
      else if (err instanceof ApiError && err.status === 429) text = t('login.throttled');
      else text = errorText(err);
      errorArea.append(messageBox(text, 'error'));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });

  main.replaceChildren(h('section', { class: 'login', 'aria-labelledby': 'page-title' },
    h('div', { class: 'login-card' },
      h('div', { class: 'login-emblem', 'aria-hidden': 'true' }),
      h('h1', { id: 'page-title', tabindex: '-1' }, t('login.title')),
      h('p', { class: 'login-intro' }, t('login.intro')),
      notice ? messageBox(notice, 'info') : null,
      form)));
  (draftUsername ? password : username).focus();
}
