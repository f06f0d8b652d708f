/*
 * Copyright The Cairn authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cairn.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import org.apache.felix.gogo.runtime.SyntaxError;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.api.admin.AdminSignature;

/**
 * Runs one Gogo command line per signed {@code POST} to {@link AdminSignature#SHELL_PATH} and answers with what
 * the command printed (Gogo has no remote shell of its own): 200 when it succeeded, 400 when it threw
 * an {@link IllegalArgumentException} (bad usage) or the line does not parse, 500 when it threw anything else.
 * Only loopback callers are served unless {@code allowRemote} is set; a call needs the root credentials (see
 * {@link AdminSignature}).
 */
@Component(service = Handler.class, configurationPid = {"io.cairn.node", "io.cairn.admin"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "cairn.http.path=/cairn/admin/")
public final class ShellHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ShellHandler.class);

    private final CommandProcessor processor;
    private final AdminConfig config;
    private final AdminSignature signer;
    /** Why a setting of {@code conf/io.cairn.admin.cfg} is refused, {@code null} when none is. */
    private final String refusal;
    /** The process's own standard error, where the node logs, whatever Gogo made of {@code System.err}. */
    private final PrintStream nodeErr = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);

    /**
     * Starts the endpoint. A refused setting is logged, and every call then fails until the file is corrected.
     *
     * @param processor the Gogo command processor
     * @param config the settings
     * @param properties the settings as given, for the checks their conversion does not make
     */
    @Activate
    public ShellHandler(@Reference CommandProcessor processor, AdminConfig config, Map<String, Object> properties) {
        this.processor = processor;
        this.config = config;
        this.signer = config.rootUser().isEmpty() ? null
                : new AdminSignature(config.rootUser(), config._rootPassword());
        this.refusal = AdminSettings.refusal(config, properties).orElse(null);
        if (refusal != null) {
            LOG.error(refusal);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!AdminSignature.SHELL_PATH.equals(request.getHttpURI().getPath())) {
            return false;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            return answer(response, callback, 405, "Use POST\n");
        }
        if (refusal != null) {
            // As with allowRemote = false, only loopback callers learn why.
            return isLoopback(request.getConnectionMetaData().getRemoteSocketAddress())
                    ? answer(response, callback, 500, "Error: " + refusal + "\n")
                    : answer(response, callback, 403, "The admin endpoint accepts loopback callers only\n");
        }
        if (!config.allowRemote() && !isLoopback(request.getConnectionMetaData().getRemoteSocketAddress())) {
            return answer(response, callback, 403, "The admin endpoint accepts loopback callers only\n");
        }
        if (signer == null) {
            return answer(response, callback, 503, "The node has no root credentials configured\n");
        }
        byte[] body = readBody(request);
        if (body == null) {
            return answer(response, callback, 413, "Command line too long\n");
        }
        String refusal = signer.verify(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                parseDate(request.getHeaders().get(AdminSignature.DATE_HEADER)), System.currentTimeMillis(),
                AdminSignature.SHELL_PATH, body);
        if (refusal != null) {
            LOG.warn("Refused admin call from {}: {}", request.getConnectionMetaData().getRemoteSocketAddress(),
                    refusal);
            return answer(response, callback, 401, "Access denied: " + refusal + "\n");
        }
        return execute(new String(body, StandardCharsets.UTF_8), response, callback);
    }

    private boolean execute(String line, Response response, Callback callback) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
        int status = 200;
        // While a command runs, Gogo points this thread's System.out and System.err at the session's streams.
        // Its output goes to the caller; its System.err, where the node's log is written, stays the node's.
        CommandSession session = processor.createSession(InputStream.nullInputStream(), print, nodeErr);
        try {
            Object result = session.execute(line);
            print.print(shown(result, value -> session.format(value, Converter.INSPECT)));
        } catch (IllegalArgumentException e) {
            // Commands signal bad usage this way, and so does Gogo for an unknown command
            // (CommandNotFoundException) or arguments it cannot convert.
            status = 400;
            print.println(errorLine(e));
        } catch (Exception e) {
            // A line Gogo cannot parse is bad usage too: a SyntaxError, or for an unclosed quote or brace an
            // EOFException wrapping one.
            status = e instanceof SyntaxError || e.getCause() instanceof SyntaxError ? 400 : 500;
            print.println(errorLine(e));
        } finally {
            session.close();
        }
        print.flush();
        return answer(response, callback, status, output.toString(StandardCharsets.UTF_8));
    }

    /**
     * Returns what the caller sees of the value a command line evaluated to, as Gogo's console shows it, with two
     * exceptions. A {@link Boolean} is a predicate's answer, such as whether {@code grep} at the end of a pipeline
     * matched: the lines it printed already say so, and a {@code true} after them would read as output. A text is
     * shown as the command wrote it, ending with one line break rather than an empty line after its own.
     *
     * @param result the value, {@code null} when the line printed its output itself
     * @param format Gogo's formatting of any other value
     * @return the text to print, empty for none
     */
    static String shown(Object result, Function<Object, CharSequence> format) {
        if (result == null || result instanceof Boolean) {
            return "";
        }
        String text = result instanceof CharSequence chars ? chars.toString() : format.apply(result).toString();
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static String errorLine(Exception e) {
        return "Error: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private byte[] readBody(Request request) throws IOException {
        int limit = config.maxCommandBytes();
        if (request.getLength() > limit) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(limit + 1);
            return body.length > limit ? null : body;
        }
    }

    private static long parseDate(String value) {
        try {
            return value == null ? Long.MIN_VALUE / 2 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE / 2;
        }
    }

    private static boolean isLoopback(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress ip = inet.getAddress();
            return ip != null && ip.isLoopbackAddress();
        }
        return false;
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
