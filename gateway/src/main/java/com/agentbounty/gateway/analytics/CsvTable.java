package com.agentbounty.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of one record type as CSV (RFC 4180, commons-csv): a header row of the JSON names, one line per row, nested
 * {@link JsonUnwrapped} records flattened as JSON flattens them, empty cells for nulls. A text cell starting with
 * {@code = + - @} (a spreadsheet formula, CSV injection) is prefixed with {@code '} so a spreadsheet shows it as text.
 */
final class CsvTable {

    private CsvTable() {
    }

    static String write(Class<? extends Record> rowType, List<? extends Record> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            List<String> header = new ArrayList<>();
            columns(rowType, header);
            printer.printRecord(header);
            for (Record row : rows) {
                List<Object> cells = new ArrayList<>();
                cells(row, cells);
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void columns(Class<?> type, List<String> header) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (unwrapped(component)) {
                columns(component.getType(), header);
            } else {
                header.add(component.getName());
            }
        }
    }

    private static void cells(Record row, List<Object> cells) {
        for (RecordComponent component : row.getClass().getRecordComponents()) {
            Object value = value(component, row);
            if (unwrapped(component)) {
                cells((Record) value, cells);
            } else {
                cells.add(value instanceof String text ? plain(text) : value);
            }
        }
    }

    private static boolean unwrapped(RecordComponent component) {
        return component.getAccessor().isAnnotationPresent(JsonUnwrapped.class) && component.getType().isRecord();
    }

    private static Object value(RecordComponent component, Record row) {
        try {
            return component.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static String plain(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
