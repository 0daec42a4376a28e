/*
 * Join page of the video-openvidu plugin. The link is <page>#<base64url(OpenVidu token)>, or
 * <page>#guest.<base64url(token)> for a guest; the fragment never leaves the browser. States
 * (on <html data-state>):
 *
 *   starting → no-link | unsupported | connecting
 *   connecting → link-failed (rejected, or no answer in time) | camera
 *   camera → camera-blocked | waiting
 *   waiting ⇄ in-call → ended
 *
 * Written as plain ES5 with promises so that old phones reach the "unsupported" message
 * instead of failing on syntax.
 */
(function () {
  'use strict';

  var root = document.documentElement;
  var DEFAULT_CONNECT_TIMEOUT_MS = 25000;
  var ov = null;
  var session = null;
  var token = null;
  var myRole = 'patient';
  // 'guest' for a guest's link (marked in the fragment), so a refused link can say it was withdrawn.
  var linkKind = 'party';
  var remoteCount = 0;
  // Texts from the catalogue (page-i18n.js); English defaults until it is in, or without it.
  var SHIPPED_LANGUAGES = ['en', 'es', 'vi', 'zh-Hans', 'ar'];
  var t = function (key, values) {
    return values.defaultValue;
  };

  function text(key, english, values) {
    var options = { defaultValue: english };
    if (values) for (var name in values) if (Object.prototype.hasOwnProperty.call(values, name)) options[name] = values[name];
    return t(key, options);
  }

  function setState(state, reason) {
    root.setAttribute('data-state', state);
    if (reason) root.setAttribute('data-reason', reason);
    else root.removeAttribute('data-reason');
    var panels = document.querySelectorAll('[data-panel]');
    for (var i = 0; i < panels.length; i++) {
      panels[i].hidden = panels[i].getAttribute('data-panel') !== state;
    }
    var reasons = document.querySelectorAll('[data-reason]');
    for (var j = 0; j < reasons.length; j++) {
      if (reasons[j] !== root) reasons[j].hidden = reasons[j].getAttribute('data-reason') !== reason;
    }
    // A withdrawn guest link will not work on a second try: no "Try again" there.
    var hideable = document.querySelectorAll('[data-hidden-for]');
    for (var k = 0; k < hideable.length; k++) hideable[k].hidden = hideable[k].getAttribute('data-hidden-for') === reason;
    var inCall = state === 'waiting' || state === 'in-call';
    document.querySelector('[data-call]').hidden = !inCall;
    if (state === 'in-call') setCallStatus(text('statusConnected', 'You are connected.'));
  }

  function setCallStatus(text) {
    document.querySelector('[data-call-status]').textContent = text;
  }

  /**
   * "Invite someone", for the patient only, when the link names the clinic's texting number
   * (?invite=<digits>): a text of GUEST to it, which the host answers with a guest link. The
   * text comes from the patient's own phone, so the host knows who asks.
   */
  function showInvite() {
    var match = /[?&]invite=([1-9][0-9]{6,14})(&|$)/.exec(window.location.search);
    var box = document.querySelector('[data-invite]');
    if (!match || myRole !== 'patient' || linkKind !== 'party') {
      box.hidden = true;
      return;
    }
    // "?&body=" is what both Android and iOS messaging apps read.
    document.querySelector('[data-invite-link]').setAttribute('href', 'sms:+' + match[1] + '?&body=GUEST');
    box.hidden = false;
  }

  function showRoleTexts() {
    var texts = document.querySelectorAll('[data-role-text]');
    for (var i = 0; i < texts.length; i++) texts[i].hidden = texts[i].getAttribute('data-role-text') !== myRole;
    var kinds = document.querySelectorAll('[data-link-kind]');
    for (var j = 0; j < kinds.length; j++) kinds[j].hidden = kinds[j].getAttribute('data-link-kind') !== linkKind;
  }

  /** The OpenVidu token in the fragment, or null. */
  function tokenFromFragment() {
    var hash = window.location.hash.replace(/^#/, '');
    if (hash.indexOf('guest.') === 0) {
      linkKind = 'guest';
      myRole = 'guest';
      hash = hash.slice('guest.'.length);
    }
    if (!/^[A-Za-z0-9_-]+$/.test(hash)) return null;
    var base64 = hash.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var text;
    try {
      text = window.atob(base64);
    } catch (e) {
      return null;
    }
    return /^wss?:\/\/[^\s]+$/.test(text) ? text : null;
  }

  function browserCanDoVideo() {
    return !!(
      window.OpenVidu &&
      window.WebSocket &&
      window.RTCPeerConnection &&
      navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === 'function'
    );
  }

  function connectTimeoutMs() {
    var meta = document.querySelector('meta[name="ca-connect-timeout-ms"]');
    var value = meta ? parseInt(meta.getAttribute('content'), 10) : NaN;
    return value > 0 ? value : DEFAULT_CONNECT_TIMEOUT_MS;
  }

  /** Server data written by the plugin: {"role":"patient"|"practitioner"|"guest","name":"…"}. */
  function partyOf(connection) {
    var parts = String((connection && connection.data) || '').split('%/%');
    for (var i = 0; i < parts.length; i++) {
      try {
        var data = JSON.parse(parts[i]);
        if (data && (data.role === 'patient' || data.role === 'practitioner' || data.role === 'guest')) return data;
      } catch (e) {
        // Not ours (client data): keep looking.
      }
    }
    return null;
  }

  function start() {
    token = tokenFromFragment();
    showRoleTexts();
    if (!token) return setState('no-link');
    if (!browserCanDoVideo()) return setState('unsupported');
    ov = new window.OpenVidu();
    if (typeof ov.enableProdMode === 'function') ov.enableProdMode();
    if (typeof ov.checkSystemRequirements === 'function' && !ov.checkSystemRequirements()) return setState('unsupported');
    connect();
  }

  function connect() {
    setState('connecting');
    session = ov.initSession();
    session.on('streamCreated', function (event) {
      remoteCount++;
      session.subscribe(event.stream, 'remote-video');
      var party = partyOf(event.stream.connection);
      setState('in-call');
      if (party && party.name) setCallStatus(text('statusTalkingWith', 'You are talking with {{name}}.', { name: party.name }));
    });
    session.on('streamDestroyed', function () {
      remoteCount = Math.max(0, remoteCount - 1);
      if (remoteCount === 0 && root.getAttribute('data-state') === 'in-call') setState('waiting');
    });
    session.on('reconnecting', function () {
      setCallStatus(text('statusReconnecting', 'The connection dropped. Reconnecting…'));
    });
    session.on('reconnected', function () {
      setCallStatus(text('statusReconnected', 'Connected again.'));
    });
    session.on('sessionDisconnected', function (event) {
      // Leaving after a failure keeps the failure on screen.
      if (root.getAttribute('data-state') === 'link-failed') return;
      // The clinic withdrew this guest's link while they were in the call.
      if (linkKind === 'guest' && event && event.reason === 'forceDisconnectByServer') return setState('link-failed', 'guest-withdrawn');
      setState('ended');
    });

    var settled = false;
    var timer = window.setTimeout(function () {
      if (settled) return;
      settled = true;
      failLink('timeout');
    }, connectTimeoutMs());

    var connecting;
    try {
      connecting = session.connect(token);
    } catch (error) {
      connecting = Promise.reject(error);
    }
    connecting.then(
      function () {
        if (settled) return;
        settled = true;
        window.clearTimeout(timer);
        var me = partyOf(session.connection);
        if (me) myRole = me.role;
        showRoleTexts();
        showInvite();
        startCamera();
      },
      function () {
        if (settled) return;
        settled = true;
        window.clearTimeout(timer);
        failLink(linkKind === 'guest' ? 'guest-withdrawn' : 'rejected');
      }
    );
  }

  function failLink(reason) {
    setState('link-failed', reason);
    try {
      if (session) session.disconnect();
    } catch (e) {
      // Never connected: nothing to leave.
    }
  }

  function startCamera() {
    setState('camera');
    ov.initPublisherAsync('self-video', {
      publishAudio: true,
      publishVideo: true,
      resolution: '640x480',
      insertMode: 'APPEND',
      mirror: true,
    }).then(
      function (publisher) {
        session.publish(publisher).then(
          function () {
            setState(remoteCount > 0 ? 'in-call' : 'waiting');
          },
          function () {
            failLink('media');
          }
        );
      },
      function () {
        setState('camera-blocked');
      }
    );
  }

  function onClick(event) {
    var target = event.target;
    var action = target && target.getAttribute && target.getAttribute('data-action');
    if (action === 'retry') window.location.reload();
    else if (action === 'camera-retry') startCamera();
    else if (action === 'leave') {
      try {
        session.disconnect();
      } catch (e) {
        // Already gone.
      }
      setState('ended');
    }
  }

  /**
   * The page's language: a patient's link may carry it (?lang=vi, the appointment's language),
   * else the browser's. A guest's page follows the guest's browser: a guest may speak another
   * language than the patient.
   */
  function requestedLanguages() {
    var browser = window.PageI18n ? window.PageI18n.browserLanguages() : [];
    var isGuest = window.location.hash.indexOf('#guest.') === 0;
    var fromLink = !isGuest && window.PageI18n ? window.PageI18n.linkLanguage() : null;
    return fromLink ? [fromLink].concat(browser) : browser;
  }

  function assetBase() {
    var meta = document.querySelector('meta[name="ca-asset-base"]');
    return meta ? meta.getAttribute('content') : 'assets';
  }

  document.addEventListener('click', onClick);
  showRoleTexts();
  if (!window.PageI18n) start();
  else
    window.PageI18n.start({ assetBase: assetBase(), shipped: SHIPPED_LANGUAGES, requested: requestedLanguages() }, function (translate) {
      t = translate;
      start();
    });
})();
