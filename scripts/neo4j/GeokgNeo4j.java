import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * An embedded Neo4j Community server with the Bolt connector, for geokg's tests and benchmarks.
 *
 * <p>Usage: {@code GeokgNeo4j HOME CONF URI_FILE}; the password of user {@code neo4j} comes from
 * the environment variable NEO4J_PASSWORD so it never shows in a process listing. The Bolt URI is
 * written to URI_FILE only once the password is set, so a client that reads it can log in.
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
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(Path.of(args[0]))
                .loadPropertiesFromFile(Path.of(args[1]))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
        GraphDatabaseAPI system = (GraphDatabaseAPI) service.database("system");
        system.executeTransactionally(SET_PASSWORD, Map.of("password", password));
        // The port is read back from Neo4j because the script may ask for port 0 (any free one).
        var bolt = system.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        String uri = "bolt://" + bolt.getHost() + ":" + bolt.getPort();
        Path uriFile = Path.of(args[2]);
        Path partial = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
        Files.writeString(partial, uri + "\n");
        Files.move(partial, uriFile);
        System.out.println("geokg-neo4j: Bolt listening at " + uri);
        Thread.currentThread().join(); // until SIGTERM runs the shutdown hook
    }
}
