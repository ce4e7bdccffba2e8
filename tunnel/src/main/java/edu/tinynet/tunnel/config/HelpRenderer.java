package edu.tinynet.tunnel.config;

import java.util.List;

/** Renders the option table as the {@code --help} text. */
final class HelpRenderer {

    private static final int WRAP = 78;
    private static final String INDENT = "      ";

    private HelpRenderer() {
    }

    static String render(List<Option<?>> table) {
        StringBuilder out = new StringBuilder();
        out.append("stunnel.conf options\n")
                .append("  File syntax: \"name = value\" lines, [service] sections, ';' or '#' comments.\n")
                .append("  Option names are case-insensitive. Service options written before the first [service]\n")
                .append("  are defaults for every service. Relative paths are resolved against the directory of\n")
                .append("  the file they are written in (stunnel uses its working directory). Repeatable options\n")
                .append("  (connect, checkHost, checkIP, checkEmail, socket) written in the global section are kept,\n")
                .append("  and a service's own lines are added after them; other options are replaced.\n");
        section(out, "Global options", table, Scope.GLOBAL);
        section(out, "Service options (in the global section: defaults for every service)", table, Scope.SERVICE);
        out.append("\nKnown stunnel options that are not supported (an error; a warning and ignored in lenient mode):\n");
        for (Option<?> option : table) {
            if (option.support() == Support.UNSUPPORTED) {
                out.append(String.format("  %-22s %s\n", option.name(), option.help()));
            }
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Option<?>> table, Scope scope) {
        out.append('\n').append(title).append(":\n");
        for (Option<?> option : table) {
            if (option.scope() != scope || option.support() == Support.UNSUPPORTED) {
                continue;
            }
            out.append("  ").append(option.name()).append(" = ").append(option.syntax());
            if (option.defaultValue() != null) {
                out.append("   (default: ").append(option.defaultValue()).append(')');
            }
            if (option.support() == Support.APPROXIMATED) {
                out.append("   [approximated]");
            }
            out.append('\n');
            wrap(out, option.help());
        }
    }

    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder(INDENT);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WRAP && line.length() > INDENT.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(INDENT);
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
