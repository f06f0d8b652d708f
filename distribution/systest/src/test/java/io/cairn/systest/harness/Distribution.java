/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.systest.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The unpacked distribution under test ({@code bin/cairn} and its libraries), located by the {@code cairn.dist}
 * system property the build sets, and a scratch directory per test run ({@code cairn.work}).
 */
public final class Distribution {

    private final Path home;
    private final Path work;

    private Distribution(Path home, Path work) {
        this.home = home;
        this.work = work;
    }

    /**
     * Finds the distribution the build unpacked.
     *
     * @return the distribution
     * @throws IllegalStateException when it is missing (run {@code mvn verify} from the root)
     */
    public static Distribution fromBuild() {
        Path home = Path.of(System.getProperty("cairn.dist", "../target/unpacked-distribution-missing"));
        if (!Files.isExecutable(home.resolve("bin/cairn"))) {
            throw new IllegalStateException("No packaged distribution at " + home + "; build it with mvn verify");
        }
        Path work = Path.of(System.getProperty("cairn.work", "target/work"));
        return new Distribution(home.toAbsolutePath(), work.toAbsolutePath());
    }

    /**
     * Makes an installation of its own for one node, as an operator's machine has: copies of {@code bin/},
     * {@code conf/} and {@code deploy/} (a test may change them, and a node must never see another node's), and the
     * libraries shared through a link.
     *
     * @param target the new installation directory (must not exist)
     * @return the distribution at that directory, with the same scratch area
     * @throws IOException when copying fails
     */
    public Distribution installCopy(Path target) throws IOException {
        Files.createDirectories(target);
        for (String dir : List.of("bin", "conf", "deploy")) {
            copyTree(home.resolve(dir), target.resolve(dir));
        }
        Files.createSymbolicLink(target.resolve("lib"), home.resolve("lib"));
        return new Distribution(target.toAbsolutePath(), work);
    }

    /**
     * Copies the whole installation, libraries included, as an operator unpacks it.
     *
     * @param target the new installation directory (must not exist)
     * @return the distribution at that directory, with the same scratch area
     * @throws IOException when copying fails
     */
    public Distribution fullCopy(Path target) throws IOException {
        copyTree(home, target);
        return new Distribution(target.toAbsolutePath(), work);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** @return the installation directory */
    public Path home() {
        return home;
    }

    /**
     * Makes an installation of its own ({@link #installCopy}) and writes configuration files into its
     * {@code conf/}.
     *
     * @param target the new installation's directory; must not exist yet
     * @param confFiles configuration files to write into the copy's {@code conf/}, by file name
     * @return the copy, sharing this distribution's scratch area
     * @throws IOException when copying fails
     */
    public Distribution copyTo(Path target, Map<String, String> confFiles) throws IOException {
        Distribution copy = installCopy(target);
        for (Map.Entry<String, String> f : confFiles.entrySet()) {
            Files.writeString(copy.home().resolve("conf").resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        return copy;
    }

    /**
     * Creates a fresh scratch directory for one test.
     *
     * @param name a name for the directory (the test's name)
     * @return the new, empty directory
     * @throws IOException when it cannot be created
     */
    public Path scratch(String name) throws IOException {
        Files.createDirectories(work);
        return Files.createTempDirectory(work, name + "-");
    }

    /**
     * The command that runs {@code bin/cairn} with arguments.
     *
     * @param args the arguments
     * @return the command line
     */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/cairn").toString());
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code bin/cairn} to completion.
     *
     * @param args the arguments
     * @param env extra environment variables
     * @param workDir the working directory
     * @param limit how long the command may take before it is killed and the test fails
     * @return the exit status and output
     * @throws IOException when the process cannot be started
     * @throws InterruptedException when interrupted while waiting
     */
    public Result run(List<String> args, Map<String, String> env, Path workDir, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("MINIO_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("cairn " + args + " did not finish within " + limit + "; output: "
                    + Files.readString(out) + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * What a finished command printed.
     *
     * @param status the exit status
     * @param out standard output
     * @param err standard error
     */
    public record Result(int status, String out, String err) {
    }
}
