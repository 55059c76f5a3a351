'use strict';
(() => {
  const P = Potluck;
  let range = '1h';

  function leaders(id, list, byWorker) {
    P.fill(id, list.map((l, i) => {
      const who = byWorker ? P.workerLink(l.address, l.name.slice(l.address.length + 1)) : P.minerLink(l.address, P.shortAddress(l.address));
      if (!byWorker) who.title = l.address;
      return [String(i + 1), { v: who, cls: 'who' }, { v: P.difficulty(l.difficulty), num: true }];
    }), 'no shares yet this round');
  }

  function show(page) {
    const p = page.pool;
    P.loaded();
    P.set('hashrate', P.hashrate(p.hashrate10m));
    P.set('hashrate-1h', '1 h: ' + P.hashrate(p.hashrate1h) + ' · 24 h: ' + P.hashrate(p.hashrate24h));
    P.set('network-difficulty', P.difficulty(p.networkDifficulty));
    P.set('height', p.height ? P.count(p.height) : '–');
    P.set('last-block', p.lastBlockAt === null ? 'none yet' : P.ago(p.lastBlockAt, p.now));
    P.set('blocks-found', P.count(p.blocksFound));
    P.set('expected', p.expectedSecondsToBlock === null ? 'no hashrate' : P.duration(p.expectedSecondsToBlock));
    P.set('miners', P.count(p.miners));
    P.set('workers', P.count(p.workers));
    P.set('sessions', P.count(p.sessions));
    P.set('accepted', P.count(p.accepted));
    P.set('rejected', P.count(p.rejected));
    P.set('best-round', P.difficulty(p.bestRound));
    P.set('best-all', P.difficulty(p.bestAllTime));
    const node = document.getElementById('node');
    node.className = 'dot ' + (p.nodeUp ? 'on' : 'off');
    node.textContent = p.nodeUp ? 'node up' : 'node down: ' + p.nodeDetail;

    const total = page.nextBlock.reduce((sum, o) => sum + o.sats, 0);
    // Solo: there is no split to preview, whoever finds the block is paid by the coinbase of their own job.
    const empty = page.payoutScheme === 'solo'
      ? 'Solo pool: whoever finds a block takes its whole reward (less any pool fee) in its own coinbase; nothing is shared.'
      : 'nobody has shares in the window yet';
    P.fill('next-block', page.nextBlock.map(o => [{ v: P.minerLink(o.address), cls: 'addr' }, { v: P.btc(o.sats), num: true },
      { v: total > 0 ? (100 * o.sats / total).toFixed(2) + ' %' : '–', num: true }]), empty);
    P.fill('rejects', p.rejects.map(r => [r.reason.replaceAll('_', ' '), { v: P.count(r.count), num: true }, r.lastMessage]),
      'none');
    leaders('workers-round', page.leaders.workersRound, true);
    leaders('addresses-round', page.leaders.addressesRound, false);
    leaders('workers-all', page.leaders.workersAllTime, true);
    leaders('addresses-all', page.leaders.addressesAllTime, false);
    P.fill('blocks', page.blocks.map(b => [P.count(b.height), P.ago(b.time, p.now), { v: P.minerLink(b.address, b.address + '.' + b.worker), cls: 'addr' },
      b.status === 'rejected' ? 'rejected (' + b.outcome.toLowerCase() + ')' : b.status.replace('_', ' '),
      { v: b.hash, cls: 'addr' }]), 'no blocks yet: keep hashing');
  }

  async function drawChart() {
    const points = await P.getJson('/dashboard/api/chart?range=' + range);
    P.chart(document.getElementById('chart'), points, range !== '1h');
  }

  for (const b of document.querySelectorAll('.tabs button')) {
    b.addEventListener('click', () => {
      range = b.dataset.range;
      for (const other of document.querySelectorAll('.tabs button')) other.setAttribute('aria-pressed', String(other === b));
      drawChart().catch(e => console.warn(e));
    });
  }
  document.getElementById('lookup').addEventListener('submit', e => {
    e.preventDefault();
    const address = document.getElementById('lookup-address').value.trim().split('.')[0];
    if (address) location.href = '/miner/' + encodeURIComponent(address);
  });
  window.addEventListener('resize', () => drawChart().catch(e => console.warn(e)));

  P.getJson('/dashboard/api/pool').then(show).catch(e => console.warn(e));
  drawChart().catch(e => console.warn(e));
  setInterval(() => drawChart().catch(e => console.warn(e)), 30000);
  P.live('/dashboard/events', { pool: show });
})();
