package io.github.conversations4j.internal;

import feign.DefaultContract;
import feign.MethodMetadata;
import feign.Param;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Feign's default contract, changed in two ways.
 *
 * <ul>
 *   <li>Path parameters are always exactly one segment: each is expanded by {@link PathSegment}, and Feign's habit
 *       of turning an encoded {@code %2F} back into {@code /} is switched off.
 *   <li>The {@code Accept} and {@code Content-Type} headers are taken out of the templates and sent as constants by
 *       {@link SdkTarget}, after checking that the interface declares exactly what {@link SdkTarget} sends: JSON
 *       accepted everywhere, JSON sent where there is a body, and no other header. A generated interface that
 *       declares anything else is refused here, when the client is built, rather than sent differently.
 * </ul>
 */
final class SdkContract extends DefaultContract {
    private static final PathSegment SEGMENT = new PathSegment();

    @Override
    protected MethodMetadata parseAndValidateMetadata(Class<?> targetType, Method method) {
        MethodMetadata metadata = super.parseAndValidateMetadata(targetType, method);
        metadata.template().decodeSlash(false);
        moveHeadersToTarget(metadata);
        Map<Integer, Param.Expander> expanders = new HashMap<>();
        for (Integer index : metadata.indexToName().keySet()) {
            expanders.put(index, SEGMENT);
        }
        metadata.indexToExpander(expanders);
        return metadata;
    }

    private static void moveHeadersToTarget(MethodMetadata metadata) {
        Map<String, Collection<String>> declared = metadata.template().headers();
        Map<String, Collection<String>> expected = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        expected.put("Accept", List.of(SdkTarget.JSON));
        if (metadata.bodyIndex() != null) {
            expected.put("Content-Type", List.of(SdkTarget.JSON));
        }
        if (!declared.equals(expected)) {
            throw new IllegalStateException(metadata.configKey() + " declares headers " + declared + " where "
                    + expected + " was expected; SdkTarget sends only those");
        }
        for (String name : expected.keySet()) {
            metadata.template().removeHeader(name);
        }
    }
}
