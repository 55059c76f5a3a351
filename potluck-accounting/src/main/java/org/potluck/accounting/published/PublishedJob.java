package org.potluck.accounting.published;

import java.util.List;
import org.potluck.accounting.Credit;
import org.potluck.accounting.Payout;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.Window;
import org.potluck.bitcoin.Hex;

/**
 * One job the pool sent to miners, with the payout table its coinbase committed to.
 *
 * <p>Header fields are in {@code mining.notify} form, except {@code prevHash}, which is the RPC display hex:
 * {@code version}, {@code nbits} and {@code ntime} are 8-digit big-endian hex; {@code merkleBranch} holds the hashes
 * (internal byte order, hex) folded onto the coinbase txid; the coinbase is {@code coinb1 || extranonce1 ||
 * extranonce2 || coinb2}, the two extranonces together {@code extranonceSize} bytes.
 *
 * @param windowEndSequence the newest share sequence the PPLNS window of this job counts (0: no shares yet)
 * @param finderAddress     the address of the session this coinbase was made for (it gets the finder bonus), or null
 *                          when the coinbase is the same for every session
 * @param maxOutputs        the output limit the table was computed with
 * @param outputs           the coinbase's payout outputs, in coinbase order
 * @param offeredCredits    ledger credits this coinbase pays
 * @param excluded          miners left out by the limits, credited if this job's block is found (sinceHeight 0)
 */
public record PublishedJob(
        String jobId,
        int height,
        String prevHash,
        String version,
        String nbits,
        String ntime,
        String coinb1,
        String coinb2,
        int extranonceSize,
        List<String> merkleBranch,
        long coinbaseValue,
        long windowEndSequence,
        String finderAddress,
        int maxOutputs,
        List<PublishedPayout> outputs,
        List<PublishedCredit> offeredCredits,
        List<PublishedCredit> excluded) {

    public PublishedJob {
        merkleBranch = merkleBranch == null ? List.of() : List.copyOf(merkleBranch);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        offeredCredits = offeredCredits == null ? List.of() : List.copyOf(offeredCredits);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    /** The published form of a job the pool made with {@code table}. */
    public static PublishedJob of(
            String jobId,
            int height,
            String prevHashDisplay,
            int version,
            int nbits,
            int ntime,
            byte[] coinb1,
            byte[] coinb2,
            int extranonceSize,
            List<byte[]> merkleBranch,
            long windowEndSequence,
            String finderAddress,
            int maxOutputs,
            PayoutTable table) {
        return new PublishedJob(
                jobId,
                height,
                prevHashDisplay,
                U32Hex.format(version),
                U32Hex.format(nbits),
                U32Hex.format(ntime),
                Hex.encode(coinb1),
                Hex.encode(coinb2),
                extranonceSize,
                merkleBranch.stream().map(Hex::encode).toList(),
                table.coinbaseValue(),
                windowEndSequence,
                finderAddress,
                maxOutputs,
                table.outputs().stream().map(PublishedPayout::of).toList(),
                table.offeredCredits().stream().map(PublishedCredit::of).toList(),
                table.excluded().stream().map(PublishedCredit::of).toList());
    }

    public int versionValue() {
        return U32Hex.parse(version, "job " + jobId + " version");
    }

    public int nbitsValue() {
        return U32Hex.parse(nbits, "job " + jobId + " nbits");
    }

    public int ntimeValue() {
        return U32Hex.parse(ntime, "job " + jobId + " ntime");
    }

    /**
     * The published table in checked form, for replaying a credit ledger. The window is not published with a job, so
     * the result carries an empty one.
     *
     * @throws IllegalArgumentException if the published table breaks an invariant every table keeps
     */
    public PayoutTable payoutTable() {
        List<Payout> payouts = outputs.stream().map(PublishedPayout::toPayout).toList();
        List<Credit> offered =
                offeredCredits.stream().map(PublishedCredit::toCredit).toList();
        List<Credit> owed = excluded.stream().map(PublishedCredit::toCredit).toList();
        return new PayoutTable(payouts, offered, owed, Window.empty(), coinbaseValue, 0);
    }
}
