package io.github.conversations4j.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Tunnels through proxies, spoken on a freshly connected {@link Connection} before anything of the request:
 * HTTP {@code CONNECT} (RFC 9110 9.3.6) and SOCKS5 (RFC 1928, with RFC 1929 user name and password). Every
 * failure is a {@link ConnectException} that names the proxy and says that nothing reached the origin; a
 * refusal the proxy will repeat (403, 407, bad credentials, a reply that is not the protocol) carries a
 * {@link ProtocolException} cause, which the SDK does not retry. Credentials never appear in a message.
 */
final class Tunnels {
    private Tunnels() {}

    /** User name and password for a proxy. */
    static final class Credentials {
        final String username;
        final String password;

        Credentials(String username, String password) {
            this.username = username;
            this.password = password;
        }

        String basic() {
            return "Basic "
                    + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials(<redacted>)";
        }
    }

    /**
     * Opens an HTTP {@code CONNECT} tunnel to {@code host:port}.
     *
     * @param proxyName the proxy's {@code host:port}, for messages
     */
    static void connect(
            Connection connection, String proxyName, String host, int port, Credentials credentials, Duration timeout)
            throws IOException {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        String request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n"
                + (credentials != null ? "Proxy-Authorization: " + credentials.basic() + "\r\n" : "")
                + "User-Agent: " + SdkVersion.USER_AGENT + "\r\n\r\n";
        String where = "the proxy " + proxyName + " (CONNECT " + authority + ")";
        Http1.Response response = new Http1.Response();
        try {
            connection.write(request.getBytes(StandardCharsets.ISO_8859_1), timeout);
            int[] headBytes = {0};
            boolean first = true;
            do {
                Http1.readHead(connection, response, headBytes, first, timeout);
                first = false;
            } while (response.status < 200);
        } catch (IOException e) {
            throw Connection.notSent("no tunnel through " + where + "; nothing was sent to the server", e);
        }
        if (response.status >= 200 && response.status < 300) {
            if (connection.buffered() > 0) {
                throw refused(where, "sent bytes after its 2xx answer, before the TLS handshake", true);
            }
            return;
        }
        String hint = response.status == 407
                ? (credentials == null
                        ? " (the proxy wants credentials: set proxyCredentials)"
                        : " (credentials refused)")
                : "";
        throw refused(
                where,
                "answered " + response.status + " " + response.reason + hint,
                response.status == 403 || response.status == 407);
    }

    private static ConnectException refused(String where, String what, boolean permanent) {
        String message = where + " refused the tunnel: it " + what + "; nothing was sent to the server";
        ConnectException e = new ConnectException(message);
        e.initCause(permanent ? new ProtocolException(what) : new IOException(what));
        return e;
    }

    /**
     * Opens a SOCKS5 tunnel to {@code host:port}; the proxy resolves the name.
     *
     * @param proxyName the proxy's {@code host:port}, for messages
     */
    static void socks5(
            Connection connection, String proxyName, String host, int port, Credentials credentials, Duration timeout)
            throws IOException {
        String where = "the SOCKS proxy " + proxyName;
        byte[] reply;
        try {
            connection.write(credentials == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2}, timeout);
            reply = connection.readFully(2, timeout);
            if (reply[0] != 5) {
                throw refused(where, "does not speak SOCKS5", true);
            }
            if (reply[1] == 2 && credentials != null) {
                byte[] user = credentials.username.getBytes(StandardCharsets.UTF_8);
                byte[] pass = credentials.password.getBytes(StandardCharsets.UTF_8);
                if (user.length > 255 || pass.length > 255) {
                    throw refused(where, "cannot take a user name or password longer than 255 bytes", true);
                }
                byte[] auth = new byte[3 + user.length + pass.length];
                auth[0] = 1;
                auth[1] = (byte) user.length;
                System.arraycopy(user, 0, auth, 2, user.length);
                auth[2 + user.length] = (byte) pass.length;
                System.arraycopy(pass, 0, auth, 3 + user.length, pass.length);
                connection.write(auth, timeout);
                byte[] status = connection.readFully(2, timeout);
                if (status[1] != 0) {
                    throw refused(where, "refused the user name and password", true);
                }
            } else if (reply[1] != 0) {
                throw refused(
                        where,
                        reply[1] == (byte) 0xFF
                                ? "accepts none of the offered authentication methods"
                                        + (credentials == null ? " (set proxyCredentials)" : "")
                                : "chose an authentication method that was not offered",
                        true);
            }
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw refused(where, "cannot take a host name longer than 255 bytes", true);
            }
            byte[] connect = new byte[7 + name.length];
            connect[0] = 5;
            connect[1] = 1; // CONNECT
            connect[3] = 3; // a domain name, resolved by the proxy
            connect[4] = (byte) name.length;
            System.arraycopy(name, 0, connect, 5, name.length);
            connect[5 + name.length] = (byte) (port >> 8);
            connect[6 + name.length] = (byte) port;
            connection.write(connect, timeout);
            byte[] head = connection.readFully(4, timeout);
            if (head[0] != 5) {
                throw refused(where, "sent a reply that is not SOCKS5", true);
            }
            if (head[1] != 0) {
                throw refused(where, "answered " + socksReply(head[1]) + " for " + host + ":" + port, head[1] == 2);
            }
            int addressLength;
            switch (head[3]) {
                case 1:
                    addressLength = 4;
                    break;
                case 4:
                    addressLength = 16;
                    break;
                case 3:
                    addressLength = connection.readFully(1, timeout)[0] & 0xFF;
                    break;
                default:
                    throw refused(where, "sent a reply with an unknown address type", true);
            }
            connection.readFully(addressLength + 2, timeout);
        } catch (ConnectException e) {
            throw e;
        } catch (IOException e) {
            throw Connection.notSent("no tunnel through " + where + "; nothing was sent to the server", e);
        }
        if (connection.buffered() > 0) {
            throw refused(where, "sent bytes after its reply", true);
        }
    }

    private static String socksReply(byte code) {
        switch (code) {
            case 1:
                return "general failure (1)";
            case 2:
                return "connection not allowed by ruleset (2)";
            case 3:
                return "network unreachable (3)";
            case 4:
                return "host unreachable (4)";
            case 5:
                return "connection refused (5)";
            case 6:
                return "TTL expired (6)";
            case 7:
                return "command not supported (7)";
            case 8:
                return "address type not supported (8)";
            default:
                return "error " + (code & 0xFF);
        }
    }
}
