/*
 * openapi/drift-tool/Drift.java: the comparison behind openapi/drift (run it through that launcher, which puts
 * SnakeYAML on the class path, passes -Ddrift.home=<the openapi directory> and bounds the JVM).
 *
 *   openapi/drift [--ours FILE] [--ignore FILE | --no-ignore] UPSTREAM
 *
 * UPSTREAM is a file or an https:// URL of a Brevo OpenAPI 3 or Swagger 2.0 definition, JSON or YAML, whole or an
 * extract. Its /conversations part (every path that starts with "/conversations") is compared with ours
 * (openapi/conversations.yaml, or --ours FILE), and each difference is printed on stdout as one English sentence:
 *
 *   <where>[, field <a.b[].c>]: <what differs>.
 *
 * <where> is an operation ("PUT /conversations/visitorGroup") with the part of it ("request body", "200 response",
 * "path parameter id", "security", "media type text/plain"), or, when both sides point with a $ref at a shared
 * component, that component ("schema ConversationsMessage", "response BadRequest (upstream: errorModel)": ours'
 * name, and upstream's when it differs), so a difference in a schema used by six operations is one sentence, not six.
 * "top-level security" is the security both sides' operations inherit. Field paths use "." for properties, "[]"
 * for array items and "{}" for additionalProperties. Sentences come out in a fixed order: operations by path and
 * method, then shared components; inside each, fields in alphabetical order.
 *
 * Exit status: 0 no difference, 1 differences, 2 could not check: an input could not be read, a limit below was
 * hit, or the tool failed in any way (message on stderr, nothing on stdout). openapi/drift runs it in a JVM of at most
 * 256 MB heap and turns any other end of that JVM (out of memory, a signal, a class that does not load) into 2 as well.
 * Drift.execute(args, out, err, settings) is the same as a library call that never exits nor throws.
 *
 * openapi/refresh runs this file's other entry point, Drift.Refresh (see there): it cuts the /conversations extract,
 * stores it as the upstream snapshot and classifies what changed since the previous snapshot, using the comparison
 * below with the new snapshot as "upstream" and the previous one as "ours" (each difference is also kept as data,
 * a Change, for that).
 *
 * Deliberate differences: a fenced code block whose info string is "drift-ignore" in openapi/README.md (or
 * --ignore FILE) lists sentences not to report:
 *
 *   ```drift-ignore
 *   # comment lines start with '#'; blank lines are skipped
 *   top-level security, alternative api-key header + partner-key header: ours has it, upstream does not.
 *   ```
 *
 * A printed sentence equal (after trimming) to a line of such a block is left out and does not count for the exit
 * status. Lines that match nothing are named on stderr. --no-ignore shows everything.
 *
 * What is compared: operations (path + method), parameters (in + name, required, schema), request bodies (presence,
 * required, media types, schemas), responses (status codes, presence of a body, media types, schemas), security
 * (the set of alternatives, each a set of schemes described by type, in and name; an operation's own, else the
 * top-level one). Schemas, after resolving local $refs: type, format, enum (as a set), required (per field),
 * nullable, minimum, maximum, properties (recursively; one field gone and one come with the same schema is reported
 * as a rename), items, additionalProperties, and allOf/anyOf/oneOf member by member. Never compared: operationId,
 * the names $refs point at, description, summary, example(s), tags, title, info, servers, x-* extensions, and any
 * keyword not listed here.
 *
 * Swagger 2.0 is read as its OpenAPI 3 equivalent: "in: body" (and formData) parameters become the request body
 * (media types from consumes, default application/json), a response's schema becomes application/json content,
 * securityDefinitions are the security schemes, #/definitions, #/parameters and #/responses refs are resolved.
 *
 * URLs: only https:// is fetched (java.net.http, redirects followed except to plain http); any other scheme is
 * refused, files are given as paths. One deadline bounds the whole download, connecting to the last byte: 3 minutes,
 * or DRIFT_DOWNLOAD_SECONDS; a server that drips bytes is given up on when it passes (exit 2).
 *
 * Limits (each, when hit, is exit 2 with a message that names it): inputs of 8 MB (bytes, and code points of a YAML
 * document); 50 YAML aliases to mappings or lists (SnakeYAML's default, against alias bombs); nesting 1,000 levels
 * deep; JSON numbers of 1,000 characters, and exponents BigDecimal can hold (1e-2147483649 cannot be read); 5 million
 * comparison steps; 100,000 characters for a value shown in a sentence.
 */

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

public final class Drift {
    static final int SAME = 0;
    static final int DIFFERENT = 1;
    static final int UNREADABLE = 2;

    /**
     * Largest input read, in bytes, and SnakeYAML's limit of code points in a document (its own default is 3 MB). Brevo's
     * whole definition is ~1.5 MB; this leaves room for it to grow fivefold, and an 8 MB definition parses within the
     * 256 MB heap openapi/drift gives the JVM (a 15 MB one does not: SnakeYAML's nodes take ~30 times the text).
     */
    static final int MAX_INPUT = 8 * 1024 * 1024;
    /** SnakeYAML's default: at most this many aliases (*name) to a mapping or a list, which stops an alias bomb. */
    static final int MAX_ALIASES = 50;
    /** How deep YAML or JSON may nest. */
    static final int MAX_NESTING = 1_000;
    /** Longest number read from JSON, in characters (BigInteger and BigDecimal take quadratic time on long ones). */
    static final int MAX_NUMBER_CHARS = 1_000;

    static final String USAGE = String.join(
            "\n",
            "usage: openapi/drift [--ours FILE] [--ignore FILE | --no-ignore] UPSTREAM",
            "  UPSTREAM       a file or https:// URL: Brevo's OpenAPI 3 or Swagger 2.0 definition (JSON or YAML)",
            "  --ours FILE    our spec (default: openapi/conversations.yaml next to this tool)",
            "  --ignore FILE  where the drift-ignore block is (default: openapi/README.md)",
            "  --no-ignore    report every difference, deliberate ones too",
            "exit status: 0 no difference, 1 differences (one sentence per line on stdout), 2 could not check",
            "  (unreadable input, a limit hit, or a failure; the message is on stderr)",
            "environment: DRIFT_DOWNLOAD_SECONDS (the deadline of a whole download, default 180),",
            "  DRIFT_MAX_HEAP (the JVM's heap limit, default 256m)",
            "");

    /** Any reason not to compare: the message goes to stderr and the exit status is 2. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /** How a run is set up: what openapi/drift passes as system properties and environment, or a test directly. */
    public record Settings(Path home, Duration downloadDeadline, SSLContext tls) {
        public Settings {
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(downloadDeadline, "downloadDeadline");
            if (downloadDeadline.isNegative() || downloadDeadline.isZero()) {
                throw new IllegalArgumentException("the download deadline must be positive: " + downloadDeadline);
            }
        }

        /** openapi/drift's: -Ddrift.home, DRIFT_DOWNLOAD_SECONDS (default 180), the JVM's default TLS. */
        static Settings fromEnvironment() {
            Path home = Path.of(System.getProperty("drift.home", "openapi"));
            String seconds = System.getenv(DEADLINE_VARIABLE);
            Duration deadline = DEFAULT_DEADLINE;
            if (seconds != null && !seconds.isBlank()) {
                if (!seconds.trim().matches("[1-9][0-9]{0,6}")) {
                    throw new Unreadable(DEADLINE_VARIABLE + " must be a whole number of seconds (1 to 9999999), not \""
                            + oneLine(seconds) + "\"");
                }
                deadline = Duration.ofSeconds(Long.parseLong(seconds.trim()));
            }
            return new Settings(home, deadline, null);
        }
    }

    /** The environment variable that shortens (or lengthens) the download deadline, in seconds. */
    static final String DEADLINE_VARIABLE = "DRIFT_DOWNLOAD_SECONDS";

    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(3);
    /** The comparison runs on a thread of its own with this much stack: deep schemas recurse. */
    static final long STACK_BYTES = 16L * 1024 * 1024;

    /**
     * The command line. Exit status as {@link #execute}; before exiting, the status is also written to the file named by
     * -Ddrift.statusFile (when given), so that openapi/drift can tell an exit of this class from a JVM that failed on
     * its own (the JVM exits 1 when it cannot load a class, 3 on -XX:+ExitOnOutOfMemoryError).
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status;
        boolean refresh = "refresh".equals(System.getProperty("drift.tool"));
        try {
            status = refresh
                    ? Refresh.execute(args, out, err, Settings.fromEnvironment())
                    : execute(args, out, err, Settings.fromEnvironment());
        } catch (Unreadable e) {
            err.println((refresh ? "refresh: " : "drift: ") + e.getMessage());
            status = UNREADABLE;
        }
        out.flush();
        err.flush();
        if (out.checkError()) {
            err.println("drift: could not write the differences to stdout");
            status = UNREADABLE;
        }
        String statusFile = System.getProperty("drift.statusFile");
        if (statusFile != null) {
            try {
                Files.writeString(Path.of(statusFile), Integer.toString(status), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                err.println("drift: could not write the status file " + statusFile + ": " + describe(e));
                status = UNREADABLE;
            }
        }
        System.exit(status);
    }

    /**
     * Drift as a library: the same arguments, output and status as openapi/drift, without exiting the JVM.
     * Never throws: 0 no difference, 1 differences (one sentence a line on {@code out}), 2 anything else (a message on
     * {@code err}, nothing on {@code out}) -- an unreadable input, a limit hit, or a crash of any kind.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, Settings settings) {
        return guarded("drift", (o, e) -> run(args, o, e, settings), out, err);
    }

    /** A run of a tool: its status, what it prints on {@code out} (buffered) and {@code err}. */
    interface Tool {
        int run(PrintStream out, PrintStream err);
    }

    /**
     * Runs a tool on a thread with a large stack, turning anything it throws into 2 (with a message on {@code err}
     * that starts with {@code name}); what it printed reaches {@code out} only with a status of 0 or 1.
     */
    static int guarded(String name, Tool tool, PrintStream out, PrintStream err) {
        int[] status = {UNREADABLE};
        ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        PrintStream sentences = new PrintStream(buffered, false, StandardCharsets.UTF_8);
        Thread worker = new Thread(
                null,
                () -> {
                    try {
                        status[0] = tool.run(sentences, err);
                    } catch (Unreadable e) {
                        err.println(name + ": " + e.getMessage());
                    } catch (StackOverflowError e) {
                        err.println(name + ": the definition is nested too deeply to compare");
                    } catch (OutOfMemoryError e) {
                        buffered.reset();
                        err.println(name + ": could not check: out of memory (the Java heap limit is "
                                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)");
                    } catch (Throwable e) {
                        err.println(name + ": could not check: the tool failed: " + describe(e));
                    }
                },
                name,
                STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            err.println(name + ": could not check: interrupted");
            return UNREADABLE;
        }
        if (status[0] == SAME || status[0] == DIFFERENT) {
            sentences.flush();
            out.write(buffered.toByteArray(), 0, buffered.size());
            out.flush();
            return status[0];
        }
        return UNREADABLE;
    }

    static int run(String[] args, PrintStream out, PrintStream err, Settings settings) {
        String upstream = null;
        Path ours = null;
        Path ignore = null;
        boolean useIgnore = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--ours" -> ours = pathArgument(args, ++i, arg);
                case "--ignore" -> ignore = pathArgument(args, ++i, arg);
                case "--no-ignore" -> useIgnore = false;
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return SAME;
                }
                default -> {
                    if (arg.startsWith("-") && arg.length() > 1) {
                        throw new Unreadable("unknown option " + arg + "\n" + USAGE);
                    }
                    if (upstream != null) {
                        throw new Unreadable("one UPSTREAM only, got " + upstream + " and " + arg + "\n" + USAGE);
                    }
                    upstream = arg;
                }
            }
        }
        if (upstream == null) {
            throw new Unreadable("no UPSTREAM given\n" + USAGE);
        }
        Path home = settings.home();
        boolean ignoreGiven = ignore != null;
        if (ours == null) {
            ours = home.resolve("conversations.yaml");
        }
        if (!ignoreGiven) {
            ignore = home.resolve("README.md");
        }

        Doc theirs = new Doc("upstream", upstream, parse(read(upstream, "upstream", settings), "upstream " + upstream));
        Doc mine = new Doc("ours", ours.toString(), parse(readFile(ours, "ours"), "ours " + ours));
        List<String> found = new Comparison(theirs, mine, false).run();

        List<String> shown = found;
        if (useIgnore && (ignoreGiven || Files.exists(ignore))) {
            Set<String> deliberate = ignoreBlock(ignore);
            shown = found.stream().filter(s -> !deliberate.contains(s.trim())).collect(Collectors.toList());
            for (String line : deliberate) {
                if (!found.contains(line)) {
                    err.println("drift: the drift-ignore line matches no difference (the spec or upstream changed?): "
                            + line);
                }
            }
            int suppressed = found.size() - shown.size();
            if (suppressed > 0) {
                err.println("drift: " + suppressed + " deliberate difference" + (suppressed == 1 ? "" : "s")
                        + " not shown (drift-ignore block of " + ignore + "; --no-ignore shows them)");
            }
        }
        for (String sentence : shown) {
            out.println(sentence);
        }
        return shown.isEmpty() ? SAME : DIFFERENT;
    }

    static Path pathArgument(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new Unreadable(option + " needs a file\n" + USAGE);
        }
        try {
            return Path.of(args[i]);
        } catch (InvalidPathException e) {
            throw new Unreadable(option + ": not a file name: " + args[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The drift-ignore block.

    private static final Pattern FENCE_OPEN = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})\\s*drift-ignore\\s*$");

    /** The non-comment lines of every ```drift-ignore block of a Markdown file, trimmed. */
    static Set<String> ignoreBlock(Path file) {
        String text = readFile(file, "drift-ignore file");
        Set<String> lines = new LinkedHashSet<>();
        String fence = null;
        for (String line : text.split("\r?\n", -1)) {
            if (fence == null) {
                Matcher open = FENCE_OPEN.matcher(line);
                if (open.matches()) {
                    fence = open.group(1);
                }
            } else if (closes(line.trim(), fence)) {
                fence = null;
            } else {
                String entry = line.trim();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    lines.add(entry);
                }
            }
        }
        return lines;
    }

    /** A closing fence: the opening's character, at least as many times, and nothing else. */
    private static boolean closes(String line, String fence) {
        return line.length() >= fence.length() && line.chars().allMatch(c -> c == fence.charAt(0));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reading: files, https URLs, JSON and YAML.

    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    static String read(String source, String side, Settings settings) {
        if (!URL_SCHEME.matcher(source).find()) {
            try {
                return readFile(Path.of(source), side);
            } catch (InvalidPathException e) {
                throw new Unreadable("cannot read " + side + " " + source + ": not a file name");
            }
        }
        if (!source.regionMatches(true, 0, "https://", 0, 8)) {
            throw new Unreadable("cannot read " + side + " " + source
                    + ": only https:// URLs are fetched (give anything else as a local file)");
        }
        return decode(download(source, side, settings), side + " " + source);
    }

    static String readFile(Path file, String side) {
        String where = side + " " + file;
        if (!Files.exists(file)) {
            throw new Unreadable("cannot read " + where + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new Unreadable("cannot read " + where + ": not a regular file");
        }
        try {
            if (Files.size(file) > MAX_INPUT) {
                throw new Unreadable("cannot read " + where + ": larger than " + MAX_INPUT / (1024 * 1024) + " MB");
            }
            return decode(Files.readAllBytes(file), where);
        } catch (IOException e) {
            throw new Unreadable("cannot read " + where + ": " + describe(e));
        }
    }

    /**
     * The body of an https URL, within one deadline for everything (connecting, redirects, headers, the whole body):
     * a server that sends a byte a second is given up on when the deadline passes, not read for ever.
     */
    static byte[] download(String url, String side, Settings settings) {
        String where = side + " " + url;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Unreadable("cannot read " + where + ": not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null) {
            throw new Unreadable("cannot read " + where + ": not a valid URL (no host)");
        }
        Duration deadline = settings.downloadDeadline();
        long end = System.nanoTime() + deadline.toNanos();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(deadline.compareTo(CONNECT_TIMEOUT) < 0 ? deadline : CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL); // never from https to http
        if (settings.tls() != null) {
            builder.sslContext(settings.tls());
        }
        HttpClient client = builder.build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(deadline)
                    .header("Accept", "application/yaml, application/json;q=0.9, */*;q=0.5")
                    .header("User-Agent", "conversations4j-drift")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new Unreadable("cannot read " + where + ": " + e.getMessage());
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, LimitedBody::new);
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new Unreadable("cannot read " + where + ": not downloaded within the deadline of "
                    + describe(deadline) + " for the whole download (" + DEADLINE_VARIABLE + " sets it in seconds)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HttpTimeoutException) {
                throw new Unreadable("cannot read " + where + ": not downloaded within the deadline of "
                        + describe(deadline) + " for the whole download (" + DEADLINE_VARIABLE
                        + " sets it in seconds): " + describe(cause));
            }
            if (cause instanceof Unreadable unreadable) {
                throw new Unreadable("cannot read " + where + ": " + unreadable.getMessage());
            }
            throw new Unreadable("cannot read " + where + ": " + describe(cause));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unreadable("cannot read " + where + ": interrupted");
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String location = response.headers()
                    .firstValue("Location")
                    .map(l -> ", a redirect to " + l + " that was not followed")
                    .orElse("");
            throw new Unreadable("cannot read " + where + ": HTTP " + status + location);
        }
        return response.body();
    }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** "3 minutes", "5 seconds", "90 seconds". */
    static String describe(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
        }
        if (seconds >= 1) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        return d.toMillis() + " ms";
    }

    /**
     * A response body collected into bytes, given up on past {@link #MAX_INPUT}; an error status is not read at all
     * (its body is discarded as it comes).
     */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final boolean wanted;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(HttpResponse.ResponseInfo info) {
            wanted = info.statusCode() / 100 == 2;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (!wanted || result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > MAX_INPUT) {
                    subscription.cancel();
                    result.completeExceptionally(new Unreadable("larger than " + MAX_INPUT / (1024 * 1024) + " MB"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(wanted ? bytes.toByteArray() : new byte[0]);
        }
    }

    /** An exception as a short phrase: its message, or its cause's, or its kind. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    static String decode(byte[] bytes, String where) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Unreadable(where + " is not UTF-8 text, so neither YAML nor JSON");
        }
    }

    /** JSON (by its first character) with a strict JSON reader, else YAML. */
    static Object parse(String text, String where) {
        String start = text.stripLeading();
        if (start.isEmpty()) {
            throw new Unreadable(where + " is empty");
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            try {
                return new Json(text).document();
            } catch (Json.OutOfRange json) {
                throw new Unreadable(where + ": " + json.getMessage());
            } catch (Json.Malformed json) {
                try {
                    return yaml(text); // YAML's flow style also starts with '{'
                } catch (Unreadable limit) {
                    throw new Unreadable(
                            where + " is not JSON (" + json.getMessage() + "), and as YAML: " + limit.getMessage());
                } catch (YAMLException | ClassCastException notYaml) {
                    throw new Unreadable(where + " is not JSON (" + json.getMessage() + ") nor YAML");
                }
            }
        }
        try {
            return yaml(text);
        } catch (Unreadable limit) {
            throw new Unreadable(where + ": " + limit.getMessage());
        } catch (YAMLException | ClassCastException e) {
            throw new Unreadable(where + " is not YAML or JSON: "
                    + String.valueOf(e.getMessage())
                            .replaceAll("\\s*\\n\\s*", " ")
                            .trim());
        }
    }

    static Object yaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_INPUT);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        // YAML 1.1 reads an unquoted 2026-09-16 as a date; a definition means the text.
        Resolver noDates = new Resolver() {
            @Override
            public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
                if (!Tag.TIMESTAMP.equals(tag)) {
                    super.addImplicitResolver(tag, regexp, first, limit);
                }
            }
        };
        DumperOptions dumper = new DumperOptions();
        try {
            return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, noDates).load(text);
        } catch (YAMLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Number of aliases")) {
                throw new Unreadable("the YAML alias limit was hit: more than " + MAX_ALIASES + " aliases (*name) to a"
                        + " mapping or list (an alias bomb?)");
            }
            if (message.contains("exceeds the limit") && message.contains("code points")) {
                throw new Unreadable("the YAML document size limit was hit: more than " + MAX_INPUT + " code points");
            }
            if (message.contains("Nesting Depth exceeded")) {
                throw new Unreadable(
                        "the YAML nesting limit was hit: nested more than " + MAX_NESTING + " levels deep");
            }
            throw e;
        }
    }

    /** A strict RFC 8259 reader: SnakeYAML refuses some valid JSON (the escape \/, for one). */
    static final class Json {
        static final class Malformed extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Malformed(String message) {
                super(message);
            }
        }

        /** Well-formed JSON that cannot be read into numbers: not to be retried as YAML, which would read it otherwise. */
        static final class OutOfRange extends RuntimeException {
            private static final long serialVersionUID = 1L;

            OutOfRange(String message) {
                super(message);
            }
        }

        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object document() {
            space();
            Object value = value(0);
            space();
            if (i < s.length()) {
                throw error("text after the end of the JSON value");
            }
            return value;
        }

        private Object value(int depth) {
            if (depth > MAX_NESTING) {
                throw error("nested too deeply");
            }
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> object = new LinkedHashMap<>();
                    space();
                    if (peek('}')) {
                        return object;
                    }
                    do {
                        space();
                        if (i >= s.length() || s.charAt(i) != '"') {
                            throw error("expected a string key");
                        }
                        String key = string();
                        space();
                        expect(':');
                        space();
                        object.put(key, value(depth + 1));
                        space();
                    } while (peek(','));
                    expect('}');
                    return object;
                }
                case '[': {
                    i++;
                    List<Object> array = new ArrayList<>();
                    space();
                    if (peek(']')) {
                        return array;
                    }
                    do {
                        space();
                        array.add(value(depth + 1));
                        space();
                    } while (peek(','));
                    expect(']');
                    return array;
                }
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

        private Object number() {
            Matcher m = NUMBER.matcher(s).region(i, s.length());
            if (!m.lookingAt()) {
                throw error("unexpected character '" + s.charAt(i) + "'");
            }
            if (m.end() - i > MAX_NUMBER_CHARS) {
                throw outOfRange("a number of more than " + MAX_NUMBER_CHARS + " characters");
            }
            if (m.group(2) == null && m.group(3) == null) {
                i = m.end();
                BigInteger n = new BigInteger(m.group());
                return n.bitLength() < 64 ? (Object) n.longValue() : n;
            }
            try {
                BigDecimal d = new BigDecimal(m.group());
                i = m.end();
                return d;
            } catch (NumberFormatException | ArithmeticException e) {
                // BigDecimal's scale is an int: 1e-2147483649 has no BigDecimal (nor any use in a definition).
                throw outOfRange("the number " + m.group() + " is out of range (its exponent is beyond +/-2147483647)");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, i)) {
                throw error("unexpected character '" + s.charAt(i) + "'");
            }
            i += word.length();
            return value;
        }

        private String string() {
            i++; // the opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9A-Fa-f]{4}")) {
                            throw error("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error(i < s.length() ? "expected '" + c + "', found '" + s.charAt(i) + "'" : "unexpected end");
            }
        }

        private OutOfRange outOfRange(String what) {
            return new OutOfRange(position() + what);
        }

        private Malformed error(String what) {
            return new Malformed(position() + what);
        }

        private String position() {
            int line = 1;
            int column = 1;
            for (int k = 0; k < Math.min(i, s.length()); k++) {
                if (s.charAt(k) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return "line " + line + ", column " + column + ": ";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Small helpers over the parsed tree (maps, lists, strings, numbers, booleans).

    /** A copy of a mapping with string keys (YAML reads a key 200 as a number), or an empty one. */
    static Map<String, Object> map(Object o) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                copy.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return copy;
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : null;
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    static boolean bool(Object o) {
        return Boolean.TRUE.equals(o) || "true".equals(o);
    }

    /** A mapping's value by string key, whatever type the parser gave the key. */
    static Object get(Object container, String key) {
        if (container instanceof Map<?, ?> m) {
            if (m.containsKey(key)) {
                return m.get(key);
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (key.equals(String.valueOf(e.getKey()))) {
                    return e.getValue();
                }
            }
            return null;
        }
        if (container instanceof List<?> l && key.matches("0|[1-9][0-9]{0,8}")) {
            int index = Integer.parseInt(key);
            return index < l.size() ? l.get(index) : null;
        }
        return null;
    }

    /** A number in one spelling for every equal value (0, 0.0 and 0e0 are "0"); null if not a number. */
    static String number(Object o) {
        if (o == null) {
            return null;
        }
        String text = String.valueOf(o).trim();
        if (text.length() > MAX_NUMBER_CHARS) {
            return text;
        }
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.signum() == 0) {
                return "0";
            }
            d = d.stripTrailingZeros();
            // 1e-999999999 written out in full would be a billion characters.
            return Math.abs((long) d.scale()) > MAX_NUMBER_CHARS ? d.toString() : d.toPlainString();
        } catch (NumberFormatException | ArithmeticException e) {
            return text;
        }
    }

    /** Longest value shown in a sentence (an enum value that is a YAML alias bomb of lists would be gigabytes). */
    static final int MAX_RENDERED = 100_000;

    /** A value as the sentences show it: strings quoted, numbers and booleans bare, on one line. */
    static String render(Object o) {
        int[] budget = {MAX_RENDERED};
        return render(o, budget);
    }

    private static String render(Object o, int[] budget) {
        String result;
        if (o == null) {
            result = "null";
        } else if (o instanceof String s) {
            spend(budget, s.length());
            result = '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        } else if (o instanceof Number) {
            result = number(o);
        } else if (o instanceof Map<?, ?> m) {
            List<String> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.add(render(String.valueOf(e.getKey()), budget) + ": " + render(e.getValue(), budget));
            }
            result = entries.stream().sorted().collect(Collectors.joining(", ", "{", "}"));
        } else if (o instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            for (Object item : l) {
                items.add(render(item, budget));
            }
            result = items.stream().collect(Collectors.joining(", ", "[", "]"));
        } else {
            result = String.valueOf(o);
        }
        spend(budget, result.length());
        return result;
    }

    private static void spend(int[] budget, int chars) {
        budget[0] -= chars;
        if (budget[0] < 0) {
            throw new Unreadable("a value (an enum value or a default) is too large to compare: more than "
                    + MAX_RENDERED + " characters written out (YAML aliases nested in one another?)");
        }
    }

    /** Sentences are one line each, whatever a field name or an enum value holds. */
    static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** Schema keywords that carry structure; a schema without any of them accepts anything. */
    static final Set<String> STRUCTURAL = Set.of(
            "$ref",
            "type",
            "format",
            "enum",
            "required",
            "nullable",
            "minimum",
            "maximum",
            "properties",
            "items",
            "additionalProperties",
            "allOf",
            "anyOf",
            "oneOf");

    // ---------------------------------------------------------------------------------------------------------------
    // A document, and its operations in one shape for OpenAPI 3 and Swagger 2.

    /** A value after following $refs, and the last $ref followed (null if it was written inline). */
    record Node(Object value, String ref) {}

    static final class Operation {
        final String method;
        final String path;
        /** By "in" and name. Values are parameters with a "schema" (Swagger 2's inline types moved into one). */
        final Map<String, Node> parameters = new LinkedHashMap<>();
        /** The request body as OpenAPI 3 has it ({required, content}), or null. */
        Node body;
        /** By status code, as OpenAPI 3 has them ({content}). */
        final Map<String, Node> responses = new LinkedHashMap<>();
        /** The operation's own security, or null when it inherits the top-level one. */
        List<?> security;

        Operation(String method, String path) {
            this.method = method;
            this.path = path;
        }

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    static final class Doc {
        final String side;
        final String where;
        final Map<String, Object> root;
        final boolean swagger2;

        Doc(String side, String source, Object tree) {
            this.side = side;
            this.where = side + " " + source;
            if (!(tree instanceof Map)) {
                throw new Unreadable(where + " is not an OpenAPI document: its top level is not a mapping");
            }
            this.root = map(tree);
            Object openapi = root.get("openapi");
            Object swagger = root.get("swagger");
            if (openapi != null && String.valueOf(openapi).startsWith("3")) {
                swagger2 = false;
            } else if (swagger != null && number(swagger).equals("2")) {
                swagger2 = true;
            } else {
                throw new Unreadable(where + " is not an OpenAPI document: it has neither \"openapi: 3.x\" nor"
                        + " \"swagger: '2.0'\" at its top level");
            }
        }

        /** Follows local $refs ("#/..."); a value without one is returned as it is. */
        Node resolve(Object value) {
            String ref = null;
            Set<String> seen = new HashSet<>();
            while (value instanceof Map<?, ?> m && m.get("$ref") instanceof String next) {
                if (!next.startsWith("#")) {
                    throw new Unreadable(
                            where + " has $ref \"" + next + "\": only local references (#/...) are followed");
                }
                if (!seen.add(next)) {
                    throw new Unreadable(where + " has a $ref that leads back to itself: " + next);
                }
                value = pointer(next);
                ref = next;
            }
            return new Node(value, ref);
        }

        /** The value a JSON pointer such as #/components/schemas/ConversationsMessage names. */
        Object pointer(String ref) {
            Object at = root;
            for (String segment : segments(ref)) {
                at = get(at, segment);
                if (at == null) {
                    throw new Unreadable(where + " has $ref \"" + ref + "\", which points at nothing");
                }
            }
            return at;
        }

        static List<String> segments(String ref) {
            String path = ref.substring(1);
            if (path.isEmpty()) {
                return List.of();
            }
            List<String> segments = new ArrayList<>();
            for (String raw : path.substring(path.startsWith("/") ? 1 : 0).split("/", -1)) {
                String decoded = raw;
                try {
                    decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // not percent-encoded after all
                }
                segments.add(decoded.replace("~1", "/").replace("~0", "~"));
            }
            return segments;
        }

        /**
         * The component a $ref names, when it names a whole one of this kind ("schema": #/components/schemas/N or
         * Swagger 2's #/definitions/N, and so on); null for anything else.
         */
        static String component(String ref, String kind) {
            if (ref == null) {
                return null;
            }
            List<String> s = segments(ref);
            String oas3 = switch (kind) {
                case "schema" -> "schemas";
                case "response" -> "responses";
                case "parameter" -> "parameters";
                case "request body" -> "requestBodies";
                default -> throw new IllegalArgumentException(kind);
            };
            String swagger2 = switch (kind) {
                case "schema" -> "definitions";
                case "response" -> "responses";
                default -> "parameters"; // a Swagger 2 body is a parameter
            };
            if (s.size() == 3 && s.get(0).equals("components") && s.get(1).equals(oas3)) {
                return s.get(2);
            }
            if (s.size() == 2 && s.get(0).equals(swagger2)) {
                return s.get(1);
            }
            return null;
        }

        /** The operations under paths that start with /conversations, by name ("PUT /conversations/visitorGroup"). */
        Map<String, Operation> operations() {
            Map<String, Operation> operations = new LinkedHashMap<>();
            for (Map.Entry<String, Object> path : map(root.get("paths")).entrySet()) {
                if (!path.getKey().startsWith("/conversations")) {
                    continue;
                }
                Map<String, Object> item = map(resolve(path.getValue()).value());
                List<?> shared = list(item.get("parameters"));
                for (String method : METHODS) {
                    if (item.get(method) instanceof Map<?, ?> raw) {
                        if (!(get(raw, "responses") instanceof Map<?, ?> responses) || responses.isEmpty()) {
                            // OpenAPI 3 and Swagger 2 require them; a YAML file cut short ends like this more often
                            // than not.
                            throw new Unreadable(where + ": " + method.toUpperCase(Locale.ROOT) + " " + path.getKey()
                                    + " has no responses, which every operation must have (is the file cut short?)");
                        }
                        Operation op = operation(method, path.getKey(), map(raw), shared);
                        operations.put(op.name(), op);
                    }
                }
            }
            return operations;
        }

        private Operation operation(String method, String path, Map<String, Object> op, List<?> pathParameters) {
            Operation result = new Operation(method, path);
            List<Object> all = new ArrayList<>();
            if (pathParameters != null) {
                all.addAll(pathParameters);
            }
            if (list(op.get("parameters")) != null) {
                all.addAll(list(op.get("parameters"))); // an operation's own parameter replaces the path's of that name
            }
            Node bodyParameter = null;
            Map<String, Node> formParameters = new TreeMap<>();
            for (Object raw : all) {
                Node node = resolve(raw);
                Map<String, Object> parameter = map(node.value());
                String in = str(parameter.get("in"));
                String name = str(parameter.get("name"));
                if (swagger2 && "body".equals(in)) {
                    bodyParameter = node;
                } else if (swagger2 && "formData".equals(in)) {
                    formParameters.put(name, node);
                } else {
                    result.parameters.put(in + " " + name, new Node(parameterWithSchema(parameter), node.ref()));
                }
            }

            if (!swagger2) {
                result.body = op.containsKey("requestBody") ? resolve(op.get("requestBody")) : null;
            } else if (bodyParameter != null) {
                Map<String, Object> parameter = map(bodyParameter.value());
                result.body = new Node(
                        body(
                                bool(parameter.get("required")),
                                consumes(op, "application/json"),
                                parameter.get("schema")),
                        bodyParameter.ref());
            } else if (!formParameters.isEmpty()) {
                result.body = new Node(formBody(op, formParameters), null);
            }

            for (Map.Entry<String, Object> response : map(op.get("responses")).entrySet()) {
                if (response.getKey().startsWith("x-")) {
                    continue;
                }
                Node node = resolve(response.getValue());
                if (swagger2) {
                    Object schema = map(node.value()).get("schema");
                    Map<String, Object> content = new LinkedHashMap<>();
                    if (schema != null) {
                        content.put("application/json", Map.of("schema", schema));
                    }
                    node = new Node(Map.of("content", content), node.ref());
                }
                result.responses.put(response.getKey(), node);
            }

            result.security =
                    op.containsKey("security") ? Objects.requireNonNullElse(list(op.get("security")), List.of()) : null;
            return result;
        }

        /** A parameter with its type in a "schema" (Swagger 2 writes type, format, items, enum... on the parameter). */
        private Map<String, Object> parameterWithSchema(Map<String, Object> parameter) {
            Map<String, Object> result = new LinkedHashMap<>(parameter);
            if (parameter.containsKey("schema")) {
                return result;
            }
            if (!swagger2 && parameter.get("content") instanceof Map<?, ?> content && !content.isEmpty()) {
                result.put("schema", map(content.values().iterator().next()).get("schema"));
                return result;
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            for (String key : List.of("type", "format", "items", "enum", "minimum", "maximum")) {
                if (parameter.containsKey(key)) {
                    schema.put(key, parameter.get(key));
                }
            }
            result.put("schema", schema);
            return result;
        }

        private List<String> consumes(Map<String, Object> op, String fallback) {
            List<?> types = list(op.get("consumes"));
            if (types == null || types.isEmpty()) {
                types = list(root.get("consumes"));
            }
            if (types == null || types.isEmpty()) {
                return List.of(fallback);
            }
            return types.stream().map(String::valueOf).collect(Collectors.toList());
        }

        private static Map<String, Object> body(boolean required, List<String> mediaTypes, Object schema) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (String type : mediaTypes) {
                content.put(type, schema == null ? Map.of() : Map.of("schema", schema));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("required", required);
            body.put("content", content);
            return body;
        }

        /** Swagger 2 formData parameters as the object schema of a form body. */
        private Map<String, Object> formBody(Map<String, Object> op, Map<String, Node> parameters) {
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            boolean file = false;
            for (Map.Entry<String, Node> e : parameters.entrySet()) {
                Map<String, Object> parameter = map(e.getValue().value());
                properties.put(e.getKey(), parameterWithSchema(parameter).get("schema"));
                if (bool(parameter.get("required"))) {
                    required.add(e.getKey());
                }
                file |= "file".equals(parameter.get("type"));
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", properties);
            schema.put("required", required);
            return body(
                    !required.isEmpty(),
                    consumes(op, file ? "multipart/form-data" : "application/x-www-form-urlencoded"),
                    schema);
        }

        /** The security alternatives of an operation (its own, or the top-level ones), each as its schemes. */
        Set<String> alternatives(List<?> own) {
            List<?> requirements = own != null ? own : list(root.get("security"));
            Set<String> result = new TreeSet<>();
            if (requirements == null || requirements.isEmpty()) {
                result.add("no authentication");
                return result;
            }
            for (Object requirement : requirements) {
                Map<String, Object> schemes = map(requirement);
                result.add(
                        schemes.isEmpty()
                                ? "no authentication"
                                : schemes.entrySet().stream()
                                        .map(e -> scheme(e.getKey(), list(e.getValue())))
                                        .sorted()
                                        .collect(Collectors.joining(" + ")));
            }
            return result;
        }

        /** A security scheme by what goes on the wire: "api-key header", "http bearer", "oauth2 (scopes a, b)". */
        private String scheme(String name, List<?> scopes) {
            Object definitions =
                    swagger2 ? root.get("securityDefinitions") : get(root.get("components"), "securitySchemes");
            Object definition = get(definitions, name);
            if (definition == null) {
                return "undefined scheme \"" + name + "\"";
            }
            Map<String, Object> scheme = map(resolve(definition).value());
            String type = String.valueOf(scheme.get("type"));
            String described = switch (type) {
                case "apiKey" -> scheme.get("name") + " " + scheme.get("in");
                case "http" -> "http " + String.valueOf(scheme.get("scheme")).toLowerCase(Locale.ROOT);
                case "basic" -> "http basic";
                default -> type;
            };
            if (scopes != null && !scopes.isEmpty()) {
                described += scopes.stream()
                        .map(String::valueOf)
                        .sorted()
                        .collect(Collectors.joining(", ", " (scopes ", ")"));
            }
            return described;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The comparison.

    /**
     * Where a sentence is about. {@code group} is null for an operation's own sentences, else the sort key of a shared
     * component's group; {@code text} the operation or component and part; {@code field} the field path in a schema.
     */
    record Loc(String group, String text, String field, Uses uses) {
        static Loc operation(String name) {
            return new Loc(null, name, "", new Uses());
        }

        Loc part(String part) {
            return new Loc(group, text + ", " + part, field, uses);
        }

        /** The same place, in a request (what the SDK sends) or a response (what it reads). */
        Loc in(String direction) {
            Uses used = new Uses();
            used.own.add(direction);
            return new Loc(group, text, field, used);
        }

        Loc field(String name) {
            return new Loc(group, text, field.isEmpty() ? name : field + "." + name, uses);
        }

        Loc items() {
            return new Loc(group, text, field + "[]", uses);
        }

        Loc values() {
            return new Loc(group, text, field + "{}", uses);
        }

        String sentence(String what) {
            return text + (field.isEmpty() ? "" : ", field " + field) + ": " + what;
        }
    }

    /**
     * Where a place is used: "request", "response", or both. A shared component's group is used wherever the places
     * that point at it are, which are only all known once the comparison is over (so its parents are kept, and asked
     * at the end).
     */
    static final class Uses {
        final Set<String> own = new TreeSet<>();
        final List<Uses> parents = new ArrayList<>();

        Set<String> directions() {
            Set<String> all = new TreeSet<>();
            collect(this, all, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            return all;
        }

        private static void collect(Uses u, Set<String> all, Set<Uses> seen) {
            if (!seen.add(u)) {
                return;
            }
            all.addAll(u.own);
            for (Uses parent : u.parents) {
                collect(parent, all, seen);
            }
        }
    }

    /**
     * One difference as data, for openapi/refresh: where, what kind ("operation", "field", "required", "type", ...),
     * whether the first side (upstream; for refresh, Brevo's new snapshot) has it, the values before (second side)
     * and after (first side), and drift's sentence.
     */
    record Change(
            Loc at, String kind, boolean firstHas, boolean required, String before, String after, String sentence) {}

    /** Two values compared together, by identity: a guard against YAML aliases that contain themselves. */
    record Pair(Object upstream, Object ours) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.upstream == upstream && p.ours == ours;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(upstream) * 31 + System.identityHashCode(ours);
        }
    }

    static final class Comparison {
        private static final long MAX_STEPS = 5_000_000;
        /** Where shared groups sort: top-level security, then responses, request bodies, parameters, schemas. */
        private static final Map<String, String> GROUP_ORDER =
                Map.of("response", "1", "request body", "2", "parameter", "3", "schema", "4");

        private final Doc up;
        private final Doc our;
        /** A dry run only counts (to see whether two schemas are the same). */
        private final boolean dry;

        private int found;
        private long steps;
        private final List<String> operationSentences = new ArrayList<>();
        private final Map<String, List<String>> groups = new TreeMap<>();
        /** Pairs of shared components already compared (each is reported once), and top-level security. */
        private final Set<String> compared = new HashSet<>();

        private final Set<Pair> onStack = new HashSet<>();
        /** Every difference as data (not in a dry run), in the order found. */
        final List<Change> changes = new ArrayList<>();
        /** Where each shared pair of components is used, by the key of {@link #compared}. */
        private final Map<String, Uses> groupUses = new java.util.HashMap<>();

        Comparison(Doc up, Doc our, boolean dry) {
            this.up = up;
            this.our = our;
            this.dry = dry;
        }

        List<String> run() {
            Map<String, Operation> theirs = up.operations();
            Map<String, Operation> mine = our.operations();
            if (theirs.isEmpty()) {
                throw new Unreadable(
                        up.where + " has no path that starts with /conversations: is it Brevo's definition?");
            }
            if (mine.isEmpty()) {
                throw new Unreadable(our.where + " has no path that starts with /conversations");
            }
            List<Operation> all = new ArrayList<>(theirs.values());
            mine.values().stream().filter(o -> !theirs.containsKey(o.name())).forEach(all::add);
            all.sort((a, b) -> a.path.equals(b.path)
                    ? METHODS.indexOf(a.method) - METHODS.indexOf(b.method)
                    : a.path.compareTo(b.path));
            for (Operation op : all) {
                Operation u = theirs.get(op.name());
                Operation o = mine.get(op.name());
                Loc at = Loc.operation(op.name());
                if (u == null || o == null) {
                    presence(at, u != null, false, "operation");
                } else {
                    operation(at, u, o);
                }
            }
            List<String> sentences = new ArrayList<>(operationSentences);
            groups.values().forEach(sentences::addAll);
            return sentences;
        }

        private void emit(Loc at, String what) {
            emit(at, what, "other", false, false, null, null);
        }

        private void emit(
                Loc at, String what, String kind, boolean firstHas, boolean required, String before, String after) {
            found++;
            if (dry) {
                return;
            }
            String sentence = oneLine(at.sentence(what));
            changes.add(new Change(at, kind, firstHas, required, before, after, sentence));
            if (at.group() == null) {
                operationSentences.add(sentence);
            } else {
                groups.computeIfAbsent(at.group(), k -> new ArrayList<>()).add(sentence);
            }
        }

        /** "upstream has it, ours does not." and the other way round; "(required)" for a required field. */
        private void presence(Loc at, boolean upstreamHasIt, boolean required, String kind) {
            String it = required ? "it (required)" : "it";
            emit(
                    at,
                    upstreamHasIt
                            ? "upstream has " + it + ", ours does not."
                            : "ours has " + it + ", upstream does not.",
                    kind,
                    upstreamHasIt,
                    required,
                    null,
                    null);
        }

        private void required(Loc at, boolean upstream, boolean ours) {
            if (upstream != ours) {
                emit(
                        at,
                        upstream ? "required upstream, optional in ours." : "optional upstream, required in ours.",
                        "required",
                        upstream,
                        upstream,
                        null,
                        null);
            }
        }

        /** A single-valued attribute: "upstream has format int32, ours has format int64." */
        private void attribute(Loc at, String name, String upstream, String ours) {
            if (Objects.equals(upstream, ours)) {
                return;
            }
            emit(
                    at,
                    (upstream == null ? "upstream has no " + name : "upstream has " + name + " " + upstream) + ", "
                            + (ours == null ? "ours has no " + name : "ours has " + name + " " + ours) + ".",
                    name,
                    upstream != null,
                    false,
                    ours,
                    upstream);
        }

        /**
         * Where the comparison of two nodes is reported. When both are $refs to whole components of that kind, the
         * pair gets its own group ("schema ConversationsMessage"), compared once: null when that was done already.
         */
        private Loc shared(Loc at, String kind, Node u, Node o) {
            String upName = Doc.component(u.ref(), kind);
            String ourName = Doc.component(o.ref(), kind);
            if (upName == null || ourName == null) {
                return at;
            }
            String key = kind + "\u0000" + u.ref() + "\u0000" + o.ref();
            Uses existing = groupUses.get(key);
            if (existing != null) {
                existing.parents.add(at.uses());
                return null;
            }
            Uses group = new Uses();
            group.parents.add(at.uses());
            groupUses.put(key, group);
            String label = kind + " " + ourName + (ourName.equals(upName) ? "" : " (upstream: " + upName + ")");
            return new Loc(GROUP_ORDER.get(kind) + label, label, "", group);
        }

        private void operation(Loc at, Operation u, Operation o) {
            List<String> parameters = new ArrayList<>(new TreeSet<>(u.parameters.keySet()));
            o.parameters.keySet().stream()
                    .filter(k -> !u.parameters.containsKey(k))
                    .forEach(parameters::add);
            parameters.sort((a, b) -> {
                int byPlace = Integer.compare(place(a), place(b));
                return byPlace != 0 ? byPlace : a.compareTo(b);
            });
            for (String key : parameters) {
                Node pu = u.parameters.get(key);
                Node po = o.parameters.get(key);
                int space = key.indexOf(' ');
                Loc p = at.part(key.substring(0, space) + " parameter " + key.substring(space + 1))
                        .in("request");
                if (pu == null || po == null) {
                    Node present = pu != null ? pu : po;
                    presence(p, pu != null, bool(map(present.value()).get("required")), "parameter");
                } else {
                    parameter(p, pu, po);
                }
            }

            Loc body = at.part("request body").in("request");
            if (u.body != null && o.body != null) {
                requestBody(body, u.body, o.body);
            } else if (u.body != null || o.body != null) {
                presence(
                        body,
                        u.body != null,
                        bool(map((u.body != null ? u.body : o.body).value()).get("required")),
                        "request body");
            }

            TreeSet<String> codes = new TreeSet<>(u.responses.keySet());
            codes.addAll(o.responses.keySet());
            for (String code : codes) {
                Loc r = at.part(code + " response").in("response");
                Node ru = u.responses.get(code);
                Node ro = o.responses.get(code);
                if (ru == null || ro == null) {
                    presence(r, ru != null, false, "response");
                } else {
                    response(r, ru, ro);
                }
            }

            security(at, u.security, o.security);
        }

        /** Parameters sort by where they go (path, query, header, cookie, anything else), then by name. */
        private static int place(String key) {
            int place = List.of("path", "query", "header", "cookie").indexOf(key.substring(0, key.indexOf(' ')));
            return place < 0 ? 4 : place;
        }

        private void parameter(Loc at, Node u, Node o) {
            Loc l = shared(at, "parameter", u, o);
            if (l == null) {
                return;
            }
            Map<String, Object> pu = map(u.value());
            Map<String, Object> po = map(o.value());
            required(l, bool(pu.get("required")), bool(po.get("required")));
            schema(l, pu.get("schema"), po.get("schema"));
        }

        private void requestBody(Loc at, Node u, Node o) {
            Loc l = shared(at, "request body", u, o);
            if (l == null) {
                return;
            }
            Map<String, Object> bu = map(u.value());
            Map<String, Object> bo = map(o.value());
            required(l, bool(bu.get("required")), bool(bo.get("required")));
            content(l, map(bu.get("content")), map(bo.get("content")));
        }

        private void response(Loc at, Node u, Node o) {
            Loc l = shared(at, "response", u, o);
            if (l == null) {
                return;
            }
            Map<String, Object> cu = map(map(u.value()).get("content"));
            Map<String, Object> co = map(map(o.value()).get("content"));
            if (cu.isEmpty() != co.isEmpty()) {
                emit(
                        l,
                        cu.isEmpty() ? "ours has a body, upstream has none." : "upstream has a body, ours has none.",
                        "response body",
                        !cu.isEmpty(),
                        false,
                        null,
                        null);
                return;
            }
            content(l, cu, co);
        }

        /** Media types, and the schema of each one both have; application/json goes without saying. */
        private void content(Loc at, Map<String, Object> u, Map<String, Object> o) {
            TreeSet<String> types = new TreeSet<>(u.keySet());
            types.addAll(o.keySet());
            for (String type : types) {
                Loc media = at.part("media type " + type);
                if (!u.containsKey(type) || !o.containsKey(type)) {
                    presence(media, u.containsKey(type), false, "media type");
                } else {
                    schema(
                            type.equals("application/json") ? at : media,
                            map(u.get(type)).get("schema"),
                            map(o.get(type)).get("schema"));
                }
            }
        }

        private void security(Loc at, List<?> u, List<?> o) {
            Loc l;
            if (u == null && o == null) {
                if (!compared.add("top-level security")) {
                    return;
                }
                l = new Loc("0", "top-level security", "", new Uses()).in("request");
            } else {
                l = at.part("security").in("request");
            }
            Set<String> au = up.alternatives(u);
            Set<String> ao = our.alternatives(o);
            TreeSet<String> all = new TreeSet<>(au);
            all.addAll(ao);
            for (String alternative : all) {
                if (au.contains(alternative) != ao.contains(alternative)) {
                    presence(l.part("alternative " + alternative), au.contains(alternative), false, "alternative");
                }
            }
        }

        /** A schema written as allOf with a single member (plus nullable at most) is that member. */
        private Node collapse(Doc doc, Node node, int depth) {
            Map<String, Object> schema = map(node.value());
            List<?> allOf = list(schema.get("allOf"));
            if (allOf == null || allOf.size() != 1 || depth > 50) {
                return node;
            }
            for (String key : schema.keySet()) {
                if (STRUCTURAL.contains(key) && !key.equals("allOf") && !key.equals("nullable")) {
                    return node;
                }
            }
            Node member = collapse(doc, doc.resolve(allOf.get(0)), depth + 1);
            if (!bool(schema.get("nullable"))) {
                return member;
            }
            Map<String, Object> nullable = map(member.value());
            nullable.put("nullable", true);
            return new Node(nullable, null);
        }

        void schema(Loc at, Object upstream, Object ours) {
            if (++steps > MAX_STEPS) {
                throw new Unreadable("the schemas are too large to compare (more than " + MAX_STEPS + " steps)");
            }
            Node u = collapse(up, up.resolve(upstream), 0);
            Node o = collapse(our, our.resolve(ours), 0);
            Loc l = shared(at, "schema", u, o);
            Pair pair = new Pair(u.value(), o.value());
            if (l == null || !onStack.add(pair)) {
                return;
            }
            try {
                compareSchemas(l, map(u.value()), map(o.value()));
            } finally {
                onStack.remove(pair);
            }
        }

        private void compareSchemas(Loc l, Map<String, Object> su, Map<String, Object> so) {
            String tu = type(su.get("type"));
            String to = type(so.get("type"));
            attribute(l, "type", tu, to);
            if (tu != null && to != null && !tu.equals(to)) {
                return; // what else differs follows from the type
            }
            attribute(l, "format", str(su.get("format")), str(so.get("format")));
            enumeration(l, list(su.get("enum")), list(so.get("enum")));
            if (bool(su.get("nullable")) != bool(so.get("nullable"))) {
                emit(
                        l,
                        bool(su.get("nullable"))
                                ? "nullable upstream, not nullable in ours."
                                : "not nullable upstream, nullable in ours.",
                        "nullable",
                        bool(su.get("nullable")),
                        false,
                        null,
                        null);
            }
            attribute(l, "minimum", number(su.get("minimum")), number(so.get("minimum")));
            attribute(l, "maximum", number(su.get("maximum")), number(so.get("maximum")));
            properties(l, su, so);

            Object iu = su.get("items");
            Object io = so.get("items");
            if (iu != null && io != null) {
                schema(l.items(), iu, io);
            } else if (iu != null || io != null) {
                emit(
                        l,
                        iu != null
                                ? "upstream has an item schema, ours has none."
                                : "ours has an item schema, upstream has none.",
                        "items",
                        iu != null,
                        false,
                        null,
                        null);
            }

            additionalProperties(l, su.get("additionalProperties"), so.get("additionalProperties"));

            for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
                List<?> mu = Objects.requireNonNullElse(list(su.get(keyword)), List.of());
                List<?> mo = Objects.requireNonNullElse(list(so.get(keyword)), List.of());
                for (int i = 0; i < Math.max(mu.size(), mo.size()); i++) {
                    Loc member = l.field(keyword + "[" + i + "]");
                    if (i < mu.size() && i < mo.size()) {
                        schema(member, mu.get(i), mo.get(i));
                    } else {
                        presence(member, i < mu.size(), false, "member");
                    }
                }
            }
        }

        private static String type(Object type) {
            if (type instanceof List<?> types) {
                return types.stream().map(String::valueOf).sorted().collect(Collectors.joining(" or "));
            }
            return str(type);
        }

        private void enumeration(Loc l, List<?> u, List<?> o) {
            if (u == null && o == null) {
                return;
            }
            if (u == null || o == null) {
                String values = (u != null ? u : o)
                        .stream().map(Drift::render).sorted().distinct().collect(Collectors.joining(", "));
                emit(
                        l,
                        u == null
                                ? "upstream has no enum, ours has enum " + values + "."
                                : "upstream has enum " + values + ", ours has no enum.",
                        "enum",
                        u != null,
                        false,
                        null,
                        values);
                return;
            }
            Set<String> vu = u.stream().map(Drift::render).collect(Collectors.toCollection(TreeSet::new));
            Set<String> vo = o.stream().map(Drift::render).collect(Collectors.toCollection(TreeSet::new));
            enumValues(l, vu, vo, "upstream", "ours");
            enumValues(l, vo, vu, "ours", "upstream");
        }

        private void enumValues(Loc l, Set<String> these, Set<String> those, String side, String other) {
            List<String> extra = these.stream().filter(v -> !those.contains(v)).collect(Collectors.toList());
            boolean first = side.equals("upstream");
            if (extra.size() == 1) {
                emit(
                        l,
                        "enum value " + extra.get(0) + ": " + side + " has it, " + other + " does not.",
                        "enum value",
                        first,
                        false,
                        null,
                        extra.get(0));
            } else if (!extra.isEmpty()) {
                emit(
                        l,
                        "enum values " + String.join(", ", extra) + ": " + side + " has them, " + other + " does not.",
                        "enum value",
                        first,
                        false,
                        null,
                        String.join(", ", extra));
            }
        }

        private void properties(Loc l, Map<String, Object> su, Map<String, Object> so) {
            Map<String, Object> pu = map(su.get("properties"));
            Map<String, Object> po = map(so.get("properties"));
            Set<String> ru = requiredNames(su);
            Set<String> ro = requiredNames(so);

            // One field only upstream and one only in ours, with the same schema: a rename, said in one sentence.
            TreeSet<String> onlyUp = new TreeSet<>(pu.keySet());
            onlyUp.removeAll(po.keySet());
            TreeSet<String> onlyOurs = new TreeSet<>(po.keySet());
            onlyOurs.removeAll(pu.keySet());
            String renamedUp = null;
            String renamedOurs = null;
            if (onlyUp.size() == 1
                    && onlyOurs.size() == 1
                    && ru.contains(onlyUp.first()) == ro.contains(onlyOurs.first())
                    && same(pu.get(onlyUp.first()), po.get(onlyOurs.first()))) {
                renamedUp = onlyUp.first();
                renamedOurs = onlyOurs.first();
            }

            TreeSet<String> names = new TreeSet<>(pu.keySet());
            names.addAll(po.keySet());
            for (String name : names) {
                Loc f = l.field(name);
                if (name.equals(renamedUp)) {
                    continue;
                } else if (name.equals(renamedOurs)) {
                    emit(f, "upstream names it " + renamedUp + ".", "rename", true, false, renamedOurs, renamedUp);
                } else if (pu.containsKey(name) && po.containsKey(name)) {
                    required(f, ru.contains(name), ro.contains(name));
                    schema(f, pu.get(name), po.get(name));
                } else {
                    presence(
                            f,
                            pu.containsKey(name),
                            pu.containsKey(name) ? ru.contains(name) : ro.contains(name),
                            "field");
                }
            }
            // "required" may name fields that "properties" does not list.
            TreeSet<String> requiredOnly = new TreeSet<>(ru);
            requiredOnly.addAll(ro);
            requiredOnly.removeAll(names);
            for (String name : requiredOnly) {
                required(l.field(name), ru.contains(name), ro.contains(name));
            }
        }

        private static Set<String> requiredNames(Map<String, Object> schema) {
            List<?> names = list(schema.get("required"));
            return names == null
                    ? Set.of()
                    : names.stream().map(String::valueOf).collect(Collectors.toSet());
        }

        /** Whether two schemas have no difference at all (a dry run of the same comparison). */
        private boolean same(Object upstream, Object ours) {
            Comparison dryRun = new Comparison(up, our, true);
            dryRun.schema(Loc.operation(""), upstream, ours);
            steps += dryRun.steps;
            return dryRun.found == 0;
        }

        private void additionalProperties(Loc l, Object u, Object o) {
            Node nu = up.resolve(u);
            Node no = our.resolve(o);
            String su = extraState(nu.value());
            String so = extraState(no.value());
            if (su.equals("schema") && so.equals("schema")) {
                schema(l.values(), u, o);
            } else if (!su.equals(so)) {
                emit(
                        l,
                        "upstream " + EXTRA.get(su) + ", ours " + EXTRA.get(so) + ".",
                        "additionalProperties",
                        true,
                        false,
                        so,
                        su);
            }
        }

        private static final Map<String, String> EXTRA = Map.of(
                "any", "allows any additional properties",
                "none", "forbids additional properties",
                "schema", "allows additional properties of a given schema");

        /** additionalProperties: absent, true or {} allow anything; false forbids; a schema restricts. */
        private static String extraState(Object value) {
            if (value == null || Boolean.TRUE.equals(value)) {
                return "any";
            }
            if (Boolean.FALSE.equals(value)) {
                return "none";
            }
            return map(value).keySet().stream().anyMatch(STRUCTURAL::contains) ? "schema" : "any";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // openapi/refresh: take a new Brevo definition in as the upstream snapshot, and say what Brevo changed.

    /**
     * {@code openapi/refresh [--snapshot FILE] [--source LABEL] UPSTREAM}: cuts the /conversations extract out of
     * UPSTREAM (a whole definition; an extract passes through unchanged), compares it with the snapshot
     * (openapi/upstream/brevo-conversations.yaml), and when it differs in any way, moves the snapshot to
     * brevo-conversations.previous.yaml and stores the extract in its place, then prints on stdout what Brevo changed
     * (Markdown: each change classified adds / relaxes / breaks, under its row of the versioning table in docs/versioning.md) and
     * the checklist of what a human must decide. Exit 0: no change (nothing written, nothing printed); 1: changes
     * taken in; 2: could not read or failed (nothing written: everything is decided before the first write, and each
     * file is replaced by an atomic rename).
     */
    public static final class Refresh {
        static final String USAGE = String.join(
                "\n",
                "usage: openapi/refresh [--snapshot FILE] [--source LABEL] UPSTREAM",
                "  UPSTREAM         a file or https:// URL: Brevo's whole OpenAPI 3 or Swagger 2.0 definition, or an extract",
                "  --snapshot FILE  the upstream snapshot to replace (default: openapi/upstream/brevo-conversations.yaml);",
                "                   the one it replaces is kept beside it as <name>.previous.yaml",
                "  --source LABEL   what the report and the extract's header name as the source (default: UPSTREAM)",
                "exit status: 0 no change (nothing written), 1 changes taken in (the report on stdout),",
                "  2 could not read or failed (nothing written; the message is on stderr)",
                "");

        /** GitHub refuses pull-request and issue bodies over 65,536 characters; the report stays well below. */
        static final int MAX_REPORT = 60_000;

        static final List<String> ROWS = List.of("break", "changed success status", "relaxation", "addition");

        private Refresh() {}

        /** openapi/refresh as a library: the same arguments, output and status, never exits nor throws. */
        public static int execute(String[] args, PrintStream out, PrintStream err, Settings settings) {
            return guarded("refresh", (o, e) -> run(args, o, e, settings), out, err);
        }

        static int run(String[] args, PrintStream out, PrintStream err, Settings settings) {
            String upstream = null;
            Path snapshot = null;
            String label = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--snapshot" -> snapshot = pathArgument(args, ++i, arg);
                    case "--source" -> {
                        if (++i >= args.length) {
                            throw new Unreadable("--source needs a label\n" + USAGE);
                        }
                        label = oneLine(args[i]);
                    }
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return SAME;
                    }
                    default -> {
                        if (arg.startsWith("-") && arg.length() > 1) {
                            throw new Unreadable("unknown option " + arg + "\n" + USAGE);
                        }
                        if (upstream != null) {
                            throw new Unreadable("one UPSTREAM only, got " + upstream + " and " + arg + "\n" + USAGE);
                        }
                        upstream = arg;
                    }
                }
            }
            if (upstream == null) {
                throw new Unreadable("no UPSTREAM given\n" + USAGE);
            }
            if (snapshot == null) {
                snapshot = settings.home().resolve("upstream").resolve("brevo-conversations.yaml");
            }
            if (label == null) {
                label = oneLine(upstream);
            }
            Path previous = previousOf(snapshot);

            // Everything is read, cut, compared and written out in memory first: a failure up to the first rename
            // leaves both files as they were.
            String text = read(upstream, "upstream", settings);
            byte[] inputBytes = text.getBytes(StandardCharsets.UTF_8);
            Doc given = new Doc("upstream", upstream, parse(text, "upstream " + upstream));
            Map<String, Object> cut = cut(given);
            boolean passesThrough = sameTree(cut, given.root);
            String stored = passesThrough ? text : header(label, inputBytes, given) + dump(cut);
            Doc fresh = new Doc("upstream", upstream + " (its /conversations extract)", parse(stored, "the extract"));
            if (fresh.operations().isEmpty()) {
                throw new Unreadable("upstream " + upstream
                        + " has no path that starts with /conversations: is it Brevo's" + " definition?");
            }

            String oldText = readFile(snapshot, "snapshot");
            Doc old = new Doc("snapshot", snapshot.toString(), parse(oldText, "snapshot " + snapshot));
            if (sameTree(fresh.root, old.root)) {
                err.println("refresh: no change: " + snapshot + " already holds this definition's /conversations part");
                return SAME;
            }

            Comparison comparison = new Comparison(fresh, old, false);
            comparison.run();
            List<Found> found = classify(comparison, fresh, old);
            String report = report(
                    found,
                    label,
                    sha256(inputBytes),
                    sha256(oldText.getBytes(StandardCharsets.UTF_8)),
                    passesThrough,
                    snapshot,
                    previous,
                    fresh);

            replace(snapshot, previous, oldText, stored);
            out.print(report);
            return DIFFERENT;
        }

        static Path previousOf(Path snapshot) {
            String name = snapshot.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            String ext = dot > 0 ? name.substring(dot) : "";
            return snapshot.resolveSibling(base + ".previous" + ext);
        }

        /**
         * The snapshot becomes the previous one and the extract the snapshot, each through a temporary file in the same
         * directory renamed over the target (atomic). If the second rename fails, the snapshot still holds what it held
         * and a new run does the same again.
         */
        static void replace(Path snapshot, Path previous, String oldText, String newText) {
            Path dir = snapshot.toAbsolutePath().getParent();
            Path tmpPrevious = null;
            Path tmpSnapshot = null;
            try {
                tmpPrevious = Files.createTempFile(dir, ".refresh-previous", ".tmp");
                tmpSnapshot = Files.createTempFile(dir, ".refresh-snapshot", ".tmp");
                Files.writeString(tmpPrevious, oldText, StandardCharsets.UTF_8);
                Files.writeString(tmpSnapshot, newText, StandardCharsets.UTF_8);
                Files.move(
                        tmpPrevious,
                        previous,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(
                        tmpSnapshot,
                        snapshot,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                throw new Unreadable("could not write " + snapshot + " (it is unchanged): " + Drift.describe(e));
            } finally {
                for (Path tmp : new Path[] {tmpPrevious, tmpSnapshot}) {
                    if (tmp != null) {
                        try {
                            Files.deleteIfExists(tmp);
                        } catch (IOException e) {
                            // left behind: a hidden .tmp file
                        }
                    }
                }
            }
        }

        static String sha256(byte[] bytes) {
            try {
                return java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        // -------------------------------------------------------------------------------------------------------------
        // The cut.

        private static final Set<String> SWAGGER2_SECTIONS = Set.of("definitions", "parameters", "responses");

        /**
         * The /conversations extract: the top level without x-* keys, the paths that start with /conversations, and of
         * the components (Swagger 2: definitions, parameters, responses) only those the kept paths reach through $refs,
         * transitively; the security schemes the kept operations and the top level name; the tags they name.
         */
        static Map<String, Object> cut(Doc doc) {
            Map<String, Object> root = doc.root;
            Map<String, Object> paths = new LinkedHashMap<>();
            Map<String, Object> allPaths = map(root.get("paths"));
            Set<String> keep = new LinkedHashSet<>(); // "components/schemas/X", "definitions/X", "paths//p", "top/k"
            java.util.ArrayDeque<Object> work = new java.util.ArrayDeque<>();
            for (Map.Entry<String, Object> e : allPaths.entrySet()) {
                if (e.getKey().startsWith("/conversations")) {
                    keep.add("paths/" + e.getKey());
                    work.add(e.getValue());
                }
            }
            Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            long[] steps = {0};
            while (!work.isEmpty()) {
                refs(doc, work.poll(), seen, steps, ref -> {
                    List<String> s = Doc.segments(ref);
                    String entry = null;
                    if (s.size() >= 3 && s.get(0).equals("components")) {
                        entry = "components/" + s.get(1) + "/" + s.get(2);
                    } else if (s.size() >= 2
                            && (SWAGGER2_SECTIONS.contains(s.get(0)) || s.get(0).equals("paths"))) {
                        entry = s.get(0) + "/" + s.get(1);
                    } else if (!s.isEmpty()) {
                        entry = "top/" + s.get(0);
                    }
                    if (entry != null && keep.add(entry)) {
                        work.add(doc.pointer(ref));
                    }
                });
            }
            Set<String> tags = new TreeSet<>();
            Set<String> schemes = new TreeSet<>();
            schemeNames(root.get("security"), schemes);
            for (String k : keep) {
                if (k.startsWith("paths/")) {
                    String path = k.substring("paths/".length());
                    paths.put(path, allPaths.get(path));
                    Map<String, Object> item =
                            map(doc.resolve(allPaths.get(path)).value());
                    for (String method : METHODS) {
                        Map<String, Object> op = map(item.get(method));
                        schemeNames(op.get("security"), schemes);
                        List<?> t = list(op.get("tags"));
                        if (t != null) {
                            t.forEach(x -> tags.add(String.valueOf(x)));
                        }
                    }
                }
            }

            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : root.entrySet()) {
                String key = e.getKey();
                Object value = e.getValue();
                if (key.startsWith("x-") && !keep.contains("top/" + key)) {
                    continue;
                }
                switch (key) {
                    case "paths" -> result.put(key, paths);
                    case "components" -> {
                        Map<String, Object> sections = new LinkedHashMap<>();
                        for (Map.Entry<String, Object> section : map(value).entrySet()) {
                            Map<String, Object> kept = new LinkedHashMap<>();
                            for (Map.Entry<String, Object> c :
                                    map(section.getValue()).entrySet()) {
                                if (keep.contains("components/" + section.getKey() + "/" + c.getKey())
                                        || section.getKey().equals("securitySchemes") && schemes.contains(c.getKey())) {
                                    kept.put(c.getKey(), c.getValue());
                                }
                            }
                            if (!kept.isEmpty()) {
                                sections.put(section.getKey(), kept);
                            }
                        }
                        if (!sections.isEmpty()) {
                            result.put(key, sections);
                        }
                    }
                    case "securityDefinitions" -> {
                        Map<String, Object> kept = new LinkedHashMap<>();
                        map(value).forEach((name, scheme) -> {
                            if (schemes.contains(name)) {
                                kept.put(name, scheme);
                            }
                        });
                        if (!kept.isEmpty()) {
                            result.put(key, kept);
                        }
                    }
                    case "tags" -> {
                        List<Object> kept = new ArrayList<>();
                        for (Object tag : Objects.requireNonNullElse(list(value), List.of())) {
                            if (tags.contains(str(map(tag).get("name")))) {
                                kept.add(tag);
                            }
                        }
                        if (!kept.isEmpty()) {
                            result.put(key, kept);
                        }
                    }
                    default -> {
                        if (doc.swagger2 && SWAGGER2_SECTIONS.contains(key)) {
                            Map<String, Object> kept = new LinkedHashMap<>();
                            map(value).forEach((name, c) -> {
                                if (keep.contains(key + "/" + name)) {
                                    kept.put(name, c);
                                }
                            });
                            if (!kept.isEmpty()) {
                                result.put(key, kept);
                            }
                        } else {
                            result.put(key, value);
                        }
                    }
                }
            }
            return result;
        }

        /** Every $ref (and discriminator mapping target) under a value, each container visited once. */
        private static void refs(
                Doc doc, Object value, Set<Object> seen, long[] steps, java.util.function.Consumer<String> found) {
            java.util.ArrayDeque<Object> stack = new java.util.ArrayDeque<>();
            stack.push(value);
            while (!stack.isEmpty()) {
                Object v = stack.pop();
                if (++steps[0] > 5_000_000) {
                    throw new Unreadable("the definition is too large to cut (more than 5000000 steps)");
                }
                if (v instanceof Map<?, ?> m) {
                    if (!seen.add(m)) {
                        continue;
                    }
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        String key = String.valueOf(e.getKey());
                        if (key.equals("$ref") && e.getValue() instanceof String ref) {
                            if (!ref.startsWith("#")) {
                                throw new Unreadable(doc.where + " has $ref \"" + ref
                                        + "\": only local references (#/...) are" + " followed");
                            }
                            doc.pointer(ref); // names what it points at when that is nothing
                            found.accept(ref);
                        } else if (key.equals("mapping") && e.getValue() instanceof Map<?, ?> mapping) {
                            for (Object target : mapping.values()) {
                                if (target instanceof String ref && ref.startsWith("#/")) {
                                    doc.pointer(ref);
                                    found.accept(ref);
                                }
                            }
                        } else if (e.getValue() instanceof Map || e.getValue() instanceof List) {
                            stack.push(e.getValue());
                        }
                    }
                } else if (v instanceof List<?> l) {
                    if (!seen.add(l)) {
                        continue;
                    }
                    for (Object item : l) {
                        if (item instanceof Map || item instanceof List) {
                            stack.push(item);
                        }
                    }
                }
            }
        }

        private static void schemeNames(Object requirements, Set<String> names) {
            List<?> l = list(requirements);
            if (l != null) {
                for (Object requirement : l) {
                    names.addAll(map(requirement).keySet());
                }
            }
        }

        /** Equal as data: mappings by key whatever their order, numbers by value, everything else by its text. */
        static boolean sameTree(Object a, Object b) {
            return sameTree(a, b, new HashSet<>(), new long[] {0});
        }

        private static boolean sameTree(Object a, Object b, Set<Pair> onStack, long[] steps) {
            if (++steps[0] > 5_000_000) {
                throw new Unreadable("the definitions are too large to compare (more than 5000000 steps)");
            }
            if (a == b) {
                return true;
            }
            if (a instanceof Map<?, ?> || b instanceof Map<?, ?>) {
                if (!(a instanceof Map<?, ?>) || !(b instanceof Map<?, ?>)) {
                    return false;
                }
                Map<String, Object> ma = map(a);
                Map<String, Object> mb = map(b);
                if (!ma.keySet().equals(mb.keySet())) {
                    return false;
                }
                Pair pair = new Pair(a, b);
                if (!onStack.add(pair)) {
                    return true;
                }
                try {
                    for (String key : ma.keySet()) {
                        if (!sameTree(ma.get(key), mb.get(key), onStack, steps)) {
                            return false;
                        }
                    }
                    return true;
                } finally {
                    onStack.remove(pair);
                }
            }
            if (a instanceof List<?> la && b instanceof List<?> lb) {
                if (la.size() != lb.size()) {
                    return false;
                }
                Pair pair = new Pair(a, b);
                if (!onStack.add(pair)) {
                    return true;
                }
                try {
                    for (int i = 0; i < la.size(); i++) {
                        if (!sameTree(la.get(i), lb.get(i), onStack, steps)) {
                            return false;
                        }
                    }
                    return true;
                } finally {
                    onStack.remove(pair);
                }
            }
            if (a instanceof List<?> || b instanceof List<?> || a == null || b == null) {
                return false;
            }
            if (a instanceof Number || b instanceof Number) {
                return a instanceof Number && b instanceof Number && number(a).equals(number(b));
            }
            return a.getClass() == b.getClass()
                    ? a.equals(b)
                    : String.valueOf(a).equals(String.valueOf(b)) && !(a instanceof Boolean) && !(b instanceof Boolean);
        }

        static String header(String label, byte[] input, Doc doc) {
            return String.join(
                    "\n",
                    "# Extract of Brevo's OpenAPI definition: the /conversations paths and what they reference.",
                    "# Cut by openapi/refresh from: " + label,
                    "# SHA-256 of the definition read: " + sha256(input),
                    "# Kept: the top level but x-* keys; the paths that start with /conversations; the components"
                            + (doc.swagger2 ? " (definitions, parameters, responses)" : "")
                            + " they reach through $refs;",
                    "# the security schemes and tags they name. Every kept key and value is unchanged.",
                    "");
        }

        static String dump(Map<String, Object> tree) {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setWidth(120);
            options.setIndicatorIndent(0);
            // The standard resolver: a string that reads as a date, a number or a boolean is quoted.
            return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(tree);
        }

        // -------------------------------------------------------------------------------------------------------------
        // Classification.

        /** A change of Brevo's, classified: adds, relaxes or breaks; its row of the versioning table; its sentence. */
        record Found(
                String sentence,
                String effect,
                String row,
                String where,
                List<String> details,
                String kind,
                boolean added,
                String place) {}

        private static int severity(String effect) {
            return switch (effect) {
                case "breaks" -> 2;
                case "relaxes" -> 1;
                default -> 0;
            };
        }

        static List<Found> classify(Comparison comparison, Doc fresh, Doc old) {
            Map<String, Operation> now = fresh.operations();
            Map<String, Operation> before = old.operations();
            List<Change> changes = new ArrayList<>(comparison.changes);
            List<Found> result = new ArrayList<>();

            // A success status that went and another that came, in one operation: one change, "changed success status".
            Map<String, List<Change>> gone = new LinkedHashMap<>();
            Map<String, List<Change>> come = new LinkedHashMap<>();
            for (Change c : changes) {
                if (c.kind().equals("response") && status(c).startsWith("2")) {
                    (c.firstHas() ? come : gone)
                            .computeIfAbsent(operationOf(c), k -> new ArrayList<>())
                            .add(c);
                }
            }
            for (Map.Entry<String, List<Change>> e : come.entrySet()) {
                List<Change> went = gone.get(e.getKey());
                if (went == null || went.size() != 1 || e.getValue().size() != 1) {
                    continue;
                }
                Change added = e.getValue().get(0);
                Change removed = went.get(0);
                changes.remove(added);
                changes.remove(removed);
                String from = status(removed);
                String to = status(added);
                Node newResponse = now.get(e.getKey()).responses.get(to);
                Node oldResponse = before.get(e.getKey()).responses.get(from);
                Comparison bodies = new Comparison(fresh, old, false);
                Loc at = Loc.operation(e.getKey())
                        .part(to + " response (was " + from + ")")
                        .in("response");
                bodies.response(at, newResponse, oldResponse);
                List<String> details = new ArrayList<>();
                boolean bodyChanged = false;
                for (Change c : bodies.changes) {
                    details.add(words(c));
                    bodyChanged = true;
                }
                String effect = bodyChanged ? "breaks" : "relaxes";
                result.add(new Found(
                        e.getKey() + ": success status changed from " + from + " to " + to
                                + (bodyChanged ? ", and its body with it." : ", same body."),
                        effect,
                        "changed success status",
                        e.getKey(),
                        details,
                        "status",
                        true,
                        "response"));
            }

            for (Change c : changes) {
                Set<String> directions = c.at().uses().directions();
                String effect = null;
                String place = null;
                for (String direction : directions.isEmpty() ? Set.of("request") : directions) {
                    String e = effect(c, direction);
                    if (effect == null || severity(e) > severity(effect)) {
                        effect = e;
                        place = direction;
                    }
                }
                if (directions.size() > 1) {
                    place = String.join(" and ", directions);
                }
                List<String> details = new ArrayList<>();
                if (c.kind().equals("operation") && c.firstHas()) {
                    details.addAll(operationDetails(fresh, now.get(c.at().text())));
                }
                String row = switch (effect) {
                    case "breaks" -> "break";
                    case "relaxes" -> "relaxation";
                    default -> "addition";
                };
                result.add(new Found(
                        words(c),
                        effect,
                        row,
                        c.at().text(),
                        details,
                        c.kind(),
                        c.firstHas(),
                        c.kind().equals("operation") ? "operation" : place));
            }
            return result;
        }

        private static String operationOf(Change c) {
            String text = c.at().text();
            int comma = text.indexOf(", ");
            return comma < 0 ? text : text.substring(0, comma);
        }

        private static String status(Change c) {
            Matcher m = Pattern.compile(", (\\S+) response$").matcher(c.at().text());
            return m.find() ? m.group(1) : "";
        }

        /**
         * The rules, for a change seen in a request (what the SDK sends, Brevo accepts) or a response (what Brevo
         * sends, the SDK reads). Accepting more in a request relaxes, accepting less breaks; in a response a stronger
         * promise relaxes and a weaker one breaks. Something new that code may use adds, unless it is required in a
         * request. Anything that may change a generated Java type (type, format, enum, items, allOf/anyOf/oneOf,
         * rename) breaks.
         */
        static String effect(Change c, String direction) {
            boolean request = !direction.equals("response");
            boolean has = c.firstHas();
            switch (c.kind()) {
                case "operation", "media type", "alternative", "response body":
                    return has ? "adds" : "breaks";
                case "parameter", "request body", "field":
                    if (!has) {
                        return "breaks";
                    }
                    return request && c.required() ? "breaks" : "adds";
                case "response":
                    return has ? "adds" : status(c).startsWith("2") ? "breaks" : "relaxes";
                case "required":
                    return request == has ? "breaks" : "relaxes";
                case "nullable":
                    return request == has ? "relaxes" : "breaks";
                case "enum value":
                    return has ? "adds" : "breaks";
                case "minimum", "maximum": {
                    boolean lower = c.kind().equals("minimum");
                    boolean tighter;
                    if (c.after() == null) {
                        tighter = false;
                    } else if (c.before() == null) {
                        tighter = true;
                    } else {
                        int cmp = new BigDecimal(c.after()).compareTo(new BigDecimal(c.before()));
                        tighter = lower ? cmp > 0 : cmp < 0;
                    }
                    return request == tighter ? "breaks" : "relaxes";
                }
                case "additionalProperties": {
                    if (!request) {
                        return "relaxes"; // the SDK skips properties it does not know
                    }
                    List<String> open = List.of("none", "schema", "any");
                    return open.indexOf(c.after()) > open.indexOf(c.before()) ? "relaxes" : "breaks";
                }
                default: // type, format, enum, items, member, rename, and anything else
                    return "breaks";
            }
        }

        /** The change in the words of a report about Brevo's two snapshots. */
        static String words(Change c) {
            Loc at = c.at();
            String where = at.text() + (at.field().isEmpty() ? "" : ", field " + at.field());
            boolean has = c.firstHas();
            String req = c.required() ? "required" : "optional";
            String what = switch (c.kind()) {
                case "operation" -> has ? "new operation." : "operation removed.";
                case "parameter" -> has ? "new parameter (" + req + ")." : "parameter removed (it was " + req + ").";
                case "request body" -> has ? "new request body (" + req + ")." : "request body removed.";
                case "response" -> has ? "new response status." : "response status removed.";
                case "response body" -> has ? "now has a body." : "no longer has a body.";
                case "media type" -> has ? "new media type." : "media type removed.";
                case "alternative" -> has ? "new way to authenticate." : "way to authenticate removed.";
                case "member" -> has ? "new member." : "member removed.";
                case "field" -> has ? "new field (" + req + ")." : "field removed (it was " + req + ").";
                case "required" -> has ? "now required." : "no longer required.";
                case "nullable" -> has ? "now nullable." : "no longer nullable.";
                case "items" -> has ? "now has an item schema." : "no longer has an item schema.";
                case "enum" ->
                    has
                            ? "now limited to the values " + c.after() + "."
                            : "no longer limited to the values " + c.after() + ".";
                case "enum value" ->
                    (has ? "new enum value" : "enum value")
                            + (c.after().contains(", ") ? "s " : " ")
                            + c.after()
                            + (has ? "." : " removed.");
                case "rename" -> "renamed " + c.after() + ".";
                case "additionalProperties" ->
                    "additional properties: " + EXTRA_WORDS.get(c.before()) + " before, " + EXTRA_WORDS.get(c.after())
                            + " now.";
                case "type", "format", "minimum", "maximum" ->
                    c.kind() + " " + (c.before() == null ? "none" : c.before()) + " before, "
                            + (c.after() == null ? "none" : c.after()) + " now.";
                default -> "changed (" + c.sentence() + ")";
            };
            return oneLine(where + ": " + what);
        }

        private static final Map<String, String> EXTRA_WORDS =
                Map.of("any", "any allowed", "none", "none allowed", "schema", "of a given schema");

        /** A new operation's parameters, request body and responses, one line each. */
        static List<String> operationDetails(Doc doc, Operation op) {
            List<String> lines = new ArrayList<>();
            if (op == null) {
                return lines;
            }
            for (Map.Entry<String, Node> p : op.parameters.entrySet()) {
                Map<String, Object> parameter = map(p.getValue().value());
                lines.add(p.getKey().replaceFirst(" ", " parameter ") + " ("
                        + (bool(parameter.get("required")) ? "required" : "optional")
                        + shape(doc, parameter.get("schema")) + ")");
            }
            if (op.body != null) {
                Map<String, Object> body = map(op.body.value());
                Map<String, Object> content = map(body.get("content"));
                for (Map.Entry<String, Object> media : content.entrySet()) {
                    lines.add("request body " + media.getKey() + " ("
                            + (bool(body.get("required")) ? "required" : "optional")
                            + shape(doc, map(media.getValue()).get("schema")) + ")");
                }
            }
            for (Map.Entry<String, Node> r : op.responses.entrySet()) {
                Map<String, Object> content = map(map(r.getValue().value()).get("content"));
                if (content.isEmpty()) {
                    lines.add(r.getKey() + " response, no body");
                }
                for (Map.Entry<String, Object> media : content.entrySet()) {
                    lines.add(r.getKey() + " response " + media.getKey() + " ("
                            + shape(doc, map(media.getValue()).get("schema")).replaceFirst("^, ", "") + ")");
                }
            }
            return lines;
        }

        /** ", string", ", schema X: fields a (required), b" — what a schema is, in a few words. */
        private static String shape(Doc doc, Object schema) {
            Node node = doc.resolve(schema);
            Map<String, Object> s = map(node.value());
            StringBuilder b = new StringBuilder();
            String name = Doc.component(node.ref(), "schema");
            if (name != null) {
                b.append(", schema ").append(name);
            }
            if (s.get("type") != null) {
                b.append(", ").append(s.get("type"));
            }
            if (s.get("format") != null) {
                b.append(" (").append(s.get("format")).append(")");
            }
            Map<String, Object> properties = map(s.get("properties"));
            if (!properties.isEmpty()) {
                List<?> required = Objects.requireNonNullElse(list(s.get("required")), List.of());
                b.append(": fields ")
                        .append(properties.keySet().stream()
                                .limit(30)
                                .map(f -> required.contains(f) ? f + " (required)" : f)
                                .collect(Collectors.joining(", ")));
                if (properties.size() > 30) {
                    b.append(", ...");
                }
            }
            return oneLine(b.toString());
        }

        // -------------------------------------------------------------------------------------------------------------
        // The report.

        static String report(
                List<Found> found,
                String label,
                String newSha,
                String oldSha,
                boolean passedThrough,
                Path snapshot,
                Path previous,
                Doc fresh) {
            StringBuilder b = new StringBuilder();
            Map<String, List<Found>> byRow = new LinkedHashMap<>();
            for (String row : ROWS) {
                byRow.put(row, new ArrayList<>());
            }
            for (Found f : found) {
                byRow.get(f.row()).add(f);
            }
            b.append("## What Brevo changed\n\n");
            b.append("`openapi/refresh` took in a new snapshot of Brevo's `/conversations` API and compared it with the"
                    + " previous one (Brevo's definition then and now, not this SDK's spec).\n\n");
            b.append("- Source: ").append(label).append("\n");
            b.append("- SHA-256 of the definition read: `")
                    .append(newSha)
                    .append("`")
                    .append(
                            passedThrough
                                    ? " (an extract, stored unchanged)"
                                    : " (its `/conversations` extract stored)")
                    .append("\n");
            b.append("- Snapshot: `")
                    .append(snapshot.getFileName())
                    .append("`; the one it replaces, SHA-256 `")
                    .append(oldSha)
                    .append("`, is kept as `")
                    .append(previous.getFileName())
                    .append("`\n\n");
            if (found.isEmpty()) {
                b.append(
                        "No change to what is compared: only text that is not (descriptions, examples, summaries, names"
                                + " of components, `x-*` extensions) differs.\n\n");
            } else {
                long breaks =
                        found.stream().filter(f -> f.effect().equals("breaks")).count();
                b.append(found.size())
                        .append(found.size() == 1 ? " change" : " changes")
                        .append(", ")
                        .append(breaks)
                        .append(breaks == 1 ? " of which breaks" : " of which break")
                        .append(
                                ". Each is under its row of the versioning table (docs/versioning.md); the rules that"
                                        + " classify them are in `openapi/README.md`, \"Taking a new Brevo definition in\".\n\n");
                for (Map.Entry<String, List<Found>> row : byRow.entrySet()) {
                    if (row.getValue().isEmpty()) {
                        continue;
                    }
                    b.append("### ").append(row.getKey()).append("\n\n");
                    for (Found f : row.getValue()) {
                        b.append("- **")
                                .append(f.effect())
                                .append("**")
                                .append(
                                        f.place() == null || f.place().equals("operation")
                                                ? ""
                                                : " (" + f.place() + ")")
                                .append(": ")
                                .append(code(f.sentence()))
                                .append("\n");
                        for (String d : f.details()) {
                            b.append("  - ").append(code(d)).append("\n");
                        }
                    }
                    b.append("\n");
                }
            }
            b.append("### What a human must decide\n\n");
            for (String item : checklist(found)) {
                b.append("- [ ] ").append(item).append("\n");
            }
            b.append("\n");
            String text = b.toString();
            if (text.length() > MAX_REPORT) {
                int cut = text.lastIndexOf('\n', MAX_REPORT - 200);
                text = text.substring(0, cut + 1) + "\n... the report is cut here (over " + MAX_REPORT
                        + " characters): run"
                        + " `openapi/drift --no-ignore --ours " + previous.getFileName() + " " + snapshot.getFileName()
                        + "` in `openapi/upstream` for every difference.\n";
            }
            return text;
        }

        /** Inline code that no backtick in the text can end. */
        private static String code(String s) {
            String fence = "`";
            while (s.contains(fence)) {
                fence += "`";
            }
            return fence + (s.startsWith("`") || s.endsWith("`") ? " " + s + " " : s) + fence;
        }

        /** What a human decides, from the changes: naming, meaning, sandbox behaviour, and the version. */
        static List<String> checklist(List<Found> found) {
            Set<String> items = new LinkedHashSet<>();
            for (Found f : found) {
                String w = "`" + f.where() + "`";
                String field = f.sentence().contains(", field ")
                        ? f.sentence().replaceFirst(".*, field ([^:]+):.*", "$1")
                        : null;
                switch (f.kind()) {
                    case "operation" -> {
                        if (f.added()) {
                            items.add("Naming: the method (`operationId`) and the model names of " + w
                                    + " (Brevo gives none; the" + " rule: `conversations` + path segments + method).");
                            items.add("Meaning: what " + w + " does, each parameter and answer (Javadoc, README).");
                            items.add("Sandbox behaviour: what the sandbox answers to " + w
                                    + " (route, statuses, checks).");
                        } else {
                            items.add("Meaning: " + w
                                    + " is gone: remove it (a break) or keep it as a deliberate difference.");
                            items.add("Sandbox behaviour: should the sandbox still answer " + w + "?");
                        }
                    }
                    case "status" -> {
                        items.add("Meaning: why " + w + " answers another success status.");
                        items.add("Sandbox behaviour: the sandbox answers " + w + " with the new status.");
                    }
                    case "field", "parameter", "request body" -> {
                        if (f.added()) {
                            items.add("Naming and meaning: "
                                    + (field != null ? "field `" + field + "`" : "the new part") + " of " + w
                                    + ": its Java name, what it means (Javadoc), whether the README shows it.");
                            if (f.place() != null && f.place().contains("request")) {
                                items.add("Sandbox behaviour: does the sandbox accept, check and echo "
                                        + (field != null ? "`" + field + "`" : "it") + " in " + w + "?");
                            } else {
                                items.add("Sandbox behaviour: does the sandbox send "
                                        + (field != null ? "`" + field + "`" : "it") + " in " + w + "?");
                            }
                        } else {
                            items.add("Meaning: " + (field != null ? "`" + field + "`" : "a part") + " of " + w
                                    + " is gone:" + " remove it (a break) or keep it as a deliberate difference.");
                        }
                    }
                    case "required" -> {
                        boolean request = f.place() != null && f.place().contains("request");
                        String it = field != null ? "`" + field + "`" : "it";
                        if (request && !f.added()) {
                            items.add("Meaning: what Brevo does when " + it + " of " + w + " is left out.");
                            items.add(
                                    "Sandbox behaviour: the sandbox no longer refuses " + w + " without " + it
                                            + " (or keeps refusing it, listed with its reason as one of the sandbox's own rules).");
                        } else if (request) {
                            items.add("Sandbox behaviour: the sandbox refuses " + w + " without " + it + ".");
                        } else {
                            items.add("Meaning: " + it + " of " + w
                                    + (f.added() ? " is now always sent." : " may now be absent."));
                        }
                    }
                    case "enum value" ->
                        items.add("Meaning: the " + (f.added() ? "new" : "removed") + " enum value in " + w
                                + (field != null ? ", field `" + field + "`" : "") + ".");
                    default -> items.add("Meaning: " + code(f.sentence()) + ".");
                }
            }
            if (found.stream().anyMatch(f -> f.effect().equals("breaks"))) {
                items.add(
                        "Version: a break is a major release (0.x: minor); or keep the old shape in"
                                + " `openapi/conversations.yaml` and list it in the drift-ignore block of `openapi/README.md`.");
            }
            items.add(
                    "Follow it: edit `openapi/conversations.yaml` until `openapi/drift upstream/brevo-conversations.yaml`"
                            + " (in `openapi/`) prints nothing, then let CI show what else fails.");
            items.add("Version and CHANGELOG: the highest row above decides (docs/versioning.md).");
            return new ArrayList<>(items);
        }
    }

    private Drift() {}
}
