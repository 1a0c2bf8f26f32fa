package com.agentbounty.query.cache;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A short token for the JSON shape of an answer type (its record components and enum constants, recursively), part of
 * every cache key: entries are served unparsed ({@link ReadCache#storedJson}), so after a deploy that changes the
 * shape, the new code must not find the entries the old code wrote.
 */
final class AnswerShape {

    private static final ClassValue<String> TOKENS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return Integer.toHexString(describe(type, new HashSet<>()).hashCode());
        }
    };

    private AnswerShape() {
    }

    static String of(Class<?> type) {
        return TOKENS.get(type);
    }

    static String describe(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType generic) {
            return describe(generic.getRawType(), seen) + Arrays.stream(generic.getActualTypeArguments())
                    .map(argument -> describe(argument, seen)).collect(Collectors.joining(",", "<", ">"));
        }
        if (!(type instanceof Class<?> plain) || !seen.add(plain)) {
            return type.getTypeName();
        }
        if (plain.isRecord()) {
            return plain.getName() + Arrays.stream(plain.getRecordComponents())
                    .map((RecordComponent component) -> component.getName() + ":" + describe(component.getGenericType(), seen))
                    .collect(Collectors.joining(",", "(", ")"));
        }
        if (plain.isEnum()) {
            return plain.getName() + Arrays.stream(plain.getEnumConstants()).map(constant -> ((Enum<?>) constant).name()).collect(Collectors.joining(",", "{", "}"));
        }
        return plain.getName();
    }
}
