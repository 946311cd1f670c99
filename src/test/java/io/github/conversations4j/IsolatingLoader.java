package io.github.conversations4j;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class path without an optional dependency: loads the SDK's and the test's classes itself (not from the parent)
 * from the jars or directories of the classes given, and notes every name asked for.
 */
final class IsolatingLoader extends URLClassLoader {
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param without a part of the path of the dependency left out, checked absent from every location
     * @param from classes whose locations make the class path
     */
    IsolatingLoader(String without, Class<?>... from) {
        super(urls(without, from), ClassLoader.getPlatformClassLoader());
    }

    private static URL[] urls(String without, Class<?>... from) {
        URL[] urls = new URL[from.length];
        for (int i = 0; i < from.length; i++) {
            urls[i] = from[i].getProtectionDomain().getCodeSource().getLocation();
            if (urls[i].toString().contains(without)) {
                throw new AssertionError(urls[i] + " is " + without);
            }
        }
        return urls;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        asked.add(name);
        return super.loadClass(name, resolve);
    }

    /** A new instance, made in this loader, of a public class with a public no-argument constructor. */
    @SuppressWarnings("unchecked")
    <T> T instance(Class<? extends T> type) throws ReflectiveOperationException {
        return (T) loadClass(type.getName()).getDeclaredConstructor().newInstance();
    }

    /**
     * The SDK's compiled classes whose bytes name a package, as paths under the classes directory.
     *
     * @param internalName such as {@code io/opentelemetry/}
     */
    static List<String> mainClassesNaming(String internalName) throws Exception {
        Path root = Path.of(BrevoConversations.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> naming = new ArrayList<>();
        int read = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path c : all.filter(p -> p.toString().endsWith(".class")).toList()) {
                read++;
                if (new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).contains(internalName)) {
                    naming.add(root.relativize(c).toString().replace('\\', '/'));
                }
            }
        }
        if (read < 100) {
            throw new AssertionError("read only " + read + " classes under " + root);
        }
        return naming;
    }
}
