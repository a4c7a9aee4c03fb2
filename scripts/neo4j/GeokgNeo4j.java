import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.server.CommunityBootstrapper;

/**
 * Neo4j Community with its Bolt and HTTP connectors (HTTP serves Neo4j Browser), for geokg's
 * tests and benchmarks.
 *
 * <p>Usage: {@code GeokgNeo4j HOME CONF URI_FILE}; the password of user {@code neo4j} comes from
 * the environment variable NEO4J_PASSWORD so it never shows in a process listing. The Browser URL
 * is written to the file {@code browser} beside URI_FILE, then the Bolt URI to URI_FILE, only once
 * the password is set, so a client that reads it can log in. HOME may hold the data of an earlier
 * run: the server then starts on it.
 */
public final class GeokgNeo4j {
    private static final String SET_PASSWORD =
            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED";

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: GeokgNeo4j HOME CONF URI_FILE");
            System.exit(2);
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("NEO4J_PASSWORD is not set");
            System.exit(2);
        }
        // The bootstrapper starts the web server too, and stops everything on SIGTERM.
        CommunityBootstrapper bootstrapper = new CommunityBootstrapper();
        int status = bootstrapper.start(Path.of(args[0]), Path.of(args[1]), Map.of(), false, false);
        if (status != 0) {
            System.err.println("geokg-neo4j: Neo4j did not start (status " + status + ")");
            System.exit(status);
        }
        DatabaseManagementService service = bootstrapper.getDatabaseManagementService();
        GraphDatabaseAPI system = (GraphDatabaseAPI) service.database("system");
        setPassword(system, password);
        // The ports are read back from Neo4j because the script may ask for port 0 (any free one).
        var ports = system.getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
        var bolt = ports.getLocalAddress(ConnectorType.BOLT);
        var http = ports.getLocalAddress(ConnectorType.HTTP);
        Path uriFile = Path.of(args[2]);
        if (http != null) {
            publish(uriFile.resolveSibling("browser"),
                    "http://" + http.getHost() + ":" + http.getPort() + "/browser/");
        }
        String uri = "bolt://" + bolt.getHost() + ":" + bolt.getPort();
        publish(uriFile, uri);
        System.out.println("geokg-neo4j: Bolt listening at " + uri);
        Thread.currentThread().join(); // until SIGTERM stops the server and exits
    }

    /** Sets the password; on data of an earlier run it may already be this one, which is fine. */
    private static void setPassword(GraphDatabaseAPI system, String password) {
        try {
            system.executeTransactionally(SET_PASSWORD, Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void publish(Path file, String line) throws Exception {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(partial, line + "\n");
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
