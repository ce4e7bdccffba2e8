package edu.tinynet.tunnel.config;

/** An OpenSSL cipher string (or TLS 1.3 suite list) that cannot be translated; names the offending token. */
public final class CipherStringException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String token;

    public CipherStringException(String token, String message) {
        super(message);
        this.token = token;
    }

    /** The keyword or suite name that could not be translated. */
    public String token() {
        return token;
    }
}
