'use strict';
(() => {
  const P = Potluck;
  const address = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  let serverNow = Date.now();
  P.set('address', address);
  document.title = 'Potluck miner ' + address.slice(0, 12) + '…';

  function showMiner(m) {
    P.loaded();
    document.getElementById('unseen').hidden = m !== null;
    if (m === null) {
      for (const id of ['hashrate', 'hashrate-1h', 'best-round', 'best-all']) P.set(id, '–');
      for (const id of ['online', 'worker-count', 'accepted', 'rejected', 'blocks']) P.set(id, '0');
      P.set('last-share', 'never');
      P.chart(document.getElementById('chart'), [], false);
      P.fill('workers', [], 'no workers yet');
      P.fill('rejects', [], 'none');
      return;
    }
    P.set('hashrate', P.hashrate(m.hashrate10m));
    P.set('hashrate-1h', '1 h: ' + P.hashrate(m.hashrate1h));
    P.set('online', P.count(m.workers.filter(w => w.connections > 0).length));
    P.set('worker-count', P.count(m.workers.length));
    P.set('last-share', P.ago(m.lastShareAt, serverNow));
    P.set('best-round', P.difficulty(m.bestRound));
    P.set('best-all', P.difficulty(m.bestAllTime));
    P.set('accepted', P.count(m.accepted));
    P.set('rejected', P.count(m.rejected));
    P.set('blocks', P.count(m.blocks));
    P.chart(document.getElementById('chart'), m.chart, false);
    P.fill('workers', m.workers.map(w => [
      (w.connections > 0 ? '● ' : '○ ') + w.worker, { v: P.hashrate(w.hashrate10m), num: true }, { v: P.count(w.accepted), num: true },
      { v: P.count(w.rejected), num: true }, P.ago(w.lastShareAt, serverNow), { v: P.difficulty(w.bestRound), num: true },
      { v: P.difficulty(w.bestAllTime), num: true }, w.userAgent || '–']), 'no workers yet');
    P.fill('rejects', m.rejects.map(r => [r.reason.replaceAll('_', ' '), { v: P.count(r.count), num: true }, r.lastMessage]), 'none');
  }

  function showPayouts(list) {
    P.fill('payouts', list.map(p => [P.count(p.height), P.ago(p.time, serverNow), { v: P.btc(p.sats), num: true }, p.status]),
      'no payouts yet');
  }

  async function load() {
    const page = await P.getJson('/dashboard/api/miner/' + encodeURIComponent(address));
    showMiner(page.miner);
    showPayouts(page.payouts);
  }

  load().catch(e => console.warn(e));
  setInterval(() => load().catch(e => console.warn(e)), 60000);
  P.live('/dashboard/events?address=' + encodeURIComponent(address), {
    pool: page => { serverNow = page.pool.now; },
    miner: showMiner,
  });
})();
