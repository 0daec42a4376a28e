/*
 * The patient pages' language: picks one of the shipped catalogues, sets <html lang> and dir,
 * loads the catalogue (JSON, fetched from this origin) into i18next and fills every
 * [data-i18n] element (text) and [data-i18n-label] element (aria-label). The same file serves the video join page and the join gate's code page
 * (a test keeps the two copies equal).
 *
 * Resolution, as the host resolves template languages: exact tag (case-insensitive), then the
 * primary subtag (zh-CN → zh), then the Simplified Chinese aliases (zh, zh-CN, zh-SG, zh-Hans*
 * → zh-Hans; zh-TW, zh-HK and zh-Hant* are not Simplified), else English.
 *
 * Plain ES5. Whatever fails (no fetch, no i18next, a catalogue that does not load), the page
 * keeps the English in its HTML and the English defaults its script passes to t().
 */
(function () {
  'use strict';

  var RTL = ['ar', 'he', 'fa', 'ur'];

  function lower(tag) {
    return String(tag || '').toLowerCase();
  }

  /** One requested tag to a shipped one, or null. */
  function resolveOne(requested, shipped) {
    var wanted = lower(requested).replace(/_/g, '-');
    if (!/^[a-z]{2,8}(-[a-z0-9]{1,8})*$/.test(wanted)) return null;
    var i;
    for (i = 0; i < shipped.length; i++) if (lower(shipped[i]) === wanted) return shipped[i];
    var primary = wanted.split('-')[0];
    var simplified = primary === 'zh' && !/^zh-(tw|hk|mo|hant)(-|$)/.test(wanted);
    for (i = 0; i < shipped.length; i++) {
      if (lower(shipped[i]) === primary) return shipped[i];
      if (simplified && lower(shipped[i]) === 'zh-hans') return shipped[i];
    }
    return null;
  }

  /** The first requested tag that resolves, else 'en'. */
  function resolve(requested, shipped) {
    for (var i = 0; i < requested.length; i++) {
      var found = resolveOne(requested[i], shipped);
      if (found) return found;
    }
    return 'en';
  }

  function dirOf(tag) {
    return RTL.indexOf(lower(tag).split('-')[0]) >= 0 ? 'rtl' : 'ltr';
  }

  /** `?lang=<tag>` from the page's own address, or null. */
  function linkLanguage() {
    var match = /[?&]lang=([A-Za-z0-9_-]{1,35})(&|$)/.exec(window.location.search);
    return match ? match[1] : null;
  }

  /** The browser's languages, most preferred first. */
  function browserLanguages() {
    var list = [];
    if (navigator.languages && navigator.languages.length) for (var i = 0; i < navigator.languages.length; i++) list.push(navigator.languages[i]);
    else if (navigator.language) list.push(navigator.language);
    return list;
  }

  /** English defaults with {{name}} filled in: t() before or without i18next. */
  function fallbackT(key, options) {
    var text = (options && options.defaultValue) || key;
    return String(text).replace(/\{\{\s*(\w+)\s*\}\}/g, function (all, name) {
      return options && options[name] !== undefined ? String(options[name]) : all;
    });
  }

  function getJson(url) {
    return window.fetch(url, { credentials: 'omit', cache: 'no-cache' }).then(function (response) {
      if (!response.ok) throw new Error('catalogue ' + response.status);
      return response.json();
    });
  }

  function fill(t) {
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) {
      var key = nodes[i].getAttribute('data-i18n');
      nodes[i].textContent = t(key, { defaultValue: nodes[i].textContent });
    }
    var labelled = document.querySelectorAll('[data-i18n-label]');
    for (var j = 0; j < labelled.length; j++) {
      var label = labelled[j].getAttribute('data-i18n-label');
      labelled[j].setAttribute('aria-label', t(label, { defaultValue: labelled[j].getAttribute('aria-label') || label }));
    }
  }

  /**
   * Sets the page's language and calls done(t) once its texts are in place (or could not be
   * loaded: then t gives the English defaults).
   * options: { assetBase, shipped: ['en', …], requested: [tag, …] }
   */
  function start(options, done) {
    var language = resolve(options.requested, options.shipped);
    var root = document.documentElement;
    root.setAttribute('lang', language);
    root.setAttribute('dir', dirOf(language));
    var finished = false;
    function finish(t) {
      if (finished) return;
      finished = true;
      done(t, language);
    }
    var i18next = window.i18next;
    if (!i18next || !window.fetch || !window.Promise) return finish(fallbackT);
    var languages = language === 'en' ? ['en'] : [language, 'en'];
    Promise.all(
      languages.map(function (tag) {
        return getJson(options.assetBase + '/i18n/' + tag + '.json').then(null, function () {
          return {};
        });
      })
    )
      .then(function (catalogues) {
        var resources = {};
        for (var i = 0; i < languages.length; i++) resources[languages[i]] = { translation: catalogues[i] };
        return i18next.init({
          lng: language,
          fallbackLng: 'en',
          resources: resources,
          // textContent only, never HTML: nothing to escape.
          interpolation: { escapeValue: false },
          returnEmptyString: false,
        });
      })
      .then(
        function () {
          var t = function (key, values) {
            return i18next.t(key, values);
          };
          fill(t);
          finish(t);
        },
        function () {
          finish(fallbackT);
        }
      );
  }

  window.PageI18n = {
    resolve: resolve,
    dirOf: dirOf,
    linkLanguage: linkLanguage,
    browserLanguages: browserLanguages,
    start: start,
  };
})();
