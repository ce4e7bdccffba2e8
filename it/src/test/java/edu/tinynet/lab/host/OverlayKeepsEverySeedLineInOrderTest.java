package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The effective configuration of every lab host holds its seed verbatim: every line, in order. */
class OverlayKeepsEverySeedLineInOrderTest {

    @ParameterizedTest
    @EnumSource(Role.class)
    void everySeedLineIsInTheEffectiveConfigurationInOrder(Role role) throws Exception {
        Path seed = LabFiles.seed(role);
        Path overlay = LabFiles.overlay(role);
        String merged = ConfigOverlay.merge(Files.readString(seed), seed.toString(),
                overlay == null ? null : Files.readString(overlay), String.valueOf(overlay));
        List<String> effective = List.of(merged.split("\n", -1));
        int at = 0;
        for (String line : Files.readAllLines(seed)) {
            int found = effective.subList(at, effective.size()).indexOf(line);
            int from = at;
            assertTrue(found >= 0, () -> role + ": seed line \"" + line + "\" not found after line " + from + ":\n" + merged);
            at += found + 1;
        }
    }
}
