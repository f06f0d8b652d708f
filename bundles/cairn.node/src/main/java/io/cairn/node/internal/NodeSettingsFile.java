/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.node.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the operator's {@value NodeSettings#FILE}: lines {@code name = value} as in the other files of
 * {@code conf/}, {@code #} starting a comment. File Install does not read this file (its watcher of {@code conf/}
 * leaves it out): it would replace the node configuration whole, endpoints and credentials included.
 */
final class NodeSettingsFile {

    private NodeSettingsFile() {
    }

    /**
     * Reads the file.
     *
     * @param file the file
     * @return the settings sorted by name, values trimmed; empty when there is no file
     * @throws IOException when the file exists but cannot be read (or is not UTF-8)
     */
    static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            settings.put(name.trim(), properties.getProperty(name).trim());
        }
        return settings;
    }
}
