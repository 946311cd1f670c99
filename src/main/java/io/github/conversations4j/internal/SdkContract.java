package io.github.conversations4j.internal;

import feign.DefaultContract;
import feign.MethodMetadata;
import feign.Param;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Feign's default contract, changed so that path parameters are always exactly one segment: each is expanded by
 * {@link PathSegment}, and Feign's habit of turning an encoded {@code %2F} back into {@code /} is switched off.
 */
public final class SdkContract extends DefaultContract {
  private static final PathSegment SEGMENT = new PathSegment();

  @Override
  protected MethodMetadata parseAndValidateMetadata(Class<?> targetType, Method method) {
    MethodMetadata metadata = super.parseAndValidateMetadata(targetType, method);
    metadata.template().decodeSlash(false);
    Map<Integer, Param.Expander> expanders = new HashMap<>();
    for (Integer index : metadata.indexToName().keySet()) {
      expanders.put(index, SEGMENT);
    }
    metadata.indexToExpander(expanders);
    return metadata;
  }
}
