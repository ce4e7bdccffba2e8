package edu.tinynet.tunnel.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, falling back to "dev" when run from classes. */
public final class VersionProvider implements IVersionProvider {

    /** The tunnel version, as written in the jar manifest. */
    public static String version() {
        String v = TunnelMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "tunnel " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
