/*
 * The join gate's page. The link is <proxy>/verify#<lockId>.<secret>; the fragment never
 * reaches a server. The page derives two keys from the secret (HKDF-SHA256, empty salt):
 * "clinic-arrivals join code v1" → HMAC-SHA256 key, "clinic-arrivals join seal v1" →
 * AES-256-GCM key, exactly as the host's client does (plugins/proxy-default/client/join-seal.ts).
 * It sends only the lock id and proof = base64url(HMAC(code)); after a right code the proxy
 * answers with the sealed link, which only this page can open.
 *
 * States (on <html data-state>): starting → no-link | unsupported | code;
 * code → code (wrong, locked, code expired, too many tries) | opening | expired | broken.
 *
 * Plain ES5 with promises, so an old phone reaches the "unsupported" message instead of
 * failing on syntax.
 */
(function () {
  'use strict';

  // Texts from the catalogue (page-i18n.js); the English defaults below until it is in, or without it.
  var t = function (key, values) {
    return values.defaultValue.replace('{{count}}', String(values.count));
  };
  var ENGLISH = {
    checking: 'Checking…',
    notSixDigits: 'Please enter the 6 digits from our text.',
    locked: 'Too many wrong codes. Reply CODE to our text to get a new code.',
    codeExpired: 'This code has expired. Reply CODE to our text to get a new one.',
    tooManyTries: 'Too many tries from here. Please wait a few minutes.',
    offline: 'We could not check the code. Please check your internet connection and try again.',
    join: 'Join',
  };

  function text(key) {
    return t(key, { defaultValue: ENGLISH[key] });
  }

  /** "That code is not right. 2 tries left.", by the language's plural rules (i18next's _one, _other…). */
  function wrongCodeText(left) {
    var english = left === 1 ? 'That code is not right. {{count}} try left.' : 'That code is not right. {{count}} tries left.';
    return t('wrongCode', { count: left, defaultValue: english });
  }
  var SEAL_INFO = 'clinic-arrivals join seal v1';
  var CODE_INFO = 'clinic-arrivals join code v1';
  var LOCK_ID = /^[A-Za-z0-9_-]{22,64}$/;
  var SECRET = /^[A-Za-z0-9_-]{43}$/;
  var root = document.documentElement;

  function setState(state) {
    root.setAttribute('data-state', state);
    var panels = document.querySelectorAll('[data-panel]');
    for (var i = 0; i < panels.length; i++) panels[i].hidden = panels[i].getAttribute('data-panel') !== state;
  }

  function showMessage(text, kind) {
    var node = document.querySelector('[data-message]');
    node.textContent = text || '';
    node.hidden = !text;
    if (kind) root.setAttribute('data-answer', kind);
    else root.removeAttribute('data-answer');
  }

  function utf8(text) {
    return new window.TextEncoder().encode(text);
  }

  function fromBase64Url(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var binary = window.atob(base64);
    var bytes = new window.Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function toBase64Url(buffer) {
    var bytes = new window.Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return window.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** `{ lockId, secret }` from the fragment, or null when it is missing or malformed. */
  function linkFromFragment() {
    var parts = window.location.hash.replace(/^#/, '').split('.');
    if (parts.length !== 2 || !LOCK_ID.test(parts[0]) || !SECRET.test(parts[1])) return null;
    try {
      var secret = fromBase64Url(parts[1]);
      return secret.length === 32 ? { lockId: parts[0], secret: secret } : null;
    } catch (e) {
      return null;
    }
  }

  function canDoCrypto() {
    return !!(window.crypto && window.crypto.subtle && window.TextEncoder && window.TextDecoder && window.fetch && window.Promise);
  }

  function deriveKey(secret, info, algorithm, usages) {
    return window.crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']).then(function (base) {
      var params = { name: 'HKDF', hash: 'SHA-256', salt: new window.Uint8Array(0), info: utf8(info) };
      return window.crypto.subtle.deriveKey(params, base, algorithm, false, usages);
    });
  }

  function codeProof(secret, code) {
    return deriveKey(secret, CODE_INFO, { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign'])
      .then(function (key) {
        return window.crypto.subtle.sign('HMAC', key, utf8(code));
      })
      .then(toBase64Url);
  }

  function openSealed(secret, sealed) {
    var bytes = fromBase64Url(sealed);
    return deriveKey(secret, SEAL_INFO, { name: 'AES-GCM', length: 256 }, ['decrypt'])
      .then(function (key) {
        return window.crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, key, bytes.slice(12));
      })
      .then(function (plain) {
        return new window.TextDecoder().decode(plain);
      });
  }

  /** Only a web address may be opened: never javascript:, data: or anything else. */
  function isWebUrl(text) {
    try {
      var url = new window.URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch (e) {
      return false;
    }
  }

  function postAttempt(lockId, proof) {
    return window
      .fetch('verify/attempt', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lockId: lockId, proof: proof }),
        credentials: 'omit',
        cache: 'no-store',
      })
      .then(function (response) {
        return response.json().then(
          function (body) {
            return { status: response.status, body: body || {} };
          },
          function () {
            return { status: response.status, body: {} };
          }
        );
      });
  }

  function release(link, sealed) {
    setState('opening');
    return openSealed(link.secret, sealed).then(
      function (target) {
        if (!isWebUrl(target)) return setState('broken');
        window.location.replace(target);
      },
      function () {
        setState('broken');
      }
    );
  }

  function handleAnswer(link, answer) {
    var state = answer.body.state;
    if (answer.status === 200 && state === 'ok' && typeof answer.body.sealed === 'string') return release(link, answer.body.sealed);
    if (answer.status === 200 && state === 'wrong') {
      var left = Number(answer.body.attemptsLeft);
      return showMessage(wrongCodeText(left), 'wrong');
    }
    if (answer.status === 200 && state === 'locked') return showMessage(text('locked'), 'locked');
    if (answer.status === 200 && state === 'code-expired') return showMessage(text('codeExpired'), 'code-expired');
    if (answer.status === 404) return setState('expired');
    if (answer.status === 429) return showMessage(text('tooManyTries'), 'too-many-tries');
    if (answer.status === 400) return setState('no-link');
    showMessage(text('offline'), 'offline');
  }

  function start() {
    var link = linkFromFragment();
    if (!link) return setState('no-link');
    if (!canDoCrypto()) return setState('unsupported');
    setState('code');
    var form = document.querySelector('[data-form]');
    var input = document.getElementById('code');
    var button = form.querySelector('button');
    var busy = false;
    input.focus();
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      var code = input.value.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(code)) return showMessage(text('notSixDigits'), 'not-six-digits');
      busy = true;
      button.disabled = true;
      button.textContent = text('checking');
      showMessage('');
      codeProof(link.secret, code)
        .then(function (proof) {
          return postAttempt(link.lockId, proof);
        })
        .then(
          function (answer) {
            return handleAnswer(link, answer);
          },
          function () {
            showMessage(text('offline'), 'offline');
          }
        )
        .then(function () {
          busy = false;
          button.disabled = false;
          button.textContent = text('join');
          if (root.getAttribute('data-state') === 'code') {
            input.value = '';
            input.focus();
          }
        });
    });
  }

  /** The link may carry the patient's language (?lang=vi); else the browser's. */
  function startInLanguage() {
    var i18n = window.PageI18n;
    if (!i18n) return start();
    var fromLink = i18n.linkLanguage();
    var requested = fromLink ? [fromLink].concat(i18n.browserLanguages()) : i18n.browserLanguages();
    var base = document.querySelector('meta[name="ca-asset-base"]');
    i18n.start(
      { assetBase: base ? base.getAttribute('content') : 'verify/assets', shipped: window.VERIFY_LANGUAGES || ['en'], requested: requested },
      function (translate) {
        t = translate;
        start();
      }
    );
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startInLanguage);
  else startInLanguage();
})();
