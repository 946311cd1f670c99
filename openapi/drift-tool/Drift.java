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

  static final String USAGE = String.join("\n",
      "usage: openapi/drift [--ours FILE] [--ignore FILE | --no-ignore] UPSTREAM",
      "  UPSTREAM       a file or https:// URL: Brevo's OpenAPI 3 or Swagger 2.0 definition (JSON or YAML)",
      "  --ours FILE    our spec (default: openapi/conversations.yaml next to this tool)",
      "  --ignore FILE  where the drift-ignore block is (default: openapi/README.md)",
      "  --no-ignore    report every difference, deliberate ones too",
      "exit status: 0 no difference, 1 differences (one sentence per line on stdout), 2 could not check",
      "  (unreadable input, a limit hit, or a failure; the message is on stderr)",
      "environment: DRIFT_DOWNLOAD_SECONDS (the deadline of a whole download, default 180),",
      "  DRIFT_MAX_HEAP (the JVM's heap limit, default 256m)", "");

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
    try {
      status = execute(args, out, err, Settings.fromEnvironment());
    } catch (Unreadable e) {
      err.println("drift: " + e.getMessage());
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
    int[] status = {UNREADABLE};
    ByteArrayOutputStream buffered = new ByteArrayOutputStream();
    PrintStream sentences = new PrintStream(buffered, false, StandardCharsets.UTF_8);
    Thread worker = new Thread(null, () -> {
      try {
        status[0] = run(args, sentences, err, settings);
      } catch (Unreadable e) {
        err.println("drift: " + e.getMessage());
      } catch (StackOverflowError e) {
        err.println("drift: the definition is nested too deeply to compare");
      } catch (OutOfMemoryError e) {
        buffered.reset();
        err.println("drift: could not check: out of memory (the Java heap limit is " + Runtime.getRuntime().maxMemory()
            / (1024 * 1024) + " MB)");
      } catch (Throwable e) {
        err.println("drift: could not check: the tool failed: " + describe(e));
      }
    }, "drift", STACK_BYTES);
    worker.setDaemon(true);
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      err.println("drift: could not check: interrupted");
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
          err.println("drift: the drift-ignore line matches no difference (the spec or upstream changed?): " + line);
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
      throw new Unreadable("cannot read " + where + ": not downloaded within the deadline of " + describe(deadline)
          + " for the whole download (" + DEADLINE_VARIABLE + " sets it in seconds)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof HttpTimeoutException) {
        throw new Unreadable("cannot read " + where + ": not downloaded within the deadline of " + describe(deadline)
            + " for the whole download (" + DEADLINE_VARIABLE + " sets it in seconds): " + describe(cause));
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
      String location = response.headers().firstValue("Location").map(l -> ", a redirect to " + l
          + " that was not followed").orElse("");
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
      String text = StandardCharsets.UTF_8.newDecoder()
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
          throw new Unreadable(where + " is not JSON (" + json.getMessage() + "), and as YAML: " + limit.getMessage());
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
          + String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " ").trim());
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
        throw new Unreadable("the YAML nesting limit was hit: nested more than " + MAX_NESTING + " levels deep");
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
      throw new Unreadable("a value (an enum value or a default) is too large to compare: more than " + MAX_RENDERED
          + " characters written out (YAML aliases nested in one another?)");
    }
  }

  /** Sentences are one line each, whatever a field name or an enum value holds. */
  static String oneLine(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** Schema keywords that carry structure; a schema without any of them accepts anything. */
  static final Set<String> STRUCTURAL = Set.of("$ref", "type", "format", "enum", "required", "nullable", "minimum",
      "maximum", "properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf");

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
          throw new Unreadable(where + " has $ref \"" + next + "\": only local references (#/...) are followed");
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
              // OpenAPI 3 and Swagger 2 require them; a YAML file cut short ends like this more often than not.
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
        result.body = new Node(body(bool(parameter.get("required")), consumes(op, "application/json"),
            parameter.get("schema")), bodyParameter.ref());
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

      result.security = op.containsKey("security") ? Objects.requireNonNullElse(list(op.get("security")), List.of())
          : null;
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
      return body(!required.isEmpty(),
          consumes(op, file ? "multipart/form-data" : "application/x-www-form-urlencoded"), schema);
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
        result.add(schemes.isEmpty() ? "no authentication" : schemes.entrySet().stream()
            .map(e -> scheme(e.getKey(), list(e.getValue())))
            .sorted()
            .collect(Collectors.joining(" + ")));
      }
      return result;
    }

    /** A security scheme by what goes on the wire: "api-key header", "http bearer", "oauth2 (scopes a, b)". */
    private String scheme(String name, List<?> scopes) {
      Object definitions = swagger2 ? root.get("securityDefinitions") : get(root.get("components"), "securitySchemes");
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
        described += scopes.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", " (scopes ", ")"));
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
  record Loc(String group, String text, String field) {
    static Loc operation(String name) {
      return new Loc(null, name, "");
    }

    Loc part(String part) {
      return new Loc(group, text + ", " + part, field);
    }

    Loc field(String name) {
      return new Loc(group, text, field.isEmpty() ? name : field + "." + name);
    }

    Loc items() {
      return new Loc(group, text, field + "[]");
    }

    Loc values() {
      return new Loc(group, text, field + "{}");
    }

    String sentence(String what) {
      return text + (field.isEmpty() ? "" : ", field " + field) + ": " + what;
    }
  }

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

    Comparison(Doc up, Doc our, boolean dry) {
      this.up = up;
      this.our = our;
      this.dry = dry;
    }

    List<String> run() {
      Map<String, Operation> theirs = up.operations();
      Map<String, Operation> mine = our.operations();
      if (theirs.isEmpty()) {
        throw new Unreadable(up.where + " has no path that starts with /conversations: is it Brevo's definition?");
      }
      if (mine.isEmpty()) {
        throw new Unreadable(our.where + " has no path that starts with /conversations");
      }
      List<Operation> all = new ArrayList<>(theirs.values());
      mine.values().stream().filter(o -> !theirs.containsKey(o.name())).forEach(all::add);
      all.sort((a, b) -> a.path.equals(b.path) ? METHODS.indexOf(a.method) - METHODS.indexOf(b.method)
          : a.path.compareTo(b.path));
      for (Operation op : all) {
        Operation u = theirs.get(op.name());
        Operation o = mine.get(op.name());
        Loc at = Loc.operation(op.name());
        if (u == null || o == null) {
          presence(at, u != null, false);
        } else {
          operation(at, u, o);
        }
      }
      List<String> sentences = new ArrayList<>(operationSentences);
      groups.values().forEach(sentences::addAll);
      return sentences;
    }

    private void emit(Loc at, String what) {
      found++;
      if (dry) {
        return;
      }
      String sentence = oneLine(at.sentence(what));
      if (at.group() == null) {
        operationSentences.add(sentence);
      } else {
        groups.computeIfAbsent(at.group(), k -> new ArrayList<>()).add(sentence);
      }
    }

    /** "upstream has it, ours does not." and the other way round; "(required)" for a required field. */
    private void presence(Loc at, boolean upstreamHasIt, boolean required) {
      String it = required ? "it (required)" : "it";
      emit(at, upstreamHasIt ? "upstream has " + it + ", ours does not." : "ours has " + it + ", upstream does not.");
    }

    private void required(Loc at, boolean upstream, boolean ours) {
      if (upstream != ours) {
        emit(at, upstream ? "required upstream, optional in ours." : "optional upstream, required in ours.");
      }
    }

    /** A single-valued attribute: "upstream has format int32, ours has format int64." */
    private void attribute(Loc at, String name, String upstream, String ours) {
      if (Objects.equals(upstream, ours)) {
        return;
      }
      emit(at, (upstream == null ? "upstream has no " + name : "upstream has " + name + " " + upstream) + ", "
          + (ours == null ? "ours has no " + name : "ours has " + name + " " + ours) + ".");
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
      if (!compared.add(kind + "\u0000" + u.ref() + "\u0000" + o.ref())) {
        return null;
      }
      String label = kind + " " + ourName + (ourName.equals(upName) ? "" : " (upstream: " + upName + ")");
      return new Loc(GROUP_ORDER.get(kind) + label, label, "");
    }

    private void operation(Loc at, Operation u, Operation o) {
      List<String> parameters = new ArrayList<>(new TreeSet<>(u.parameters.keySet()));
      o.parameters.keySet().stream().filter(k -> !u.parameters.containsKey(k)).forEach(parameters::add);
      parameters.sort((a, b) -> {
        int byPlace = Integer.compare(place(a), place(b));
        return byPlace != 0 ? byPlace : a.compareTo(b);
      });
      for (String key : parameters) {
        Node pu = u.parameters.get(key);
        Node po = o.parameters.get(key);
        int space = key.indexOf(' ');
        Loc p = at.part(key.substring(0, space) + " parameter " + key.substring(space + 1));
        if (pu == null || po == null) {
          Node present = pu != null ? pu : po;
          presence(p, pu != null, bool(map(present.value()).get("required")));
        } else {
          parameter(p, pu, po);
        }
      }

      Loc body = at.part("request body");
      if (u.body != null && o.body != null) {
        requestBody(body, u.body, o.body);
      } else if (u.body != null || o.body != null) {
        presence(body, u.body != null, bool(map((u.body != null ? u.body : o.body).value()).get("required")));
      }

      TreeSet<String> codes = new TreeSet<>(u.responses.keySet());
      codes.addAll(o.responses.keySet());
      for (String code : codes) {
        Loc r = at.part(code + " response");
        Node ru = u.responses.get(code);
        Node ro = o.responses.get(code);
        if (ru == null || ro == null) {
          presence(r, ru != null, false);
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
        emit(l, cu.isEmpty() ? "ours has a body, upstream has none." : "upstream has a body, ours has none.");
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
          presence(media, u.containsKey(type), false);
        } else {
          schema(type.equals("application/json") ? at : media, map(u.get(type)).get("schema"),
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
        l = new Loc("0", "top-level security", "");
      } else {
        l = at.part("security");
      }
      Set<String> au = up.alternatives(u);
      Set<String> ao = our.alternatives(o);
      TreeSet<String> all = new TreeSet<>(au);
      all.addAll(ao);
      for (String alternative : all) {
        if (au.contains(alternative) != ao.contains(alternative)) {
          presence(l.part("alternative " + alternative), au.contains(alternative), false);
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
        emit(l, bool(su.get("nullable")) ? "nullable upstream, not nullable in ours."
            : "not nullable upstream, nullable in ours.");
      }
      attribute(l, "minimum", number(su.get("minimum")), number(so.get("minimum")));
      attribute(l, "maximum", number(su.get("maximum")), number(so.get("maximum")));
      properties(l, su, so);

      Object iu = su.get("items");
      Object io = so.get("items");
      if (iu != null && io != null) {
        schema(l.items(), iu, io);
      } else if (iu != null || io != null) {
        emit(l, iu != null ? "upstream has an item schema, ours has none." : "ours has an item schema, upstream has none.");
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
            presence(member, i < mu.size(), false);
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
        String values = (u != null ? u : o).stream().map(Drift::render).sorted().distinct()
            .collect(Collectors.joining(", "));
        emit(l, u == null ? "upstream has no enum, ours has enum " + values + "."
            : "upstream has enum " + values + ", ours has no enum.");
        return;
      }
      Set<String> vu = u.stream().map(Drift::render).collect(Collectors.toCollection(TreeSet::new));
      Set<String> vo = o.stream().map(Drift::render).collect(Collectors.toCollection(TreeSet::new));
      enumValues(l, vu, vo, "upstream", "ours");
      enumValues(l, vo, vu, "ours", "upstream");
    }

    private void enumValues(Loc l, Set<String> these, Set<String> those, String side, String other) {
      List<String> extra = these.stream().filter(v -> !those.contains(v)).collect(Collectors.toList());
      if (extra.size() == 1) {
        emit(l, "enum value " + extra.get(0) + ": " + side + " has it, " + other + " does not.");
      } else if (!extra.isEmpty()) {
        emit(l, "enum values " + String.join(", ", extra) + ": " + side + " has them, " + other + " does not.");
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
      if (onlyUp.size() == 1 && onlyOurs.size() == 1
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
          emit(f, "upstream names it " + renamedUp + ".");
        } else if (pu.containsKey(name) && po.containsKey(name)) {
          required(f, ru.contains(name), ro.contains(name));
          schema(f, pu.get(name), po.get(name));
        } else {
          presence(f, pu.containsKey(name), pu.containsKey(name) ? ru.contains(name) : ro.contains(name));
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
      return names == null ? Set.of() : names.stream().map(String::valueOf).collect(Collectors.toSet());
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
        emit(l, "upstream " + EXTRA.get(su) + ", ours " + EXTRA.get(so) + ".");
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

  private Drift() {}
}
