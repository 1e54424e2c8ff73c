package io.trtcstop.worker.credentials;

import io.trtcstop.worker.trtc.Credentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the worker's API credentials come from, as configured. {@link #source()} {@code AUTO} picks the first
 * configured source in the order of {@link #chosenSource()}; any other value names one source. Only settings:
 * nothing is read or requested until {@link CredentialChain#open} (so commands that never call the API need none).
 *
 * @param environment      {@code TENCENTCLOUD_SECRET_ID/KEY/SESSION_TOKEN}, each {@code null} when unset
 * @param keyDirectory     {@code TENCENTCLOUD_CREDENTIALS_DIR}, or {@code null}
 * @param profileFile      {@code TENCENTCLOUD_CREDENTIALS_FILE}, or {@code null} for {@code defaultProfileFile}
 * @param tke              the four {@code TKE_*} variables, each {@code null} when unset
 * @param cvmRole          {@code TENCENTCLOUD_CVM_ROLE}, or {@code null} to ask the metadata service
 * @param refreshInterval  how often key and profile files are re-read
 */
public record CredentialSettings(
        Source source,
        EnvironmentKeys environment,
        Path keyDirectory,
        Path profileFile,
        Path defaultProfileFile,
        TkeVariables tke,
        URI stsEndpoint,
        URI metadataEndpoint,
        String cvmRole,
        Duration refreshInterval) {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern CAM_ROLE_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,128}");

    /** The values of {@code TENCENTCLOUD_CREDENTIALS_SOURCE}. */
    public enum Source {
        AUTO, ENV, FILES, PROFILE, TKE_OIDC, CVM_ROLE;

        /** As written in the variable: {@code auto}, {@code env}, {@code files}, {@code profile}, {@code tke-oidc}, {@code cvm-role}. */
        public String setting() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Source> parse(String text) {
            for (Source s : values()) {
                if (s.setting().equalsIgnoreCase(text.strip())) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        public static String choices() {
            return String.join(", ", Arrays.stream(values()).map(Source::setting).toList());
        }
    }

    /** Keys given in the environment; never printed but masked. */
    public record EnvironmentKeys(String secretId, String secretKey, String sessionToken) {
        boolean anySet() {
            return secretId != null || secretKey != null || sessionToken != null;
        }

        @Override
        public String toString() {
            return "EnvironmentKeys[secretId=" + (secretId == null ? "unset" : Credentials.maskSecretId(secretId))
                    + ", secretKey=" + (secretKey == null ? "unset" : "***")
                    + ", sessionToken=" + (sessionToken == null ? "unset" : "***") + "]";
        }
    }

    public record TkeVariables(String region, String providerId, Path tokenFile, String roleArn) {
        boolean anySet() {
            return region != null || providerId != null || tokenFile != null || roleArn != null;
        }
    }

    public CredentialSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(defaultProfileFile, "defaultProfileFile");
        Objects.requireNonNull(tke, "tke");
        Objects.requireNonNull(stsEndpoint, "stsEndpoint");
        Objects.requireNonNull(metadataEndpoint, "metadataEndpoint");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
    }

    /**
     * The source that will be used. For {@code AUTO}, the first that is configured, in this order (the first wins):
     * environment keys; key files ({@code TENCENTCLOUD_CREDENTIALS_DIR}); a profile file (named, or the default one
     * when it exists); TKE OIDC (any {@code TKE_*} variable); else the CVM role from the instance metadata. OIDC
     * comes before the CVM role, unlike in Tencent's SDK, because on TKE a pod's own role is the one meant, not
     * the node's.
     */
    public Source chosenSource() {
        if (source != Source.AUTO) {
            return source;
        }
        if (environment.anySet()) {
            return Source.ENV;
        }
        if (keyDirectory != null) {
            return Source.FILES;
        }
        if (profileFile != null || Files.isRegularFile(defaultProfileFile)) {
            return Source.PROFILE;
        }
        if (tke.anySet()) {
            return Source.TKE_OIDC;
        }
        return Source.CVM_ROLE;
    }

    /** The profile file that is read: the named one, else the default. */
    public Path effectiveProfileFile() {
        return profileFile != null ? profileFile : defaultProfileFile;
    }

    /** What is missing for the chosen source, one line per problem; empty when it can be tried. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Source chosen = chosenSource();
        String because = source == Source.AUTO ? "" : " (TENCENTCLOUD_CREDENTIALS_SOURCE=" + source.setting() + ")";
        switch (chosen) {
            case ENV -> {
                if (environment.secretId() == null) {
                    problems.add("TENCENTCLOUD_SECRET_ID is required" + because + requiredWith("TENCENTCLOUD_SECRET_KEY", environment.secretKey()));
                }
                if (environment.secretKey() == null) {
                    problems.add("TENCENTCLOUD_SECRET_KEY is required" + because + requiredWith("TENCENTCLOUD_SECRET_ID", environment.secretId()));
                }
            }
            case FILES -> {
                if (keyDirectory == null) {
                    problems.add("TENCENTCLOUD_CREDENTIALS_DIR is required" + because);
                }
            }
            case PROFILE -> {
                // The file is read at start; a missing one is reported then, with its path.
            }
            case TKE_OIDC -> {
                require(problems, "TKE_REGION", tke.region(), because);
                require(problems, "TKE_PROVIDER_ID", tke.providerId(), because);
                require(problems, "TKE_WEB_IDENTITY_TOKEN_FILE", tke.tokenFile(), because);
                require(problems, "TKE_ROLE_ARN", tke.roleArn(), because);
            }
            case CVM_ROLE, AUTO -> {
                // Nothing is required: the metadata service names the role. A named one goes into a URL path.
                if (cvmRole != null && !CAM_ROLE_NAME.matcher(cvmRole).matches()) {
                    problems.add("TENCENTCLOUD_CVM_ROLE=" + cvmRole + ": a CAM role name has only letters, digits and +=,.@_-");
                }
            }
        }
        return problems;
    }

    private static String requiredWith(String other, String otherValue) {
        return otherValue == null ? "" : " when " + other + " is set";
    }

    private static void require(List<String> problems, String name, Object value, String because) {
        if (value == null) {
            problems.add(name + " is required for TKE OIDC credentials" + because);
        }
    }

    /** The settings as the start-up configuration prints them: secrets redacted, unset ones left out. */
    public Map<String, String> printable() {
        Map<String, String> lines = new LinkedHashMap<>();
        Source chosen = chosenSource();
        lines.put("TENCENTCLOUD_CREDENTIALS_SOURCE", source.setting()
                + (source == Source.AUTO ? " (uses " + chosen.setting() + ")" : ""));
        lines.put("TENCENTCLOUD_SECRET_ID", environment.secretId() == null ? "(unset)" : Credentials.maskSecretId(environment.secretId()));
        lines.put("TENCENTCLOUD_SECRET_KEY", environment.secretKey() == null ? "(unset)" : "[redacted]");
        lines.put("TENCENTCLOUD_SESSION_TOKEN", environment.sessionToken() == null ? "(unset)" : "[redacted]");
        putIfSet(lines, "TENCENTCLOUD_CREDENTIALS_DIR", keyDirectory);
        lines.put("TENCENTCLOUD_CREDENTIALS_FILE", effectiveProfileFile() + (profileFile == null ? " (default)" : ""));
        putIfSet(lines, "TKE_REGION", tke.region());
        putIfSet(lines, "TKE_PROVIDER_ID", tke.providerId());
        putIfSet(lines, "TKE_WEB_IDENTITY_TOKEN_FILE", tke.tokenFile());
        putIfSet(lines, "TKE_ROLE_ARN", tke.roleArn());
        if (chosen == Source.TKE_OIDC) {
            lines.put("TENCENTCLOUD_STS_ENDPOINT", stsEndpoint.toString());
        }
        if (chosen == Source.CVM_ROLE) {
            lines.put("TENCENTCLOUD_METADATA_ENDPOINT", metadataEndpoint.toString());
            lines.put("TENCENTCLOUD_CVM_ROLE", cvmRole == null ? "(the instance's)" : cvmRole);
        }
        if (chosen == Source.FILES || chosen == Source.PROFILE) {
            lines.put("TENCENTCLOUD_CREDENTIALS_REFRESH", refreshInterval.toString());
        }
        return lines;
    }

    private static void putIfSet(Map<String, String> lines, String name, Object value) {
        if (value != null) {
            lines.put(name, value.toString());
        }
    }
}
