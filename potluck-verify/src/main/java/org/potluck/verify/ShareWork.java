package org.potluck.verify;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.accounting.published.U32Hex;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;

/**
 * Rebuilds the header a share's miner hashed, from the share and its published job alone (protocol-notes, "Building
 * the header from notify fields"), and checks the hash against the difficulty the pool credited.
 */
final class ShareWork {
    private ShareWork() {}

    /**
     * What rechecking a share found.
     *
     * @param headerHash the display hex of the rebuilt header's hash, or null when the header could not be rebuilt
     * @param problem    why the share does not hold up, or null when it does
     */
    record Checked(String headerHash, String problem) {}

    static Checked check(PublishedShare share, PublishedJob job, int versionMask) {
        Rebuilt rebuilt = new Rebuilt();
        try {
            String problem = problemOf(share, job, versionMask, rebuilt);
            return new Checked(rebuilt.hash, problem);
        } catch (IllegalArgumentException e) {
            return new Checked(rebuilt.hash, "cannot rebuild its header: " + e.getMessage());
        }
    }

    /** Where {@link #problemOf} leaves the header hash once it has one. */
    private static final class Rebuilt {
        String hash;
    }

    /** What the share puts into the header besides ntime and nonce, or why it cannot. */
    private record HeaderInputs(byte[] extranonce, int version, String problem) {
        static HeaderInputs refused(String problem) {
            return new HeaderInputs(null, 0, problem);
        }
    }

    /** Format 1: extranonce1 ‖ extranonce2, and the job's version with the rolled bits inside the pool's mask. */
    private static HeaderInputs formatOne(PublishedShare share, PublishedJob job, int versionMask) {
        byte[] extranonce1 = Hex.decode(share.extranonce1());
        byte[] extranonce2 = Hex.decode(share.extranonce2());
        byte[] extranonce = new byte[extranonce1.length + extranonce2.length];
        System.arraycopy(extranonce1, 0, extranonce, 0, extranonce1.length);
        System.arraycopy(extranonce2, 0, extranonce, extranonce1.length, extranonce2.length);
        int version = job.versionValue();
        if (share.versionBits() != null) {
            int bits = U32Hex.parse(share.versionBits(), "versionBits");
            if ((bits & ~versionMask) != 0) {
                return HeaderInputs.refused("version bits " + share.versionBits() + " fall outside the pool's mask "
                        + U32Hex.format(versionMask));
            }
            version = (version & ~versionMask) | (bits & versionMask);
        }
        return new HeaderInputs(extranonce, version, null);
    }

    /**
     * Format 2: the extranonce and version as recorded. The version may differ from the job's only inside the pool's
     * mask; an sv1 extranonce must begin with its channel (the connection's extranonce1), or a pool could credit a
     * share under another connection's difficulty assignments.
     */
    private static HeaderInputs formatTwo(PublishedShare share, PublishedJob job, int versionMask) {
        if (!"sv1".equals(share.protocol())) {
            return HeaderInputs.refused("names protocol " + share.protocol() + ", which this verifier does not know");
        }
        if (share.extranonce() == null) {
            return HeaderInputs.refused("has no extranonce");
        }
        byte[] extranonce = Hex.decode(share.extranonce());
        int version = U32Hex.parse(share.version(), "version");
        if (((version ^ job.versionValue()) & ~versionMask) != 0) {
            return HeaderInputs.refused("version " + share.version() + " differs from its job's "
                    + U32Hex.format(job.versionValue()) + " outside the pool's mask " + U32Hex.format(versionMask));
        }
        String channel = String.valueOf(share.channel());
        if (channel.isEmpty() || !share.extranonce().startsWith(channel.toLowerCase(java.util.Locale.ROOT))) {
            return HeaderInputs.refused("extranonce " + share.extranonce() + " does not begin with its channel "
                    + share.channel() + " (the connection's extranonce1)");
        }
        return new HeaderInputs(extranonce, version, null);
    }

    private static String problemOf(PublishedShare share, PublishedJob job, int versionMask, Rebuilt rebuilt) {
        if (share.address() == null || share.address().isBlank()) {
            return "names no payout address";
        }
        if (!(share.difficulty() > 0) || Double.isInfinite(share.difficulty())) {
            return "credited difficulty " + share.difficulty() + " is not a positive number";
        }
        HeaderInputs inputs = switch (share.format()) {
            case PublishedShare.FORMAT_1 -> formatOne(share, job, versionMask);
            case PublishedShare.FORMAT_2 -> formatTwo(share, job, versionMask);
            default ->
                HeaderInputs.refused("is in record format " + share.format()
                        + ", newer than this verifier understands; run a newer potluck verify");
        };
        if (inputs.problem() != null) {
            return inputs.problem();
        }
        if (inputs.extranonce().length != job.extranonceSize()) {
            return "extranonce is " + inputs.extranonce().length + " bytes, job " + job.jobId() + " has room for "
                    + job.extranonceSize();
        }
        ByteArrayOutputStream coinbase = new ByteArrayOutputStream();
        coinbase.writeBytes(Hex.decode(job.coinb1()));
        coinbase.writeBytes(inputs.extranonce());
        coinbase.writeBytes(Hex.decode(job.coinb2()));
        List<byte[]> branch = new ArrayList<>();
        for (String hash : job.merkleBranch()) {
            branch.add(Hex.decode(hash));
        }
        byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase.toByteArray()), branch);
        int version = inputs.version();
        byte[] header = BlockHeader.build(
                version,
                BlockHeader.internalFromDisplay(job.prevHash()),
                root,
                U32Hex.parse(share.ntime(), "ntime"),
                job.nbitsValue(),
                U32Hex.parse(share.nonce(), "nonce"));
        byte[] hash = BlockHeader.hash(header);
        rebuilt.hash = BlockHeader.displayFromInternal(hash);
        if (!Target.meets(hash, Target.fromDifficulty(share.difficulty()))) {
            return "hash " + BlockHeader.displayFromInternal(hash) + " has difficulty " + Target.difficultyOfHash(hash)
                    + ", below the credited difficulty " + share.difficulty();
        }
        if (share.block()) {
            String display = BlockHeader.displayFromInternal(hash);
            if (!Target.meets(hash, Target.fromBits(job.nbitsValue()))) {
                return "is marked as a block but its hash " + display + " does not meet the network target";
            }
            if (!display.equalsIgnoreCase(String.valueOf(share.blockHash()))) {
                return "is marked as block " + share.blockHash() + " but its header hashes to " + display;
            }
        }
        return null;
    }
}
