package io.github.conversations4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Relays bytes both ways between a proxy's client and the real server, until either side closes. */
final class Tunnels {
    private Tunnels() {}

    static void relay(InputStream fromClient, OutputStream toClient, InetSocketAddress upstream, Socket client)
            throws IOException, InterruptedException {
        Socket server = new Socket();
        try {
            server.setTcpNoDelay(true);
            server.connect(upstream, 5000);
            InputStream fromServer = server.getInputStream();
            OutputStream toServer = server.getOutputStream();
            Thread back = new Thread(
                    () -> {
                        try {
                            fromServer.transferTo(toClient);
                        } catch (IOException e) {
                            // one side went away
                        } finally {
                            try {
                                client.shutdownOutput();
                            } catch (IOException | UnsupportedOperationException e) {
                                // closed already
                            }
                        }
                    },
                    "proxy-relay");
            back.setDaemon(true);
            back.start();
            try {
                fromClient.transferTo(toServer);
            } catch (IOException e) {
                // one side went away
            } finally {
                server.close(); // ends the other direction too
                client.close();
                back.join(5000);
            }
        } finally {
            server.close();
        }
    }
}
