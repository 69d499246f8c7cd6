package io.jtunnel.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform is decided from system properties, so both are tested on any machine. */
class PlatformTest {
    private static Platform of(Map<String, String> properties) {
        return Platform.of(properties::get);
    }

    @Test
    void windows_default_configuration_is_in_the_install_folder_as_stunnels() {
        Platform windows = of(Map.of("os.name", "Windows Server 2022", "jtunnel.home", "C:\\Program Files\\jtunnel\\",
            "java.home", "C:\\Java"));

        assertThat(windows.defaultConfig()).hasToString("C:\\Program Files\\jtunnel\\config\\stunnel.conf");
        assertThat(windows.slashSwitches()).isTrue();
    }

    @Test
    void windows_without_an_install_folder_uses_the_working_directory_and_cannot_manage_services() {
        Platform windows = of(Map.of("os.name", "Windows 11", "java.home", "C:\\Java"));

        assertThat(windows.defaultConfig()).hasToString("config\\stunnel.conf");
        assertThatThrownBy(() -> windows.serviceManager(new RecordingRunner()))
            .isInstanceOf(ServiceException.class)
            .hasMessageContaining("(system property jtunnel.home is not set): run service commands through"
                + " bin\\jtunnel.cmd, which sets it");
    }

    @Test
    void windows_manages_services_with_procrun() throws ServiceException {
        Platform windows = of(Map.of("os.name", "Windows 10", "jtunnel.home", "C:\\jt", "java.home", "C:\\Java"));

        assertThat(windows.serviceManager(new RecordingRunner())).isInstanceOf(ProcrunServiceManager.class);
    }

    @Test
    void linux_keeps_the_package_path_and_systemd() throws ServiceException {
        Platform linux = of(Map.of("os.name", "Linux", "jtunnel.home", "/opt/jtunnel"));

        assertThat(linux.defaultConfig()).isEqualTo(Path.of("/etc/jtunnel/jtunnel.conf"));
        assertThat(linux.slashSwitches()).isFalse();
        assertThat(linux.serviceManager(new RecordingRunner())).isInstanceOf(SystemdServiceManager.class);
    }

    @Test
    void an_unknown_system_is_treated_as_linux() {
        assertThat(of(Map.of())).isInstanceOf(LinuxPlatform.class);
    }
}
