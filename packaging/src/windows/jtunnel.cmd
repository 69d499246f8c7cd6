@echo off
rem jtunnel launcher for Windows.
rem Java, first found wins: %APP_HOME%\runtime\bin\java.exe (a bundled runtime), %JAVA_HOME%\bin\java.exe,
rem java.exe on PATH. JTUNNEL_JAVA_OPTS, if set, replaces the default JVM options.
setlocal

set "APP_HOME=%~dp0.."
for %%I in ("%APP_HOME%") do set "APP_HOME=%%~fI"

set "JAVA_EXE=%APP_HOME%\runtime\bin\java.exe"
if exist "%JAVA_EXE%" goto haveJava

if not defined JAVA_HOME goto javaOnPath
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto haveJava
echo jtunnel: JAVA_HOME is set to "%JAVA_HOME%", but there is no bin\java.exe in it 1>&2
exit /b 1

:javaOnPath
set "JAVA_EXE="
for %%J in (java.exe) do set "JAVA_EXE=%%~$PATH:J"
if defined JAVA_EXE goto haveJava
echo jtunnel: no Java found: "%APP_HOME%\runtime" is missing, JAVA_HOME is not set and there is no java.exe on PATH. 1>&2
echo jtunnel: install Java 17 or later, or set JAVA_HOME to it. 1>&2
exit /b 1

:haveJava
set "JVM_OPTS=-XX:+UseSerialGC -Xms16m -Xmx512m -XX:-ShrinkHeapInSteps -XX:+ExitOnOutOfMemoryError"
if defined JTUNNEL_JAVA_OPTS set "JVM_OPTS=%JTUNNEL_JAVA_OPTS%"

"%JAVA_EXE%" %JVM_OPTS% "-Djtunnel.home=%APP_HOME%" -jar "%APP_HOME%\lib\jtunnel.jar" %*
exit /b %ERRORLEVEL%
