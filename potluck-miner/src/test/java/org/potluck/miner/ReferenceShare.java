package org.potluck.miner;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's own share checker, written from protocol-notes.md with nothing but the JDK: it must not share code with
 * the miner (or potluck-bitcoin), or a bug there would check itself and pass.
 */
final class ReferenceShare {
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger DIFF1 = BigInteger.valueOf(0xFFFF).shiftLeft(208);

    /** A job as the scripted pool sends it: the coinbase split around a 12-byte extranonce slot. */
    record Template(
            String jobId,
            String prevhash,
            String coinb1,
            String extranonce1,
            int extranonce2Size,
            String coinb2,
            List<String> branch,
            String version,
            String nbits,
            String ntime) {

        Template withJobId(String id) {
            return new Template(
                    id, prevhash, coinb1, extranonce1, extranonce2Size, coinb2, branch, version, nbits, ntime);
        }

        Template withNtime(String newNtime) {
            return new Template(
                    jobId, prevhash, coinb1, extranonce1, extranonce2Size, coinb2, branch, version, nbits, newNtime);
        }
    }

    /**
     * The real mainnet share of /work/shared/vectors/sv1-share-height-791433.json (block height 791433 work). Its
     * coinbase scriptSig starts at byte 42 (4 version + 1 input count + 36 outpoint + 1 length); coinb1 is the first
     * 60 bytes, the next 12 bytes of the scriptSig become extranonce1 (4, kept from the real coinbase) and
     * extranonce2 (8, the miner's), and coinb2 is the rest.
     */
    static Template vectorTemplate(String jobId) {
        JsonNode v = vector();
        String coinbase = v.get("coinbase_tx").stringValue();
        List<String> branch = new ArrayList<>();
        v.get("notify").get("merkle_branch").forEach(b -> branch.add(b.stringValue()));
        JsonNode n = v.get("notify");
        return new Template(
                jobId,
                n.get("prevhash").stringValue(),
                coinbase.substring(0, 120),
                coinbase.substring(120, 128),
                8,
                coinbase.substring(144),
                List.copyOf(branch),
                n.get("version").stringValue(),
                n.get("nbits").stringValue(),
                n.get("ntime").stringValue());
    }

    static JsonNode vector() {
        try {
            return JsonMapper.builder()
                    .build()
                    .readTree(Files.readString(sharedVectors().resolve("sv1-share-height-791433.json")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the shared vector", e);
        }
    }

    /** Walks up from the module directory to the repository root, which holds vectors/ (a copy of the shared vector). */
    private static Path sharedVectors() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no vectors folder above " + dir);
    }

    /** Header per protocol-notes "Building the header from notify fields". */
    static byte[] header(Template t, String extranonce2, String ntime, String nonce, int version) {
        byte[] coinbase = HEX.parseHex(t.coinb1() + t.extranonce1() + extranonce2 + t.coinb2());
        byte[] root = sha256d(coinbase);
        for (String step : t.branch()) {
            root = sha256d(concat(root, HEX.parseHex(step)));
        }
        byte[] notifyPrev = HEX.parseHex(t.prevhash());
        byte[] prev = new byte[32];
        for (int word = 0; word < 8; word++) {
            for (int i = 0; i < 4; i++) {
                prev[4 * word + i] = notifyPrev[4 * word + 3 - i];
            }
        }
        return concat(le32(version), prev, root, le32(u32(ntime)), le32(u32(t.nbits())), le32(u32(nonce)));
    }

    static BigInteger hashValue(byte[] header) {
        byte[] hash = sha256d(header);
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = hash[31 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    static BigInteger target(double difficulty) {
        return new BigDecimal(DIFF1)
                .divide(new BigDecimal(difficulty), 0, RoundingMode.FLOOR)
                .toBigInteger();
    }

    static double difficultyOf(BigInteger hashValue) {
        return new BigDecimal(DIFF1)
                .divide(new BigDecimal(hashValue), 20, RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    static int u32(String hex) {
        if (hex.length() != 8) {
            throw new IllegalArgumentException("not 8 hex chars: " + hex);
        }
        return (int) Long.parseLong(hex, 16);
    }

    static byte[] sha256d(byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return md.digest(md.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private ReferenceShare() {}
}
