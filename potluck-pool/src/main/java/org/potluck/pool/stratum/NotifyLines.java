package org.potluck.pool.stratum;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.work.Job;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumMessages;

/**
 * Each job's mining.notify, serialized once and spliced with each session's own job id: a block change sends the same
 * ~1 KB line to every session that shares the job, so the fan-out costs one serialization per job, not per miner.
 * Only the current template's lines are kept (the jobs of the previous one are dropped with it); a job on an older
 * template, which a session may still be given during a change, gets its line made without being kept.
 * Shared by every event loop.
 */
final class NotifyLines {
    private final AtomicReference<Generation> current = new AtomicReference<>();

    /** The template's fields in their Stratum v1 spelling, and the lines of the jobs made on it. */
    private record Generation(
            WorkTemplate template,
            String prevHash,
            List<String> branch,
            ConcurrentHashMap<String, StratumMessages.NotifyLine> lines) {

        static Generation of(WorkTemplate t) {
            return new Generation(
                    t,
                    BlockHeader.notifyPrevHash(t.prevHashDisplay()),
                    t.merkleBranch().stream().map(Hex::encode).toList(),
                    new ConcurrentHashMap<>());
        }

        StratumMessages.NotifyLine line(Job job) {
            return StratumMessages.notifyLine(new Notify(
                    job.id(),
                    prevHash,
                    Hex.encode(job.coinbase().coinb1()),
                    Hex.encode(job.coinbase().coinb2()),
                    branch,
                    StratumMessages.hex32(template.version()),
                    StratumMessages.hex32(template.nbits()),
                    StratumMessages.hex32(template.curTime()),
                    true));
        }
    }

    StratumMessages.NotifyLine of(Job job) {
        WorkTemplate t = job.template();
        Generation g = current.get();
        if (g == null || g.template() != t) {
            Generation made = Generation.of(t);
            if (g != null && t.id() < g.template().id()) {
                return made.line(job);
            }
            g = current.compareAndSet(g, made) ? made : current.get();
            if (g.template() != t) {
                return made.line(job);
            }
        }
        Generation kept = g;
        return kept.lines().computeIfAbsent(job.id(), id -> kept.line(job));
    }
}
