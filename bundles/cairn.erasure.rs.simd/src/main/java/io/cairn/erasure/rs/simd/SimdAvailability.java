/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.rs.simd;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Enables {@link SimdReedSolomon} when the JVM offers the Vector API, so the vectorised codec registers only
 * where it can run; otherwise logs one INFO line and leaves the portable codec to serve. This class never
 * touches {@code jdk.incubator.vector} types itself, so it loads on any JVM.
 */
@Component(immediate = true, service = {})
public final class SimdAvailability {

    private static final System.Logger LOG = System.getLogger(SimdAvailability.class.getName());
    private static final String MODULE = "jdk.incubator.vector";
    /** The kernel keeps 64-entry tables in one vector: it needs 64 byte lanes (512-bit vectors). */
    private static final int MIN_LANES = 64;

    @Activate
    void activate(ComponentContext context) {
        String missing = unavailableReason();
        if (missing == null) {
            context.enableComponent(SimdReedSolomon.class.getName());
        } else {
            LOG.log(System.Logger.Level.INFO, "SIMD erasure codec not registered: {0}; the portable codec serves",
                    missing);
        }
    }

    /**
     * Tells why the vectorised codec cannot run here.
     *
     * @return {@code null} when it can run, else a one-line reason
     */
    static String unavailableReason() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return MODULE + " is not in the JVM's boot layer (start the JVM with --add-modules " + MODULE + ")";
        }
        try {
            int lanes = VectorKernel.preferredLanes();
            if (lanes < MIN_LANES) {
                return "this CPU's preferred vectors hold " + lanes + " bytes, the kernel needs " + MIN_LANES;
            }
            if (VectorKernel.LANES != MIN_LANES) {
                return "unexpected kernel vector length " + VectorKernel.LANES;
            }
            return null;
        } catch (LinkageError e) {
            return MODULE + " cannot be loaded: " + e;
        }
    }
}
