package io.github.conversations4j.internal;

import feign.Param;
import feign.RequestLine;
import io.github.conversations4j.model.ApiResponse;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the SDK knows of one method of a generated API interface.
 *
 * @param name the Java method name, such as {@code conversationsMessagesPost}
 * @param httpMethod such as {@code POST}
 * @param pathTemplate such as {@code /conversations/messages/{id}}
 * @param pathParams by argument position, the path parameter bound to it, or null for the request body
 * @param returnsHeaders whether the caller gets the headers of a success response: the {@code *WithHttpInfo}
 *     variants return them in an {@code ApiResponse}. Every other success is decoded from its body alone, so the
 *     transport can spare Feign a case-insensitive copy of each header.
 */
record Operation(String name, String httpMethod, String pathTemplate, String[] pathParams, boolean returnsHeaders) {

    private static Operation of(Method method) {
        String value = method.getAnnotation(RequestLine.class).value().trim(); // of(Class) passes annotated ones
        int space = value.indexOf(' ');
        String path = value.substring(space + 1).trim();
        int query = path.indexOf('?');
        Class<?> returned = method.getReturnType();
        Annotation[][] annotations = method.getParameterAnnotations();
        String[] pathParams = new String[annotations.length];
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof Param) {
                    pathParams[i] = ((Param) annotation).value();
                }
            }
        }
        return new Operation(
                method.getName(),
                value.substring(0, space),
                query < 0 ? path : path.substring(0, query),
                pathParams,
                returned != void.class
                        && (returned == ApiResponse.class
                                || !returned.getPackageName().equals(ApiResponse.class.getPackageName())));
    }

    /**
     * Reads every method of an API interface.
     *
     * @param api a generated Feign interface
     * @return its operations keyed by method
     */
    public static Map<Method, Operation> of(Class<?> api) {
        Map<Method, Operation> operations = new HashMap<>();
        for (Method method : api.getMethods()) {
            if (method.getDeclaringClass() != Object.class
                    && !method.isDefault()
                    && method.isAnnotationPresent(RequestLine.class)) {
                operations.put(method, of(method));
            }
        }
        return Collections.unmodifiableMap(operations);
    }

    /**
     * Whether repeating the request cannot do harm. False for the two sends: Brevo's API has no idempotency key,
     * so a repeated {@code POST /conversations/messages} or {@code POST /conversations/pushedMessages} that reached
     * the server twice shows the visitor the message twice. The agent online ping is a {@code POST} that only
     * sets a status, so it is idempotent.
     *
     * @return false for a send
     */
    public boolean idempotent() {
        return !httpMethod.equals("POST") || pathTemplate.equals("/conversations/agentOnlinePing");
    }

    /** Method and path template, such as {@code GET /conversations/messages/{id}}. */
    public String requestLine() {
        return httpMethod + " " + pathTemplate;
    }

    /**
     * The path parameter bound to an argument.
     *
     * @param index the argument's position
     * @return the parameter's name, or {@code null} when the argument is the request body
     */
    public String pathParam(int index) {
        return pathParams[index];
    }

    @Override
    public String toString() {
        return name + " (" + requestLine() + ")";
    }
}
