package com.agentbounty.gateway.admin;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The PostgreSQL side of a rebuild: a schema {@code rebuild_<processor>} holding an empty copy of each table the
 * projection owns plus a token table of its own, the switch that moves the copies in place of the live tables in one
 * transaction, and cleaning up.
 * <p>
 * The copies are {@code CREATE TABLE ... (LIKE live INCLUDING ALL)}: columns, defaults, generated columns, check
 * constraints, indexes (renamed to the live indexes' names, so a later migration that names an index finds it after a
 * switch) and comments; triggers are created again from their definitions. What {@code LIKE} cannot carry over is
 * refused before anything is created (see {@link #unsupported()}). Secondary indexes can be dropped while the copies
 * are filled in bulk and created again after ({@link #dropSecondaryIndexes}).
 */
final class ShadowTables {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TokenSchema tokens;
    private final String liveSchema;
    private final String schema;
    private final String retired;
    private final List<String> tables;

    ShadowTables(JdbcTemplate jdbc, TransactionTemplate transaction, TokenSchema tokens, String processor, List<String> tables) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.tokens = tokens;
        this.liveSchema = jdbc.queryForObject("SELECT current_schema()", String.class);
        this.schema = schemaName(processor);
        this.retired = schema + "_old";
        this.tables = List.copyOf(tables);
    }

    /** {@code rebuild_} and the processor's name as a plain identifier: {@code bounty-listing} gives {@code rebuild_bounty_listing}. */
    static String schemaName(String processor) {
        return "rebuild_" + processor.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    String schema() {
        return schema;
    }

    /** Why these tables cannot be rebuilt beside the live ones; empty when they can. */
    List<String> unsupported() {
        List<String> reasons = new ArrayList<>();
        for (String table : tables) {
            String live = qualified(liveSchema, table);
            if (jdbc.queryForObject("SELECT to_regclass(?::text) IS NULL", Boolean.class, live)) {
                reasons.add("table " + live + " does not exist");
                continue;
            }
            // A serial column's sequence belongs to the live table and would be dropped with it.
            jdbc.queryForList("""
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = ? AND table_name = ? AND column_default LIKE 'nextval(%'""", String.class, liveSchema, table)
                    .forEach(column -> reasons.add(table + "." + column + " takes its default from a sequence (use an identity column)"));
            // Materialized views and foreign keys follow the table they were made on, i.e. the old one, and would be
            // dropped with it (plain views are re-pointed by the switch).
            jdbc.queryForList("""
                    SELECT DISTINCT v.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
                    WHERE d.refobjid = ?::regclass AND v.oid <> d.refobjid AND v.relkind <> 'v'""", String.class, live)
                    .forEach(view -> reasons.add("materialized view " + view + " reads " + table));
            jdbc.queryForList("SELECT conname FROM pg_constraint WHERE contype = 'f' AND (confrelid = ?::regclass OR conrelid = ?::regclass)",
                    String.class, live, live)
                    .forEach(key -> reasons.add("foreign key " + key + " on " + table));
        }
        return reasons;
    }

    /** Empty copies of the live tables and a token table, in a new schema (dropping what an interrupted rebuild left). */
    void create() {
        drop();
        jdbc.execute("CREATE SCHEMA " + quoted(schema));
        copy(tokens.tokenTable());
        tables.forEach(this::copy);
    }

    private void copy(String table) {
        String live = qualified(liveSchema, table);
        String copy = qualified(schema, table);
        jdbc.execute("CREATE TABLE %s (LIKE %s INCLUDING ALL)".formatted(copy, live));
        Map<String, Deque<String>> liveNames = new HashMap<>();
        indexes(live).forEach(index -> liveNames.computeIfAbsent(index.shape(), shape -> new ArrayDeque<>()).add(index.name()));
        for (Index index : indexes(copy)) {
            Deque<String> names = liveNames.get(index.shape());
            String liveName = names == null ? null : names.poll();
            if (liveName != null && !liveName.equals(index.name())) {
                jdbc.execute("ALTER INDEX %s RENAME TO %s".formatted(qualified(schema, index.name()), quoted(liveName)));
            }
        }
        // pg_get_triggerdef names the table schema-qualified, quoted only where needed, as format's %I does.
        String onLive = jdbc.queryForObject("SELECT format(' ON %I.%I ', ?::text, ?::text)", String.class, liveSchema, table);
        for (String trigger : jdbc.queryForList("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal",
                String.class, live)) {
            jdbc.execute(trigger.replace(onLive, " ON " + copy + " "));
        }
    }

    /**
     * Drops the copies' secondary indexes (neither unique nor behind a constraint: the ones {@code ON CONFLICT} and the
     * table's rules need stay) and answers their definitions, to create them again once the copies are filled: one
     * {@code CREATE INDEX} over the filled table costs far less than keeping a GIN index current row by row.
     */
    List<String> dropSecondaryIndexes() {
        List<String> definitions = new ArrayList<>();
        for (String table : tables) {
            jdbc.query("""
                    SELECT format('%I.%I', n.nspname, i.relname), pg_get_indexdef(i.oid)
                    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
                    WHERE x.indrelid = ?::regclass AND NOT x.indisunique AND NOT x.indisprimary
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                    ORDER BY i.relname""", (ResultSet rs) -> {
                jdbc.execute("DROP INDEX " + rs.getString(1));
                definitions.add(rs.getString(2)); // schema-qualified: pg_get_indexdef names the copy's table in full
            }, qualified(schema, table));
        }
        return definitions;
    }

    /**
     * Creates again the indexes {@link #dropSecondaryIndexes} dropped, under their names, on one connection per core.
     * PostgreSQL builds a B-tree with parallel workers but a GIN index on one backend only, so one build after another
     * left a core idle for most of this phase; the GIN indexes start first, as the longest builds.
     */
    void createIndexes(List<String> definitions) throws InterruptedException {
        List<String> longestFirst = definitions.stream()
                .sorted(Comparator.comparing((String definition) -> !definition.contains(" USING gin ")))
                .toList();
        int connections = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), longestFirst.size()));
        ExecutorService builders = Executors.newFixedThreadPool(connections, build -> new Thread(build, "projection-rebuild-index"));
        try {
            List<Future<?>> builds = longestFirst.stream()
                    .<Future<?>>map(definition -> builders.submit(() -> jdbc.execute(definition)))
                    .toList();
            // Every build ends before a failure is reported, so that dropping the schema does not wait behind one.
            RuntimeException failure = null;
            for (Future<?> build : builds) {
                try {
                    build.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            builders.shutdown();
        }
    }

    private record Index(String name, String shape) {
    }

    /** Each index's name and its shape: unique or not, and its definition from the access method on. */
    private List<Index> indexes(String table) {
        return jdbc.query("""
                SELECT i.relname, x.indisunique::text || ' ' || regexp_replace(pg_get_indexdef(i.oid), '^.* USING ', '')
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = ?::regclass ORDER BY i.relname""",
                (rs, row) -> new Index(rs.getString(1), rs.getString(2)), table);
    }

    /**
     * In one transaction: the live tables move out to {@code rebuild_<processor>_old}, the copies move in under the same
     * names, and the live processor's tokens become the rebuild's. Readers block for the moment the transaction holds
     * its locks and then read the new tables; they never see a table missing or empty.
     */
    void switchIn(String liveProcessor) {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL lock_timeout = '10s'");
            jdbc.execute("CREATE SCHEMA " + quoted(retired));
            Map<String, String> views = viewsOver(tables);
            for (String table : tables) {
                jdbc.execute("ALTER TABLE %s SET SCHEMA %s".formatted(qualified(liveSchema, table), quoted(retired)));
                jdbc.execute("ALTER TABLE %s SET SCHEMA %s".formatted(qualified(schema, table), quoted(liveSchema)));
            }
            // A view follows its table by identity, out to the retired schema (and its drop): point it at the new one.
            views.forEach((view, definition) -> jdbc.execute("CREATE OR REPLACE VIEW %s AS %s".formatted(view, definition)));
            String liveTokens = qualified(liveSchema, tokens.tokenTable());
            jdbc.update("DELETE FROM %s WHERE %s = ?".formatted(liveTokens, tokens.processorNameColumn()), liveProcessor);
            jdbc.update("INSERT INTO %1$s (%2$s, %3$s, %4$s, %5$s, %6$s) SELECT ?, %3$s, %4$s, %5$s, %6$s FROM %7$s".formatted(
                    liveTokens, tokens.processorNameColumn(), tokens.segmentColumn(), tokens.tokenColumn(), tokens.tokenTypeColumn(),
                    tokens.timestampColumn(), qualified(schema, tokens.tokenTable())), liveProcessor);
        });
    }

    /** Each view over the live tables (e.g. analytics_daily), schema-qualified, with its definition. */
    private Map<String, String> viewsOver(List<String> tables) {
        Map<String, String> views = new LinkedHashMap<>();
        for (String table : tables) {
            jdbc.query("""
                    SELECT DISTINCT format('%I.%I', n.nspname, v.relname), pg_get_viewdef(v.oid)
                    FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
                    JOIN pg_namespace n ON n.oid = v.relnamespace
                    WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = ?::regclass AND v.oid <> d.refobjid AND v.relkind = 'v'""",
                    (ResultSet rs) -> {
                        views.put(rs.getString(1), rs.getString(2));
                    }, qualified(liveSchema, table));
        }
        return views;
    }

    /** Drops the rebuild's schema and the retired tables, whatever state they are in. */
    void drop() {
        jdbc.execute("DROP SCHEMA IF EXISTS %s CASCADE".formatted(quoted(schema)));
        jdbc.execute("DROP SCHEMA IF EXISTS %s CASCADE".formatted(quoted(retired)));
    }

    private static String qualified(String schema, String name) {
        return quoted(schema) + "." + quoted(name);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
