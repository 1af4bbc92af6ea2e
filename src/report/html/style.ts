// The report's stylesheet, inlined into the page. System fonts only (nothing is fetched),
// sticky table headers inside scroll boxes, and a print layout that drops the scroll boxes and
// keeps the colours.
import { STATE_COLOR } from './palette.js';
import { KEY_STATES } from '../types.js';

const stateRules = KEY_STATES.map(
  (s) => `.pill.st-${s}{background:${STATE_COLOR[s].fill};color:${STATE_COLOR[s].text};border-color:${STATE_COLOR[s].fill}}`,
).join('\n');

export const REPORT_CSS = `
:root{
  --ink:#1b1f24;--muted:#57606a;--line:#d8dee4;--soft:#f6f8fa;--accent:#0072B2;
  --ok:#00704f;--ok-bg:#e3f4ec;--warn:#8a5300;--warn-bg:#fdf0d5;--bad:#a4262c;--bad-bg:#fbe4e4;
  --info:#005a8c;--info-bg:#e2f0fa;
}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;color:var(--ink);background:#fff;
  font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em}
main{max-width:1180px;margin:0 auto;padding:28px 32px 64px}
header.top{border-bottom:3px solid var(--ink);padding-bottom:14px;margin-bottom:22px}
header.top h1{font-size:1.9rem;margin:0 0 4px;letter-spacing:-.01em}
header.top .meta{color:var(--muted);font-size:.92rem}
.inputs{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
nav.toc{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.92rem;margin:0 0 22px}
nav.toc a{color:var(--accent);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
section{margin:0 0 40px}
h2{font-size:1.35rem;margin:0 0 6px;padding-top:6px;border-top:1px solid var(--line)}
h3{font-size:1.02rem;margin:18px 0 6px}
p.lead{color:var(--muted);margin:0 0 14px;max-width:80ch}
.next{background:var(--info-bg);border-left:5px solid var(--accent);padding:14px 20px 14px 16px;border-radius:6px;margin-bottom:30px}
.next h2{border:0;padding:0;margin-bottom:8px}
.next ol{margin:0;padding-left:22px}
.next li{margin:4px 0}
.next li code{background:#fff;border:1px solid var(--line);border-radius:4px;padding:1px 6px;white-space:nowrap}
.tiles{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px}
@media (max-width:760px){.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}}
.tile{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:var(--soft)}
.tile .n{font-size:1.9rem;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.tile .l{font-weight:600;margin-top:2px}
.tile .s{color:var(--muted);font-size:.85rem}
.tile.na .n{color:var(--muted);font-size:1.3rem}
.chart{border:1px solid var(--line);border-radius:8px;padding:12px 14px 6px;overflow-x:auto}
.chart svg{display:block;max-width:100%;height:auto}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:.88rem;margin:0 0 8px}
.legend .sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}
.scroll{max-height:72vh;overflow:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:separate;border-spacing:0;width:100%;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
thead th{position:sticky;top:0;z-index:1;background:#eef1f4;font-weight:600;white-space:nowrap;border-bottom:2px solid #c4ccd4}
tbody tr:nth-child(even) td{background:#fafbfc}
tbody tr:hover td{background:#f0f6fb}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.fixed{table-layout:fixed}
table.fixed td{overflow-wrap:anywhere}
table.fixed .pill{white-space:normal;border-radius:10px}
table.fixed code.perm{overflow-wrap:normal;word-break:keep-all;font-size:.8rem}
td .name{overflow-wrap:anywhere;margin-top:3px}
tr.flag td:first-child{box-shadow:inset 4px 0 0 #E69F00}
tr.safe td:first-child{box-shadow:inset 4px 0 0 #009E73}
ul.notes{margin:0 0 12px;padding-left:20px}
ul.msgs{margin:0;padding-left:18px}
ul.msgs li{margin:2px 0}
.scroll.narrow{max-width:420px}
.sub{color:var(--muted);font-size:.85em}
.pill{display:inline-block;border:1px solid var(--line);border-radius:999px;padding:0 9px;font-size:.8rem;font-weight:600;line-height:1.55;white-space:nowrap;background:#fff}
.pill.ok{background:var(--ok-bg);color:var(--ok);border-color:#9ed3bb}
.pill.warn{background:var(--warn-bg);color:var(--warn);border-color:#f0c979}
.pill.bad{background:var(--bad-bg);color:var(--bad);border-color:#eba8ab}
.pill.info{background:var(--info-bg);color:var(--info);border-color:#9ccbe9}
.pill.muted{background:var(--soft);color:var(--muted)}
${stateRules}
.extra{color:var(--warn);font-weight:600}
.missing-input{border:1px dashed #b7c0c8;border-radius:8px;padding:12px 16px;color:var(--muted);background:var(--soft)}
.matrix th.perm{padding:10px 4px 8px;font-weight:500;font-size:.82rem;vertical-align:bottom;text-align:center;border-left:1px solid var(--line)}
.matrix th.perm span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block}
.matrix td.c{border-left:1px solid var(--line)}
.matrix td.c{text-align:center;padding:6px 4px;font-weight:700;min-width:26px}
.matrix td.needed{color:var(--ok)}
.matrix td.extra{background:var(--warn-bg)!important;color:var(--warn)}
.matrix td.missing{background:var(--bad-bg)!important;color:var(--bad)}
.matrix{width:auto}
.matrix th.who{min-width:240px;text-align:left;font-weight:400;background:inherit}
.matrix thead th.who{vertical-align:bottom;font-weight:600;background:#eef1f4}
.matrix tr.groups th{text-align:center;font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding:4px;position:static}
.matrix td.c.first,.matrix th.first{border-left:3px double #8c959f}
.matrix th.perm.ent{color:#3d2a6b}
.needed-key{color:var(--ok);font-weight:700}
.bad-key{color:var(--bad);font-weight:600}
.file{margin:0 0 18px}
.file h3{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.95rem;font-weight:600}
.file h3 .sub{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-weight:400}
pre.excerpt{margin:4px 0 0;padding:4px 8px;background:var(--soft);border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.82rem}
.steps{display:flex;align-items:center;gap:4px;flex-wrap:nowrap}
.steps .arrow{color:#8c959f}
details.data{margin-top:8px;font-size:.9rem}
details.data summary{cursor:pointer;color:var(--accent)}
footer{margin-top:48px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
@media print{
  html{font-size:11px}
  main{max-width:none;padding:0}
  nav.toc{display:none}
  .scroll{max-height:none;overflow:visible;border:0}
  thead th{position:static}
  thead{display:table-header-group}
  tr,.tile,.file h3{break-inside:avoid}
  h2,h3{break-after:avoid}
  section{break-inside:auto}
  details.data{display:none}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
