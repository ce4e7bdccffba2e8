package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code tunnel check} output. */
class ConfigReportTest {

    @Test
    void seedWebserverReport() throws ConfigException {
        String report = ConfigReport.render(SeedConfigsTest.load("webserver.conf"));
        assertTrue(report.contains("Result: OK (3 services), 0 errors, 3 warnings\n"), report);
        assertTrue(report.contains("\nService [ldaps]  ("), report);
        assertTrue(report.contains("  client               = yes\n"), report);
        assertTrue(report.contains("  accept               = 0.0.0.0:389\n"), report);
        assertTrue(report.contains("  connect              = ldap.tinynet.edu:636\n"), report);
        assertTrue(report.contains("  failover             = prio  (default)\n"), report);
        assertTrue(report.contains("  foreground           = no  (default)  (approximated)\n"), report);
        assertTrue(report.contains("TLS 1.2 suites: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"), report);
        assertTrue(report.contains("  Service [smtps] needs authentication to prevent MITM attacks\n"), report);
        assertTrue(report.contains("Known stunnel options not supported"), report);
        assertTrue(report.contains(" setuid,"), report);
    }

    @Test
    void changedValuesAreNotMarkedDefault() throws ConfigException {
        String report = ConfigReport.render(Conf.baseline().service("TIMEOUTidle", "60").parse());
        assertTrue(report.contains("  TIMEOUTidle          = 60 s\n"), report);
        assertTrue(report.contains("  TIMEOUTbusy          = 300 s  (default)\n"), report);
    }

    @Test
    void brokenConfigurationListsEveryError() {
        CheckResult result = Conf.baseline().serviceLine("foo = bar").serviceLine("client = maybe").check();
        String report = ConfigReport.render(result);
        assertTrue(report.contains("Result: FAILED, 2 errors, 0 warnings\n"), report);
        assertTrue(report.contains("  /etc/tunnel/test.conf:7: \"foo = bar\": Specified option name is not valid here\n"), report);
        assertTrue(report.contains("  /etc/tunnel/test.conf:8: \"client = maybe\": Illegal boolean"), report);
        assertFalse(report.contains("Service [svc]"), report);
    }
}
