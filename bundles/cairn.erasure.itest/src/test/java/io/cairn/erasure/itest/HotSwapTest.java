/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.erasure.ErasureCodec;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hot swap of the SIMD codec under load: a consumer that always uses the highest-ranked {@link ErasureCodec}
 * encodes and reconstructs golden stripes without pause while the SIMD bundle is installed, updated to a new
 * version and uninstalled. Every call must succeed with the golden bytes, and the consumer must move from the
 * portable codec to the SIMD codec (both versions) and back.
 */
@ExtendWith(BundleContextExtension.class)
class HotSwapTest {

    private static final long TIMEOUT_MS = 30_000;

    @InjectBundleContext
    BundleContext context;

    private ServiceTracker<ErasureCodec, ErasureCodec> tracker;
    private List<Golden.Case> cases;

    @BeforeEach
    void setUp() throws Exception {
        tracker = new ServiceTracker<>(context, ErasureCodec.class, null);
        tracker.open();
        cases = Golden.load(32);
        assertTrue(cases.size() > 20, "golden vectors missing");
        await("the portable codec", () -> "portable".equals(implementationOf(tracker.getServiceReference())));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Bundle b : context.getBundles()) {
            if ("cairn.erasure.rs.simd".equals(b.getSymbolicName())) {
                b.uninstall();
            }
        }
        tracker.close();
    }

    @Test
    void consumerFollowsTheHighestRankedCodecThroughInstallUpdateAndUninstall() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicLong calls = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = new Thread(() -> {
            for (int round = 0; !stop.get(); round++) {
                try {
                    ServiceReference<ErasureCodec> ref = tracker.getServiceReference();
                    Bundle provider = ref == null ? null : ref.getBundle();
                    ErasureCodec codec = provider == null ? null : tracker.getService(ref);
                    if (codec == null) {
                        // The service went away between the two lookups; the tracker has the next one.
                        continue;
                    }
                    String who = codec.implementation() + "@" + provider.getVersion();
                    Golden.roundTrip(codec, cases.get(round % cases.size()), round);
                    calls.incrementAndGet();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(who)) {
                        seen.add(who);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }, "codec-consumer");
        consumer.start();
        try {
            // The sequence below starts on the portable codec: a consumer thread scheduled late would otherwise
            // make its first call on the SIMD codec already, and the sequence would lack its first step.
            await("the consumer on the portable codec", () -> lastSeen(seen).startsWith("portable@"));
            Bundle simd = context.installBundle("simd-v1", open("cairn.itest.simd.v1"));
            simd.start();
            await("the consumer on SIMD 0.1", () -> lastSeen(seen).startsWith("simd@0.1."));
            simd.update(open("cairn.itest.simd.v2"));
            refresh(simd);
            await("the consumer on SIMD 0.2", () -> lastSeen(seen).startsWith("simd@0.2."));
            long before = calls.get();
            await("more calls on SIMD 0.2", () -> calls.get() > before + 50);
            simd.uninstall();
            await("the consumer back on portable", () -> lastSeen(seen).startsWith("portable@"));
        } finally {
            stop.set(true);
            consumer.join(TIMEOUT_MS);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " calls failed; providers seen: " + seen, failures.get(0));
        }
        assertTrue(calls.get() > 100, "too few calls: " + calls.get());
        List<String> implementations = new ArrayList<>();
        for (String s : seen) {
            implementations.add(s.substring(0, s.indexOf('@')) + (s.contains("@0.2.") ? "2" : ""));
        }
        assertTrue(isSubsequence(List.of("portable", "simd", "simd2", "portable"), implementations),
                "provider sequence " + seen);
    }

    @Test
    void callsBegunBeforeUninstallComplete() throws Exception {
        Bundle simd = context.installBundle("simd-v1", open("cairn.itest.simd.v1"));
        simd.start();
        await("the SIMD codec", () -> "simd".equals(implementationOf(tracker.getServiceReference())));
        ErasureCodec held = tracker.getService();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            for (int round = 0; round < 400; round++) {
                try {
                    Golden.roundTrip(held, cases.get(round % cases.size()), round);
                } catch (Throwable t) {
                    failures.add(t);
                }
                started.countDown();
            }
        }, "held-codec-caller");
        caller.start();
        assertTrue(started.await(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        simd.uninstall();
        caller.join(TIMEOUT_MS);
        assertEquals(List.of(), failures);
        Golden.roundTrip(held, cases.get(0), 1);
        assertEquals("simd", held.implementation());
    }

    @Test
    void providersRegisterWithTheirRankingAndIds() throws Exception {
        Bundle simd = context.installBundle("simd-v1", open("cairn.itest.simd.v1"));
        simd.start();
        await("two codecs", () -> tracker.size() == 2);
        for (ServiceReference<ErasureCodec> ref : tracker.getServiceReferences()) {
            assertEquals("rs-cauchy-gf8-v1", ref.getProperty(ErasureCodec.CODEC_ID));
            boolean isSimd = "simd".equals(ref.getProperty(ErasureCodec.IMPLEMENTATION));
            assertEquals(isSimd ? 10 : 0, ref.getProperty("service.ranking"));
        }
        simd.uninstall();
        await("one codec", () -> tracker.size() == 1);
    }

    private static String implementationOf(ServiceReference<ErasureCodec> ref) {
        return ref == null ? null : (String) ref.getProperty(ErasureCodec.IMPLEMENTATION);
    }

    private static String lastSeen(List<String> seen) {
        synchronized (seen) {
            return seen.isEmpty() ? "" : seen.get(seen.size() - 1);
        }
    }

    private static InputStream open(String property) throws Exception {
        String file = System.getProperty(property);
        assertTrue(file != null && !file.isEmpty(), "run property " + property + " not set");
        return new FileInputStream(file);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue(done.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "refresh timed out");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean isSubsequence(List<String> wanted, List<String> actual) {
        int i = 0;
        for (String a : actual) {
            if (i < wanted.size() && wanted.get(i).equals(a)) {
                i++;
            }
        }
        return i == wanted.size();
    }
}
