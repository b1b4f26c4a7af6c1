//! Java: Maven (pom.xml, mvnw) and Gradle (build.gradle(.kts), gradlew); Java version, Spring Boot, the jar name.

use super::{
    found::Found,
    walk::{line_at, line_of},
};

fn capture(text: &str, pattern: &str) -> Option<(String, usize)> {
    let (m, start) = super::regex(pattern)?.group(text, 1)?;
    Some((m.to_string(), line_at(text, start)))
}

pub fn detect(f: &mut Found<'_>) -> bool {
    if f.has("pom.xml") || f.has("mvnw") {
        maven(f);
        return true;
    }
    for name in ["build.gradle.kts", "build.gradle", "gradlew"] {
        if f.has(name) {
            gradle(f, name);
            return true;
        }
    }
    false
}

fn maven(f: &mut Found<'_>) {
    let file = f.path(if f.has("pom.xml") { "pom.xml" } else { "mvnw" });
    f.set("language", "java", &file, None, "a Maven project");
    f.set("build_system", "maven", &file, None, "built with Maven");
    let Some(text) = f.read("pom.xml") else {
        return;
    };
    for (pattern, what) in [
        (
            r"<maven\.compiler\.release>\s*(?:1\.)?(\d+)",
            "maven.compiler.release",
        ),
        (r"<java\.version>\s*(?:1\.)?(\d+)", "java.version"),
        (
            r"<release>\s*(?:1\.)?(\d+)\s*</release>",
            "the compiler plugin's release",
        ),
        (
            r"<maven\.compiler\.source>\s*(?:1\.)?(\d+)",
            "maven.compiler.source",
        ),
    ] {
        if let Some((v, line)) = capture(&text, pattern) {
            f.set_version(&v, false, &file, Some(line), what);
            break;
        }
    }
    if text.contains("spring-boot") {
        f.set(
            "framework",
            "spring-boot",
            &file,
            line_of(&text, "spring-boot"),
            "Spring Boot in pom.xml",
        );
    }
    // The project's own coordinates: outside <parent> and <dependencies>.
    let own = super::regex(r"(?s)<parent>.*?</parent>|<dependencies>.*?</dependencies>|<build>.*?</build>|<dependencyManagement>.*?</dependencyManagement>")
        .map(|re| re.remove_all(&text))
        .unwrap_or_default();
    let artifact = capture(&own, r"<artifactId>\s*([\w.-]+)\s*</artifactId>");
    let version = capture(&own, r"<version>\s*([\w.-]+)\s*</version>");
    if let (Some((a, _)), Some((v, _))) = (artifact, version) {
        let jar = format!("{a}-{v}.jar");
        f.set(
            "params.jar",
            &jar,
            &file,
            line_of(&text, &format!("<artifactId>{a}")),
            "artifactId-version.jar from pom.xml",
        );
    }
}

fn gradle(f: &mut Found<'_>, name: &str) {
    let file = f.path(name);
    f.set("language", "java", &file, None, "a Gradle project");
    f.set("build_system", "gradle", &file, None, "built with Gradle");
    let Some(text) = (if name == "gradlew" {
        None
    } else {
        f.read(name)
    }) else {
        return;
    };
    for (pattern, what) in [
        (r"JavaLanguageVersion\.of\(\s*(\d+)", "the Gradle toolchain"),
        (r"jvmToolchain\(\s*(\d+)", "the Kotlin jvmToolchain"),
        (r"JavaVersion\.VERSION_(?:1_)?(\d+)", "sourceCompatibility"),
        (
            r#"sourceCompatibility\s*=\s*['"]?(?:1\.)?(\d+)"#,
            "sourceCompatibility",
        ),
    ] {
        if let Some((v, line)) = capture(&text, pattern) {
            f.set_version(&v, false, &file, Some(line), what);
            break;
        }
    }
    if text.contains("org.springframework.boot") {
        f.set(
            "framework",
            "spring-boot",
            &file,
            line_of(&text, "org.springframework.boot"),
            "the Spring Boot plugin",
        );
    }
    gradle_jar(f, &text, &file);
    if !text.contains("org.springframework.boot") {
        application_plugin(f, &text, &file);
    }
}

/// Gradle's `application` plugin: the jar it builds is thin (no Main-Class, no dependencies), so the image runs
/// installDist's jars by main class.
fn application_plugin(f: &mut Found<'_>, text: &str, file: &str) {
    let Some((_, line)) = capture(
        text,
        r#"(?m)^\s*(id\s*\(?\s*["']application["']|apply\s+plugin\s*:\s*["']application["']|`?application`?\s*$)"#,
    ) else {
        return;
    };
    f.set(
        "variant",
        "application",
        file,
        Some(line),
        "the application plugin: a thin jar with no Main-Class, run from installDist's jars",
    );
    match capture(
        text,
        r#"(?:mainClass\s*(?:\.set\s*\(|=)\s*|mainClassName\s*=\s*)["']([\w.]+)["']"#,
    ) {
        Some((class, line)) => f.set(
            "params.main_class",
            &class,
            file,
            Some(line),
            "the application's mainClass",
        ),
        None => f.note(format!(
            "{file}: the application plugin's mainClass is not spelled out; set --param main_class"
        )),
    }
}

/// `<rootProject.name>-<version>.jar`, the name Gradle gives the jar, when both are spelled out.
fn gradle_jar(f: &mut Found<'_>, build: &str, file: &str) {
    let settings = ["settings.gradle.kts", "settings.gradle"]
        .into_iter()
        .find(|n| f.has(n));
    let name = settings
        .and_then(|n| f.read(n))
        .and_then(|t| capture(&t, r#"rootProject\.name\s*=\s*["']([\w.-]+)["']"#));
    let version = capture(build, r#"(?m)^\s*version\s*=?\s*["']([\w.-]+)["']"#);
    if let (Some((name, _)), Some((version, line))) = (name, version) {
        f.set(
            "params.jar",
            &format!("{name}-{version}.jar"),
            file,
            Some(line),
            "rootProject.name-version.jar, as Gradle names it",
        );
    }
}
