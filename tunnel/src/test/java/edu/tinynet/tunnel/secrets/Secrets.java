package edu.tinynet.tunnel.secrets;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What must never be written to a log, and a scanner for it. For a private key: a PEM
 * {@code -----BEGIN ... PRIVATE KEY-----} line, every 16-character piece of the Base64 of its PKCS#8 DER (so a partial
 * dump is caught too), every 32-digit piece of the DER's hex (either case), and the secret number
 * itself (EC {@code S} / RSA private exponent and primes, in hex and decimal). Also the exact text of
 * files that hold key material, passwords and payload markers.
 */
final class Secrets {

    static final int PIECE = 16;

    /** description → text that must not appear. */
    private final Map<String, String> needles = new LinkedHashMap<>();

    /**
     * A PEM private-key header ({@code -----BEGIN PRIVATE KEY-----}, also the EC, RSA and ENCRYPTED
     * forms): the start of a key dump. A message that names the block ("line 1 (PRIVATE KEY): corrupt
     * PEM", "-----END PRIVATE KEY----- not found") is fine.
     */
    Secrets pemLabel() {
        for (String kind : new String[] {"", "EC ", "RSA ", "ENCRYPTED "}) {
            needles.put("PEM header BEGIN " + kind + "PRIVATE KEY", "-----BEGIN " + kind + "PRIVATE KEY-----");
        }
        return this;
    }

    /** The key as Base64 and hex of its PKCS#8 DER, and its secret numbers. */
    Secrets key(String name, PrivateKey key) {
        byte[] der = key.getEncoded();
        pieces(name + " PKCS#8 Base64", Base64.getEncoder().encodeToString(der), PIECE);
        String hex = HexFormat.of().formatHex(der);
        pieces(name + " PKCS#8 hex", hex, 2 * PIECE);
        pieces(name + " PKCS#8 HEX", hex.toUpperCase(Locale.ROOT), 2 * PIECE);
        if (key instanceof ECPrivateKey ec) {
            number(name + " EC private value", ec.getS());
        } else if (key instanceof RSAPrivateCrtKey rsa) {
            number(name + " RSA private exponent", rsa.getPrivateExponent());
            number(name + " RSA prime p", rsa.getPrimeP());
            number(name + " RSA prime q", rsa.getPrimeQ());
        }
        return this;
    }

    /** The Base64 body lines of a PEM file (an encrypted key is still not for the log). */
    Secrets pemBody(String name, String pem) {
        StringBuilder body = new StringBuilder();
        for (String line : pem.split("\\R")) {
            if (!line.startsWith("-----") && !line.contains(":") && !line.isBlank()) {
                body.append(line.trim());
            }
        }
        pieces(name + " Base64", body.toString(), PIECE);
        return this;
    }

    /** Any other exact text (password, payload marker). */
    Secrets text(String name, String text) {
        needles.put(name, text);
        return this;
    }

    private void number(String name, BigInteger n) {
        pieces(name + " (hex)", n.toString(16), 2 * PIECE);
        pieces(name + " (decimal)", n.toString(), 2 * PIECE);
    }

    private void pieces(String name, String text, int len) {
        if (text.length() <= len) {
            needles.put(name, text);
            return;
        }
        for (int i = 0; i + len <= text.length(); i++) {
            needles.put(name + " [" + i + ".." + (i + len) + "]", text.substring(i, i + len));
        }
    }

    /** What was found in {@code text}, one entry per kind of secret (first hit each). */
    List<String> findIn(String where, String text) {
        List<String> found = new ArrayList<>();
        String lastKind = null;
        for (Map.Entry<String, String> n : needles.entrySet()) {
            String kind = n.getKey().replaceAll(" \\[\\d+\\.\\.\\d+\\]$", "");
            if (kind.equals(lastKind)) {
                continue;
            }
            int at = text.indexOf(n.getValue());
            if (at >= 0) {
                int ls = text.lastIndexOf('\n', at) + 1;
                int le = text.indexOf('\n', at);
                found.add(where + ": " + n.getKey() + " in line: " + text.substring(ls, le < 0 ? text.length() : le));
                lastKind = kind;
            }
        }
        return found;
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
