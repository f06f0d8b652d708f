/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.lock.dsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.cairn.api.lock.LockService;
import io.cairn.api.lock.LockTimeoutException;
import io.cairn.api.rpc.LockAnswer;
import io.cairn.api.rpc.LockRequest;

/**
 * Settings of {@code conf/io.cairn.lock.dsync.cfg} that convert but make no sense stop the node's locks, naming the
 * setting, instead of letting the local lock service stand in for the deployment's.
 */
class DsyncSettingsTest {

    private static final String TWO_NODES = "http://node{1...2}:9000/data{1...2}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "expiryMs|0|expiryMs = 0 is refused: must be at least 1",
        "refreshIntervalMs|-1|refreshIntervalMs = -1 is refused: must be at least 1",
        "refreshIntervalMs|30000|refreshIntervalMs = 30000 is refused: must be below expiryMs (30000)",
        "maxLocks|0|maxLocks = 0 is refused: must be at least 1",
        "retryInitialMs|0|retryInitialMs = 0 is refused: must be at least 1",
        "retryMaxMs|5|retryMaxMs = 5 is refused: must be at least retryInitialMs (10)",
        "waitExpiryMs|-1|waitExpiryMs = -1 is refused: must be at least 0",
        "unreachableGiveUpMs|-1|unreachableGiveUpMs = -1 is refused: must be at least 0",
        "releaseWaitMs|-1|releaseWaitMs = -1 is refused: must be at least 0",
        "callThreads|0|callThreads = 0 is refused: must be at least 1"})
    void aSettingOutOfItsRangeStopsTheNodesLocksNamingFileAndSetting(String name, String value, String expected)
            throws Exception {
        String refusal = "conf/io.cairn.lock.dsync.cfg: " + expected
                + "; distributed locks are stopped on this node until the file is corrected";
        DsyncConfig config = TestSettings.dsync(Map.of(name, convert(name, value)));
        assertEquals(Optional.of(refusal), DsyncSettings.refusal(config, Map.of()));

        LockServerComponent server = new LockServerComponent(config);
        LockRequest request = new LockRequest("bucket/key", "uid-1", "node1:9000");
        assertEquals(LockAnswer.refused(-1), server.enter(request, true));
        assertFalse(server.lock(request));
        assertFalse(server.readLock(request));
        server.deactivate();

        List<Object> registered = new ArrayList<>();
        DsyncComponent component = new DsyncComponent(server);
        component.activate(TestSettings.dsync(Map.of("volumes", TWO_NODES, name, convert(name, value))), Map.of(),
                context(registered));
        LockService locks = assertInstanceOf(LockService.class, registered.get(0));
        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> locks.writeLock("bucket/key", Duration.ofSeconds(1)));
        assertEquals(refusal, e.getMessage());
        component.deactivate();
    }

    @ParameterizedTest
    @CsvSource({"expiryMs,10001", "refreshIntervalMs,29999", "retryMaxMs,10", "waitExpiryMs,0",
        "unreachableGiveUpMs,0", "releaseWaitMs,0", "maxLocks,1", "callThreads,1"})
    void sensibleValuesAreTaken(String name, String value) {
        DsyncConfig config = TestSettings.dsync(Map.of(name, convert(name, value)));
        assertEquals(Optional.empty(), DsyncSettings.refusal(config, Map.of()));
        LockServerComponent server = new LockServerComponent(config);
        assertTrue(server.lock(new LockRequest("bucket/key", "uid-1", "node1:9000")));
        server.deactivate();
    }

    @Test
    void theDefaultsAreTakenAndServeTheDeployment() {
        assertEquals(Optional.empty(), DsyncSettings.refusal(TestSettings.dsync(Map.of()), Map.of()));
        LockServerComponent server = new LockServerComponent(TestSettings.dsync(Map.of()));
        List<Object> registered = new ArrayList<>();
        DsyncComponent component = new DsyncComponent(server);
        component.activate(TestSettings.dsync(Map.of("volumes", TWO_NODES)), Map.of(), context(registered));
        assertInstanceOf(DsyncLockService.class, registered.get(0));
        component.deactivate();
        server.deactivate();
    }

    /** A bundle context that records the services registered through it. */
    private static BundleContext context(List<Object> registered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                ServiceRegistration.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[2] instanceof Dictionary<?, ?>) {
                        registered.add(args[1]);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object convert(String name, String value) {
        return name.equals("maxLocks") || name.equals("callThreads") ? (Object) Integer.valueOf(value)
                : (Object) Long.valueOf(value);
    }

    @Test
    void aValueThatDoesNotConvertIsRefusedNamingFileSettingAndValue() {
        Map<String, Object> given = Map.of("expiryMs", "30s");
        DsyncConfig config = (DsyncConfig) java.lang.reflect.Proxy.newProxyInstance(
                DsyncConfig.class.getClassLoader(), new Class<?>[] {DsyncConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("expiryMs")) {
                        throw new IllegalArgumentException("For input string: \"30s\"");
                    }
                    return method.getDefaultValue();
                });
        assertEquals(Optional.of("conf/io.cairn.lock.dsync.cfg: expiryMs = 30s is refused: must be a whole number;"
                + " distributed locks are stopped on this node until the file is corrected"),
                DsyncSettings.refusal(config, given));
    }
}
