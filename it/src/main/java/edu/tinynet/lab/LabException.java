package edu.tinynet.lab;

/**
 * The lab could not start (or a lab operation failed). The message names the component and the
 * reason, e.g. {@code WebServer tunnel: port 10389 on 127.0.0.1 is in use}.
 */
public class LabException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String component;

    public LabException(String component, String reason) {
        super(component + ": " + reason);
        this.component = component;
    }

    public LabException(String component, String reason, Throwable cause) {
        super(component + ": " + reason, cause);
        this.component = component;
    }

    /** What failed, e.g. {@code LDAPhost directory server}. */
    public String component() {
        return component;
    }
}
