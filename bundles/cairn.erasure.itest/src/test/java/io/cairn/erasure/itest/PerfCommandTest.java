/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.erasure.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The {@code cairn:perf} Gogo command is registered as Gogo expects (scope and function properties) and
 * measures the codecs it is bound to. Called reflectively, as Gogo does: its class is private to its bundle.
 */
@ExtendWith(BundleContextExtension.class)
class PerfCommandTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void perfCodecReportsEveryRegisteredCodecAsJson() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                "(&(osgi.command.scope=cairn)(osgi.command.function=perf))");
        assertNotNull(refs, "cairn:perf is not registered");
        assertEquals(1, refs.length);
        Object command = context.getService(refs[0]);
        Method perf = command.getClass().getMethod("perf", String[].class);
        String out = (String) perf.invoke(command, (Object) new String[] {"codec", "2+1", "--json"});
        assertTrue(out.matches("\\{\"codec\":\"rs-cauchy-gf8-v1/portable\",\"data\":2,\"parity\":1,"
                + "\"encodeMBps\":[0-9.]+,\"reconstructMBps\":[0-9.]+}\n"), out);
        // Bad usage is an IllegalArgumentException, which the admin endpoint answers with exit status 2.
        java.lang.reflect.InvocationTargetException usage = assertThrows(
                java.lang.reflect.InvocationTargetException.class,
                () -> perf.invoke(command, (Object) new String[] {"disk"}));
        assertTrue(usage.getCause() instanceof IllegalArgumentException
                && usage.getCause().getMessage().startsWith("usage: perf codec"), String.valueOf(usage.getCause()));
        context.ungetService(refs[0]);
    }
}
