/**
 * The page's own script, served as /graphiql/assets/guazhi.js (CSP: 'self'). Plain browser
 * JavaScript over the UMD globals React, ReactDOM, GraphiQL and GraphiQLPluginExplorer: the server
 * ships no bundler, and this is small enough to read as it is.
 *
 * - The token lives in a React state and a closure, never in localStorage or the Headers tab:
 *   analysts may share machines. GraphiQL's own storage is in memory too (tabs may hold results
 *   with names in them).
 * - Signed out, `schema: null` tells GraphiQL not to introspect (anonymous callers may only call
 *   `login`: introspecting would greet every visitor with an error). Signing in makes a new
 *   fetcher carrying the header and sets `schema` to undefined, so GraphiQL introspects by itself.
 * - An UNAUTHENTICATED answer (token expired or revoked) signs the page out and says why.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var h = React.createElement;
  var config = JSON.parse(document.getElementById('guazhi-config').textContent);
  var endpoint = config.endpoint;

  function memoryStorage() {
    var items = new Map();
    return {
      getItem: function (k) { return items.has(k) ? items.get(k) : null; },
      setItem: function (k, v) { items.set(k, String(v)); },
      removeItem: function (k) { items.delete(k); },
      clear: function () { items.clear(); },
      get length() { return items.size; },
    };
  }

  function post(query, variables, token) {
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify({ query: query, variables: variables }),
    }).then(function (res) { return res.json(); });
  }

  function firstError(result) {
    var e = result && result.errors && result.errors[0];
    return e ? e.message : null;
  }

  // The page's own documents (server/graphiql/documents.ts), trusted documents on the server.
  var LOGIN = config.documents.signIn;
  var CHECK_KEY = config.documents.checkKey;
  var LOGOUT = config.documents.signOut;

  function isUnauthenticated(result) {
    return !!(result && result.errors && result.errors.some(function (e) {
      return e.extensions && e.extensions.code === 'UNAUTHENTICATED';
    }));
  }

  var base = GraphiQL.createFetcher({ url: endpoint, enableIncrementalDelivery: false });

  /** GraphiQL's fetcher with the session's header set here, not in the Headers tab. */
  function fetcherFor(token, onUnauthenticated) {
    return function (params, opts) {
      var headers = Object.assign({}, opts && opts.headers);
      if (token) headers.Authorization = 'Bearer ' + token;
      return Promise.resolve(base(params, Object.assign({}, opts, { headers: headers }))).then(
        function (result) {
          if (token && isUnauthenticated(result)) onUnauthenticated();
          return result;
        },
      );
    };
  }

  function field(props) {
    return h('input', Object.assign({ className: 'guazhi-input', required: true }, props));
  }

  function SignInForm(props) {
    var s = React.useState('password');
    var mode = s[0], setMode = s[1];
    var b = React.useState(false);
    var busy = b[0], setBusy = b[1];
    var e = React.useState(props.notice);
    var error = e[0], setError = e[1];

    function submit(event) {
      event.preventDefault();
      var form = new FormData(event.currentTarget);
      setBusy(true);
      setError(null);
      var done =
        mode === 'password'
          ? post(LOGIN, { input: { username: form.get('username'), password: form.get('password') } }).then(
              function (r) {
                var login = r.data && r.data.login;
                if (!login) throw new Error(firstError(r) || 'Sign-in failed');
                if (login.userErrors.length) throw new Error(login.userErrors[0].message);
                props.onSignIn({
                  token: login.token,
                  who: login.user.username + ' (' + login.user.role + ')',
                  expiresAt: login.expiresAt,
                  passwordChangeRequired: login.passwordChangeRequired,
                  isKey: false,
                });
              },
            )
          : post(CHECK_KEY, {}, String(form.get('apiKey')).trim()).then(function (r) {
              if (!r.data) throw new Error(firstError(r) || 'API key refused');
              var key = String(form.get('apiKey')).trim();
              props.onSignIn({ token: key, who: 'API key …' + key.slice(-4), isKey: true });
            });
      done.catch(function (err) {
        setBusy(false);
        setError(err.message);
      });
    }

    var inputs =
      mode === 'password'
        ? [
            field({ key: 'u', name: 'username', autoComplete: 'username', placeholder: '用户名 Username', 'aria-label': 'Username' }),
            field({ key: 'p', name: 'password', type: 'password', autoComplete: 'current-password', placeholder: '密码 Password', 'aria-label': 'Password' }),
          ]
        : [field({ key: 'k', name: 'apiKey', type: 'password', autoComplete: 'off', placeholder: 'API key (gzk_…)', 'aria-label': 'API key', className: 'guazhi-input guazhi-key' })];
    return h(
      'form',
      { className: 'guazhi-signin', onSubmit: submit, 'aria-label': 'Sign in' },
      inputs,
      h('button', { type: 'submit', className: 'guazhi-button guazhi-primary', disabled: busy }, busy ? '…' : '登录 Sign in'),
      h(
        'button',
        {
          type: 'button',
          className: 'guazhi-link',
          onClick: function () { setError(null); setMode(mode === 'password' ? 'key' : 'password'); },
        },
        mode === 'password' ? '用 API key' : '用户名密码',
      ),
      error ? h('span', { className: 'guazhi-error', role: 'alert' }, error) : null,
    );
  }

  function SessionBar(props) {
    var session = props.session;
    var expires = session.expiresAt
      ? ' · 有效至 until ' + new Date(session.expiresAt).toLocaleTimeString()
      : '';
    return h(
      'div',
      { className: 'guazhi-session' },
      h('span', { className: 'guazhi-who', 'data-testid': 'signed-in-as' }, '已登录 Signed in: ' + session.who + expires),
      session.passwordChangeRequired
        ? h('span', { className: 'guazhi-error' }, '请先修改密码 changeMyPassword first')
        : null,
      h('button', { type: 'button', className: 'guazhi-button', onClick: props.onSignOut }, '退出 Sign out'),
    );
  }

  /** CodeMirror 5 keeps its instance on the wrapper: long lines wrap instead of running off. */
  function wrapLongLines(root) {
    function apply() {
      root.querySelectorAll('.CodeMirror').forEach(function (el) {
        if (el.CodeMirror && !el.CodeMirror.getOption('lineWrapping')) {
          el.CodeMirror.setOption('lineWrapping', true);
        }
      });
    }
    new MutationObserver(apply).observe(root, { childList: true, subtree: true });
    apply();
  }

  /**
   * graphiql-explorer focuses its first argument input when it mounts (unless the query editor
   * has focus), which scrolls the panel past its title; opened, it starts at the top instead.
   */
  function explorerOpensAtTop(plugin) {
    if (!plugin || plugin.title !== 'GraphiQL Explorer') return;
    setTimeout(function () {
      var active = document.activeElement;
      if (active && active.closest && active.closest('.graphiql-explorer-root')) active.blur();
      var panel = document.querySelector('.graphiql-plugin');
      if (panel) panel.scrollTop = 0;
    }, 50);
  }

  function App() {
    var s = React.useState(null);
    var session = s[0], setSession = s[1];
    var n = React.useState(null);
    var notice = n[0], setNotice = n[1];
    // Each sign-out starts GraphiQL afresh (new storage, new component): the next person at a
    // shared machine sees no tab, query or result of the last one.
    var g = React.useState(0);
    var generation = g[0], setGeneration = g[1];
    var storage = React.useMemo(memoryStorage, [generation]);
    var explorer = React.useMemo(function () { return GraphiQLPluginExplorer.explorerPlugin(); }, []);
    var token = session && session.token;
    var fetcher = React.useMemo(function () {
      return fetcherFor(token, function () {
        setSession(null);
        setGeneration(function (k) { return k + 1; });
        setNotice('登录已失效，请重新登录 Session ended: sign in again');
      });
    }, [token]);

    function signOut() {
      if (session && !session.isKey) post(LOGOUT, {}, session.token).catch(function () {});
      setNotice(null);
      setSession(null);
      setGeneration(function (k) { return k + 1; });
    }

    return h(
      React.Fragment,
      null,
      h(
        'header',
        { className: 'guazhi-bar' },
        h('span', { className: 'guazhi-title' }, '挂职 Guazhi GraphiQL'),
        session
          ? h(SessionBar, { session: session, onSignOut: signOut })
          : h(SignInForm, {
              notice: notice,
              onSignIn: function (next) { setNotice(null); setSession(next); },
            }),
      ),
      h(
        'main',
        { className: 'guazhi-graphiql' },
        h(GraphiQL, {
          key: generation,
          fetcher: fetcher,
          // null: no introspection while signed out; undefined: introspect with the new fetcher.
          schema: session ? undefined : null,
          storage: storage,
          defaultTabs: config.tabs,
          plugins: [explorer],
          onTogglePluginVisibility: explorerOpensAtTop,
          shouldPersistHeaders: false,
          isHeadersEditorEnabled: true,
        }),
      ),
    );
  }

  var root = document.getElementById('graphiql');
  wrapLongLines(root);
  ReactDOM.createRoot(root).render(h(App));
})();
`;

/** Fonts with CJK fallbacks (GraphiQL's own Roboto and Fira Code have no Chinese), and the bar. */
export const CLIENT_STYLE = `
:root,
.graphiql-container,
.CodeMirror-info,
.CodeMirror-lint-tooltip,
.CodeMirror-hints,
.graphiql-dialog,
.graphiql-dialog-overlay,
.graphiql-tooltip,
[data-radix-popper-content-wrapper] {
  --guazhi-cjk: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB',
    'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif;
  --font-family: 'Roboto', system-ui, -apple-system, 'Segoe UI', var(--guazhi-cjk);
  --font-family-mono: 'Fira Code', ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas,
    'Noto Sans Mono CJK SC', var(--guazhi-cjk);
}
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: var(--font-family); }
#graphiql { display: flex; flex-direction: column; height: 100vh; }
.guazhi-bar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px;
  padding: 8px 16px; border-bottom: 1px solid #d9dce3; background: #f7f8fa; color: #1b2240;
  font-size: 14px;
}
.guazhi-title { font-weight: 600; white-space: nowrap; }
.guazhi-signin, .guazhi-session { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.guazhi-input {
  font: inherit; padding: 4px 8px; border: 1px solid #b9bfcc; border-radius: 4px; width: 10em;
}
.guazhi-key { width: 22em; }
.guazhi-button {
  font: inherit; padding: 4px 12px; border: 1px solid #b9bfcc; border-radius: 4px;
  background: #fff; cursor: pointer;
}
.guazhi-primary { background: #d60590; border-color: #d60590; color: #fff; }
.guazhi-link { font: inherit; border: 0; background: none; color: #3b5bdb; cursor: pointer; }
.guazhi-error { color: #c92a2a; }
.guazhi-graphiql { flex: 1; min-height: 0; }
.guazhi-graphiql .graphiql-container { height: 100%; }
/* The explorer sizes its inputs in ch; GraphiQL's border-box and the input's own font cut digits. */
.graphiql-explorer-root input { box-sizing: content-box; font: inherit; padding: 0 1px; }
`;
