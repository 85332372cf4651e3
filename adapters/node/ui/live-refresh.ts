/**
 * The page's one script, served at `<path>/live.js`: the first page of the list fetches itself
 * every few seconds and swaps in its rows and summary. Without it the page works the same, by
 * reloading. It stops on an answer other than 200 (a logout, a restart).
 */
export const LIVE_REFRESH_JS = `'use strict';
(function () {
  var table = document.querySelector('table[data-live]');
  if (!table || !window.fetch || !window.DOMParser) return;
  var status = table.querySelector('.live-status');
  var every = 5000;
  function tick() {
    if (document.visibilityState !== 'visible') return setTimeout(tick, every);
    fetch(table.getAttribute('data-live'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (response.status !== 200) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html');
        ['rows', 'summary'].forEach(function (id) {
          var now = document.getElementById(id), fresh = next.getElementById(id);
          if (now && fresh) now.replaceWith(fresh);
        });
        if (status) status.textContent = 'updated ' + new Date().toLocaleTimeString();
        setTimeout(tick, every);
      })
      .catch(function (error) {
        if (status) status.textContent = 'live refresh stopped (' + error.message + '): reload the page';
      });
  }
  setTimeout(tick, every);
})();
`;
