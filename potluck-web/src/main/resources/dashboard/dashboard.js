'use strict';
// Shared by the pool page and the miner page: number formats, tables, the chart and the live feed. No libraries.
const Potluck = (() => {
  const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z'];

  function scaled(value, unit, digits) {
    if (value === null || value === undefined || !isFinite(value)) return '–';
    let i = 0;
    while (Math.abs(value) >= 1000 && i < SI.length - 1) { value /= 1000; i++; }
    return value.toFixed(i === 0 && Number.isInteger(value) ? 0 : digits) + (unit || SI[i] ? ' ' : '') + SI[i] + unit;
  }
  const hashrate = h => scaled(h, 'H/s', 2);
  function difficulty(d) {
    if (!d) return '–';
    return d < 1 ? d.toPrecision(3) : scaled(d, '', 2).trim();
  }
  const count = n => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US');
  const btc = sats => (sats / 1e8).toFixed(8) + ' BTC';

  function duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
    const s = Math.max(0, Math.round(seconds));
    const parts = [[Math.floor(s / 31536000), 'y'], [Math.floor(s / 86400) % 365, 'd'], [Math.floor(s / 3600) % 24, 'h'],
      [Math.floor(s / 60) % 60, 'min'], [s % 60, 's']];
    const first = parts.findIndex(p => p[0] > 0);
    if (first < 0) return '0 s';
    return parts.slice(first, first + 2).filter(p => p[0] > 0).map(p => p[0] + ' ' + p[1]).join(' ');
  }
  // Times from the server are compared with the server's clock, so a phone with a wrong clock still reads right.
  const ago = (time, now) => time === null || time === undefined ? 'never' : duration((now - time) / 1000) + ' ago';

  function set(id, text) {
    const e = document.getElementById(id);
    if (e) e.textContent = text;
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function minerLink(address, label) {
    const a = el('a', label || address);
    a.href = '/miner/' + encodeURIComponent(address);
    return a;
  }

  // Addresses are 26 to 62 characters: the start and the end are what people compare, and they fit a phone.
  const shortAddress = address => address.length > 16 ? address.slice(0, 8) + '…' + address.slice(-6) : address;

  // A worker as "name · bc1qabcd…wxyz", linked to its miner's page; the whole address is in the tooltip.
  function workerLink(address, worker) {
    const a = el('a');
    a.href = '/miner/' + encodeURIComponent(address);
    a.title = address + '.' + worker;
    a.append(el('span', worker, 'worker'), el('span', ' · ' + shortAddress(address), 'short'));
    return a;
  }

  // rows: arrays of cells; a cell is text, a Node, or {text|node, num: true}
  function fill(tbodyId, rows, emptyText) {
    const body = document.getElementById(tbodyId);
    if (!body) return;
    const columns = body.closest('table').querySelectorAll('thead th').length || 1;
    const out = [];
    for (const row of rows) {
      const tr = el('tr');
      for (const cell of row) {
        const spec = (cell !== null && typeof cell === 'object' && !(cell instanceof Node)) ? cell : { v: cell };
        const td = el('td', null, spec.cls || (spec.num ? 'num' : ''));
        const v = spec.v !== undefined ? spec.v : spec.text;
        if (v instanceof Node) td.appendChild(v); else td.textContent = v === undefined ? '' : v;
        tr.appendChild(td);
      }
      out.push(tr);
    }
    if (out.length === 0) {
      const td = el('td', emptyText, 'empty');
      td.colSpan = columns;
      const tr = el('tr');
      tr.appendChild(td);
      out.push(tr);
    }
    body.replaceChildren(...out);
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clock(t, withDay) {
    const d = new Date(t);
    const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return withDay ? d.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + hm : hm;
  }

  // A line-and-area chart of [{time, hashrate}] drawn to the SVG's current pixel size.
  function chart(svg, points, withDay) {
    const w = Math.max(svg.clientWidth || 600, 200), h = svg.clientHeight || 200;
    const left = 76, right = 8, top = 10, bottom = 22;
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const parts = [];
    const max = Math.max(...points.map(p => p.hashrate), 0);
    const yMax = max > 0 ? max * 1.1 : 1;
    for (const f of [0, 0.5, 1]) {
      const y = top + (h - top - bottom) * (1 - f);
      parts.push(svgEl('line', { x1: left, x2: w - right, y1: y, y2: y, class: 'grid' }));
      parts.push(svgEl('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, f === 0 ? '0' : scaled(Number((yMax * f).toPrecision(3)), 'H/s', 1)));
    }
    // A pool younger than one bucket has a single point: draw it as a level line across the chart.
    if (points.length === 1) points = [points[0], { time: points[0].time + 1, hashrate: points[0].hashrate }];
    if (points.length > 0) {
      const t0 = points[0].time, t1 = points[points.length - 1].time, span = Math.max(t1 - t0, 1);
      const x = t => left + (w - left - right) * (t - t0) / span;
      const y = v => top + (h - top - bottom) * (1 - v / yMax);
      const line = points.map((p, i) => (i ? 'L' : 'M') + x(p.time).toFixed(1) + ' ' + y(p.hashrate).toFixed(1)).join(' ');
      const base = (h - bottom).toFixed(1);
      parts.push(svgEl('path', { d: `${line} L${x(t1).toFixed(1)} ${base} L${x(t0).toFixed(1)} ${base} Z`, class: 'area' }));
      parts.push(svgEl('path', { d: line, class: 'line' }));
      parts.push(svgEl('text', { x: left, y: h - 6, 'text-anchor': 'start' }, clock(t0, withDay)));
      parts.push(svgEl('text', { x: w - right, y: h - 6, 'text-anchor': 'end' }, clock(t1, withDay)));
    } else {
      parts.push(svgEl('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle' }, 'no shares yet'));
    }
    svg.replaceChildren(...parts);
  }

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return r.json();
  }

  // The live feed; EventSource reconnects by itself, the dot shows whether numbers are current.
  function live(url, handlers) {
    const source = new EventSource(url);
    const dot = document.getElementById('live');
    source.onopen = () => { if (dot) { dot.className = 'dot on'; dot.textContent = 'live'; } };
    source.onerror = () => { if (dot) { dot.className = 'dot off'; dot.textContent = 'reconnecting'; } };
    for (const [name, handler] of Object.entries(handlers)) {
      source.addEventListener(name, e => handler(JSON.parse(e.data)));
    }
    return source;
  }

  // Cards show "…" until their first numbers arrive; a card that never gets any would otherwise read as zero.
  function loaded() {
    for (const e of document.querySelectorAll('.loading')) e.classList.remove('loading');
  }

  return { hashrate, difficulty, count, btc, duration, ago, set, el, minerLink, shortAddress, workerLink, fill, chart,
    getJson, live, loaded };
})();
