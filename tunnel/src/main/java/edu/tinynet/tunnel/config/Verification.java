package edu.tinynet.tunnel.config;

import java.util.List;

/**
 * Peer verification for one service, after stunnel's legacy {@code verify = 0..4} has been mapped
 * onto the modern options.
 *
 * @param verifyChain  the peer chain must lead to a root in CAfile/CApath
 * @param verifyPeer   the peer's leaf certificate must itself be in CAfile/CApath (pinning)
 * @param requireCert  server mode: a client certificate is required (implied by verifyChain/verifyPeer)
 * @param requestCert  server mode: a client certificate is requested even when not required
 *                     ({@code verify = 0/1})
 * @param checkHost    accepted DNS names (OR'd with checkIP and checkEmail)
 * @param checkIp      accepted IP addresses
 * @param checkEmail   accepted e-mail addresses
 */
public record Verification(boolean verifyChain, boolean verifyPeer, boolean requireCert, boolean requestCert,
        List<String> checkHost, List<String> checkIp, List<String> checkEmail) {

    public static final Verification NONE =
            new Verification(false, false, false, false, List.of(), List.of(), List.of());

    public Verification {
        checkHost = List.copyOf(checkHost);
        checkIp = List.copyOf(checkIp);
        checkEmail = List.copyOf(checkEmail);
    }

    /** True when any subject check (host, IP or e-mail) is configured. */
    public boolean hasSubjectChecks() {
        return !checkHost.isEmpty() || !checkIp.isEmpty() || !checkEmail.isEmpty();
    }

    /** True when the peer is authenticated at all (chain or pinning). */
    public boolean authenticatesPeer() {
        return verifyChain || verifyPeer;
    }
}
