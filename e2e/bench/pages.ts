// Stand-in console pages for the benchmark, served by the rig on real console hosts so the
// content scripts run on them exactly as on the console.

/** Host and path of the heavy page; the same path on a non-console host gets no content script. */
export const HEAVY_CONSOLE_URL = 'https://us-west-2.console.aws.amazon.com/bench/heavy';
export const HEAVY_PLAIN_URL = 'https://www.example.test/bench/heavy';
export const IDLE_CONSOLE_URL = 'https://us-west-2.console.aws.amazon.com/bench/idle';

/** A real access-denied message, as the console's flashbar shows it. */
export const BANNER_TEXT =
  'User: arn:aws:sts::111122223333:assumed-role/Developer/alice is not authorized to perform: ' +
  's3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action';

/**
 * A console-like page with thousands of nodes: a table of instances, each row with a few
 * cells. `window.benchRun(ms)` then makes a thousand DOM mutations a second (rows replaced,
 * cell text and attributes changed, as a live list does) and resolves with their number.
 * `window.benchShowBanner()` inserts an error flashbar like the console's and returns the
 * time it did, in epoch milliseconds.
 */
export const HEAVY_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Instances | EC2 | us-west-2</title>
<style>body{font:14px system-ui;margin:0}td{padding:2px 6px;border-bottom:1px solid #eee}
nav a{display:inline-block;margin:4px}</style></head>
<body>
<header><nav id="nav"></nav></header>
<div id="flashbar"></div>
<main><h1>Instances</h1><table><thead><tr><th>Name</th><th>Instance ID</th><th>State</th>
<th>Type</th><th>Status check</th><th>Alarm status</th><th>Zone</th><th>Public IPv4</th>
</tr></thead><tbody id="rows"></tbody></table></main>
<script>
(() => {
  const STATES = ['running', 'stopped', 'pending', 'stopping'];
  const TYPES = ['t3.micro', 'm6i.large', 'c7g.xlarge', 'r6a.2xlarge'];
  const nav = document.getElementById('nav');
  for (let i = 0; i < 300; i++) {
    const a = document.createElement('a');
    a.href = '#/service/' + i;
    a.textContent = 'Service ' + i;
    nav.append(a);
  }
  const tbody = document.getElementById('rows');
  let serial = 0;
  function row() {
    const n = serial++;
    const tr = document.createElement('tr');
    const cells = [
      'web-' + n, 'i-0' + (n * 2654435761 >>> 0).toString(16).padStart(16, '0'),
      STATES[n % 4], TYPES[n % 4], (n % 3) + '/3 checks passed', 'No alarms',
      'us-west-2' + 'abc'[n % 3], '203.0.113.' + (n % 250),
    ];
    for (const text of cells) {
      const td = document.createElement('td');
      const span = document.createElement('span');
      span.textContent = text;
      td.append(span);
      tr.append(td);
    }
    return tr;
  }
  for (let i = 0; i < 400; i++) tbody.append(row());
  window.benchNodeCount = () => document.getElementsByTagName('*').length;
  // A thousand mutations a second, in batches of ten: four rows replaced in place (an insert
  // and a removal each), a cell's text and an attribute changed. A late timer catches up, so
  // the rate holds on a busy machine as long as the page keeps up at all.
  function batch() {
    for (let i = 0; i < 4; i++) {
      const old = tbody.children[(serial * 37) % tbody.children.length];
      tbody.insertBefore(row(), old);
      old.remove();
    }
    const cell = tbody.children[serial % 300].children[2].firstChild.firstChild;
    cell.data = STATES[serial % 4];
    tbody.children[serial % 200].setAttribute('data-selected', String(serial % 2));
  }
  window.benchRun = (ms) => new Promise((resolve) => {
    let mutations = 0;
    const start = performance.now();
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - start, ms);
      while (mutations < Math.floor(elapsed / 10) * 10) {
        batch();
        mutations += 10;
      }
      if (elapsed >= ms) {
        clearInterval(timer);
        resolve(mutations);
      }
    }, 10);
  });
  window.benchShowBanner = () => {
    const bar = document.createElement('div');
    bar.setAttribute('data-analytics-flashbar', 'error');
    bar.className = 'awsui_flashbar_1q84n_1 awsui_flash-type-error_1q84n_2';
    const message = document.createElement('div');
    message.textContent = ${JSON.stringify(BANNER_TEXT)};
    bar.append(message);
    // Date.now(): the same wall clock the service worker reads.
    const at = Date.now();
    document.getElementById('flashbar').append(bar);
    return at;
  };
})();
</script></body></html>`;

/**
 * A console page left open: an error banner already shown (so the in-page control opens the
 * panel), a clock ticking, a notification coming and going, and the route changing now and
 * then, which sends the background a new report and re-renders the panel.
 */
export const IDLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Buckets | S3</title></head>
<body><div id="flashbar"><div data-analytics-flashbar="error"><div>${BANNER_TEXT}</div></div></div>
<p>Last refreshed <span id="clock"></span></p><ul id="notes"></ul>
<script>
(() => {
  const clock = document.getElementById('clock');
  const notes = document.getElementById('notes');
  let tick = 0;
  setInterval(() => {
    tick++;
    clock.textContent = new Date().toISOString();
    if (tick % 10 === 0) {
      const li = document.createElement('li');
      li.textContent = 'Bucket list refreshed (' + tick + ')';
      notes.append(li);
      if (notes.children.length > 3) notes.firstElementChild.remove();
    }
    if (tick % 30 === 0) location.hash = '#/buckets?page=' + (tick / 30);
  }, 500);
})();
</script></body></html>`;
