/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.cli.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.cairn.api.topology.LayoutException;
import io.cairn.api.topology.StorageClass;
import io.cairn.api.topology.Topology;
import io.cairn.cli.server.EnvironmentVariables.Setting;

/**
 * The validated options of {@code cairn server [--address :9000] [--console-address :9001] ENDPOINT...}.
 *
 * <p>{@link #parse(List, Map)} reads the command line and the environment: {@code CAIRN_OPTS} is split on
 * whitespace and put before the arguments (so the command line wins when an option appears in both),
 * {@code CAIRN_VOLUMES} (split on whitespace) supplies the endpoints when none is given as an argument, and the
 * credentials, server URL, domain, storage classes and the metrics authentication come from their variables.
 * Every variable is also read as {@code MINIO_*} and {@code S3_*}; see {@link EnvironmentVariables} for precedence and
 * {@code docs/configuration.md} for the table. The endpoints are checked with {@link Topology#parse(List)} and
 * the storage classes against every pool's set size.
 *
 * <p>{@link #toProperties()} hands the options to the framework as {@code cairn.server.*} properties and
 * {@link #fromProperties(Function)} reads and validates them again there. Instances are immutable.
 */
public final class ServerOptions {

    /** Prefix of every property {@link #toProperties()} writes. */
    public static final String PREFIX = "cairn.server.";
    /** Property holding the S3 listen address. */
    public static final String ADDRESS = PREFIX + "address";
    /** Property holding the console listen address. */
    public static final String CONSOLE_ADDRESS = PREFIX + "consoleAddress";
    /** Property holding the endpoint arguments, one per line. */
    public static final String VOLUMES = PREFIX + "volumes";
    /** Property holding the root user. */
    public static final String ROOT_USER = PREFIX + "rootUser";
    /** Property holding the root password. */
    public static final String ROOT_PASSWORD = PREFIX + "rootPassword";
    /** Property set to {@code true} when the built-in credentials are in use. */
    public static final String DEFAULT_CREDENTIALS = PREFIX + "defaultCredentials";
    /** Property holding the public URL of the server, when set. */
    public static final String SERVER_URL = PREFIX + "serverUrl";
    /** Property holding the virtual-host-style domains, when set. */
    public static final String DOMAIN = PREFIX + "domain";
    /** Property holding the STANDARD storage class, when set. */
    public static final String STORAGE_CLASS_STANDARD = PREFIX + "storageClassStandard";
    /** Property holding the REDUCED_REDUNDANCY storage class, when set. */
    public static final String STORAGE_CLASS_RRS = PREFIX + "storageClassRrs";
    /** Property holding how the Prometheus endpoints authenticate scrapes, when set. */
    public static final String PROMETHEUS_AUTH_TYPE = PREFIX + "prometheusAuthType";
    /** Property holding the origins allowed to read answers (CORS), when set. */
    public static final String CORS_ALLOW_ORIGIN = PREFIX + "corsAllowOrigin";

    /** S3 address used when none is given. */
    public static final String DEFAULT_ADDRESS = ":9000";
    /** Console address used when none is given. */
    public static final String DEFAULT_CONSOLE_ADDRESS = ":9001";
    /** Root user and password used, with a warning, when none are configured (MinIO's well-known default). */
    public static final String DEFAULT_ROOT = "minioadmin";
    /** Shortest root user MinIO accepts. */
    public static final int MIN_ROOT_USER_LENGTH = 3;
    /** Shortest root password MinIO accepts. */
    public static final int MIN_ROOT_PASSWORD_LENGTH = 8;
    /** Metrics authentication by a bearer token signed with the root password (the default). */
    public static final String PROMETHEUS_AUTH_JWT = "jwt";
    /** Metrics without authentication. */
    public static final String PROMETHEUS_AUTH_PUBLIC = "public";

    private final boolean help;
    private final ListenAddress address;
    private final ListenAddress consoleAddress;
    private final List<String> volumes;
    private final Topology topology;
    private final String rootUser;
    private final String rootPassword;
    private final boolean defaultCredentials;
    private final String serverUrl;
    private final List<String> domains;
    private final StorageClass standard;
    private final StorageClass rrs;
    private final String prometheusAuthType;
    private final String corsAllowOrigin;

    private ServerOptions(Settings s) {
        this.help = s.help;
        if (help) {
            this.address = ListenAddress.parse("--address", DEFAULT_ADDRESS);
            this.consoleAddress = ListenAddress.parse("--console-address", DEFAULT_CONSOLE_ADDRESS);
            this.volumes = List.of();
            this.topology = null;
            this.rootUser = DEFAULT_ROOT;
            this.rootPassword = DEFAULT_ROOT;
            this.defaultCredentials = true;
            this.serverUrl = null;
            this.domains = List.of();
            this.standard = null;
            this.rrs = null;
            this.prometheusAuthType = null;
            this.corsAllowOrigin = null;
            return;
        }
        this.address = ListenAddress.parse(s.address.source(), s.address.value());
        this.consoleAddress = ListenAddress.parse(s.consoleAddress.source(), s.consoleAddress.value());
        if (address.conflictsWith(consoleAddress)) {
            throw new ServerOptionsException("The S3 address " + address + " and the console address "
                    + consoleAddress + " use the same port; give --console-address another one");
        }
        this.volumes = List.copyOf(s.volumes);
        this.topology = Topology.parse(volumes);
        this.defaultCredentials = s.rootUser == null && s.rootPassword == null;
        this.rootUser = defaultCredentials ? DEFAULT_ROOT : Validation.rootUser(s.rootUser, s.rootPassword);
        this.rootPassword = defaultCredentials ? DEFAULT_ROOT : Validation.rootPassword(s.rootPassword, s.rootUser);
        this.serverUrl = s.serverUrl == null ? null : Validation.serverUrl(s.serverUrl);
        this.domains = s.domain == null ? List.of() : Validation.domains(s.domain);
        this.standard = s.standard == null ? null : Validation.storageClass(s.standard, topology);
        this.rrs = s.rrs == null ? null : Validation.storageClass(s.rrs, topology);
        this.prometheusAuthType = s.prometheusAuthType == null ? null
                : Validation.prometheusAuthType(s.prometheusAuthType);
        this.corsAllowOrigin = s.corsAllowOrigin == null ? null : Validation.corsAllowOrigin(s.corsAllowOrigin);
        if (standard != null && rrs != null && rrs.parity() > standard.parity()) {
            throw new ServerOptionsException("The reduced redundancy storage class " + rrs + " (" + s.rrs.source()
                    + ") must not have more parity than the standard one " + standard + " (" + s.standard.source()
                    + ")");
        }
    }

    /**
     * Parses the arguments after {@code cairn server} and the environment.
     *
     * @param args the arguments
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the options; when {@code --help} is among the arguments, options with {@link #helpRequested()} set
     *     and nothing else checked
     * @throws ServerOptionsException when an option or variable is invalid
     * @throws LayoutException when the endpoints are refused
     */
    public static ServerOptions parse(List<String> args, Map<String, String> env) {
        return new ServerOptions(Settings.fromCommandLine(args, new EnvironmentVariables(env)));
    }

    /**
     * Reads the options back from the properties written by {@link #toProperties()}, e.g. inside the framework
     * with {@code bundleContext::getProperty}, and validates them again.
     *
     * @param properties looks a property up, null when absent
     * @return the options
     * @throws ServerOptionsException when a property is missing or invalid
     * @throws LayoutException when the endpoints are refused
     */
    public static ServerOptions fromProperties(Function<String, String> properties) {
        return new ServerOptions(Settings.fromProperties(properties));
    }

    /**
     * Returns these options with other endpoint arguments, e.g. local paths made absolute, checked again.
     *
     * @param newVolumes the endpoint arguments
     * @return the new options
     * @throws LayoutException when the endpoints are refused
     */
    public ServerOptions withVolumes(List<String> newVolumes) {
        Map<String, String> properties = new LinkedHashMap<>(toProperties());
        properties.put(VOLUMES, String.join("\n", newVolumes));
        return fromProperties(properties::get);
    }

    /**
     * Returns these options with another S3 listen address, e.g. the port the system picked for {@code :0},
     * checked again.
     *
     * @param newAddress the address
     * @return the new options
     * @throws ServerOptionsException when the address conflicts with the console address
     */
    public ServerOptions withAddress(ListenAddress newAddress) {
        Map<String, String> properties = new LinkedHashMap<>(toProperties());
        properties.put(ADDRESS, newAddress.toString());
        return fromProperties(properties::get);
    }

    /**
     * Returns the options as {@code cairn.server.*} properties. Absent optional settings are left out; the
     * volumes are joined with newlines.
     *
     * @return the properties, in a stable order
     */
    public Map<String, String> toProperties() {
        if (help) {
            throw new IllegalStateException("--help was requested; there are no options to hand over");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ADDRESS, address.toString());
        out.put(CONSOLE_ADDRESS, consoleAddress.toString());
        out.put(VOLUMES, String.join("\n", volumes));
        out.put(ROOT_USER, rootUser);
        out.put(ROOT_PASSWORD, rootPassword);
        out.put(DEFAULT_CREDENTIALS, Boolean.toString(defaultCredentials));
        serverUrl().ifPresent(v -> out.put(SERVER_URL, v));
        if (!domains.isEmpty()) {
            out.put(DOMAIN, String.join(",", domains));
        }
        storageClassStandard().ifPresent(v -> out.put(STORAGE_CLASS_STANDARD, v.toString()));
        storageClassRrs().ifPresent(v -> out.put(STORAGE_CLASS_RRS, v.toString()));
        prometheusAuthType().ifPresent(v -> out.put(PROMETHEUS_AUTH_TYPE, v));
        corsAllowOrigin().ifPresent(v -> out.put(CORS_ALLOW_ORIGIN, v));
        return out;
    }

    /** @return true when {@code --help} or {@code -h} was given; the other accessors then hold defaults */
    public boolean helpRequested() {
        return help;
    }

    /** @return the S3 listen address */
    public ListenAddress address() {
        return address;
    }

    /** @return the console listen address */
    public ListenAddress consoleAddress() {
        return consoleAddress;
    }

    /** @return the endpoint arguments as given (with their ellipses) */
    public List<String> volumes() {
        return volumes;
    }

    /** @return the drive layout of the volumes; null when help was requested */
    public Topology topology() {
        return topology;
    }

    /** @return the root user (access key) */
    public String rootUser() {
        return rootUser;
    }

    /** @return the root password (secret key) */
    public String rootPassword() {
        return rootPassword;
    }

    /** @return true when no credentials were configured and {@value #DEFAULT_ROOT} is in use: warn loudly */
    public boolean defaultCredentials() {
        return defaultCredentials;
    }

    /** @return the public URL clients reach the server at, without a trailing slash */
    public Optional<String> serverUrl() {
        return Optional.ofNullable(serverUrl);
    }

    /** @return the domains for virtual-host-style requests ({@code bucket.domain}), lower case; may be empty */
    public List<String> domains() {
        return domains;
    }

    /** @return the configured STANDARD storage class */
    public Optional<StorageClass> storageClassStandard() {
        return Optional.ofNullable(standard);
    }

    /** @return the configured REDUCED_REDUNDANCY storage class */
    public Optional<StorageClass> storageClassRrs() {
        return Optional.ofNullable(rrs);
    }

    /**
     * Returns how the Prometheus endpoints authenticate scrapes.
     *
     * @return {@value #PROMETHEUS_AUTH_JWT} or {@value #PROMETHEUS_AUTH_PUBLIC} when configured; empty means the
     *     default, {@value #PROMETHEUS_AUTH_JWT}
     */
    public Optional<String> prometheusAuthType() {
        return Optional.ofNullable(prometheusAuthType);
    }

    /** @return the origins allowed to read answers, comma-separated, when set */
    public Optional<String> corsAllowOrigin() {
        return Optional.ofNullable(corsAllowOrigin);
    }

    /** @return the options without the password, for logs */
    @Override
    public String toString() {
        return help ? "ServerOptions[help]" : "ServerOptions[address=" + address + ", consoleAddress="
                + consoleAddress + ", volumes=" + volumes + ", rootUser=" + rootUser + ", defaultCredentials="
                + defaultCredentials + ", serverUrl=" + serverUrl + ", domains=" + domains + ", standard="
                + standard + ", rrs=" + rrs + ", prometheusAuthType=" + prometheusAuthType
                + ", corsAllowOrigin=" + corsAllowOrigin + "]";
    }

    /**
     * Returns the help text of {@code cairn server}.
     *
     * @return the text, ending with a newline
     */
    public static String usage() {
        return String.join(System.lineSeparator(), Arrays.asList(
                "Usage: cairn server [--address ADDRESS] [--console-address ADDRESS] ENDPOINT...",
                "",
                "Serve the drives named by ENDPOINT: local directories (/mnt/disk{1...4}) or, for several nodes,",
                "URLs (http://node{1...4}:9000/mnt/disk{1...4}). Ranges use three dots. Each argument with ranges",
                "is one server pool; arguments without ranges together form one pool.",
                "",
                "Options:",
                "  --address ADDRESS          S3 API address, :PORT, HOST:PORT or [IPv6]:PORT (default "
                        + DEFAULT_ADDRESS + ")",
                "  --console-address ADDRESS  console address (default " + DEFAULT_CONSOLE_ADDRESS + ")",
                "  -h, --help                 show this help",
                "",
                "Environment (each also read as MINIO_* and S3_*; CAIRN_ wins, then MINIO_, then S3_):",
                "  CAIRN_VOLUMES                  endpoints, space-separated, when none is given as arguments",
                "  CAIRN_OPTS                     options put before the arguments, e.g. --address :9100",
                "  CAIRN_ROOT_USER                root user, at least 3 characters (also MINIO_ACCESS_KEY)",
                "  CAIRN_ROOT_PASSWORD            root password, at least 8 characters (also MINIO_SECRET_KEY)",
                "  CAIRN_SERVER_URL               public URL of the server, e.g. https://s3.example.com",
                "  CAIRN_DOMAIN                   domains for virtual-host-style requests, comma-separated",
                "  CAIRN_STORAGE_CLASS_STANDARD   parity of the STANDARD storage class, EC:n",
                "  CAIRN_STORAGE_CLASS_RRS        parity of the REDUCED_REDUNDANCY storage class, EC:n",
                "  CAIRN_PROMETHEUS_AUTH_TYPE     metrics authentication: jwt (bearer token, default) or public",
                "  CAIRN_API_CORS_ALLOW_ORIGIN    origins whose web pages may read answers (CORS), default *",
                "",
                "Without root credentials the server uses " + DEFAULT_ROOT + "/" + DEFAULT_ROOT + ": set your own.",
                ""));
    }

    /** The raw settings with their sources, before validation. */
    private static final class Settings {
        private boolean help;
        private Setting address = new Setting("--address", DEFAULT_ADDRESS);
        private Setting consoleAddress = new Setting("--console-address", DEFAULT_CONSOLE_ADDRESS);
        private List<String> volumes = List.of();
        private Setting rootUser;
        private Setting rootPassword;
        private Setting serverUrl;
        private Setting domain;
        private Setting standard;
        private Setting rrs;
        private Setting prometheusAuthType;
        private Setting corsAllowOrigin;

        static Settings fromCommandLine(List<String> args, EnvironmentVariables env) {
            Settings s = new Settings();
            List<String> all = new java.util.ArrayList<>();
            Setting opts = env.get(EnvironmentVariables.OPTS);
            if (opts != null) {
                all.addAll(words(opts.value()));
            }
            all.addAll(args);
            List<String> positional = CommandLine.parse(all, s::option);
            if (s.help) {
                return s;
            }
            Setting volumes = env.get(EnvironmentVariables.VOLUMES);
            if (!positional.isEmpty()) {
                s.volumes = positional;
            } else if (volumes != null && !words(volumes.value()).isEmpty()) {
                s.volumes = words(volumes.value());
            } else {
                throw new ServerOptionsException("No drives given: name them as arguments (cairn server "
                        + "/mnt/disk{1...4}) or in CAIRN_VOLUMES");
            }
            s.rootUser = env.get(EnvironmentVariables.ROOT_USER);
            s.rootPassword = env.get(EnvironmentVariables.ROOT_PASSWORD);
            s.serverUrl = env.get(EnvironmentVariables.SERVER_URL);
            s.domain = env.get(EnvironmentVariables.DOMAIN);
            s.standard = env.get(EnvironmentVariables.STORAGE_CLASS_STANDARD);
            s.rrs = env.get(EnvironmentVariables.STORAGE_CLASS_RRS);
            s.prometheusAuthType = env.get(EnvironmentVariables.PROMETHEUS_AUTH_TYPE);
            s.corsAllowOrigin = env.get(EnvironmentVariables.CORS_ALLOW_ORIGIN);
            return s;
        }

        static Settings fromProperties(Function<String, String> properties) {
            Settings s = new Settings();
            s.address = required(properties, ADDRESS);
            s.consoleAddress = required(properties, CONSOLE_ADDRESS);
            s.volumes = List.of(required(properties, VOLUMES).value().split("\n"));
            boolean defaults = Boolean.parseBoolean(properties.apply(DEFAULT_CREDENTIALS));
            s.rootUser = defaults ? null : required(properties, ROOT_USER);
            s.rootPassword = defaults ? null : required(properties, ROOT_PASSWORD);
            s.serverUrl = optional(properties, SERVER_URL);
            s.domain = optional(properties, DOMAIN);
            s.standard = optional(properties, STORAGE_CLASS_STANDARD);
            s.rrs = optional(properties, STORAGE_CLASS_RRS);
            s.prometheusAuthType = optional(properties, PROMETHEUS_AUTH_TYPE);
            s.corsAllowOrigin = optional(properties, CORS_ALLOW_ORIGIN);
            return s;
        }

        private void option(String name, String value) {
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--address" -> address = new Setting(name, value);
                case "--console-address" -> consoleAddress = new Setting(name, value);
                default -> throw new IllegalStateException("unhandled option " + name);
            }
        }

        private static Setting required(Function<String, String> properties, String key) {
            Setting setting = optional(properties, key);
            if (setting == null) {
                throw new ServerOptionsException("The property " + key + " is not set");
            }
            return setting;
        }

        private static Setting optional(Function<String, String> properties, String key) {
            String value = properties.apply(key);
            return value == null || value.isEmpty() ? null : new Setting(key, value);
        }

        private static List<String> words(String text) {
            String trimmed = text.trim();
            return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
        }
    }
}
