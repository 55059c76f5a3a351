package org.potluck.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL both stores share. The schemas differ in types only (see the migration scripts), so every statement here
 * runs unchanged on SQLite and PostgreSQL; a subclass says how a connection is had and which predicate finds block
 * shares (SQLite keeps booleans as integers, and its partial index only serves the query that repeats its WHERE).
 */
abstract sealed class JdbcShareStore implements ShareStore permits SqliteShareStore, PostgresShareStore {
    private static final String SHARE_COLUMNS = "sequence, time_us, address, worker, user_agent, job_id, difficulty, "
            + "hash_difficulty, block, block_hash, format, extranonce1, extranonce2, ntime, nonce, version_bits, protocol, "
            + "channel, extranonce, header_version, header_ntime, header_nonce";
    private static final String JOB_COLUMNS = "cursor, job_id, height, created_us, json";
    private static final String DIFFICULTY_COLUMNS = "sequence, time_us, extranonce1, height, job_id, difficulty";
    private static final String BLOCK_COLUMNS =
            "height, block_hash, job_id, share_sequence, finder_address, accepted, time_us, json, status";

    /** Work on one connection; it may throw what JDBC throws, which the store turns into a ShareStoreException. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String description;
    private final String blockPredicate;

    /**
     * @param description    names the database in messages, e.g. "share database /var/potluck/shares.db"
     * @param blockPredicate SQL that is true for block-finding shares
     */
    JdbcShareStore(String description, String blockPredicate) {
        this.description = description;
        this.blockPredicate = blockPredicate;
    }

    /** Runs the work on a connection in auto-commit mode, under whatever exclusion the database needs. */
    abstract <T> T withConnection(SqlWork<T> work) throws SQLException;

    @Override
    public void insert(List<AcceptedShare> shares) {
        for (AcceptedShare share : shares) {
            if (share.sequence() <= 0) {
                throw new IllegalArgumentException("cannot store a share without a journal sequence: " + share);
            }
        }
        if (shares.isEmpty()) {
            return;
        }
        String what = "insert " + shares.size() + " shares (sequences "
                + shares.getFirst().sequence() + ".." + shares.getLast().sequence() + ")";
        inTransaction(what, c -> {
            refuseConflicts(c, shares);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accepted_share (" + SHARE_COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (sequence) DO NOTHING")) {
                for (AcceptedShare s : shares) {
                    ps.setLong(1, s.sequence());
                    ps.setLong(2, micros(s.time()));
                    setText(ps, 3, s.address());
                    setText(ps, 4, s.worker());
                    setText(ps, 5, s.userAgent());
                    setText(ps, 6, s.jobId());
                    ps.setDouble(7, s.difficulty());
                    ps.setDouble(8, s.hashDifficulty());
                    ps.setBoolean(9, s.block());
                    setText(ps, 10, s.blockHash());
                    setProof(ps, s.proof());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Throws if a sequence of the batch is already stored with other fields. Read in the insert's transaction; a
     * pool's copier is its only writer of shares, so nothing slips in between this read and the insert. A batch beyond
     * the stored sequences (the usual case) costs one index probe that finds nothing.
     */
    private void refuseConflicts(Connection c, List<AcceptedShare> shares) throws SQLException {
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (AcceptedShare s : shares) {
            low = Math.min(low, s.sequence());
            high = Math.max(high, s.sequence());
        }
        List<AcceptedShare> stored;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SHARE_COLUMNS
                + " FROM accepted_share WHERE sequence >= ? AND sequence <= ? ORDER BY sequence")) {
            ps.setLong(1, low);
            ps.setLong(2, high);
            stored = shares(ps);
        }
        if (stored.isEmpty()) {
            return; // the usual case; the copier runs on the pool's core, so the lookup below is built only when needed
        }
        Map<Long, AcceptedShare> offered = new HashMap<>();
        for (AcceptedShare s : shares) {
            offered.put(s.sequence(), asStored(s));
        }
        for (AcceptedShare existing : stored) {
            AcceptedShare other = offered.get(existing.sequence());
            if (other != null && !other.equals(existing)) {
                throw new ShareConflictException(
                        existing.sequence(),
                        description + " already holds a different share "
                                + "under sequence " + existing.sequence() + " (stored: " + existing.address() + "/"
                                + existing.worker()
                                + " at " + existing.time() + ", " + existing.proof() + "; offered: " + other.address()
                                + "/"
                                + other.worker() + " at " + other.time() + ", " + other.proof()
                                + "). Two shares were numbered "
                                + "alike; nothing of this batch was stored");
            }
        }
    }

    /** What the database gives back for {@code share}: time kept to the microsecond. */
    private static AcceptedShare asStored(AcceptedShare share) {
        Instant micros = share.time().truncatedTo(ChronoUnit.MICROS);
        return micros.equals(share.time()) ? share : share.withTime(micros);
    }

    /** Columns 11 to 22: the proof's format, then its own columns; the other format's stay NULL. */
    private static void setProof(PreparedStatement ps, ShareProof proof) throws SQLException {
        ps.setInt(11, proof.format());
        for (int column = 12; column <= 22; column++) {
            ps.setNull(column, column >= 20 ? Types.BIGINT : Types.VARCHAR);
        }
        switch (proof) {
            case ShareProof.Sv1Strings v -> {
                setText(ps, 12, v.extranonce1());
                setText(ps, 13, v.extranonce2());
                setText(ps, 14, v.ntime());
                setText(ps, 15, v.nonce());
                setText(ps, 16, v.versionBits());
            }
            case ShareProof.HeaderFields h -> {
                ps.setString(17, h.protocol());
                ps.setString(18, h.channel());
                ps.setString(19, h.extranonce());
                ps.setLong(20, Integer.toUnsignedLong(h.version()));
                ps.setLong(21, Integer.toUnsignedLong(h.ntime()));
                ps.setLong(22, Integer.toUnsignedLong(h.nonce()));
            }
        }
    }

    private static ShareProof proof(ResultSet rs) throws SQLException {
        int format = rs.getInt(11);
        return switch (format) {
            case ShareProof.Sv1Strings.FORMAT ->
                new ShareProof.Sv1Strings(
                        rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16));
            case ShareProof.HeaderFields.FORMAT ->
                new ShareProof.HeaderFields(
                        rs.getString(17),
                        rs.getString(18),
                        rs.getString(19),
                        (int) rs.getLong(20),
                        (int) rs.getLong(21),
                        (int) rs.getLong(22)); // u32 kept unsigned
            default ->
                throw new SQLException("share " + rs.getLong(1) + " has record format " + format
                        + ", which this Potluck does not know");
        };
    }

    @Override
    public long lastSequence() {
        return query(
                "read the last sequence", c -> longResult(c, "SELECT coalesce(max(sequence), 0) FROM accepted_share"));
    }

    @Override
    public long count() {
        return query("count shares", c -> longResult(c, "SELECT count(*) FROM accepted_share"));
    }

    @Override
    public List<AcceptedShare> sharesAfter(long afterSequence, int limit) {
        return shares(
                "SELECT " + SHARE_COLUMNS + " FROM accepted_share WHERE sequence > ? ORDER BY sequence LIMIT ?",
                afterSequence,
                limit);
    }

    @Override
    public List<AcceptedShare> sharesDescending(long atOrBelowSequence, int limit) {
        return shares(
                "SELECT " + SHARE_COLUMNS + " FROM accepted_share WHERE sequence <= ? ORDER BY sequence DESC LIMIT ?",
                atOrBelowSequence,
                limit);
    }

    @Override
    public List<AcceptedShare> recentBlocks(int limit) {
        return shares(
                "SELECT " + SHARE_COLUMNS + " FROM accepted_share WHERE " + blockPredicate
                        + " AND sequence > ? ORDER BY sequence DESC LIMIT ?",
                0,
                limit);
    }

    @Override
    public void insertJob(JobRecord job) {
        Records.requireNonNull("job", job);
        update(
                "insert job " + job.jobId(),
                "INSERT INTO job (job_id, height, created_us, json) VALUES (?,?,?,?) "
                        + "ON CONFLICT (job_id) DO NOTHING",
                ps -> {
                    ps.setString(1, job.jobId());
                    ps.setInt(2, job.height());
                    ps.setLong(3, micros(job.created()));
                    ps.setString(4, job.json());
                });
    }

    @Override
    public Optional<JobRecord> job(String jobId) {
        Records.requireNonNull("job id", jobId);
        return query("read job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM job WHERE job_id = ?")) {
                ps.setString(1, jobId);
                List<JobRecord> jobs = jobs(ps);
                return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.getFirst());
            }
        });
    }

    @Override
    public List<JobRecord> jobsAfter(long cursor, int limit) {
        Records.requireLimit(limit);
        return query("read jobs after cursor " + cursor, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + JOB_COLUMNS + " FROM job WHERE cursor > ? ORDER BY cursor LIMIT ?")) {
                ps.setLong(1, cursor);
                ps.setInt(2, limit);
                return jobs(ps);
            }
        });
    }

    @Override
    public void insertBlock(BlockRecord block) {
        Records.requireNonNull("block", block);
        update(
                "insert block " + block.blockHash(),
                "INSERT INTO found_block (" + BLOCK_COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (block_hash) DO NOTHING",
                ps -> {
                    ps.setInt(1, block.height());
                    ps.setString(2, block.blockHash());
                    setText(ps, 3, block.jobId());
                    ps.setLong(4, block.shareSequence());
                    setText(ps, 5, block.finderAddress());
                    ps.setBoolean(6, block.accepted());
                    ps.setLong(7, micros(block.time()));
                    ps.setString(8, block.json());
                    ps.setString(9, block.status());
                });
    }

    @Override
    public List<BlockRecord> blocks() {
        return query("read blocks", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT " + BLOCK_COLUMNS + " FROM found_block ORDER BY height, time_us, block_hash");
                    ResultSet rs = ps.executeQuery()) {
                List<BlockRecord> blocks = new ArrayList<>();
                while (rs.next()) {
                    blocks.add(new BlockRecord(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getString(5),
                            rs.getBoolean(6),
                            instant(rs.getLong(7)),
                            rs.getString(8),
                            rs.getString(9)));
                }
                return blocks;
            }
        });
    }

    @Override
    public void markBlock(String blockHash, boolean accepted) {
        Records.requireText("block hash", blockHash);
        int changed =
                update("mark block " + blockHash, "UPDATE found_block SET accepted = ? WHERE block_hash = ?", ps -> {
                    ps.setBoolean(1, accepted);
                    ps.setString(2, blockHash);
                });
        if (changed == 0) {
            throw new IllegalArgumentException(
                    "cannot mark block " + blockHash + ": no such block is stored in " + description);
        }
    }

    @Override
    public void markBlockStatus(String blockHash, String status) {
        Records.requireText("block hash", blockHash);
        Records.requireText("block " + blockHash + ": status", status);
        int changed = update(
                "set the status of block " + blockHash,
                "UPDATE found_block SET status = ? WHERE block_hash = ?",
                ps -> {
                    ps.setString(1, status);
                    ps.setString(2, blockHash);
                });
        if (changed == 0) {
            throw new IllegalArgumentException(
                    "cannot set the status of block " + blockHash + ": no such block is stored in " + description);
        }
    }

    @Override
    public void insertDifficulties(List<DifficultyAssignment> assignments) {
        Records.requireNonNull("difficulty assignments", assignments);
        if (assignments.isEmpty()) {
            return;
        }
        inTransaction("insert " + assignments.size() + " difficulty assignments", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO difficulty_assignment (time_us, extranonce1, "
                    + "height, job_id, difficulty) VALUES (?,?,?,?,?)")) {
                for (DifficultyAssignment a : assignments) {
                    ps.setLong(1, micros(a.time()));
                    ps.setString(2, a.extranonce1());
                    ps.setInt(3, a.height());
                    ps.setString(4, a.jobId());
                    ps.setDouble(5, a.difficulty());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<DifficultyAssignment> difficultiesAfter(long afterSequence, int limit) {
        Records.requireLimit(limit);
        return query("read difficulty assignments after " + afterSequence, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DIFFICULTY_COLUMNS
                    + " FROM difficulty_assignment WHERE sequence > ? ORDER BY sequence LIMIT ?")) {
                ps.setLong(1, afterSequence);
                ps.setInt(2, limit);
                List<DifficultyAssignment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DifficultyAssignment(
                                rs.getLong(1),
                                instant(rs.getLong(2)),
                                rs.getString(3),
                                rs.getInt(4),
                                rs.getString(5),
                                rs.getDouble(6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Map<String, String> settings() {
        return query("read settings", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM setting");
                    ResultSet rs = ps.executeQuery()) {
                Map<String, String> settings = new TreeMap<>();
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(2));
                }
                return Collections.unmodifiableMap(settings);
            }
        });
    }

    @Override
    public void putSetting(String key, String value) {
        Records.requireText("setting key", key);
        Records.requireNonNull("setting " + key, value);
        update(
                "set " + key,
                "INSERT INTO setting (name, value) VALUES (?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                ps -> {
                    ps.setString(1, key);
                    ps.setString(2, value);
                });
    }

    /** Names the database in messages. */
    final String description() {
        return description;
    }

    /** Parameters of one statement. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String what, String sql, Binder binder) {
        return query(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    private List<AcceptedShare> shares(String sql, long sequence, int limit) {
        Records.requireLimit(limit);
        return query("query shares", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, sequence);
                ps.setInt(2, limit);
                return shares(ps);
            }
        });
    }

    private static List<AcceptedShare> shares(PreparedStatement ps) throws SQLException {
        List<AcceptedShare> shares = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                shares.add(new AcceptedShare(
                        rs.getLong(1),
                        instant(rs.getLong(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getDouble(7),
                        rs.getDouble(8),
                        rs.getBoolean(9),
                        rs.getString(10),
                        proof(rs)));
            }
        }
        return shares;
    }

    private static List<JobRecord> jobs(PreparedStatement ps) throws SQLException {
        List<JobRecord> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(new JobRecord(
                        rs.getLong(1), rs.getString(2), rs.getInt(3), instant(rs.getLong(4)), rs.getString(5)));
            }
        }
        return jobs;
    }

    private static long longResult(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private <T> T query(String what, SqlWork<T> work) {
        try {
            return withConnection(work);
        } catch (SQLException e) {
            throw new ShareStoreException("cannot " + what + " in " + description + ": " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        return query(what, c -> {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                // After SQLITE_FULL, SQLite has already rolled back, so these fail too ("no transaction is active");
                // they
                // must not hide the reason the operator needs to see.
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                try {
                    c.setAutoCommit(true);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            c.setAutoCommit(true);
            return result;
        });
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
