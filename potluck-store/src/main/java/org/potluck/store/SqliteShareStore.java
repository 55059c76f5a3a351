package org.potluck.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded {@link ShareStore}: one SQLite file in WAL mode with {@code synchronous=NORMAL}. NORMAL may lose the
 * last transactions on a power cut; that is fine because the journal is durable and the copier re-copies from
 * {@link #lastSequence()}. One connection, used under this object's lock (SQLite has one writer anyway).
 */
public final class SqliteShareStore implements ShareStore {
  static final int SCHEMA_VERSION = 1;

  private static final String COLUMNS = "sequence, time_us, address, worker, user_agent, job_id, difficulty, "
      + "hash_difficulty, block, block_hash, extranonce1, extranonce2, ntime, nonce, version_bits";

  private final Path file;
  private final Connection connection;

  private SqliteShareStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating file and schema if missing) the database at {@code file}. */
  public static SqliteShareStore open(Path file) {
    Connection connection = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
      }
      SqliteShareStore store = new SqliteShareStore(file, connection);
      store.createSchema();
      return store;
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(connection);
      if (e instanceof ShareStoreException sse) {
        throw sse;
      }
      throw new ShareStoreException("cannot open share database " + file + ": " + e.getMessage(), e);
    }
  }

  private void createSchema() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      s.execute("""
          CREATE TABLE IF NOT EXISTS accepted_share (
            sequence        INTEGER PRIMARY KEY,
            time_us         INTEGER NOT NULL,
            address         TEXT,
            worker          TEXT,
            user_agent      TEXT,
            job_id          TEXT,
            difficulty      REAL NOT NULL,
            hash_difficulty REAL NOT NULL,
            block           INTEGER NOT NULL,
            block_hash      TEXT,
            extranonce1     TEXT,
            extranonce2     TEXT,
            ntime           TEXT,
            nonce           TEXT,
            version_bits    TEXT
          )""");
      // Blocks are rare: a partial index finds the recent ones without scanning millions of shares.
      s.execute("CREATE INDEX IF NOT EXISTS accepted_share_blocks ON accepted_share (sequence) WHERE block = 1");
      try (ResultSet rs = s.executeQuery("SELECT max(version), count(*) FROM schema_version")) {
        rs.next();
        int version = rs.getInt(1);
        if (rs.getInt(2) == 0) {
          s.execute("INSERT INTO schema_version (version) VALUES (" + SCHEMA_VERSION + ")");
        } else if (version > SCHEMA_VERSION) {
          throw new ShareStoreException("share database " + file + " has schema version " + version
              + ", newer than this Potluck understands (" + SCHEMA_VERSION + ")");
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Override
  public synchronized void insert(List<AcceptedShare> shares) {
    for (AcceptedShare share : shares) {
      if (share.sequence() <= 0) {
        throw new IllegalArgumentException("cannot store a share without a journal sequence: " + share);
      }
    }
    if (shares.isEmpty()) {
      return;
    }
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement ps = connection.prepareStatement(
          "INSERT OR IGNORE INTO accepted_share (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (AcceptedShare s : shares) {
          ps.setLong(1, s.sequence());
          ps.setLong(2, ChronoUnit.MICROS.between(Instant.EPOCH, s.time()));
          setText(ps, 3, s.address());
          setText(ps, 4, s.worker());
          setText(ps, 5, s.userAgent());
          setText(ps, 6, s.jobId());
          ps.setDouble(7, s.difficulty());
          ps.setDouble(8, s.hashDifficulty());
          ps.setInt(9, s.block() ? 1 : 0);
          setText(ps, 10, s.blockHash());
          setText(ps, 11, s.extranonce1());
          setText(ps, 12, s.extranonce2());
          setText(ps, 13, s.ntime());
          setText(ps, 14, s.nonce());
          setText(ps, 15, s.versionBits());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw new ShareStoreException("cannot insert " + shares.size() + " shares (sequences "
          + shares.getFirst().sequence() + ".." + shares.getLast().sequence() + ") into " + file + ": "
          + e.getMessage(), e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the next statement will report a broken connection
      }
    }
  }

  @Override
  public synchronized long lastSequence() {
    return queryLong("SELECT coalesce(max(sequence), 0) FROM accepted_share");
  }

  @Override
  public synchronized long count() {
    return queryLong("SELECT count(*) FROM accepted_share");
  }

  @Override
  public synchronized List<AcceptedShare> sharesAfter(long afterSequence, int limit) {
    requireLimit(limit);
    return query("SELECT " + COLUMNS + " FROM accepted_share WHERE sequence > ? ORDER BY sequence LIMIT ?",
        afterSequence, limit);
  }

  @Override
  public synchronized List<AcceptedShare> recentBlocks(int limit) {
    requireLimit(limit);
    return query("SELECT " + COLUMNS + " FROM accepted_share WHERE block = 1 AND sequence > ? "
        + "ORDER BY sequence DESC LIMIT ?", 0, limit);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new ShareStoreException("cannot close share database " + file + ": " + e.getMessage(), e);
    }
  }

  private List<AcceptedShare> query(String sql, long afterSequence, int limit) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, afterSequence);
      ps.setInt(2, limit);
      List<AcceptedShare> shares = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          shares.add(new AcceptedShare(rs.getLong(1), Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS),
              rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getDouble(8),
              rs.getInt(9) != 0, rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
              rs.getString(14), rs.getString(15)));
        }
      }
      return shares;
    } catch (SQLException e) {
      throw new ShareStoreException("cannot query share database " + file + ": " + e.getMessage(), e);
    }
  }

  private long queryLong(String sql) {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new ShareStoreException("cannot query share database " + file + ": " + e.getMessage(), e);
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
  }

  private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }
}
