package edu.tinynet.tunnel.config;

/** TLS protocol versions, in order, with stunnel's and JSSE's names. */
public enum TlsVersion {
    SSLv3("SSLv3", "SSLv3"),
    TLSv1("TLSv1", "TLSv1"),
    TLSv1_1("TLSv1.1", "TLSv1.1"),
    TLSv1_2("TLSv1.2", "TLSv1.2"),
    TLSv1_3("TLSv1.3", "TLSv1.3");

    private final String stunnelName;
    private final String jsseName;

    TlsVersion(String stunnelName, String jsseName) {
        this.stunnelName = stunnelName;
        this.jsseName = jsseName;
    }

    public String stunnelName() {
        return stunnelName;
    }

    public String jsseName() {
        return jsseName;
    }

    /** True for versions below TLSv1.2, which are only enabled when configured and then warned about. */
    public boolean isLegacy() {
        return compareTo(TLSv1_2) < 0;
    }

    /** Parses stunnel's spelling ({@code TLSv1.2}); returns null when unknown. */
    public static TlsVersion fromStunnelName(String name) {
        for (TlsVersion v : values()) {
            if (v.stunnelName.equalsIgnoreCase(name)) {
                return v;
            }
        }
        return null;
    }
}
