package edu.tinynet.tunnel.service;

/** How a connection ended, with stunnel's word for it ({@code Connection closed: ...}). */
public enum CloseStatus {
    /** Both sides finished normally (EOF / close_notify). */
    CLOSED("closed"),
    /** An error, timeout or peer reset ended it; with {@code reset = yes} the other side got a TCP RST. */
    RESET("reset");

    private final String word;

    CloseStatus(String word) {
        this.word = word;
    }

    /** {@code closed} or {@code reset}. */
    public String word() {
        return word;
    }
}
