/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.runtime.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Boots the production run file's bundles (with the cairn.server.* settings a launch would pass) and checks that
 * the runtime is whole: every bundle active, every Declarative Services component satisfied or active, the node
 * configuration created from the launcher's settings, and the cairn:info command answering.
 */
class RuntimeTest {

    private static final long DEADLINE_MS = 30_000L;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ServiceComponentRuntime scr;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    CommandProcessor shell;

    @Test
    void everyBundleIsActive() {
        assertEquals(List.of(), waitFor(this::inactiveBundles), "bundles not active");
    }

    @Test
    void everyComponentIsSatisfied() {
        List<String> problems = waitFor(this::unsatisfiedComponents);
        assertEquals(List.of(), problems, "components not satisfied");
        long cairnComponents = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.bundle.symbolicName.startsWith("cairn.")).count();
        assertTrue(cairnComponents >= 4, "expected Cairn's components, found " + cairnComponents);
    }

    @Test
    void launcherSettingsBecomeNodeConfiguration() throws Exception {
        var configs = waitFor(() -> {
            try {
                var found = configAdmin.listConfigurations("(service.pid=io.cairn.node)");
                return found == null ? List.of("none yet") : List.of();
            } catch (Exception e) {
                return List.of(e.toString());
            }
        });
        assertEquals(List.of(), configs);
        var properties = configAdmin.getConfiguration("io.cairn.node", "?").getProperties();
        assertEquals("127.0.0.1:0", properties.get("address"));
        assertEquals("itest-admin", properties.get("rootUser"));
        assertEquals("itest-password", properties.get(".rootPassword"), "kept under a private key");
        assertTrue(String.valueOf(properties.get("volumes")).endsWith("/target/itest-drives/d{1...4}"));
    }

    @Test
    void noServiceExposesTheRootPassword() throws Exception {
        waitFor(this::unsatisfiedComponents);
        assertEquals(null, context.getAllServiceReferences(null, "(|(rootPassword=*)(.rootPassword=*))"));
    }

    @Test
    void infoCommandDescribesTheNode() throws Exception {
        waitFor(this::unsatisfiedComponents);
        String output = run("cairn:info");
        assertTrue(output.contains("Endpoint:   127.0.0.1:0"), output);
        assertTrue(output.contains("d{1...4}") || output.contains("d1"), output);
        assertTrue(output.contains("Codecs:"), output);
    }

    @Test
    void metricsEndpointAndPrometheusCommandAreThere() throws Exception {
        waitFor(this::unsatisfiedComponents);
        assertEquals(1, context.getServiceReferences("org.eclipse.jetty.server.Handler",
                "(cairn.http.path=/minio/v2/metrics/)").length, "the metrics handler");
        String output = run("cairn:prometheus generate node");
        assertTrue(output.contains("bearer_token: ey"), output);
        assertTrue(output.contains("metrics_path: /minio/v2/metrics/node"), output);
    }

    private String run(String line) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CommandSession session = shell.createSession(InputStream.nullInputStream(), print, print);
        try {
            Object result = session.execute(line);
            if (result != null) {
                print.println(result);
            }
        } finally {
            session.close();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private List<String> inactiveBundles() {
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                inactive.add(bundle.getSymbolicName() + " state " + bundle.getState());
            }
        }
        return inactive;
    }

    private List<String> unsatisfiedComponents() {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                problems.add(description.name + " has no configuration (missing required configuration?)");
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.SATISFIED
                        && configuration.state != ComponentConfigurationDTO.ACTIVE) {
                    problems.add(description.name + " state " + configuration.state
                            + (configuration.failure == null ? "" : ": " + configuration.failure));
                }
            }
        }
        return problems;
    }

    /** Polls every 10 ms until the supplier reports no problem or the deadline passes; returns the last report. */
    private static List<String> waitFor(Supplier<List<String>> problems) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        List<String> last = problems.get();
        while (!last.isEmpty() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            last = problems.get();
        }
        if (last == null) {
            fail("no report");
        }
        return last;
    }
}
