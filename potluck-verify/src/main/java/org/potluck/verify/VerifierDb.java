package org.potluck.verify;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.potluck.accounting.WindowShare;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedJobEntry;
import org.potluck.accounting.published.PublishedShare;

/**
 * The verifier's own copy of what the pool published (SQLite): once downloaded, a share or job can no longer be
 * changed by the pool without the verifier noticing, and the next run resumes from where this one stopped.
 * Records are kept as the JSON of their published form. Used from one thread.
 */
final class VerifierDb implements AutoCloseable {
    /** A record the pool published again with other contents under the same sequence or id. */
    record Changed(String id, String before, String after) {}

    private final Connection db;

    VerifierDb(Path file, String pool) {
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS shares (sequence INTEGER PRIMARY KEY, json TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, cursor INTEGER NOT NULL,"
                        + " height INTEGER NOT NULL, json TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS difficulties (sequence INTEGER PRIMARY KEY,"
                        + " extranonce1 TEXT NOT NULL, height INTEGER NOT NULL, json TEXT NOT NULL)");
                s.execute(
                        "CREATE INDEX IF NOT EXISTS difficulties_of_connection ON difficulties (extranonce1, height)");
                // The hash of each share's rebuilt header, with the first sequence it was seen under.
                s.execute(
                        "CREATE TABLE IF NOT EXISTS share_headers (hash TEXT PRIMARY KEY, sequence INTEGER NOT NULL)");
            }
            String known = meta("pool");
            if (known == null) {
                putMeta("pool", pool);
            } else if (!known.equals(pool)) {
                throw new VerifyException(file + " holds the records of " + known + ", not of " + pool
                        + "; use another --db file for each pool");
            }
        } catch (SQLException e) {
            throw new VerifyException("cannot open the verifier database " + file + ": " + e.getMessage(), e);
        }
    }

    long lastShareSequence() {
        return queryLong("SELECT COALESCE(MAX(sequence), 0) FROM shares");
    }

    long lastJobCursor() {
        return queryLong("SELECT COALESCE(MAX(cursor), 0) FROM jobs");
    }

    /** Stores new shares; returns those the pool had already published with other contents. */
    List<Changed> insertShares(List<PublishedShare> shares) {
        return insertBySequence("shares", "", shares, PublishedShare::sequence, (put, share) -> {});
    }

    long lastDifficultySequence() {
        return queryLong("SELECT COALESCE(MAX(sequence), 0) FROM difficulties");
    }

    /** Stores new difficulty assignments; returns those the pool had already published with other contents. */
    List<Changed> insertDifficulties(List<PublishedDifficulty> assignments) {
        return insertBySequence(
                "difficulties", ", extranonce1, height", assignments, PublishedDifficulty::sequence, (put, a) -> {
                    put.setString(3, String.valueOf(a.extranonce1()));
                    put.setInt(4, a.height());
                });
    }

    /** The difficulties assigned to one connection at one height, in the order the pool recorded them. */
    List<PublishedDifficulty> difficulties(String extranonce1, int height) {
        return jsonRows(
                "SELECT json FROM difficulties WHERE extranonce1 = ? AND height = ? ORDER BY sequence",
                PublishedDifficulty.class,
                q -> {
                    q.setString(1, extranonce1);
                    q.setInt(2, height);
                });
    }

    /** The first difficulty assignment the pool published, if any. */
    Optional<PublishedDifficulty> firstDifficulty() {
        try (PreparedStatement q = db.prepareStatement("SELECT json FROM difficulties ORDER BY sequence LIMIT 1")) {
            return Optional.ofNullable(single(q))
                    .map(json -> TolerantJson.MAPPER.readValue(json, PublishedDifficulty.class));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    List<Changed> insertJobs(List<PublishedJobEntry> jobs) {
        List<Changed> changed = new ArrayList<>();
        inTransaction(() -> {
            try (PreparedStatement find = db.prepareStatement("SELECT json FROM jobs WHERE job_id = ?");
                    PreparedStatement put = db.prepareStatement(
                            "INSERT INTO jobs (job_id, cursor, height, json) VALUES (?, ?, ?, ?)")) {
                for (PublishedJobEntry entry : jobs) {
                    String json = TolerantJson.MAPPER.writeValueAsString(entry.job());
                    find.setString(1, entry.job().jobId());
                    String before = single(find);
                    if (before == null) {
                        put.setString(1, entry.job().jobId());
                        put.setLong(2, entry.cursor());
                        put.setInt(3, entry.job().height());
                        put.setString(4, json);
                        put.executeUpdate();
                    } else if (!before.equals(json)) {
                        changed.add(new Changed(entry.job().jobId(), before, json));
                    }
                }
            }
        });
        return changed;
    }

    /**
     * Remembers the hash of each share's rebuilt header (by sequence, in order), and returns for each the sequence
     * that hash was first seen with: the share's own sequence when the header is new.
     */
    Map<Long, Long> firstSharesWithHeaders(Map<Long, String> headerHashes) {
        Map<Long, Long> first = new HashMap<>();
        inTransaction(() -> {
            try (PreparedStatement put =
                            db.prepareStatement("INSERT OR IGNORE INTO share_headers (hash, sequence) VALUES (?, ?)");
                    PreparedStatement find = db.prepareStatement("SELECT sequence FROM share_headers WHERE hash = ?")) {
                for (Map.Entry<Long, String> e : headerHashes.entrySet()) {
                    put.setString(1, e.getValue());
                    put.setLong(2, e.getKey());
                    put.executeUpdate();
                    find.setString(1, e.getValue());
                    first.put(e.getKey(), Long.parseLong(single(find)));
                }
            }
        });
        return first;
    }

    Optional<PublishedJob> job(String jobId) {
        try (PreparedStatement q = db.prepareStatement("SELECT json FROM jobs WHERE job_id = ?")) {
            q.setString(1, jobId);
            return Optional.ofNullable(single(q)).map(json -> TolerantJson.MAPPER.readValue(json, PublishedJob.class));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Every stored job, by height and then in the order the pool published them. */
    List<PublishedJob> jobs() {
        List<PublishedJob> jobs = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT json FROM jobs ORDER BY height, cursor");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                jobs.add(TolerantJson.MAPPER.readValue(rs.getString(1), PublishedJob.class));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return jobs;
    }

    Optional<PublishedShare> share(long sequence) {
        List<PublishedShare> one =
                shares("SELECT json FROM shares WHERE sequence >= ? ORDER BY sequence LIMIT ?", sequence, 1);
        return one.stream().filter(s -> s.sequence() == sequence).findFirst();
    }

    List<PublishedShare> sharesAfter(long after, int limit) {
        return shares("SELECT json FROM shares WHERE sequence > ? ORDER BY sequence LIMIT ?", after, limit);
    }

    /** The shares a PPLNS window walks: newest first from {@code endSequence} until their weights reach the size. */
    List<WindowShare> windowShares(long endSequence, BigDecimal windowSize) {
        List<WindowShare> walked = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        long below = endSequence;
        while (below > 0 && sum.compareTo(windowSize) < 0) {
            List<PublishedShare> page =
                    shares("SELECT json FROM shares WHERE sequence <= ? ORDER BY sequence DESC LIMIT ?", below, 1000);
            for (PublishedShare share : page) {
                if (sum.compareTo(windowSize) >= 0) {
                    break;
                }
                WindowShare weighted = WindowShare.of(share.sequence(), share.address(), share.difficulty());
                walked.add(weighted);
                sum = sum.add(weighted.weight());
                below = share.sequence() - 1;
            }
            if (page.size() < 1000) {
                break;
            }
        }
        return walked;
    }

    private List<PublishedShare> shares(String sql, long from, int limit) {
        return jsonRows(sql, PublishedShare.class, q -> {
            q.setLong(1, from);
            q.setInt(2, limit);
        });
    }

    /** Sets a record's own columns (from index 3, after its sequence and JSON). */
    private interface Binder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    /** The records of a query whose one column is a record's JSON. */
    private <T> List<T> jsonRows(String sql, Class<T> type, Params params) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            params.bind(q);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(TolerantJson.MAPPER.readValue(rs.getString(1), type));
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return out;
    }

    private interface Params {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Stores the records whose sequence is new, as JSON (plus their own columns); returns those whose sequence was
     * already stored with other contents.
     */
    private <T> List<Changed> insertBySequence(
            String table,
            String ownColumns,
            List<T> records,
            java.util.function.ToLongFunction<T> sequenceOf,
            Binder<T> columns) {
        long placeholders = ownColumns.chars().filter(c -> c == ',').count();
        List<Changed> changed = new ArrayList<>();
        inTransaction(() -> {
            try (PreparedStatement find = db.prepareStatement("SELECT json FROM " + table + " WHERE sequence = ?");
                    PreparedStatement put = db.prepareStatement("INSERT INTO " + table + " (sequence, json" + ownColumns
                            + ") VALUES (?, ?" + ", ?".repeat((int) placeholders) + ")")) {
                for (T record : records) {
                    long sequence = sequenceOf.applyAsLong(record);
                    String json = TolerantJson.MAPPER.writeValueAsString(record);
                    find.setLong(1, sequence);
                    String before = single(find);
                    if (before == null) {
                        put.setLong(1, sequence);
                        put.setString(2, json);
                        columns.bind(put, record);
                        put.executeUpdate();
                    } else if (!before.equals(json) && !json.equals(reserialized(before, record))) {
                        changed.add(new Changed(Long.toString(sequence), before, json));
                    }
                }
            }
        });
        return changed;
    }

    /**
     * A stored record's JSON as this verifier writes it: a record stored by an older verifier lacks the fields added
     * since (a share's format), which is not a change made by the pool.
     */
    private static String reserialized(String storedJson, Object like) {
        return TolerantJson.MAPPER.writeValueAsString(TolerantJson.MAPPER.readValue(storedJson, like.getClass()));
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            q.setString(1, key);
            return single(q);
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            q.setString(1, key);
            q.setString(2, value);
            q.executeUpdate();
        }
    }

    private static String single(PreparedStatement q) throws SQLException {
        try (ResultSet rs = q.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private long queryLong(String sql) {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private void inTransaction(SqlWork work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static VerifyException failed(SQLException e) {
        return new VerifyException("verifier database failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
