/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.api.topology.Endpoint;

class SameDrivesTest {

    @TempDir
    Path tmp;

    private Optional<String> find(Path... folders) {
        return SameDrives.find(java.util.Arrays.stream(folders).map(p -> Endpoint.parse(p.toString())).toList(),
                e -> e.toString().substring(tmp.toString().length() + 1));
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void aFolderAndALinkToItAreTheSameDrive() throws Exception {
        Path d1 = dir("d1");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), d1);
        assertEquals(Optional.of("'d1' and 'link' are the same folder (" + d1.toRealPath()
                + "); every drive may appear only once"), find(d1, dir("d2"), link, dir("d3")));
    }

    @Test
    void twoFoldersWithTheSameDriveIdAreTheSameDrive() throws Exception {
        String format = "{\"formatVersion\":1,\"deploymentId\":\"dep\",\"driveId\":\"abc-123\",\"pool\":0}";
        Files.writeString(dir("d1").resolve(SameDrives.FORMAT_FILE), format);
        Files.writeString(dir("copy").resolve(SameDrives.FORMAT_FILE), format);
        Files.writeString(dir("d2").resolve(SameDrives.FORMAT_FILE), format.replace("abc-123", "def-456"));
        Optional<String> same = find(tmp.resolve("d1"), tmp.resolve("d2"), tmp.resolve("copy"));
        assertEquals(Optional.of("'d1' and 'copy' hold the same drive (drive id abc-123); every drive may appear"
                + " only once"), same);
    }

    @Test
    void distinctMissingAndEmptyFoldersAndUrlsPass() throws Exception {
        assertEquals(Optional.empty(), find(dir("d1"), dir("d2"), tmp.resolve("not-yet"), tmp.resolve("not-yet2")));
        assertTrue(SameDrives.find(List.of(Endpoint.parse("http://a:9000" + tmp.resolve("d1")),
                Endpoint.parse("http://b:9000" + tmp.resolve("d1"))), Endpoint::toString).isEmpty(),
                "URL endpoints are checked by their own nodes");
    }
}
