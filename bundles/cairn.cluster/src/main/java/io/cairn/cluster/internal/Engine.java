/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.cairn.api.erasure.BitrotChecksum;
import io.cairn.api.erasure.ErasureCodec;
import io.cairn.api.lock.LockService;
import io.cairn.api.object.ErrorKind;
import io.cairn.api.object.ObjectStoreException;
import io.cairn.api.storage.Drive;

/**
 * What every erasure set shares: the I/O executor, the current codec and checksum, locks, configuration and the
 * damage reporter. Codec and checksum are read through suppliers once per operation, so a provider swapped while
 * an operation runs does not affect that operation.
 *
 * @param io the executor running drive calls in parallel
 * @param codec the current erasure codec, or {@code null} while none is available
 * @param checksum the current bitrot checksum, or {@code null} while none is available
 * @param locks the lock service
 * @param config the tunables
 * @param damage receives damage found on the data path
 * @param placement the deployment's placement
 * @param buffers reuses the data path's block and frame buffers
 * @param memory bounds the bytes those buffers hold at once, over all bodies moving through the node
 */
record Engine(ExecutorService io, Supplier<ErasureCodec> codec, Supplier<BitrotChecksum> checksum,
        LockService locks, EngineConfig config, DamageReporter damage, Placement placement, BufferPool buffers,
        MemoryBudget memory) {

    /**
     * Returns the codec for a new operation.
     *
     * @return the codec
     * @throws ObjectStoreException {@code INTERNAL} when no codec is available
     */
    ErasureCodec currentCodec() throws ObjectStoreException {
        ErasureCodec c = codec.get();
        if (c == null) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "no erasure codec available");
        }
        return c;
    }

    /**
     * Returns the checksum for a new operation.
     *
     * @return the checksum
     * @throws ObjectStoreException {@code INTERNAL} when none is available
     */
    BitrotChecksum currentChecksum() throws ObjectStoreException {
        BitrotChecksum c = checksum.get();
        if (c == null) {
            throw new ObjectStoreException(ErrorKind.INTERNAL, "no bitrot checksum available");
        }
        return c;
    }

    /**
     * Runs one task per drive in parallel and collects the outcomes in order.
     *
     * @param <T> the result type
     * @param tasks the tasks, {@code null} entries are skipped
     * @return per task the result or the exception
     */
    <T> List<Outcome<T>> parallel(List<Callable<T>> tasks) {
        // The caller would only wait: it runs the last task itself, which saves a thread hand-off per call.
        int own = tasks.size() - 1;
        while (own >= 0 && tasks.get(own) == null) {
            own--;
        }
        if (own < 0) {
            return await(submit(tasks));
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Callable<T> task = tasks.get(i);
            futures.add(task == null || i == own ? null : io.submit(task));
        }
        Outcome<T> mine = call(tasks.get(own));
        List<Outcome<T>> outcomes = await(futures);
        outcomes.set(own, mine);
        return outcomes;
    }

    /**
     * Runs one cheap call per drive (a stat, a probe, removing what is usually absent). Calls to this node's own
     * drives run one after another on the calling thread, which costs far less than handing each to another
     * thread and waking the caller when it is done; calls to other nodes' drives run in parallel meanwhile.
     *
     * @param <T> the result type
     * @param drives the drives, one per task
     * @param tasks the tasks, {@code null} entries are skipped
     * @return per task the result or the exception, {@code null} for skipped tasks
     */
    <T> List<Outcome<T>> quick(List<Drive> drives, List<Callable<T>> tasks) {
        List<Callable<T>> remote = new ArrayList<>(tasks.size());
        boolean anyRemote = false;
        for (int i = 0; i < tasks.size(); i++) {
            boolean away = tasks.get(i) != null && !isLocal(drives.get(i));
            remote.add(away ? tasks.get(i) : null);
            anyRemote |= away;
        }
        List<Future<T>> futures = anyRemote ? submit(remote) : null;
        List<Outcome<T>> outcomes = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Callable<T> task = tasks.get(i);
            outcomes.add(task == null || remote.get(i) != null ? null : call(task));
        }
        if (futures != null) {
            List<Outcome<T>> away = await(futures);
            for (int i = 0; i < tasks.size(); i++) {
                if (remote.get(i) != null) {
                    outcomes.set(i, away.get(i));
                }
            }
        }
        return outcomes;
    }

    /**
     * Tells whether a drive is served by this node's file system (drives that are not slots of the layout, as in
     * tests, count as local).
     *
     * @param d the drive
     * @return {@code true} unless it is another node's drive
     */
    static boolean isLocal(Drive d) {
        return !(d instanceof ReconnectingDrive r) || r.local();
    }

    private static <T> Outcome<T> call(Callable<T> task) {
        try {
            return new Outcome<>(task.call(), null);
        } catch (Exception e) {
            return new Outcome<>(null, e);
        }
    }

    /**
     * Starts one task per drive without waiting; pair with {@link #await}.
     *
     * @param <T> the result type
     * @param tasks the tasks, {@code null} entries are skipped
     * @return the futures, {@code null} for skipped tasks
     */
    <T> List<Future<T>> submit(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(task == null ? null : io.submit(task));
        }
        return futures;
    }

    /**
     * Waits for tasks started by {@link #submit} and collects their outcomes in order.
     *
     * @param <T> the result type
     * @param futures the futures
     * @return per task the result or the exception, {@code null} for skipped tasks
     */
    <T> List<Outcome<T>> await(List<Future<T>> futures) {
        List<Outcome<T>> outcomes = new ArrayList<>(futures.size());
        boolean interrupted = false;
        for (Future<T> f : futures) {
            if (f == null) {
                outcomes.add(null);
                continue;
            }
            while (true) {
                try {
                    outcomes.add(new Outcome<>(f.get(), null));
                    break;
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause() instanceof Exception ex ? ex
                            : new RuntimeException(e.getCause())));
                    break;
                } catch (InterruptedException e) {
                    // Drive calls must finish before their buffers are reused; wait and re-interrupt afterwards.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcomes;
    }

    /**
     * The outcome of one parallel task.
     *
     * @param <T> the result type
     * @param value the result, {@code null} on failure
     * @param error the failure, {@code null} on success
     */
    record Outcome<T>(T value, Exception error) {

        /**
         * Tells whether the task succeeded.
         *
         * @return {@code true} on success
         */
        boolean ok() {
            return error == null;
        }
    }
}
