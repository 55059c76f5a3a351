package org.potluck.accounting.hd;

import fr.acinq.bitcoin.ByteVector;
import fr.acinq.bitcoin.ByteVector32;
import fr.acinq.bitcoin.Crypto;
import fr.acinq.bitcoin.DeterministicWallet;
import fr.acinq.bitcoin.DeterministicWallet.ExtendedPublicKey;
import fr.acinq.bitcoin.KeyPath;
import fr.acinq.bitcoin.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.potluck.bitcoin.AddressException;
import org.potluck.bitcoin.Base58;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;

/**
 * Fresh payout addresses from an extended public key, so that each block found pays a new address (issue 3,
 * "Privacy"). Accepted forms:
 * <ul>
 *   <li>{@code wpkh(KEY)} and {@code tr(KEY)} descriptors (BIP380/381/386), optionally with a {@code #checksum}
 *       (verified), where KEY is an optional {@code [fingerprint/path]} origin, an {@code xpub} (mainnet) or
 *       {@code tpub} (test networks), unhardened steps and a final {@code /*}, e.g. {@code wpkh([d34db33f/84h/0h/0h]
 *       xpub.../0/*)};</li>
 *   <li>a bare {@code xpub}/{@code tpub} or {@code zpub}/{@code vpub}: P2WPKH on the receive chain, {@code KEY/0/*}
 *       (the BIP84 layout).</li>
 * </ul>
 * Refused with a readable message: private keys (the pool never needs them), {@code ypub}/{@code upub} (P2SH-wrapped
 * segwit), SLIP-132 keys inside a descriptor, hardened steps after the key, a missing or hardened {@code /*}
 * wildcard, multipath {@code <0;1>}, {@code tr()} with a script tree, and keys of another network (mainnet keys on a
 * test network or the other way round). The origin is checked for form and otherwise ignored: it does not change the
 * addresses.
 */
public final class HdPayoutSource {
    public enum ScriptType {
        WPKH,
        TR
    }

    private static final Pattern DESCRIPTOR = Pattern.compile("(wpkh|tr)\\((.*)\\)");
    private static final Pattern ORIGIN = Pattern.compile("\\[[0-9a-fA-F]{8}(/[0-9]+[h'H]?)*]");
    private static final Pattern UNHARDENED_STEP = Pattern.compile("[0-9]{1,10}");
    private static final long FIRST_HARDENED = 0x80000000L;
    private static final int EXTENDED_KEY_BYTES = 78;

    private final ScriptType scriptType;
    private final ExtendedPublicKey chainKey;
    private final Network network;
    private final String source;

    private HdPayoutSource(ScriptType scriptType, ExtendedPublicKey chainKey, Network network, String source) {
        this.scriptType = scriptType;
        this.chainKey = chainKey;
        this.network = network;
        this.source = source;
    }

    /** True when {@code text} is meant as an xpub or descriptor rather than a plain address. */
    public static boolean looksLikeHdSource(String text) {
        if (text == null) {
            return false;
        }
        String t = text.strip();
        return t.startsWith("wpkh(")
                || t.startsWith("tr(")
                || t.length() > 100 && List.of("xpub", "tpub", "zpub", "vpub").contains(t.substring(0, 4));
    }

    public static HdPayoutSource parse(String text, Network network) {
        Objects.requireNonNull(network, "network");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "payout key is empty: give an xpub, zpub, tpub, vpub or a wpkh()/tr()" + " descriptor");
        }
        String trimmed = text.strip();
        if (trimmed.indexOf('(') < 0) {
            return parseBareKey(trimmed, network);
        }
        String body = DescriptorChecksum.stripVerified(trimmed);
        Matcher m = DESCRIPTOR.matcher(body);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "unsupported descriptor '" + body + "': only wpkh(KEY) and tr(KEY) are" + " accepted");
        }
        ScriptType type = m.group(1).equals("wpkh") ? ScriptType.WPKH : ScriptType.TR;
        String keyExpression = m.group(2);
        if (type == ScriptType.TR && keyExpression.contains(",")) {
            throw new IllegalArgumentException("tr() with a script tree is not supported: give tr(KEY) only");
        }
        return parseKeyExpression(keyExpression, type, network, trimmed);
    }

    private static HdPayoutSource parseBareKey(String key, Network network) {
        if (key.contains("/") || key.contains("#")) {
            throw new IllegalArgumentException("'" + key + "' is neither a bare extended public key nor a descriptor;"
                    + " write a path as a descriptor, e.g. wpkh(xpub.../0/*)");
        }
        ExtendedPublicKey account = decode(key, network, true);
        // A bare account key pays to its receive chain, as BIP84 wallets expect.
        return new HdPayoutSource(ScriptType.WPKH, derive(account, 0), network, key);
    }

    private static HdPayoutSource parseKeyExpression(
            String expression, ScriptType type, Network network, String source) {
        String rest = expression;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || !ORIGIN.matcher(rest.substring(0, close + 1)).matches()) {
                throw new IllegalArgumentException("malformed key origin in '" + expression + "': expected"
                        + " [8 hex digits of fingerprint followed by /NUM or /NUMh steps]");
            }
            rest = rest.substring(close + 1);
        }
        if (rest.contains("<") || rest.contains(";")) {
            throw new IllegalArgumentException(
                    "multipath key expressions (<0;1>) are not supported: give one chain," + " e.g. .../0/*");
        }
        String[] parts = rest.split("/", -1);
        if (parts.length < 2 || !parts[parts.length - 1].equals("*")) {
            String last = parts[parts.length - 1];
            if (last.startsWith("*")) {
                throw new IllegalArgumentException("hardened wildcard '/" + last + "' needs the private key; use /*");
            }
            throw new IllegalArgumentException("key expression '" + expression + "' must end in /* so that each"
                    + " block can pay a fresh address");
        }
        ExtendedPublicKey key = decode(parts[0], network, false);
        for (int i = 1; i < parts.length - 1; i++) {
            String step = parts[i];
            if (!step.isEmpty() && "h'H".indexOf(step.charAt(step.length() - 1)) >= 0) {
                throw new IllegalArgumentException("hardened step '" + step + "' after an extended public key needs"
                        + " the private key; derive the account xpub at the last hardened step instead");
            }
            if (!UNHARDENED_STEP.matcher(step).matches() || Long.parseLong(step) >= FIRST_HARDENED) {
                throw new IllegalArgumentException("invalid derivation step '" + step + "' in '" + expression + "'");
            }
            key = derive(key, Long.parseLong(step));
        }
        return new HdPayoutSource(type, key, network, source);
    }

    private static ExtendedPublicKey decode(String key, Network network, boolean slip132Allowed) {
        byte[] payload;
        try {
            payload = Base58.decodeChecked(key);
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "'" + abbreviate(key) + "' is not a valid extended key: " + e.getMessage(), e);
        }
        if (payload.length != EXTENDED_KEY_BYTES) {
            throw new IllegalArgumentException("'" + abbreviate(key) + "' is not an extended key: " + payload.length
                    + " bytes instead of " + EXTENDED_KEY_BYTES);
        }
        int version = ((payload[0] & 0xff) << 24)
                | ((payload[1] & 0xff) << 16)
                | ((payload[2] & 0xff) << 8)
                | (payload[3] & 0xff);
        boolean mainnetKey = checkVersion(version, slip132Allowed);
        if (mainnetKey != (network == Network.MAINNET)) {
            throw new IllegalArgumentException("'" + abbreviate(key) + "' is a " + (mainnetKey ? "mainnet" : "test")
                    + " network key but the pool runs on " + network.name()
                    + (mainnetKey ? "; use a tpub/vpub" : "; use an xpub/zpub"));
        }
        byte[] pub = Arrays.copyOfRange(payload, 45, 78);
        if (pub[0] != 2 && pub[0] != 3 || !new PublicKey(pub).isValid()) {
            throw new IllegalArgumentException("'" + abbreviate(key) + "' does not hold a valid public key");
        }
        long parentFingerprint = ((payload[5] & 0xffL) << 24)
                | ((payload[6] & 0xffL) << 16)
                | ((payload[7] & 0xffL) << 8)
                | (payload[8] & 0xffL);
        return new ExtendedPublicKey(
                new ByteVector(pub),
                new ByteVector32(Arrays.copyOfRange(payload, 13, 45)),
                payload[4] & 0xff,
                KeyPath.Companion.getEmpty(),
                parentFingerprint);
    }

    /** Returns whether the version is a mainnet one; throws for versions that are refused. */
    private static boolean checkVersion(int version, boolean slip132Allowed) {
        if (version == DeterministicWallet.xpub) {
            return true;
        }
        if (version == DeterministicWallet.tpub) {
            return false;
        }
        if (version == DeterministicWallet.zpub || version == DeterministicWallet.vpub) {
            if (!slip132Allowed) {
                throw new IllegalArgumentException("a descriptor takes an xpub or tpub (the script type comes from"
                        + " wpkh()/tr()); give the zpub/vpub bare, or convert it to xpub/tpub");
            }
            return version == DeterministicWallet.zpub;
        }
        if (version == DeterministicWallet.ypub || version == DeterministicWallet.upub) {
            throw new IllegalArgumentException(
                    "ypub/upub (P2SH-wrapped segwit) is not supported: use a zpub/vpub," + " wpkh() or tr()");
        }
        if (version == DeterministicWallet.xprv
                || version == DeterministicWallet.tprv
                || version == DeterministicWallet.yprv
                || version == DeterministicWallet.uprv
                || version == DeterministicWallet.zprv
                || version == DeterministicWallet.vprv) {
            throw new IllegalArgumentException("that is a PRIVATE extended key: give the pool only the public one"
                    + " (xpub/zpub/tpub/vpub), and consider this private key exposed");
        }
        throw new IllegalArgumentException(String.format(
                Locale.ROOT, "unknown extended key version 0x%08x: expected xpub, zpub, tpub or vpub", version));
    }

    private static ExtendedPublicKey derive(ExtendedPublicKey key, long index) {
        try {
            return key.derivePublicKey(index);
        } catch (RuntimeException e) {
            // BIP32: an invalid child (probability below 2^-127) has no key; the next index must be used instead.
            throw new IllegalArgumentException(
                    "child " + index + " of this key is invalid under BIP32: " + e.getMessage(), e);
        }
    }

    /** The payout address number {@code index} (0, 1, 2, ...) of this source, for its network. */
    public String addressAt(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("address index must not be negative, got " + index);
        }
        PublicKey pub = derive(chainKey, index).getPublicKey();
        return switch (scriptType) {
            case WPKH -> Bech32.encodeSegwit(network.bech32Hrp(), 0, pub.hash160());
            case TR -> {
                // BIP86: the output key commits to no script path (tweak by the internal key alone).
                byte[] outputKey = pub.xOnly()
                        .outputKey(Crypto.TaprootTweak.KeyPathTweak.INSTANCE)
                        .getFirst()
                        .value
                        .toByteArray();
                yield Bech32.encodeSegwit(network.bech32Hrp(), 1, outputKey);
            }
        };
    }

    /** The first {@code count} addresses from {@code from}, for display and checks. */
    public List<String> addresses(int from, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(addressAt(Math.addExact(from, i)));
        }
        return out;
    }

    public ScriptType scriptType() {
        return scriptType;
    }

    public Network network() {
        return network;
    }

    @Override
    public String toString() {
        return "HdPayoutSource[" + scriptType.name().toLowerCase(Locale.ROOT) + " on " + network.name() + ": " + source
                + "]";
    }

    private static String abbreviate(String key) {
        return key.length() <= 16 ? key : key.substring(0, 12) + "…";
    }
}
