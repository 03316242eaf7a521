import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A small Neo4j 5 Community launcher for the cartograph export tests.
 *
 * <pre>
 * java Neo4jTool admin HOME database import full ...   # the real neo4j-admin commands on HOME
 * java Neo4jTool serve HOME PORT                       # embedded DBMS, Bolt on 127.0.0.1:PORT
 * </pre>
 *
 * {@code serve} prints {@code READY bolt://127.0.0.1:PORT} once the default database
 * is available, then runs until its standard input closes (or it is killed), and
 * shuts the database down cleanly. Authentication is off; only 127.0.0.1 listens.
 */
public final class Neo4jTool {
    private Neo4jTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("admin")) {
            Path home = Path.of(args[1]).toAbsolutePath();
            Path conf = home.resolve("conf");
            Files.createDirectories(conf);
            String[] rest = Arrays.copyOfRange(args, 2, args.length);
            int code = AdminTool.execute(new ExecutionContext(home, conf), rest);
            System.out.flush();
            System.err.flush();
            System.exit(code);
        } else if (args.length == 3 && args[0].equals("serve")) {
            serve(Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: Neo4jTool admin HOME ARGS... | Neo4jTool serve HOME PORT");
            System.exit(2);
        }
    }

    private static void serve(Path home, int port) throws Exception {
        // Settings go through a neo4j.conf (the embedded builder reads it like the server).
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        String settings = String.join("\n",
                "server.bolt.enabled=true",
                "server.bolt.listen_address=127.0.0.1:" + port,
                "server.bolt.advertised_address=127.0.0.1:" + port,
                "server.bolt.tls_level=DISABLED",
                "dbms.security.auth_enabled=false",
                "server.memory.pagecache.size=32m",
                "db.memory.transaction.total.max=256m",
                "dbms.usage_report.enabled=false",
                "");
        Path confFile = conf.resolve("neo4j.conf");
        Files.writeString(confFile, settings);
        DatabaseManagementService dbms =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(confFile).build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        // Fails here (and exits non-zero) if the default database cannot start.
        dbms.database("neo4j").executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() != -1) {
            // keep running until stdin closes
        }
        dbms.shutdown();
        System.exit(0);
    }
}
