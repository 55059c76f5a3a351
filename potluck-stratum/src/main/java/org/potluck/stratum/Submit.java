package org.potluck.stratum;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The parameters of {@code mining.submit}, checked for form: hex where hex is due, u32 fields exactly 8 hex digits.
 * Whether the values are right for the job is the pool's question, not the protocol's. The pool reads them with
 * {@link #parse}, a miner makes them with {@link #ofValues} and writes them with {@link #params()}.
 */
public record Submit(
        String worker,
        String jobId,
        String extranonce2,
        int ntime,
        int nonce,
        Integer versionBits,
        String ntimeHex,
        String nonceHex,
        String versionBitsHex) {

    /** A miner's submit from the values it hashed; version bits null when it does not roll the version. */
    public static Submit ofValues(
            String worker, String jobId, byte[] extranonce2, int ntime, int nonce, Integer versionBits) {
        StringBuilder en2 = new StringBuilder(extranonce2.length * 2);
        for (byte b : extranonce2) {
            en2.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return new Submit(
                worker,
                jobId,
                en2.toString(),
                ntime,
                nonce,
                versionBits,
                StratumMessages.hex32(ntime),
                StratumMessages.hex32(nonce),
                versionBits == null ? null : StratumMessages.hex32(versionBits));
    }

    /** {@code [worker, job_id, extranonce2, ntime, nonce(, version_bits)]} in the hex forms as read or made. */
    public ArrayNode params() {
        ArrayNode params = JsonNodeFactory.instance
                .arrayNode()
                .add(worker)
                .add(jobId)
                .add(extranonce2)
                .add(ntimeHex)
                .add(nonceHex);
        if (versionBitsHex != null) {
            params.add(versionBitsHex);
        }
        return params;
    }

    public static Submit parse(JsonNode params) throws StratumFormatException {
        if (params.size() < 5) {
            throw new StratumFormatException(
                    "mining.submit needs [worker, job_id, extranonce2, ntime, nonce(, version_bits)], got "
                            + params.size() + " params");
        }
        String worker = string(params, 0, "worker");
        String jobId = string(params, 1, "job_id");
        String extranonce2 = string(params, 2, "extranonce2");
        String ntime = string(params, 3, "ntime");
        String nonce = string(params, 4, "nonce");
        String versionBits = params.size() > 5 && !params.get(5).isNull() ? string(params, 5, "version_bits") : null;
        return of(worker, jobId, extranonce2, ntime, nonce, versionBits);
    }

    /** The same checks as {@link #parse} on parameters already taken out of the JSON; version bits may be null. */
    public static Submit of(
            String worker, String jobId, String extranonce2Raw, String ntimeHex, String nonceHex, String versionBitsHex)
            throws StratumFormatException {
        String extranonce2 = extranonce2Raw.toLowerCase(java.util.Locale.ROOT);
        if (extranonce2.isEmpty() || extranonce2.length() % 2 != 0 || !isHex(extranonce2)) {
            throw new StratumFormatException(
                    "extranonce2 must be hex with an even number of digits, got \"" + clip(extranonce2) + "\"");
        }
        int ntime = u32(ntimeHex, "ntime");
        int nonce = u32(nonceHex, "nonce");
        Integer versionBits = versionBitsHex == null ? null : u32(versionBitsHex, "version_bits");
        return new Submit(
                worker,
                jobId,
                extranonce2,
                ntime,
                nonce,
                versionBits,
                ntimeHex.toLowerCase(java.util.Locale.ROOT),
                nonceHex.toLowerCase(java.util.Locale.ROOT),
                versionBitsHex == null ? null : versionBitsHex.toLowerCase(java.util.Locale.ROOT));
    }

    private static String string(JsonNode params, int index, String name) throws StratumFormatException {
        JsonNode node = params.get(index);
        if (node == null || !node.isString()) {
            throw new StratumFormatException(name + " must be a string");
        }
        return node.stringValue();
    }

    private static int u32(String hex, String name) throws StratumFormatException {
        if (hex.length() != 8 || !isHex(hex)) {
            throw new StratumFormatException(name + " must be 8 hex digits, got \"" + clip(hex) + "\"");
        }
        return Integer.parseUnsignedInt(hex, 16);
    }

    static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
