// /admin/sign-in: email and password, then the second factor (a code from the app or a recovery code).
import { signIn, signInMfa } from '../core/api.js';
import { h, showProblem, clearProblem } from '../core/ui.js';
import { field, formAlert, navigate, pageHeader, busy } from './common.js';

const reasons = {
  revoked: 'Your session has ended: it was signed out by a security operation, a password or role change, or from another tab. Sign in again to continue where you were.',
  expired: 'Your session has expired. Sign in again to continue where you were.',
  'signed-out': 'You have been signed out.',
};

/** Where to go after signing in: the page the user came from, if it is an admin page. */
export function returnPath(query) {
  const target = query.return ?? '';
  return target.startsWith('/admin') && !target.startsWith('/admin/sign-in') && !target.startsWith('//')
    ? target
    : '/admin';
}

export function signInPage({ query, onSignedIn }) {
  const container = h('div', { class: 'sign-in' });
  const header = pageHeader('Sign in to the admin panel');
  container.append(header);
  const reason = reasons[query.reason];
  if (reason) container.append(h('p', { class: 'notice', role: 'status', id: 'sign-in-reason' }, reason));
  container.append(passwordStep(container, query, onSignedIn));
  return container;
}

function passwordStep(container, query, onSignedIn) {
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Sign in' },
    formAlert(),
    field('Email', email),
    field('Password', password),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    const result = await busy(form, () => signIn(email.value.trim(), password.value));
    if (result.problem) {
      showProblem(form, result.problem);
    } else if (result.mfaToken) {
      const step = secondFactorStep(container, result.mfaToken, query, onSignedIn);
      form.replaceWith(step);
      step.querySelector('input').focus();
    } else if (result.user) {
      onSignedIn(result.user, returnPath(query));
    }
  });
  return form;
}

function secondFactorStep(container, mfaToken, query, onSignedIn) {
  let useRecovery = false;
  const code = h('input', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]*', maxlength: '6' });
  const recovery = h('input', { name: 'recovery_code', autocomplete: 'off', spellcheck: 'false' });
  const codeField = field('Code from your authenticator app', code, 'Six digits; a new one every 30 seconds.');
  const recoveryField = field('Recovery code', recovery, 'One of the codes you saved when you set up the second factor; each works once.');
  recoveryField.hidden = true;
  const toggle = h('button', { type: 'button', class: 'btn-link' }, 'Use a recovery code instead');
  const restart = h('button', { type: 'button', class: 'btn-link' }, 'Start again');
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Second factor' },
    h('p', {}, 'Your account has a second factor. Enter the current code from your authenticator app.'),
    formAlert(),
    codeField,
    recoveryField,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Verify'), toggle, restart));
  toggle.addEventListener('click', () => {
    useRecovery = !useRecovery;
    codeField.hidden = useRecovery;
    recoveryField.hidden = !useRecovery;
    toggle.textContent = useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead';
    (useRecovery ? recovery : code).focus();
  });
  restart.addEventListener('click', () => {
    const step = passwordStep(container, query, onSignedIn);
    form.replaceWith(step);
    step.querySelector('input').focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    const second = useRecovery ? { recoveryCode: recovery.value.trim() } : { code: code.value.trim() };
    const result = await busy(form, () => signInMfa(mfaToken, second));
    if (result.problem) {
      showProblem(form, result.problem);
    } else if (result.user) {
      onSignedIn(result.user, returnPath(query));
    }
  });
  return form;
}

/** Used by the router after signing in. */
export function goAfterSignIn(target) {
  navigate(target, { replace: true });
}
