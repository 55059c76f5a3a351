package org.potluck.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings a store's schema to the newest version this build knows, with the Flyway scripts of its database kind. */
final class Migrations {
    private Migrations() {}

    /**
     * @param folder        the scripts' folder under {@code db/migration/}: one set per database kind, because their
     *                      types and auto-numbering differ
     * @param adoptVersion1 true for a database whose version-1 tables were made before Flyway: it is baselined at 1
     * @param description   names the database in error messages (without secrets)
     * @throws ShareStoreException if migrating fails, or the database was migrated by a newer Potluck
     */
    static void migrate(DataSource dataSource, String folder, boolean adoptVersion1, String description) {
        try {
            FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + folder)
                    .failOnMissingLocations(true);
            if (adoptVersion1) {
                config.baselineOnMigrate(true).baselineVersion("1").baselineDescription("schema made before Flyway");
            }
            Flyway flyway = config.load();
            refuseNewerSchema(flyway.info(), description);
            flyway.migrate();
        } catch (FlywayException e) {
            throw new ShareStoreException(
                    "cannot migrate " + description + " to the current schema: " + e.getMessage(), e);
        }
    }

    /**
     * Flyway by default ignores applied migrations it does not know; an older Potluck must not silently write into a
     * schema whose meaning changed after it was built.
     */
    private static void refuseNewerSchema(MigrationInfoService info, String description) {
        MigrationInfo[] all = info.all();
        MigrationVersion newestApplied =
                newest(Arrays.stream(all).filter(Migrations::isFuture).toArray(MigrationInfo[]::new));
        if (newestApplied != null) {
            MigrationVersion newestKnown =
                    newest(Arrays.stream(all).filter(i -> !isFuture(i)).toArray(MigrationInfo[]::new));
            throw new ShareStoreException(description + " has schema version " + newestApplied
                    + ", newer than this Potluck understands (" + newestKnown + "); run a newer Potluck on it");
        }
    }

    private static boolean isFuture(MigrationInfo migration) {
        return migration.getState() == MigrationState.FUTURE_SUCCESS
                || migration.getState() == MigrationState.FUTURE_FAILED;
    }

    private static MigrationVersion newest(MigrationInfo[] migrations) {
        return Arrays.stream(migrations)
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }
}
