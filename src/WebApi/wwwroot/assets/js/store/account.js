// Account pages: sign in (with the second factor), sign up, forgot/reset password, confirm email, the account
// overview, change password, my devices, two-factor setup.
import { api, signIn, signInMfa, signOut, currentUser, reloadUser } from '../core/api.js';
import { h, setTitle, showProblem, clearProblem, announce, dialog, dateTime, pager } from '../core/ui.js';

const pages = {
  'sign-in': signInPage,
  'sign-up': signUpPage,
  'forgot-password': forgotPage,
  'reset-password': resetPage,
  'confirm-email': confirmPage,
  account: accountPage,
  password: passwordPage,
  devices: devicesPage,
  'two-factor': twoFactorPage,
};

export function render(view, ctx) {
  return pages[ctx.page](view, ctx);
}

// ---- small form helpers ----

function field(label, props, hint) {
  const id = `f-${props.name}`;
  const hintId = hint ? `${id}-hint` : null;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('input', { id, 'aria-describedby': hintId, ...props }),
  );
}

function form(submitLabel, children, onSubmit) {
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, submitLabel);
  const el = h('form', { class: 'stack', novalidate: true }, h('div', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true }), children, h('div', { class: 'actions' }, button));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return; // one request at a time
    clearProblem(el);
    const missing = [...el.querySelectorAll('input[required]')].filter((i) => !i.value.trim());
    if (missing.length) {
      showProblem(el, { errors: Object.fromEntries(missing.map((i) => [i.name, ['Please fill this in.']])) });
      return;
    }
    button.disabled = true;
    try {
      await onSubmit(Object.fromEntries(new FormData(el)), el);
    } catch {
      showProblem(el, { title: 'The shop could not be reached. Check your connection and try again.' });
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

/** A return address from ?return=, only ever a path of this site. */
function returnTo(query, fallback = '/') {
  const to = query.get('return');
  return to && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/sign-in') ? to : fallback;
}

function heading(view, text, ...intro) {
  view.append(h('h1', null, text), ...intro);
  setTitle(text);
}

// ---- sign in, with the second step when the account has one ----

function signInPage(view, { query, navigate }) {
  const reason = query.get('reason');
  const notice =
    reason === 'revoked'
      ? h('div', { class: 'banner banner-warning', role: 'status' }, 'Your session has ended: you were signed out (on another device, after a password change, or by the shop). Sign in again to continue where you were.')
      : reason === 'signed-out'
        ? h('div', { class: 'banner', role: 'status' }, 'You were signed out. Sign in again to continue.')
        : null;
  heading(view, 'Sign in', notice);
  const done = (user) => {
    announce(`Signed in as ${user?.full_name ?? user?.email ?? 'you'}.`, { kind: 'success' });
    navigate(returnTo(query), { replace: true });
  };

  const first = form(
    'Sign in',
    [
      field('Email', { name: 'email', type: 'email', autocomplete: 'username', required: true }),
      field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    ],
    async ({ email, password }, el) => {
      const result = await signIn(email.trim(), password);
      if (result.problem) return showProblem(el, result.problem);
      if (result.user) return done(result.user);
      first.replaceWith(secondStep(result.mfaToken, done));
    },
  );
  view.append(
    first,
    h('p', null, h('a', { href: '/forgot-password' }, 'Forgot your password?')),
    h('p', null, 'New here? ', h('a', { href: `/sign-up${query.get('return') ? `?return=${encodeURIComponent(returnTo(query))}` : ''}` }, 'Create an account'), '.'),
  );
}

function secondStep(mfaToken, done) {
  let useRecovery = false;
  const wrap = h('section', { 'aria-labelledby': 'mfa-heading' });
  const draw = () => {
    const control = useRecovery
      ? field('Recovery code', { name: 'recovery_code', autocomplete: 'off', required: true, spellcheck: 'false' }, 'One of the codes you saved when you turned on two-factor sign-in. Each works once.')
      : field('Authentication code', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]*', maxlength: '6', required: true }, 'The 6-digit code your authenticator app shows now.');
    const step = form('Verify', control, async (values, el) => {
      const result = await signInMfa(mfaToken, useRecovery ? { recoveryCode: values.recovery_code.trim() } : { code: values.code.trim() });
      if (result.problem) return showProblem(el, result.problem);
      done(result.user);
    });
    const toggle = h('button', { type: 'button', class: 'btn-link' }, useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead');
    toggle.addEventListener('click', () => {
      useRecovery = !useRecovery;
      draw();
    });
    wrap.replaceChildren(h('h2', { id: 'mfa-heading', tabindex: '-1' }, 'Two-factor sign-in'), step, h('p', null, toggle));
    wrap.querySelector('input').focus();
  };
  queueMicrotask(draw);
  return wrap;
}

// ---- sign up ----

function signUpPage(view, { query, navigate }) {
  heading(view, 'Create an account');
  view.append(
    form(
      'Create account',
      [
        field('Full name', { name: 'full_name', autocomplete: 'name', required: true }),
        field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
        field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' }, 'At least 8 characters. A long phrase is easier to remember and harder to guess.'),
      ],
      async (values, el) => {
        const body = { full_name: values.full_name.trim(), email: values.email.trim(), password: values.password };
        const r = await api('/auth/register', { method: 'POST', body, auth: false });
        if (!r.ok) return showProblem(el, r.data);
        const result = await signIn(body.email, body.password);
        if (result.problem) return showProblem(el, result.problem);
        announce(`Welcome, ${body.full_name}! We sent a link to ${body.email} to confirm your address.`, { kind: 'success' });
        navigate(returnTo(query), { replace: true });
      },
    ),
    h('p', null, 'Already have an account? ', h('a', { href: '/sign-in' }, 'Sign in'), '.'),
  );
}

// ---- forgot / reset password, confirm email ----

function forgotPage(view) {
  heading(view, 'Forgot your password?', h('p', null, 'Enter your email address and we will send you a link to choose a new password.'));
  const el = form('Send reset link', field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }), async ({ email }, f) => {
    const r = await api('/auth/forgot-password', { method: 'POST', body: { email: email.trim() }, auth: false });
    if (!r.ok) return showProblem(f, r.data);
    const done = h('p', { role: 'status', class: 'banner banner-success', tabindex: '-1' }, r.data?.message ?? 'If an account uses this email, a link is on its way.');
    f.replaceWith(done);
    done.focus();
  });
  view.append(el);
}

function resetPage(view, { query, navigate }) {
  heading(view, 'Choose a new password');
  const token = query.get('token');
  if (!token) return view.append(h('p', null, 'This link is incomplete. ', h('a', { href: '/forgot-password' }, 'Ask for a new one'), '.'));
  view.append(
    form('Set new password', field('New password', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' }, 'At least 8 characters.'), async ({ new_password }, el) => {
      const r = await api('/auth/reset-password', { method: 'POST', body: { token, new_password }, auth: false });
      if (!r.ok) {
        if (r.data?.errors?.token) r.data.detail = 'This link has expired or was already used. Ask for a new one on the "Forgot your password?" page.';
        return showProblem(el, r.data);
      }
      announce('Your password is changed and you were signed out everywhere. Sign in with the new password.', { kind: 'success' });
      navigate('/sign-in', { replace: true });
    }),
  );
}

async function confirmPage(view) {
  const token = new URLSearchParams(location.search).get('token');
  heading(view, 'Confirm your email');
  const status = h('p', { role: 'status' }, 'Confirming…');
  view.append(status);
  if (!token) return (status.textContent = 'This link is incomplete.');
  const r = await api('/auth/confirm-email', { method: 'POST', body: { token }, auth: false });
  if (r.ok) {
    status.textContent = 'Thank you: your email address is confirmed.';
    if (currentUser()) await reloadUser();
  } else {
    status.textContent = 'This link has expired or was already used.';
    if (currentUser()) view.append(h('p', null, h('a', { href: '/account' }, 'Send a new confirmation email')));
  }
}

// ---- account overview, change password ----

function accountPage(view) {
  const user = currentUser();
  heading(view, 'Your account');
  const resend = user.email_confirmed ? null : h('button', { type: 'button', class: 'btn' }, 'Resend confirmation email');
  resend?.addEventListener('click', async () => {
    resend.disabled = true;
    const r = await api('/auth/resend-confirmation', { method: 'POST' });
    announce(r.ok ? `We sent a new link to ${user.email}.` : r.data?.detail ?? 'Please wait a little before asking again.', { kind: r.ok ? 'success' : 'error' });
  });
  view.append(
    h(
      'dl',
      { class: 'panel' },
      h('dt', null, 'Name'),
      h('dd', null, user.full_name),
      h('dt', null, 'Email'),
      h('dd', null, user.email, ' ', user.email_confirmed ? h('span', { class: 'badge badge-ok' }, 'Confirmed') : h('span', { class: 'badge badge-danger' }, 'Not confirmed')),
      h('dt', null, 'Two-factor sign-in'),
      h('dd', null, user.mfa_enabled ? 'On' : 'Off'),
    ),
    resend ? h('div', { class: 'actions' }, resend) : null,
    h(
      'nav',
      { 'aria-label': 'Account settings' },
      h('ul', null, h('li', null, h('a', { href: '/account/password' }, 'Change password')), h('li', null, h('a', { href: '/account/devices' }, 'My devices')), h('li', null, h('a', { href: '/account/two-factor' }, 'Two-factor sign-in')), h('li', null, h('a', { href: '/orders' }, 'My orders'))),
    ),
  );
}

function passwordPage(view, { navigate }) {
  heading(view, 'Change password', h('p', null, 'Your other devices are signed out when the password changes.'));
  view.append(
    form(
      'Change password',
      [
        field('Current password', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
        field('New password', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' }, 'At least 8 characters.'),
      ],
      async (body, el) => {
        const r = await api('/auth/change-password', { method: 'POST', body });
        if (!r.ok) return showProblem(el, r.data);
        announce('Your password is changed. Your other devices were signed out.', { kind: 'success' });
        navigate('/account');
      },
    ),
  );
}

// ---- my devices ----

async function devicesPage(view, { query, navigate }) {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const r = await api(`/auth/sessions?page=${page}&page_size=20`);
  heading(view, 'My devices', h('p', null, 'Where your account is signed in. Sign out a device you do not recognise, then change your password.'));
  if (!r.ok) return view.append(h('p', { role: 'alert' }, 'Your devices could not be listed.'));

  const everywhere = h('button', { type: 'button', class: 'btn btn-danger' }, 'Sign out everywhere');
  everywhere.addEventListener('click', async () => {
    const sure = await dialog({ title: 'Sign out everywhere?', body: 'Every device, this one included, is signed out.', confirmLabel: 'Sign out everywhere' });
    if (!sure) return;
    const done = await api('/auth/logout-all', { method: 'POST' });
    if (!done.ok) return announce('The devices could not be signed out. Please try again.', { kind: 'error' });
    await signOut();
    announce('You are signed out on every device.', { kind: 'success' });
    navigate('/sign-in', { replace: true });
  });

  const rows = r.data.items.map((s) => {
    const button = h('button', { type: 'button', class: 'btn' }, s.current ? 'Sign out this device' : 'Sign out');
    button.setAttribute('aria-label', s.current ? 'Sign out this device' : `Sign out ${describe(s.user_agent)}, last used ${dateTime(s.last_used_at)}`);
    button.addEventListener('click', async () => {
      if (s.current) {
        await signOut();
        announce('This device is signed out.', { kind: 'success' });
        return navigate('/', { replace: true });
      }
      const done = await api(`/auth/sessions/${s.id}`, { method: 'DELETE' });
      announce(done.ok ? 'That device is signed out.' : 'That device could not be signed out.', { kind: done.ok ? 'success' : 'error' });
      navigate(location.pathname + location.search, { replace: true });
    });
    return h(
      'tr',
      null,
      h('th', { scope: 'row' }, describe(s.user_agent), ' ', s.current ? h('span', { class: 'badge badge-ok' }, 'This device') : null),
      h('td', null, s.ip ?? '—'),
      h('td', null, dateTime(s.created_at)),
      h('td', null, dateTime(s.last_used_at)),
      h('td', null, button),
    );
  });
  view.append(
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, 'Devices signed in to your account'),
        h('thead', null, h('tr', null, ['Device', 'IP address', 'Signed in', 'Last used'].map((t) => h('th', { scope: 'col' }, t)), h('td'))),
        h('tbody', null, rows),
      ),
    ),
    pager({ page, pageSize: 20, total: r.data.total, href: (n) => `/account/devices?page=${n}` }),
    h('div', { class: 'actions' }, everywhere),
  );
}

/** "Chrome on Linux"-style name of a user agent, good enough to recognise one's own devices. */
function describe(agent) {
  if (!agent) return 'Unknown device';
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrom(e|ium)\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : null;
  const os = /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Windows/.test(agent) ? 'Windows' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : null;
  return browser ? `${browser}${os ? ` on ${os}` : ''}` : agent.slice(0, 40);
}

// ---- two-factor sign-in ----

function twoFactorPage(view, { navigate }) {
  const user = currentUser();
  heading(view, 'Two-factor sign-in');
  if (user.mfa_enabled) {
    view.append(
      h('p', null, 'Two-factor sign-in is on: signing in asks for a code from your authenticator app.'),
      h('h2', null, 'Turn it off'),
      form(
        'Turn off two-factor sign-in',
        [field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }), field('Authentication code', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true })],
        async (body, el) => {
          const r = await api('/auth/mfa/totp/disable', { method: 'POST', body });
          if (!r.ok) return showProblem(el, r.data);
          await reloadUser();
          announce('Two-factor sign-in is off.', { kind: 'success' });
          navigate('/account');
        },
      ),
    );
    return;
  }

  const step1 = form('Continue', field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }, 'To protect your account, confirm your password first.'), async (body, el) => {
    const r = await api('/auth/mfa/totp/setup', { method: 'POST', body });
    if (!r.ok) return showProblem(el, r.data);
    step1.replaceWith(scanStep(r.data, navigate));
  });
  view.append(h('p', null, 'Add a second step to signing in: a 6-digit code from an authenticator app on your phone.'), step1);
}

function scanStep({ secret, qr_svg: svg }, navigate) {
  const wrap = h(
    'section',
    { 'aria-labelledby': 'scan-heading' },
    h('h2', { id: 'scan-heading', tabindex: '-1' }, '1. Scan the code with your authenticator app'),
    svg ? h('img', { class: 'qr', src: `data:image/svg+xml;base64,${base64(svg)}`, alt: 'QR code to add this account to an authenticator app', width: '200', height: '200' }) : null,
    h('p', null, 'Or type this key into the app: ', h('code', { id: 'totp-secret' }, secret.replace(/(.{4})/g, '$1 ').trim())),
    h('h2', null, '2. Enter the code the app shows'),
    form('Turn on two-factor sign-in', field('Authentication code', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', required: true }), async ({ code }, el) => {
      const r = await api('/auth/mfa/totp/enable', { method: 'POST', body: { code: code.trim() } });
      if (!r.ok) return showProblem(el, r.data);
      await reloadUser();
      wrap.replaceWith(recoveryCodes(r.data.recovery_codes, navigate));
    }),
  );
  queueMicrotask(() => wrap.querySelector('h2').focus());
  return wrap;
}

function recoveryCodes(codes, navigate) {
  const done = h('button', { type: 'button', class: 'btn btn-primary' }, 'I have saved these codes');
  done.addEventListener('click', () => navigate('/account', { replace: true }));
  const wrap = h(
    'section',
    { 'aria-labelledby': 'codes-heading' },
    h('h2', { id: 'codes-heading', tabindex: '-1' }, 'Two-factor sign-in is on. Save your recovery codes'),
    h('p', null, 'If you lose your phone, each of these codes signs you in once. They are shown only now: print them or keep them in a password manager.'),
    h('ul', { class: 'codes', id: 'recovery-codes' }, codes.map((c) => h('li', null, c))),
    h('div', { class: 'actions' }, done),
  );
  queueMicrotask(() => wrap.querySelector('h2').focus());
  return wrap;
}

function base64(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
