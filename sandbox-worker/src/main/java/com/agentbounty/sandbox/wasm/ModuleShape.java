package com.agentbounty.sandbox.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a WebAssembly binary declares, read from its sections before Wasmtime sees it: imports, memories,
 * tables and the signatures of exported functions. wasmtime-java exposes a module's imports but neither its
 * memory limits nor its export signatures, so the worker reads them itself. Only the sections it needs are
 * decoded; every length is checked against the bytes that are really there, and anything unexpected is a
 * {@link MalformedModule}. Wasmtime validates the whole module afterwards.
 */
record ModuleShape(List<String> imports, List<Limits> memories, List<Limits> tables,
                   Map<String, Signature> exportedFunctions) {

    /** Minimum and maximum in pages (memories) or elements (tables); {@code maximum} is -1 when undeclared. */
    record Limits(long minimum, long maximum, boolean shared, boolean is64) {
    }

    enum ValueType { I32, I64, F32, F64 }

    record Signature(List<ValueType> params, List<ValueType> results) {
    }

    static final class MalformedModule extends Exception {
        MalformedModule(String message) {
            super(message);
        }
    }

    private static final int SECTION_TYPE = 1;
    private static final int SECTION_IMPORT = 2;
    private static final int SECTION_FUNCTION = 3;
    private static final int SECTION_TABLE = 4;
    private static final int SECTION_MEMORY = 5;
    private static final int SECTION_EXPORT = 7;

    static ModuleShape read(byte[] bytes) throws MalformedModule {
        Reader in = new Reader(bytes, 0, bytes.length);
        if (bytes.length < 8 || in.u8() != 0x00 || in.u8() != 'a' || in.u8() != 's' || in.u8() != 'm') {
            throw new MalformedModule("not a WebAssembly binary (the \\0asm header is missing)");
        }
        if (in.u8() != 1 || in.u8() != 0 || in.u8() != 0 || in.u8() != 0) {
            throw new MalformedModule("unsupported WebAssembly binary version");
        }
        List<Signature> types = new ArrayList<>();
        List<String> imports = new ArrayList<>();
        List<Integer> functionTypes = new ArrayList<>();
        List<Limits> memories = new ArrayList<>();
        List<Limits> tables = new ArrayList<>();
        Map<String, Signature> exported = new LinkedHashMap<>();
        int importedFunctions = 0;
        List<long[]> functionExports = new ArrayList<>();
        List<String> functionExportNames = new ArrayList<>();
        while (in.hasMore()) {
            int id = in.u8();
            int size = in.u32AsInt();
            Reader section = in.slice(size);
            switch (id) {
                case SECTION_TYPE -> {
                    for (long i = section.u32(); i > 0; i--) {
                        if (section.u8() != 0x60) {
                            throw new MalformedModule("unsupported type form (only plain function types are accepted)");
                        }
                        types.add(new Signature(valueTypes(section), valueTypes(section)));
                    }
                }
                case SECTION_IMPORT -> {
                    for (long i = section.u32(); i > 0; i--) {
                        String module = section.name();
                        String name = section.name();
                        int kind = section.u8();
                        switch (kind) {
                            case 0x00 -> {
                                section.u32();
                                importedFunctions++;
                            }
                            case 0x01 -> {
                                section.u8();
                                tables.add(section.limits());
                            }
                            case 0x02 -> memories.add(section.limits());
                            case 0x03 -> {
                                section.u8();
                                section.u8();
                            }
                            default -> throw new MalformedModule("unsupported import kind " + kind);
                        }
                        imports.add(module + "." + name);
                    }
                }
                case SECTION_FUNCTION -> {
                    for (long i = section.u32(); i > 0; i--) {
                        functionTypes.add(section.u32AsInt());
                    }
                }
                case SECTION_TABLE -> {
                    for (long i = section.u32(); i > 0; i--) {
                        section.u8();
                        tables.add(section.limits());
                    }
                }
                case SECTION_MEMORY -> {
                    for (long i = section.u32(); i > 0; i--) {
                        memories.add(section.limits());
                    }
                }
                case SECTION_EXPORT -> {
                    for (long i = section.u32(); i > 0; i--) {
                        String name = section.name();
                        int kind = section.u8();
                        long index = section.u32();
                        if (kind == 0x00) {
                            functionExportNames.add(name);
                            functionExports.add(new long[]{index});
                        }
                    }
                }
                default -> {
                    // other sections (code, data, custom, ...) are Wasmtime's to validate
                }
            }
        }
        for (int i = 0; i < functionExportNames.size(); i++) {
            long index = functionExports.get(i)[0] - importedFunctions;
            if (index < 0) {
                continue; // a re-exported import; modules with imports are refused anyway
            }
            if (index >= functionTypes.size() || functionTypes.get((int) index) >= types.size()) {
                throw new MalformedModule("export " + functionExportNames.get(i) + " names a function that does not exist");
            }
            exported.put(functionExportNames.get(i), types.get(functionTypes.get((int) index)));
        }
        return new ModuleShape(List.copyOf(imports), List.copyOf(memories), List.copyOf(tables), Map.copyOf(exported));
    }

    private static List<ValueType> valueTypes(Reader in) throws MalformedModule {
        List<ValueType> result = new ArrayList<>();
        for (long i = in.u32(); i > 0; i--) {
            int code = in.u8();
            result.add(switch (code) {
                case 0x7F -> ValueType.I32;
                case 0x7E -> ValueType.I64;
                case 0x7D -> ValueType.F32;
                case 0x7C -> ValueType.F64;
                default -> throw new MalformedModule("unsupported value type 0x" + Integer.toHexString(code)
                        + " (test vectors support i32, i64, f32 and f64)");
            });
        }
        return List.copyOf(result);
    }

    /** A bounds-checked cursor over part of the binary. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int end;

        Reader(byte[] bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int u8() throws MalformedModule {
            if (position >= end) {
                throw new MalformedModule("unexpected end of section");
            }
            return bytes[position++] & 0xFF;
        }

        long u32() throws MalformedModule {
            long result = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (result > 0xFFFF_FFFFL) {
                        throw new MalformedModule("integer out of range");
                    }
                    return result;
                }
            }
            throw new MalformedModule("integer too long");
        }

        int u32AsInt() throws MalformedModule {
            long value = u32();
            if (value > Integer.MAX_VALUE) {
                throw new MalformedModule("length out of range");
            }
            return (int) value;
        }

        Reader slice(int size) throws MalformedModule {
            if (size > end - position) {
                throw new MalformedModule("a section is longer than the module");
            }
            Reader slice = new Reader(bytes, position, position + size);
            position += size;
            return slice;
        }

        String name() throws MalformedModule {
            Reader text = slice(u32AsInt());
            return new String(bytes, text.position, text.end - text.position, java.nio.charset.StandardCharsets.UTF_8);
        }

        Limits limits() throws MalformedModule {
            int flags = u8();
            if (flags > 0x07) {
                throw new MalformedModule("unsupported limits flags 0x" + Integer.toHexString(flags));
            }
            boolean is64 = (flags & 0x04) != 0;
            long minimum = is64 ? u64() : u32();
            long maximum = (flags & 0x01) != 0 ? (is64 ? u64() : u32()) : -1;
            return new Limits(minimum, maximum, (flags & 0x02) != 0, is64);
        }

        long u64() throws MalformedModule {
            long result = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result < 0 ? Long.MAX_VALUE : result;
                }
            }
            throw new MalformedModule("integer too long");
        }
    }
}
