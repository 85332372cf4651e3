/** The page's one style sheet, served at `<path>/deliveries.css`. Phone width: table rows become cards. */
export const DELIVERIES_CSS = `:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --bg: #fff; --line: #d8dce4; --accent: #2457c5;
  --ok: #17803d; --warn: #a15c00; --bad: #b42318; --info: #3a5bbf; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #14171d; --line: #333945; --accent: #7ea6ff;
  --ok: #4cc37a; --warn: #e3a24a; --bad: #ff7b72; --info: #8fb0ff; } }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.top { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 600; text-decoration: none; }
main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
code, pre { font: .85rem/1.4 ui-monospace, "SFMono-Regular", "Liberation Mono", monospace; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; margin: 0; padding: .5rem; border: 1px solid var(--line); border-radius: 4px; max-height: 30rem; overflow: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
thead th { font-weight: 600; border-bottom: 2px solid var(--line); }
.table-scroll { overflow-x: auto; }
.quiet { color: var(--muted); }
.state { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .82rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.state-succeeded { color: var(--ok); } .state-dead, .state-rejected, .state-failed { color: var(--bad); }
.state-retrying, .state-interrupted, .state-duplicate { color: var(--warn); } .state-pending, .state-running { color: var(--info); }
.error-line { color: var(--bad); font-size: .85rem; margin: .2rem 0 0; overflow-wrap: anywhere; }
.deliveries .error-line { max-width: 28rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.summary .counts td, .summary .counts th { text-align: center; } .summary .counts th[scope=row] { text-align: left; }
.sparks { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; }
.sparks li { display: flex; align-items: center; gap: .5rem; } .spark { color: var(--accent); }
.route { font-family: ui-monospace, monospace; font-size: .85rem; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin: 1rem 0; }
.filters div { display: flex; flex-direction: column; gap: .2rem; } .filters label { font-size: .85rem; color: var(--muted); }
select, input, button { font: inherit; padding: .35rem .6rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.link { background: none; color: var(--accent); border: none; text-decoration: underline; padding: 0; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0 0 1rem; } .facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.actions { margin: 1rem 0; display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }
.attempt { border-left: 3px solid var(--line); padding-left: .8rem; margin-bottom: 1rem; }
.notice { padding: .5rem .8rem; border: 1px solid var(--ok); border-radius: 4px; }
.login { display: flex; flex-direction: column; gap: .5rem; max-width: 22rem; }
.live-status { margin-left: .6rem; font-size: .8rem; }
@media (max-width: 640px) {
  main { padding: .6rem; }
  .deliveries thead, .actions-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .deliveries tr, .actions-table tr { display: block; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .6rem; padding: .3rem .5rem; }
  .deliveries td, .actions-table td { display: block; position: relative; border: none; padding: .15rem 0 .15rem 6.5rem; min-height: 1.6rem; }
  .deliveries td::before, .actions-table td::before { content: attr(data-label); position: absolute; left: 0; top: .2rem; width: 6rem; color: var(--muted); font-size: .8rem; }
  .deliveries .error-line { white-space: normal; }
  .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: .4rem; }
}
`;
