package io.github.conversations4j.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 proxy on loopback (RFC 1928, CONNECT only), optionally demanding user/password authentication
 * (RFC 1929). Every CONNECT is relayed to one fixed upstream address, whatever it asked for; what each client
 * offered and asked for is recorded.
 */
public final class Socks5Proxy implements AutoCloseable {
    /** What one client did. */
    public record Session(
            List<Integer> methodsOffered,
            int methodChosen,
            String user,
            String password,
            int atyp,
            String host,
            int port) {}

    private final LoopbackServer server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();

    private Socks5Proxy(InetSocketAddress upstream, String user, String password) throws IOException {
        this.server = LoopbackServer.start(conn -> {
            DataInputStream in = new DataInputStream(conn.in);
            if (in.readUnsignedByte() != 5) {
                throw new IOException("not SOCKS5");
            }
            int count = in.readUnsignedByte();
            List<Integer> methods = new CopyOnWriteArrayList<>();
            for (int i = 0; i < count; i++) {
                methods.add(in.readUnsignedByte());
            }
            int wanted = user == null ? 0x00 : 0x02;
            if (!methods.contains(wanted)) {
                conn.write(new byte[] {5, (byte) 0xFF});
                sessions.add(new Session(methods, 0xFF, null, null, -1, null, -1));
                return;
            }
            conn.write(new byte[] {5, (byte) wanted});
            String gotUser = null;
            String gotPassword = null;
            if (wanted == 0x02) {
                if (in.readUnsignedByte() != 1) {
                    throw new IOException("not RFC 1929 version 1");
                }
                byte[] u = new byte[in.readUnsignedByte()];
                in.readFully(u);
                byte[] p = new byte[in.readUnsignedByte()];
                in.readFully(p);
                gotUser = new String(u, StandardCharsets.UTF_8);
                gotPassword = new String(p, StandardCharsets.UTF_8);
                boolean ok = user.equals(gotUser) && password.equals(gotPassword);
                conn.write(new byte[] {1, (byte) (ok ? 0 : 1)});
                if (!ok) {
                    sessions.add(new Session(methods, wanted, gotUser, gotPassword, -1, null, -1));
                    return;
                }
            }
            int version = in.readUnsignedByte();
            int command = in.readUnsignedByte();
            in.readUnsignedByte(); // reserved
            int atyp = in.readUnsignedByte();
            String host;
            if (atyp == 1) {
                byte[] a = new byte[4];
                in.readFully(a);
                host = (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
            } else if (atyp == 3) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else if (atyp == 4) {
                byte[] a = new byte[16];
                in.readFully(a);
                host = java.net.InetAddress.getByAddress(a).getHostAddress();
            } else {
                throw new IOException("bad ATYP " + atyp);
            }
            int port = in.readUnsignedShort();
            sessions.add(new Session(methods, wanted, gotUser, gotPassword, atyp, host, port));
            if (version != 5 || command != 1) {
                conn.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0}); // command not supported
                return;
            }
            conn.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
            Tunnels.relay(conn.in, conn.out, upstream, conn.socket);
        });
    }

    /** No authentication: method 0x00. */
    public static Socks5Proxy open(InetSocketAddress upstream) throws IOException {
        return new Socks5Proxy(upstream, null, null);
    }

    /** Demands method 0x02, user/password, with these credentials. */
    public static Socks5Proxy withCredentials(InetSocketAddress upstream, String user, String password)
            throws IOException {
        return new Socks5Proxy(upstream, user, password);
    }

    /** {@code 127.0.0.1:port}, by its literal address. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** {@code new Proxy(Proxy.Type.SOCKS, 127.0.0.1:port)}. */
    public Proxy proxy() {
        return new Proxy(Proxy.Type.SOCKS, address());
    }

    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public void close() {
        server.close();
    }
}
