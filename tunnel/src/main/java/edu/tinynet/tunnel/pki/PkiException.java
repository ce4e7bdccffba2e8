package edu.tinynet.tunnel.pki;

/**
 * A certificate, key or PEM problem, with a one-line message that names the file or input and,
 * where there is one, the fix.
 */
public class PkiException extends Exception {

    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
