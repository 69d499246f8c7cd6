package io.jtunnel.runtime;

import io.jtunnel.config.Option;
import io.jtunnel.config.ServiceConfig;
import io.jtunnel.config.TunnelConfig;
import io.jtunnel.log.LogLevel;
import io.jtunnel.log.LogSink;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * stunnel's {@code setuid}/{@code setgid}: stunnel binds as root, then drops to the named user. A JVM cannot change
 * its user, so jtunnel keeps the intent instead: started as root with either option it refuses to run (rather than
 * run as root where the operator asked for less); started as any other user it runs as that user and says so. Under
 * systemd the unit's {@code User=}/{@code Group=} (and CAP_NET_BIND_SERVICE for low ports) do the dropping.
 */
public final class PrivilegeCheck {
    private PrivilegeCheck() {
    }

    /**
     * @param currentUser the name of the user this process runs as ({@code user.name})
     * @throws StartupException when running as root while the configuration asks to drop privileges
     */
    public static void check(TunnelConfig config, String currentUser, LogSink log) throws StartupException {
        Set<String> users = values(config.services(), Option.SETUID);
        Set<String> groups = values(config.services(), Option.SETGID);
        if (users.isEmpty() && groups.isEmpty()) {
            return;
        }
        String wanted = describe(users, groups);
        if ("root".equals(currentUser)) {
            String runAs = users.isEmpty() ? "an unprivileged user" : String.join(" or ", users);
            throw new StartupException(List.of(
                wanted + ": jtunnel cannot drop root privileges itself, and does not run as root when the configuration"
                    + " asks it not to",
                "Start it as " + runAs + " instead (systemd: User=/Group= in the unit; AmbientCapabilities="
                    + "CAP_NET_BIND_SERVICE for ports below 1024), or remove the option"));
        }
        if (users.isEmpty() || users.equals(Set.of(currentUser))) {
            log.log(LogLevel.INFO, wanted + ": running as " + currentUser + ", not root");
        } else {
            log.log(LogLevel.NOTICE, wanted + ": jtunnel does not switch users; it runs unprivileged as "
                + currentUser);
        }
    }

    private static Set<String> values(List<ServiceConfig> services, Option option) {
        Set<String> values = new LinkedHashSet<>();
        services.stream().map(service -> service.values().effective(option)).filter(Objects::nonNull)
            .map(Object::toString).forEach(values::add);
        return values;
    }

    private static String describe(Set<String> users, Set<String> groups) {
        StringBuilder text = new StringBuilder();
        users.forEach(user -> text.append(text.length() > 0 ? ", " : "").append("setuid = ").append(user));
        groups.forEach(group -> text.append(text.length() > 0 ? ", " : "").append("setgid = ").append(group));
        return text.toString();
    }
}
