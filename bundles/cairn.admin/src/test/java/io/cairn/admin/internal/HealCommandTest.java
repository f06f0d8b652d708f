/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cairn.api.heal.HealService;
import io.cairn.api.heal.HealStatus;
import io.cairn.api.object.BucketStore;

/** {@code cairn:heal} signals bad usage and failures by exceptions, which the admin endpoint turns into statuses. */
class HealCommandTest {

    /** A heal service that must not be asked to start anything. */
    private static final HealService NO_HEAL = fake(HealService.class, null);
    /** An object store without buckets. */
    private static final BucketStore NO_BUCKETS = fake(BucketStore.class, Optional.empty());

    @Test
    void unknownSubcommandsAndMissingArgumentsAreBadUsage() {
        HealCommand command = new HealCommand(NO_HEAL, NO_BUCKETS);
        assertEquals(HealCommand.USAGE, assertThrows(IllegalArgumentException.class,
                () -> command.heal("bogus")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> command.heal());
        assertThrows(IllegalArgumentException.class, () -> command.heal("start", "a", "b"));
    }

    @Test
    void unknownOptionsAndExtraArgumentsAreBadUsageNotIgnored() {
        HealCommand command = new HealCommand(NO_HEAL, NO_BUCKETS);
        for (String[] args : new String[][] {{"status", "extra"}, {"status", "--xml"}, {"status", "--deep"},
                {"stop", "--json"}, {"stop", "now"}, {"start", "--foo"}, {"start", "--json", "bucket"}}) {
            String message = assertThrows(IllegalArgumentException.class, () -> command.heal(args),
                    String.join(" ", args)).getMessage();
            assertTrue(message.endsWith(HealCommand.USAGE), message);
        }
    }

    @Test
    void healingABucketThatDoesNotExistFails() {
        HealCommand command = new HealCommand(NO_HEAL, NO_BUCKETS);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> command.heal("start", "no-such-bucket-xyz/some/prefix"));
        assertEquals("bucket 'no-such-bucket-xyz' does not exist", e.getMessage());
    }

    @Test
    void aStartWhileAManualHealRunsIsRefusedWithHowToStopItUnlessForced() {
        List<Boolean> replaceAsked = new ArrayList<>();
        HealService running = (HealService) Proxy.newProxyInstance(HealService.class.getClassLoader(),
                new Class<?>[] {HealService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("start") || args.length != 4) {
                        throw new AssertionError("unexpected call of " + method.getName());
                    }
                    replaceAsked.add((Boolean) args[3]);
                    if (!(Boolean) args[3]) {
                        throw new IllegalStateException("manual heal heal-1 of all buckets is still running");
                    }
                    return new HealStatus.Task("heal-2", "manual", "all buckets", "scanning", Instant.EPOCH, null,
                            0, 0, 0, 0, 0, 0, 0, -1);
                });
        HealCommand command = new HealCommand(running, NO_BUCKETS);

        String refused = assertThrows(IllegalStateException.class, () -> command.heal("start")).getMessage();
        assertEquals("manual heal heal-1 of all buckets is still running; stop it with cairn:heal stop, or replace"
                + " it with cairn:heal start --force", refused);
        assertTrue(command.heal("start", "--force").startsWith("Heal heal-2 of all buckets started"));
        assertEquals(List.of(false, true), replaceAsked);
    }

    private static <T> T fake(Class<T> type, Object answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("bucketInfo")) {
                return answer;
            }
            throw new AssertionError("unexpected call of " + method.getName());
        }));
    }
}
