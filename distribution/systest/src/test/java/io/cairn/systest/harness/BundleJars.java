/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Bundles of the packaged runtime, for hot-swap tests: "the next release" of a bundle is the bundle the runtime
 * ships with a higher {@code Bundle-Version}, the same classes and everything else unchanged.
 */
public final class BundleJars {

    private static final String RUNTIME_JAR = "lib/cairn.runtime-cairn.jar";

    private BundleJars() {
    }

    /**
     * Writes a copy of a runtime bundle with another version.
     *
     * @param distribution the distribution whose runtime jar holds the bundle
     * @param symbolicName the bundle's symbolic name, e.g. {@code cairn.rpc.http}
     * @param version the new {@code Bundle-Version}
     * @param target the jar to write (outside {@code deploy/}: move it there once complete)
     * @throws IOException when the bundle is missing or cannot be copied
     */
    public static void withVersion(Distribution distribution, String symbolicName, String version, Path target)
            throws IOException {
        byte[] original = bundle(distribution, symbolicName);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(original))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream file = Files.newOutputStream(target);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }

    private static byte[] bundle(Distribution distribution, String symbolicName) throws IOException {
        try (JarFile runtime = new JarFile(distribution.home().resolve(RUNTIME_JAR).toFile())) {
            for (JarEntry entry : java.util.Collections.list(runtime.entries())) {
                if (entry.getName().startsWith("jar/" + symbolicName + "-") && entry.getName().endsWith(".jar")) {
                    try (InputStream in = runtime.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                }
            }
        }
        throw new IOException("no bundle " + symbolicName + " in " + RUNTIME_JAR);
    }
}
