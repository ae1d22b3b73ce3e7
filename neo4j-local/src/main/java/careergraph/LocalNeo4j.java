package careergraph;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded, with Bolt on 127.0.0.1:PORT and its files
 * under DIR, until the process is told to stop (SIGTERM or Ctrl-C), then
 * shuts the database down cleanly. Authentication is off, as in the
 * embedded library by default: a throwaway local or CI database.
 *
 * Usage: LocalNeo4j DIR PORT [PAGECACHE_MB]
 */
public final class LocalNeo4j {
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: LocalNeo4j DIR PORT [PAGECACHE_MB]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMB = args.length > 2 ? Long.parseLong(args[2]) : 256;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                // Unset, the page cache takes half the machine's memory.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMB))
                // Preallocated transaction logs cost disk and start time for nothing here.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // As docker-compose.yml: no transaction may hold locks for long.
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                .build();
        // Wait until the default database answers before saying we listen.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        System.out.println("neo4j-local: Neo4j " + org.neo4j.kernel.internal.Version.getNeo4jVersion()
                + " listening on bolt://127.0.0.1:" + port + " (data in " + dir + ")");
        System.out.flush();
        stopped.await();
    }
}
