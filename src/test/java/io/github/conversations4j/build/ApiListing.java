package io.github.conversations4j.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The SDK's public surface as text: every public or protected type outside {@code internal}, with its supertypes and
 * every public or protected constructor, method and field, one per line, sorted. {@code src/api/conversations4j.api}
 * is this listing checked in; {@link ApiListingTest} compares the build's with it, so that every change of the
 * surface shows in review.
 */
final class ApiListing {
    private static final String ROOT_PACKAGE = "io.github.conversations4j";

    private ApiListing() {}

    /** The listing of the classes under a compiled-classes directory. */
    static String of(Path classes, ClassLoader loader) {
        TreeMap<String, List<String>> types = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (!relative.endsWith(".class")
                        || relative.endsWith("package-info.class")
                        || relative.endsWith("module-info.class")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace('/', '.');
                if (!name.startsWith(ROOT_PACKAGE + ".") || name.startsWith(ROOT_PACKAGE + ".internal.")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, loader);
                if (!visible(type)) {
                    continue;
                }
                types.put(type.getName(), members(type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        for (var entry : types.entrySet()) {
            out.append(entry.getValue().get(0)).append(" {\n");
            for (String member : entry.getValue().subList(1, entry.getValue().size())) {
                out.append("  ").append(member).append('\n');
            }
            out.append("}\n\n");
        }
        return out.toString();
    }

    /** A type a user can name: public or protected, and so is every type enclosing it; no anonymous or local class. */
    static boolean visible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
                return false;
            }
            int m = c.getModifiers();
            if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Member member) {
        int m = member.getModifiers();
        return (Modifier.isPublic(m) || Modifier.isProtected(m))
                && !member.isSynthetic()
                && !(member instanceof Method method && method.isBridge());
    }

    private static List<String> members(Class<?> type) {
        List<String> lines = new ArrayList<>();
        lines.add(header(type));
        TreeSet<String> members = new TreeSet<>();
        boolean finalType = Modifier.isFinal(type.getModifiers());
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            // A protected constructor of a final class cannot be called from outside; it is not surface.
            if (visible(c) && !(finalType && Modifier.isProtected(c.getModifiers()))) {
                members.add(executable(c, null));
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m) && !(type.isEnum() && isEnumBoilerplate(m))) {
                members.add(executable(m, m.getGenericReturnType()));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                members.add(Modifier.toString(f.getModifiers()) + " "
                        + f.getGenericType().getTypeName() + " " + f.getName());
            }
        }
        lines.addAll(members);
        return lines;
    }

    private static boolean isEnumBoilerplate(Method m) {
        return (m.getName().equals("values") && m.getParameterCount() == 0)
                || (m.getName().equals("valueOf")
                        && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == String.class);
    }

    private static String header(Class<?> type) {
        int modifiers = type.getModifiers()
                & (type.isInterface()
                        ? Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                        : Modifier.classModifiers());
        String kind = type.isAnnotation()
                ? "@interface"
                : type.isInterface() ? "interface" : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
        if (type.isEnum() || type.isRecord()) {
            modifiers &= ~Modifier.FINAL; // implied
        }
        if (type.isInterface()) {
            modifiers &= ~Modifier.ABSTRACT;
        }
        StringBuilder s = new StringBuilder();
        String mods = Modifier.toString(modifiers);
        s.append(mods.isEmpty() ? "" : mods + " ");
        if (type.isSealed()) {
            s.append("sealed ");
        }
        s.append(kind).append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            s.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            s.append(type.isInterface() ? " extends " : " implements ");
            s.append(String.join(
                    ", ", Arrays.stream(interfaces).map(Type::getTypeName).toList()));
        }
        if (type.isSealed()) {
            s.append(" permits ")
                    .append(String.join(
                            ", ",
                            Arrays.stream(type.getPermittedSubclasses())
                                    .map(Class::getName)
                                    .sorted()
                                    .toList()));
        }
        return s.toString();
    }

    private static String typeParameters(java.lang.reflect.TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (var v : variables) {
            Type[] bounds = v.getBounds();
            boolean onlyObject = bounds.length == 1 && bounds[0] == Object.class;
            parts.add(
                    onlyObject
                            ? v.getName()
                            : v.getName() + " extends "
                                    + String.join(
                                            " & ",
                                            Arrays.stream(bounds)
                                                    .map(Type::getTypeName)
                                                    .toList()));
        }
        return "<" + String.join(", ", parts) + ">";
    }

    private static String executable(Executable e, Type returnType) {
        int modifiers =
                e.getModifiers() & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers());
        if (e.getDeclaringClass().isInterface()) {
            modifiers &= ~Modifier.PUBLIC; // implied
        }
        modifiers &= ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT);
        StringBuilder s = new StringBuilder();
        String mods = Modifier.toString(modifiers);
        if (e instanceof Method m && m.isDefault()) {
            mods = mods.isEmpty() ? "default" : mods + " default";
        }
        s.append(mods.isEmpty() ? "" : mods + " ");
        String typeParameters = typeParameters(e.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            s.append(typeParameters).append(' ');
        }
        if (returnType != null) {
            s.append(returnType.getTypeName()).append(' ').append(e.getName());
        } else {
            s.append("<init>");
        }
        s.append('(')
                .append(String.join(
                        ", ",
                        Arrays.stream(e.getGenericParameterTypes())
                                .map(Type::getTypeName)
                                .toList()));
        if (e.isVarArgs()) {
            int at = s.lastIndexOf("[]");
            s.replace(at, at + 2, "...");
        }
        s.append(')');
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            s.append(" throws ")
                    .append(String.join(
                            ", ",
                            Arrays.stream(exceptions).map(Type::getTypeName).toList()));
        }
        return s.toString();
    }

    /** The number of types and of members in a listing. */
    static int[] count(String listing) {
        int types = 0;
        int members = 0;
        for (String line : listing.split("\n")) {
            if (line.endsWith(" {")) {
                types++;
            } else if (line.startsWith("  ")) {
                members++;
            }
        }
        return new int[] {types, members};
    }
}
