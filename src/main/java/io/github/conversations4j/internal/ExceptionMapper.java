package io.github.conversations4j.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.conversations4j.errors.BrevoApiException;
import io.github.conversations4j.errors.BrevoConnectionException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns what Feign reports into the SDK's public exceptions. */
final class ExceptionMapper {
    private ExceptionMapper() {}

    /**
     * Maps an error response to the exception for its status.
     *
     * @param operation the operation called
     * @param error the captured response
     * @param attempts how many HTTP requests the call made
     * @return the exception to throw
     */
    public static BrevoApiException toApiException(Operation operation, ErrorResponse error, int attempts) {
        String raw = error.body().text();
        String[] codeAndMessage = codeAndMessage(error.body().bytes());
        String request = operation.requestLine();
        return ErrorFactory.get()
                .api(error.status(), codeAndMessage[0], codeAndMessage[1], request, error.headers(), raw, attempts);
    }

    /**
     * The {@code code} and {@code message} of an error body, read with jackson-core: a string or a boolean as its
     * text, a number as written, an object or an array as its compact JSON, a JSON {@code null} as null. A body that
     * is not a JSON object, or is cut or broken, yields two nulls (the raw body is still in the exception).
     *
     * @param body the error body
     * @return {@code [code, message]}, either possibly null
     */
    static String[] codeAndMessage(byte[] body) {
        String[] result = new String[2];
        if (!looksLikeJsonObject(body)) {
            return result;
        }
        // result is filled as the fields come; a failure part-way gives two nulls, not half an answer
        try (JsonParser p = ModelCodec.factory().createParser(body)) {
            p.nextToken(); // START_OBJECT: the first byte that is not white space is '{'
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int slot = "code".equals(name) ? 0 : "message".equals(name) ? 1 : -1;
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    if (slot < 0) {
                        p.skipChildren();
                    } else {
                        java.io.StringWriter json = new java.io.StringWriter();
                        try (JsonGenerator g = ModelCodec.factory().createGenerator(json)) {
                            g.copyCurrentStructure(p);
                        }
                        result[slot] = json.toString();
                    }
                } else if (slot >= 0) {
                    result[slot] = v == JsonToken.VALUE_NULL ? null : p.getText();
                }
            }
            return result;
        } catch (IOException | RuntimeException e) {
            return new String[2]; // cut short or malformed
        }
    }

    private static boolean looksLikeJsonObject(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /**
     * Maps an I/O failure to the "no response" exception.
     *
     * @param operation the operation called
     * @param e the failure
     * @param responseStarted whether a response had begun to arrive (the request surely reached the server)
     * @param attempts how many HTTP requests the call made
     * @return the exception to throw
     */
    public static BrevoConnectionException toConnectionException(
            Operation operation, IOException e, boolean responseStarted, int attempts) {
        boolean notSent = !responseStarted && provablyNotSent(e);
        return ErrorFactory.get().connection(operation.requestLine(), !notSent, isTimeout(e), e, attempts);
    }

    /**
     * Whether an I/O failure shows that the server cannot have acted on the request. The transport-neutral signal
     * is a {@link ConnectException} anywhere in the chain: the SDK's transport throws one for every failure before
     * the whole request was written (refused, connect or TLS failure, a proxy that refused the tunnel, no free
     * connection, a write that failed); a plugged-in transport throws one when it cannot connect. Unknown hosts,
     * unreachable routes and connect timeouts of other clients count too.
     *
     * @param e the failure
     * @return true when the request did not reach the server whole
     */
    public static boolean provablyNotSent(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
            if (t == e && t instanceof SocketTimeoutException) {
                String message = t.getMessage();
                if (message != null && message.toLowerCase(Locale.ROOT).contains("connect timed out")) {
                    return true; // how the JDK's own clients say it
                }
            }
        }
        return false;
    }

    /**
     * Whether a failure will repeat however often it is retried: a certificate the JVM does not trust (or that does
     * not name the host), or a refusal before sending that a retry cannot change (a proxy's 403 or 407, a peer
     * that does not speak the protocol), which the transport marks with a {@link ProtocolException} cause under
     * its {@link ConnectException}.
     *
     * @param e the failure
     * @return true when retrying is pointless
     */
    public static boolean permanent(IOException e) {
        boolean notSent = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException
                    || t instanceof SSLPeerUnverifiedException
                    || t instanceof CertPathValidatorException) {
                return true;
            }
            if (t instanceof ConnectException) {
                notSent = true;
            } else if (notSent && t instanceof ProtocolException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a timeout ended the attempt: connect, read, write or the call's own.
     *
     * @param e the failure
     * @return true for a timeout anywhere in the chain
     */
    public static boolean isTimeout(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException
                    || t instanceof InterruptedIOException
                            && !(t instanceof java.nio.channels.ClosedByInterruptException)
                            && String.valueOf(t.getMessage()).contains("timed out")) {
                return true;
            }
        }
        return false;
    }
}
