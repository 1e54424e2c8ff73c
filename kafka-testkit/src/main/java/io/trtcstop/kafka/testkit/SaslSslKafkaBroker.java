package io.trtcstop.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A single-node broker as managed Kafka offers it: a SASL_SSL listener (SCRAM-SHA-512 over TLS with a throwaway
 * self-signed certificate made by the JDK's keytool) and an authorizer that denies what no ACL allows. The test kit's
 * own admin client stays on a PLAINTEXT listener whose anonymous user is a super user, so tests can create users
 * ({@link #createUser}) and ACLs ({@link #allow}) and then connect with {@link #clientProperties} only.
 */
public final class SaslSslKafkaBroker implements AutoCloseable {

    static final String STORE_PASSWORD = "kafka-testkit";

    private final LocalKafkaBroker broker;
    private final int saslSslPort;
    private final Path truststore;

    private SaslSslKafkaBroker(LocalKafkaBroker broker, int saslSslPort, Path truststore) {
        this.broker = broker;
        this.saslSslPort = saslSslPort;
        this.truststore = truststore;
    }

    /** Makes the certificate in {@code dataDir}, starts the broker there and returns once it answers. */
    public static SaslSslKafkaBroker start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        makeCertificate(dir, keystore, truststore);
        int port = freePort();
        LocalKafkaBroker broker = LocalKafkaBroker.start(dir, ports -> serverProperties(ports, port, keystore));
        return new SaslSslKafkaBroker(broker, port, truststore);
    }

    private static Map<String, String> serverProperties(BrokerPorts ports, int saslSslPort, Path keystore) {
        String host = KraftServerConfig.HOST;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "PLAINTEXT://" + host + ":" + ports.broker() + ",CONTROLLER://" + host + ":"
                + ports.controller() + ",SASL_SSL://" + host + ":" + saslSslPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + ports.broker() + ",SASL_SSL://" + host + ":" + saslSslPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", keystore.toString().replace('\\', '/'));
        p.put("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD);
        p.put("listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD);
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        // The PLAINTEXT listener (test kit admin, the controller) authenticates nobody: its user is ANONYMOUS.
        p.put("super.users", "User:ANONYMOUS");
        return p;
    }

    /** {@code bootstrap.servers} of the SASL_SSL listener, the one clients under test use. */
    public String bootstrapServers() {
        return KraftServerConfig.HOST + ":" + saslSslPort;
    }

    /** The broker's PLAINTEXT side, for setting topics up (its admin is a super user). */
    public KafkaBroker plaintext() {
        return broker;
    }

    /** A SCRAM-SHA-512 user, created through {@code Admin.alterUserScramCredentials}; returns once it exists. */
    public void createUser(String name, String password) {
        Admin admin = broker.admin();
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all(), "creating user " + name);
    }

    /** Allows {@code user} the operations on the resource ({@code prefixed}: every name starting with {@code name}). */
    public void allow(String user, ResourceType type, String name, boolean prefixed, AclOperation... operations) {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, prefixed ? PatternType.PREFIXED : PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        await(broker.admin().createAcls(bindings).all(), "creating ACLs for " + user);
    }

    /** What a client needs to connect as {@code user}: exactly the {@code KAFKA_CLIENT_*} settings of an operator. */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.password", STORE_PASSWORD);
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    private static void await(org.apache.kafka.common.KafkaFuture<?> future, String what) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " took longer than 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    /** A self-signed certificate for 127.0.0.1 in the broker's keystore, and the same certificate as clients' trust. */
    private static void makeCertificate(Path dir, Path keystore, Path truststore) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(truststore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path certificate = dir.resolve("broker.crt");
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool(dir, "-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker-ca", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(LogTail.explain("keytool " + args[0] + " failed.", log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    /** Stops the broker and deletes its data and certificates. */
    @Override
    public void close() {
        broker.closeAndDeleteData();
    }
}
